# ruff: noqa: E501
"""The published IKM of a unit, open to everyone, per period and service, with a chart."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.surveys import services
from renaksi.surveys.tests.test_services import record_example


def url(unit):
    return reverse("surveys:public_results", args=[unit.code])


def test_anyone_reads_the_published_index_without_signing_in(
    client, questionnaire, service, tree, people
):
    record_example(questionnaire, people.sekretaris, service=service)
    services.response_record(
        questionnaire=questionnaire, date=date(2022, 8, 3), answers={"persyaratan": 2},
        suggestion="Petugas X kasar sekali", actor=people.sekretaris,
    )  # fmt: skip
    response = client.get(
        url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw3", "layanan": service.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "91,48" in html and "Mutu A" in html and "Sangat baik" in html and "29 responden" in html
    assert "<svg" in html and "<script" not in html
    assert len(response.content) < 50_000
    # the respondents' free text and profile stay with the staff
    assert "kasar" not in html
    everyone = client.get(
        url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw3"}
    ).content.decode()
    assert "30 responden" in everyone


def test_a_period_without_answers_says_so(client, questionnaire, tree, people):
    record_example(questionnaire, people.sekretaris)
    html = client.get(url(tree.bengkulu_tengah), {"tahun": 2022, "periode": "tw1"}).content.decode()
    assert "Belum ada indeks untuk periode ini." in html


def test_a_unit_without_a_published_questionnaire_has_no_page(client, questionnaire, tree):
    assert client.get(url(tree.bengkulu_tengah)).status_code == 404  # never answered: a draft
    assert client.get(reverse("surveys:public_results", args=["nope"])).status_code == 404


def test_hostile_parameters_fall_back_to_this_year(client, questionnaire, tree, people):
    record_example(questionnaire, people.sekretaris)
    for params in (
        {"tahun": "x' OR 1=1"},
        {"tahun": "99999999999"},
        {"periode": "<script>"},
        {"layanan": "-1"},
    ):
        assert client.get(url(tree.bengkulu_tengah), params).status_code == 200


def test_the_page_runs_a_fixed_number_of_queries(client, questionnaire, tree, people):
    record_example(questionnaire, people.sekretaris)
    with CaptureQueriesContext(connection) as few:
        client.get(url(tree.bengkulu_tengah), {"tahun": 2022})
    record_example(questionnaire, people.sekretaris, when=date(2022, 9, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(tree.bengkulu_tengah), {"tahun": 2022})
    assert "58 responden" in response.content.decode()
    assert len(few) == len(many) <= 14


def test_the_page_reads_in_english_too(client, questionnaire, tree, people):
    record_example(questionnaire, people.sekretaris)
    client.cookies["django_language"] = "en"
    html = client.get(url(tree.bengkulu_tengah), {"tahun": 2022}).content.decode()
    assert "Public Satisfaction Survey results" in html and "29 respondents" in html


def test_the_chart_coordinates_are_plain_numbers_whatever_the_locale(
    client, questionnaire, tree, people
):
    record_example(questionnaire, people.sekretaris)
    html = client.get(url(tree.bengkulu_tengah), {"tahun": 2022}).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    bars = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', svg)
    assert len(bars) == 9
    for bar in bars:
        assert all(re.fullmatch(r"\d+(\.\d+)?", v) for v in bar), bar
    assert 'value="2022"' in html


def test_without_a_year_it_shows_the_newest_year_with_answers(client, questionnaire, tree, people):
    record_example(questionnaire, people.sekretaris)  # answers of 2022 only
    html = client.get(url(tree.bengkulu_tengah)).content.decode()
    assert "29 responden" in html and "Belum ada indeks" not in html
    # an explicit year is still obeyed
    assert (
        "Belum ada indeks"
        in client.get(url(tree.bengkulu_tengah), {"tahun": 2023}).content.decode()
    )
