# ruff: noqa: E501
"""Importing paper or spreadsheet results on the web: upload, preview, all rows or none."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from renaksi.audit.models import AuditEvent
from renaksi.surveys.models import Response, Source
from renaksi.surveys.views_import import _tmp_path

HEADER = ["Tanggal", "Jenis Kelamin", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Saran"]


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("rekap.xlsx", out.getvalue())


GOOD = [
    ["2022-08-01", "L", 4, 3, "Sangat cepat", "Gratis", 4, 4, 4, 3, 4, "Bagus"],
    ["2022-08-02", "P", 3, "Mudah", 3, 4, None, 3, 3, 3, 3, None],
    ["2022-08-03", "P", 2, 2, 2, 2, 2, 2, 2, 2, 2, None],
]


def url(questionnaire):
    return reverse("surveys:survey_import", args=[questionnaire.pk])


def upload(client, questionnaire, file, **extra):
    return client.post(url(questionnaire), {"berkas": file, "tanggal": "2022-08-01", **extra})


def test_a_file_is_previewed_then_stored_whole(client, questionnaire, service, people):
    client.force_login(people.sekretaris)
    preview = upload(client, questionnaire, xlsx(GOOD), layanan=service.pk)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Pratinjau: 3 responden dari rekap.xlsx" in html and "Simpan semua baris" in html
    assert Response.objects.count() == 0  # the preview stores nothing
    # the upload waits in a file named by a random token; the session holds only the token
    pending = client.session["skm_import"]
    assert "data" not in pending and _tmp_path(pending["token"]).exists()
    done = client.post(url(questionnaire), {"step": "confirm"})
    assert not _tmp_path(pending["token"]).exists()
    assert done.status_code == 302 and done["Location"] == reverse(
        "surveys:survey_home", args=[questionnaire.unit_id]
    )
    assert (
        Response.objects.filter(
            source=Source.IMPORTED, service=service, created_by=people.sekretaris
        ).count()
        == 3
    )
    assert AuditEvent.objects.filter(action="surveys.import", actor=people.sekretaris).count() == 1
    assert "3 jawaban responden diimpor." in client.get(done["Location"]).content.decode()
    # the pending file is gone: a second confirmation imports nothing again
    client.post(url(questionnaire), {"step": "confirm"})
    assert Response.objects.count() == 3


def test_bad_rows_are_named_by_line_and_column_and_nothing_is_stored(client, questionnaire, people):
    client.force_login(people.sekretaris)
    rows = [
        *GOOD,
        ["2022-08-04", "L", 5, 3, 3, 3, 3, 3, 3, 3, 3, None],
        ["2023-02-01", "L", 3, 3, 3, 3, 3, 3, 3, 3, "Enak", None],
    ]
    response = upload(client, questionnaire, xlsx(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Berkas ditolak seluruhnya" in html
    assert "Baris 5, U1 (kolom C): jawaban tidak dikenal &quot;5&quot;." in html
    assert (
        "Baris 6, U9 (kolom K)" in html
        and "Baris 6: tanggal 2023-02-01 di luar periode kuesioner." in html
    )
    assert "Simpan semua baris" not in html
    again = client.post(url(questionnaire), {"step": "confirm"})
    assert again.status_code == 400 and "Tidak ada berkas yang menunggu" in again.content.decode()
    assert Response.objects.count() == 0


def test_wrong_files_are_refused_in_indonesian(client, questionnaire, people):
    client.force_login(people.sekretaris)
    cases = [
        ({"tanggal": "2022-08-01"}, "Pilih berkas XLSX atau CSV"),
        (
            {"berkas": SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "tanggal": "2022-08-01"},
            "Berkas harus berformat XLSX atau CSV.",
        ),
        (
            {"berkas": SimpleUploadedFile("a.xlsx", b"not a zip"), "tanggal": "2022-08-01"},
            "Berkas ditolak seluruhnya",
        ),
        ({"berkas": xlsx(GOOD), "tanggal": ""}, "Tanggal survei wajib diisi"),
        (
            {"berkas": xlsx(GOOD, header=["A", "B"]), "tanggal": "2022-08-01"},
            "Kolom jawaban tidak ditemukan untuk: U1",
        ),
    ]
    for data, message in cases:
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    assert Response.objects.count() == 0


def test_only_the_units_managers_import(client, questionnaire, people):
    client.force_login(people.pelaksana)
    assert upload(client, questionnaire, xlsx(GOOD)).status_code == 403
    client.force_login(people.other_province_sekretaris)
    assert upload(client, questionnaire, xlsx(GOOD)).status_code == 404
    assert Response.objects.count() == 0


def test_a_pending_file_of_another_questionnaire_is_not_imported(
    client, questionnaire, people, tree
):
    from datetime import date

    from renaksi.surveys import services

    other = services.questionnaire_create(
        unit=tree.bengkulu_tengah,
        title="Lain",
        start=date(2022, 1, 1),
        end=date(2022, 12, 31),
        actor=people.sekretaris,
    )
    client.force_login(people.sekretaris)
    upload(client, questionnaire, xlsx(GOOD))
    response = client.post(url(other), {"step": "confirm"})
    assert response.status_code == 400 and Response.objects.count() == 0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.text(max_size=400),
                st.integers(-5, 9),
                st.none(),
                st.sampled_from(["<script>alert(1)</script>", '=HYPERLINK("x")', "Sangat baik"]),
            ),
            min_size=12,
            max_size=12,
        ),
        max_size=5,
    )
)
def test_hostile_uploads_never_fail_or_half_store(client, questionnaire, people, rows):
    client.force_login(people.sekretaris)
    before = Response.objects.count()
    clean = [
        [("".join(ch for ch in c if ch.isprintable()) if isinstance(c, str) else c) for c in row]
        for row in rows
    ]
    response = upload(client, questionnaire, xlsx(clean))
    assert response.status_code in (200, 400)
    assert "<script>alert" not in response.content.decode()
    if response.status_code == 200:
        confirmed = client.post(url(questionnaire), {"step": "confirm"})
        assert confirmed.status_code == 302
        assert Response.objects.count() == before + len(
            [r for r in clean if any(str(c).strip() for c in r if c is not None)]
        )
    else:
        assert Response.objects.count() == before


def test_cancel_forgets_the_upload(client, questionnaire, people):
    client.force_login(people.sekretaris)
    upload(client, questionnaire, xlsx(GOOD))
    token = client.session["skm_import"]["token"]
    assert client.post(url(questionnaire), {"step": "cancel"}).status_code == 302
    assert not _tmp_path(token).exists() and "skm_import" not in client.session
    assert client.post(url(questionnaire), {"step": "confirm"}).status_code == 400
    assert Response.objects.count() == 0
