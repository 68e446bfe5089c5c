"""The web mapping step for real tables: sheets, sections, the full preview, stop-and-ask."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renaksi.plans.models import Indicator, Plan
from renaksi.plans.views_import import SESSION_KEY


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, tree, data: bytes, name="rb.xlsx"):
    return client.post(
        reverse("plan_import"),
        {
            "unit": tree.bengkulu_tengah.pk,
            "year": "2024",
            "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        },
    )


TWO_SECTIONS = [
    ["Area", "Kegiatan", "Indikator", "PIC", "TW I", "TW II", "KET"],
    ["Manajemen Perubahan", "1. Tim RB", "SK tim", "Sekretaris", "v", "", "catatan"],
    ["JUMLAH", "", "", "", "1", "", ""],
    ["No", "Area Perubahan", "Rencana Aksi", "TW I", "TW II", "Indikator", "Satuan", "PIC"],
    ["1", "Penguatan Akuntabilitas", "1. SAKIP", "v", "", "LKj", "dokumen", "Kasubbag"],
]


def test_the_mapping_page_proposes_sections_and_the_preview_reads_each(client, people, tree):
    client.force_login(people.sekretaris)
    response = _upload(client, tree, _book({"Rencana": TWO_SECTIONS, "Catatan": [["x"]]}))
    assert response["Location"] == reverse("plan_import_mapping")
    page = client.get(reverse("plan_import_mapping")).content.decode()
    assert "Bagian 1: baris 2–3" in page and "Bagian 2: baris 5–5" in page
    assert 'name="sheet"' in page and "Catatan" in page  # the sheet chooser
    second = client.get(reverse("plan_import_mapping") + "?bagian=2").content.decode()
    assert '<option value="pic" selected>' in second
    preview = client.get(reverse("plan_import_preview"))
    assert preview.status_code == 302  # nothing confirmed yet: the mapping comes first
    # Confirm section 1 as proposed; section 2 keeps its proposal.
    session = client.session[SESSION_KEY]
    assert session["sections"] is None
    post = {
        "bagian": "1",
        "granularity": "quarter",
        "header_row": "1",
        "first_data_row": "2",
        "last_data_row": "3",
        "col_A": "area",
        "col_B": "activity",
        "col_C": "indicator",
        "col_D": "pic",
        "col_E": "period_1",
        "col_F": "period_2",
        "col_G": "note",
        "sheet": "Rencana",
    }
    assert client.post(reverse("plan_import_mapping"), post)["Location"] == reverse(
        "plan_import_preview"
    )
    preview = client.get(reverse("plan_import_preview")).content.decode()
    assert "2 area, 2 kegiatan, 2 indikator" in preview
    # Every mapped column is shown: satuan, PIC and KET included.
    assert "dokumen" in preview and "Kasubbag" in preview and "catatan" in preview
    assert "Bagian 2: judul kolom di baris 4" in preview
    client.post(reverse("plan_import_preview"), {"action": "confirm"})
    plan = Plan.objects.get(unit=tree.bengkulu_tengah, year=2024)
    assert Indicator.objects.filter(activity__area__plan=plan).count() == 2


def test_the_sheet_chooser_reads_another_sheet(client, people, tree):
    client.force_login(people.sekretaris)
    other = [["Area", "Kegiatan", "Indikator", "Jan"], ["Manajemen Perubahan", "1. K", "SK", "v"]]
    _upload(client, tree, _book({"Catatan": [["catatan saja"]], "Rencana 2024": other}))
    response = client.post(reverse("plan_import_mapping"), {"sheet": "Rencana 2024"})
    assert response["Location"] == reverse("plan_import_mapping")
    page = client.get(reverse("plan_import_mapping")).content.decode()
    assert '<option value="indicator" selected>' in page
    assert client.session[SESSION_KEY]["sheet"] == "Rencana 2024"


def test_the_preview_pages_through_all_rows(client, people, tree):
    rows = [["Area", "Kegiatan", "Indikator", "Jan"]]
    rows += [["Manajemen Perubahan", "1. K", f"Indikator nomor {i:03d}", "v"] for i in range(150)]
    client.force_login(people.sekretaris)
    _upload(client, tree, _book({"Rencana": rows}))
    session = client.session
    pending = session[SESSION_KEY]
    pending["sections"] = [
        {
            "header_row": 1,
            "first_data_row": 2,
            "granularity": "month",
            "columns": {"area": "A", "activity": "B", "indicator": "C"},
            "periods": {"1": "D"},
        }
    ]
    session[SESSION_KEY] = pending
    session.save()
    first = client.get(reverse("plan_import_preview")).content.decode()
    assert "Indikator nomor 099" in first and "Indikator nomor 100" not in first
    second = client.get(reverse("plan_import_preview") + "?halaman=2").content.decode()
    assert "Indikator nomor 149" in second and "Indikator nomor 099" not in second


def test_the_preview_stops_and_asks_when_a_column_changes_kind(client, people, tree):
    rows = [
        ["Area", "Kegiatan", "Indikator", "PIC", "TW I", "TW II"],
        ["Manajemen Perubahan", "1. Tim RB", "SK tim", "Sekretaris", "v", ""],
        ["Penguatan Akuntabilitas", "1. SAKIP", "LKj", 2024, "dokumen", "Kasubbag"],
        ["Penguatan Akuntabilitas", "1. SAKIP", "Reviu", 2024, "laporan", "Sekretaris"],
    ]
    client.force_login(people.sekretaris)
    _upload(client, tree, _book({"Rencana": rows}))
    session = client.session
    pending = session[SESSION_KEY]
    pending["sections"] = [
        {
            "header_row": 1,
            "first_data_row": 2,
            "granularity": "quarter",
            "columns": {"area": "A", "activity": "B", "indicator": "C", "pic": "D"},
            "periods": {"1": "E", "2": "F"},
        }
    ]
    session[SESSION_KEY] = pending
    session.save()
    preview = client.get(reverse("plan_import_preview")).content.decode()
    assert 'name="accept_changes"' in preview
    refused = client.post(reverse("plan_import_preview"), {"action": "confirm"})
    assert refused.status_code == 400 and not Plan.objects.exists()
    client.post(reverse("plan_import_preview"), {"action": "confirm", "accept_changes": "1"})
    assert Plan.objects.filter(unit=tree.bengkulu_tengah, year=2024).exists()
