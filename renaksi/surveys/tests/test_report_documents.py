# ruff: noqa: E501
"""The IKM report in the layout of PermenPAN-RB 14/2017: HTML, PDF, DOCX and XLSX."""

import io
from datetime import date

import openpyxl
import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from renaksi.surveys import services
from renaksi.surveys.models import Weighting
from renaksi.surveys.report import ikm_report
from renaksi.surveys.tests.test_ikm import TOTALS
from renaksi.surveys.tests.test_services import record_example


def url(unit):
    return reverse("surveys:survey_report", args=[unit.pk])


@pytest.fixture
def example(questionnaire, service, people):
    record_example(questionnaire, people.sekretaris, service=service)
    services.response_record(
        questionnaire=questionnaire, date=date(2022, 3, 1),
        answers={"persyaratan": 1}, suggestion="Loket dibuka terlambat.", actor=people.sekretaris,
    )  # fmt: skip
    return questionnaire


def test_the_report_follows_the_regulation_table(example, tree, service):
    report = ikm_report(
        unit=tree.bengkulu_tengah,
        start=date(2022, 7, 1),
        end=date(2022, 9, 30),
        period_label="Triwulan III 2022",
    )
    assert report.result.respondents == 29
    assert [r.total for r in report.rows] == TOTALS
    assert [r.given for r in report.rows] == [29] * 9
    assert str(report.rows[0].nrr) == "3.6207" and str(report.rows[0].weight) == "0.1111"
    assert str(report.rows[0].weighted) == "0.4023"
    assert str(report.weighted_total) == "3.6590" and str(report.result.ikm) == "91.48"
    assert (report.result.mutu, report.result.kinerja) == ("A", "Sangat baik")


def test_the_literal_weighting_gives_90_56_in_the_report(example, tree):
    example.__class__.objects.filter(pk=example.pk).update(weighting=Weighting.LITERAL)
    report = ikm_report(
        unit=tree.bengkulu_tengah,
        start=date(2022, 7, 1),
        end=date(2022, 9, 30),
        period_label="TW III",
    )
    assert str(report.rows[0].weight) == "0.1100" and str(report.result.ikm) == "90.56"


def test_the_html_report_picks_period_and_service(client, example, tree, service, people):
    client.force_login(people.viewer)
    html = client.get(url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw3"}).content.decode()
    assert "91,48" in html and "3,6590" in html and "Triwulan III 2022" in html and "<svg" in html
    year = client.get(url(tree.bengkulu_tengah), {"tahun": 2022}).content.decode()
    assert "Loket dibuka terlambat." in year and "Jumlah responden" in year
    # the first-quarter respondent answered one unsur only: no index, and nothing invented
    q1 = client.get(
        url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw1", "layanan": service.pk}
    ).content.decode()
    assert "91,48" not in q1 and "—" in q1


def test_the_pdf_report(client, example, tree, people):
    client.force_login(people.sekretaris)
    response = client.get(
        url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw3", "format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(response.content)
    )
    for expected in (
        "Laporan Survei Kepuasan Masyarakat",
        "NRR tertimbang",
        "3,6590",
        "91,48",
        "Sangat baik",
        "Triwulan III 2022",
        "29",
    ):
        assert expected in text


def test_the_docx_report(client, example, tree, people):
    client.force_login(people.sekretaris)
    response = client.get(url(tree.bengkulu_tengah), {"tahun": 2022, "format": "docx"})
    assert response["Content-Disposition"].endswith('-2022-tahun.docx"')
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Persyaratan" in cells and "91,48" not in cells  # the year has an unsur-1-only answer
    assert "30" in cells  # respondents of the year
    assert any(p.text == "Loket dibuka terlambat." for p in document.paragraphs)


def test_the_xlsx_report_lists_every_respondent_as_the_official_template(
    client, example, tree, people
):
    client.force_login(people.sekretaris)
    response = client.get(
        url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw3", "format": "xlsx"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary, grid = book.worksheets
    values = [c for row in summary.iter_rows(values_only=True) for c in row if c is not None]
    assert 91.48 in values and "A" in values and "Sangat baik" in values
    assert grid.cell(1, 2).value == "U1" and grid.max_row >= 29 + 1
    assert [grid.cell(31, c).value for c in range(2, 11)] == TOTALS
    assert summary._charts  # the NRR chart


def test_the_report_runs_a_fixed_number_of_queries(client, example, tree, people, questionnaire):
    client.force_login(people.sekretaris)
    client.get(url(tree.bengkulu_tengah))
    with CaptureQueriesContext(connection) as few:
        client.get(url(tree.bengkulu_tengah), {"tahun": 2022, "format": "xlsx"})
    record_example(questionnaire, people.sekretaris, when=date(2022, 8, 2))
    with CaptureQueriesContext(connection) as many:
        client.get(url(tree.bengkulu_tengah), {"tahun": 2022, "format": "xlsx"})
    assert len(few) == len(many)


def test_the_report_is_for_the_units_readers(client, tree, people):
    client.force_login(people.sibling_sekretaris)
    assert client.get(url(tree.bengkulu_tengah)).status_code == 404
    client.force_login(people.province_sekretaris)
    assert client.get(url(tree.bengkulu_tengah)).status_code == 200


def test_the_profile_lists_only_what_respondents_gave(questionnaire, tree, people):
    record_example(questionnaire, people.sekretaris)
    services.response_record(
        questionnaire=questionnaire, date=date(2022, 8, 5), answers={"persyaratan": 3},
        profile={"sex": "P", "education": "S1"}, actor=people.sekretaris,
    )  # fmt: skip
    report = ikm_report(
        unit=tree.bengkulu_tengah,
        start=date(2022, 1, 1),
        end=date(2022, 12, 31),
        period_label="2022",
    )
    assert report.profile == {"Jenis kelamin": [("Perempuan", 1)], "Pendidikan": [("S1", 1)]}
