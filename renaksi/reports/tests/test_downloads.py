import pytest
from django.http import HttpResponse
from django.urls import reverse

from renaksi.reports.tests.helpers import open_docx, open_sheet, pdf_pages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def lampiran_url(plan, fmt: str) -> str:
    return reverse("plan_lampiran_download", kwargs={"pk": plan.pk, "fmt": fmt})


def decree_url(plan, fmt: str) -> str:
    return reverse("plan_decree_download", kwargs={"pk": plan.pk, "fmt": fmt})


def fetch_document(client, url, capture, **params):
    """PDF and DOCX are made by the worker: the first request queues the job (202, a waiting
    page), the job runs after the commit, and the next request is served from the cache."""
    with capture(execute=True):
        first = client.get(url, params)
    assert first.status_code == 202
    served = client.get(url, params)
    response = HttpResponse(b"".join(served.streaming_content), status=served.status_code)
    for header, value in served.items():
        response[header] = value
    return response


def test_it_has_the_addresses_the_plan_page_links_to(small_plan):
    assert lampiran_url(small_plan, "xlsx") == f"/rencana/{small_plan.pk}/unduh/lampiran.xlsx"
    assert decree_url(small_plan, "pdf") == f"/rencana/{small_plan.pk}/unduh/keputusan.pdf"


@pytest.mark.parametrize("persona", ["sekretaris", "asesor", "viewer", "province_sekretaris"])
def test_it_lets_whoever_sees_the_plan_download_its_lampiran(client, people, small_plan, persona):
    client.force_login(getattr(people, persona))
    response = client.get(lampiran_url(small_plan, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == ('attachment; filename="Lampiran_RB_17.09_2023.xlsx"')
    ws = open_sheet(response.content)
    assert "TAHUN 2023" in ws.cell(6, 1).value


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
@pytest.mark.parametrize("name", ["plan_lampiran_download", "plan_decree_download"])
def test_it_hides_the_documents_from_people_who_cannot_see_the_plan(
    client, people, small_plan, persona, name
):
    client.force_login(getattr(people, persona))
    response = client.get(reverse(name, kwargs={"pk": small_plan.pk, "fmt": "pdf"}))
    assert response.status_code == 404


@pytest.mark.parametrize("url", [lampiran_url, decree_url])
def test_it_sends_anonymous_visitors_to_the_login_page(client, small_plan, url):
    response = client.get(url(small_plan, "pdf"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_serves_the_lampiran_as_pdf_and_word(
    client, people, small_plan, django_capture_on_commit_callbacks
):
    client.force_login(people.asesor)
    capture = django_capture_on_commit_callbacks
    response = fetch_document(client, lampiran_url(small_plan, "pdf"), capture)
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Lampiran_RB_17.09_2023.pdf"'
    assert "INDIKATOR KEBERHASILAN" in pdf_pages(response.content)[0]

    response = fetch_document(client, lampiran_url(small_plan, "docx"), capture)
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == ('attachment; filename="Lampiran_RB_17.09_2023.docx"')
    assert "PELAKSANAAN (BULAN)" in open_docx(response.content).tables[0].rows[0].cells[5].text


def test_it_serves_the_decree_as_pdf_and_word(
    client, people, small_plan, django_capture_on_commit_callbacks
):
    client.force_login(people.province_sekretaris)
    capture = django_capture_on_commit_callbacks
    response = fetch_document(client, decree_url(small_plan, "pdf"), capture)
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == ('attachment; filename="Keputusan_RB_17.09_2023.pdf"')
    assert "NOMOR 01/ORT.07-Kpt/KPU-Kab/1709/I/2023" in pdf_pages(response.content)[0]

    response = fetch_document(client, decree_url(small_plan, "docx"), capture)
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    paragraphs = [p.text for p in open_docx(response.content).paragraphs]
    assert "NOMOR 01/ORT.07-Kpt/KPU-Kab/1709/I/2023" in paragraphs


def test_it_prints_on_f4_when_asked(client, people, small_plan):
    client.force_login(people.sekretaris)
    response = client.get(lampiran_url(small_plan, "xlsx"), {"kertas": "f4"})
    assert open_sheet(response.content).page_setup.paperSize == 14


def test_it_refuses_an_unknown_paper_size(client, people, small_plan):
    client.force_login(people.sekretaris)
    response = client.get(lampiran_url(small_plan, "xlsx"), {"kertas": "a3"})
    assert response.status_code == 400
    assert "Ukuran kertas a3 tidak dikenal." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("plan_lampiran_download", "csv"), ("plan_decree_download", "xlsx")],
)
def test_it_answers_404_for_a_format_it_does_not_make(client, people, small_plan, name, fmt):
    client.force_login(people.sekretaris)
    response = client.get(reverse(name, kwargs={"pk": small_plan.pk, "fmt": fmt}))
    assert response.status_code == 404


def test_it_answers_404_for_a_plan_that_does_not_exist(client, people):
    client.force_login(people.national_admin)
    response = client.get(reverse("plan_lampiran_download", kwargs={"pk": 999999, "fmt": "xlsx"}))
    assert response.status_code == 404


def test_it_names_the_seed_files_after_unit_and_year(client, people, seed_plan):
    client.force_login(people.sekretaris)
    response = client.get(lampiran_url(seed_plan, "xlsx"))
    assert response["Content-Disposition"] == ('attachment; filename="Lampiran_RB_17.09_2022.xlsx"')


def test_it_only_answers_get(client, people, small_plan):
    client.force_login(people.sekretaris)
    assert client.post(lampiran_url(small_plan, "xlsx")).status_code == 405
