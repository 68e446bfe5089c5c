import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renaksi.registers import services
from renaksi.registers.letters import letter_docx
from renaksi.registers.models import InfoRequest
from renaksi.registers.selectors import register_figures_tree, register_tasks_for

D = date


def request_(unit, **kw):
    data = {
        "requester_name": "Budi Santoso",
        "contact": "budi@example.org",
        "information": "Salinan SK penetapan DPT Pemilu 2019",
        "purpose": "Penelitian skripsi",
        "on": D(2022, 4, 28),
    }
    data.update(kw)
    return services.info_request_submit(unit=unit, **data)


def test_a_request_is_extended_then_answered_with_a_letter(tree, people, holidays_seeded):
    r = request_(tree.bengkulu_tengah)
    with pytest.raises(services.RegisterError, match="Alasan"):
        services.info_request_extend(info_request=r, reason=" ", actor=people.sekretaris)
    r = services.info_request_extend(
        info_request=r, reason="Dokumen di arsip gudang", actor=people.sekretaris, on=D(2022, 5, 20)
    )
    with pytest.raises(services.RegisterError, match="pasal pengecualian"):
        services.info_request_decide(
            info_request=r, decision="ditolak", note="Tidak dapat", actor=people.sekretaris
        )
    r = services.info_request_decide(
        info_request=r,
        decision="sebagian",
        note="Lampiran data pribadi dihitamkan.",
        exemption_article="UU 14/2008 Pasal 17 huruf h",
        actor=people.sekretaris,
        on=D(2022, 6, 2),
    )
    assert (r.status, r.answered_on) == ("dijawab", D(2022, 6, 2))
    text = "\n".join(
        p.text for p in Document(io.BytesIO(letter_docx(r, "pemberitahuan"))).paragraphs
    )
    assert "Budi Santoso" in text and "Pasal 17 huruf h" in text and "Dikabulkan sebagian" in text
    assert "{{" not in text
    figures = register_figures_tree(unit=tree.bengkulu, year=2022, today=D(2022, 7, 1)).total
    # Extended (10 + 7 working days from 28 April: 3 June) and answered 2 June: on time.
    assert (figures.requests_received, figures.requests_finished, figures.requests_on_time) == (
        1,
        1,
        1,
    )


def test_the_objection_goes_to_the_atasan_ppid_then_to_the_commission(
    tree, people, holidays_seeded
):
    r = request_(tree.bengkulu_tengah)
    r = services.info_request_object(
        info_request=r,
        ground="c",
        note="Tidak ditanggapi",
        actor=people.sekretaris,
        on=D(2022, 6, 1),
    )
    r = services.info_request_answer_objection(
        info_request=r, answer="Informasi diberikan.", actor=people.sekretaris, on=D(2022, 6, 20)
    )
    r = services.info_request_dispute(info_request=r, actor=people.sekretaris, on=D(2022, 7, 1))
    r = services.info_request_close(info_request=r, actor=people.sekretaris, on=D(2022, 8, 1))
    assert r.status == "selesai"
    assert letter_docx(r, "tanggapan-keberatan")[:2] == b"PK"
    with pytest.raises(services.RegisterError, match="berstatus"):
        services.info_request_extend(info_request=r, reason="x", actor=people.sekretaris)


def test_the_letter_downloads_as_docx_and_pdf_for_handlers_only(
    client, tree, people, holidays_seeded
):
    r = request_(tree.bengkulu_tengah)
    r = services.info_request_decide(
        info_request=r, decision="dikabulkan", note="Terlampir.", actor=people.sekretaris
    )
    client.force_login(people.sekretaris)
    docx = client.get(reverse("request_letter", args=[r.pk, "pemberitahuan", "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(reverse("request_letter", args=[r.pk, "pemberitahuan", "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert (
        client.get(reverse("request_letter", args=[r.pk, "perpanjangan", "docx"])).status_code
        == 404
    )
    client.force_login(people.viewer)
    assert (
        client.get(reverse("request_letter", args=[r.pk, "pemberitahuan", "docx"])).status_code
        == 403
    )


def test_export_register_lists_code_received_due_status_closed(
    tree, people, holidays_seeded, tmp_path
):
    r = request_(tree.bengkulu_tengah)
    out = io.StringIO()
    call_command(
        "export_register",
        "--unit",
        "17.09",
        "--kind",
        "ppid",
        "--year",
        "2022",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["items"] == [
        {
            "code": r.number,
            "received_on": "2022-04-28",
            "due_on": "2022-05-23",
            "status": "diterima",
            "closed_on": None,
            "step": "notice",
            "overdue": True,
        }
    ]
    path = tmp_path / "ppid.xlsx"
    call_command(
        "export_register",
        "--unit",
        "17.09",
        "--kind",
        "ppid",
        "--year",
        "2022",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    sheet = load_workbook(path).active
    assert sheet["A4"].value == r.number and sheet["C4"].value == "2022-05-23"


def test_export_register_says_what_is_wrong(tree):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("export_register", "--unit", "99", "--kind", "ppid", "--year", "2022")


def test_the_ppid_officer_sees_the_request_in_their_tasks(tree, people, holidays_seeded):
    r = request_(tree.bengkulu_tengah)
    tasks = register_tasks_for(user=people.sekretaris, today=D(2022, 5, 2))
    assert [(t.title, t.due_on) for t in tasks] == [
        (f"Permohonan informasi {r.number}", D(2022, 5, 23))
    ]
    assert tasks[0].url == reverse("request_detail", args=[r.pk])
    assert register_tasks_for(user=people.viewer, today=D(2022, 5, 2)) == []


def test_the_reminder_digest_carries_the_register_steps(tree, people, holidays_seeded):
    from renaksi.monitoring.reminders import reminder_digests

    r = request_(tree.bengkulu_tengah)
    digests = {d.user.username: d for d in reminder_digests(today=D(2022, 5, 24))}
    overdue = digests["sekretaris_bt"].overdue
    assert [i.indicator for i in overdue] == [f"Permohonan informasi {r.number}"]
    assert overdue[0].link.startswith("http") and overdue[0].link.endswith(
        f"/register/ppid/{r.pk}/"
    )


def test_the_report_page_and_files(client, tree, people, holidays_seeded):
    request_(tree.bengkulu_tengah)
    client.force_login(people.sekretaris)
    url = reverse("register_report", args=[tree.bengkulu_tengah.pk, "ppid"])
    assert client.get(url + "?tahun=2022").status_code == 200
    xlsx = client.get(url + "?tahun=2022&bulan=4&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(url + "?tahun=2022&format=pdf")
    assert pdf.content[:5] == b"%PDF-"
    assert (
        client.get(reverse("register_report", args=[tree.bengkulu_tengah.pk, "x"])).status_code
        == 404
    )


def test_a_typed_in_request_keeps_its_channel(client, tree, people, holidays_seeded):
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("request_new", args=[tree.bengkulu_tengah.pk]),
        {
            "channel": "surat",
            "received_on": "2022-04-28",
            "requester_name": "LSM Pemilu Bersih",
            "contact": "Jl. Merdeka 1",
            "information": "Daftar TPS 2019",
            "purpose": "Pemantauan",
        },
    )
    r = InfoRequest.objects.get()
    assert response.status_code == 302 and (r.channel, r.received_on) == ("surat", D(2022, 4, 28))
