"""Surveys (questionnaires, IKM) and the registers' figures through the API: the UI's scoping,
the token's subtree, counts only (no complainant, requester or gift), fixed query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renaksi.api.tests.helpers import assert_error, client_for
from renaksi.registers import services as registers
from renaksi.surveys import services as surveys

pytestmark = pytest.mark.django_db

KEYS = [
    "persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "sarana",
    "pengaduan",
]  # fmt: skip


def _questionnaire(unit, actor, year=2022):
    return surveys.questionnaire_create(
        unit=unit,
        title=f"SKM {year} {unit.code}",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        actor=actor,
    )


def _answer(questionnaire, actor, value, service=None, n=1):
    for _ in range(n):
        surveys.response_record(
            questionnaire=questionnaire,
            date=date(2022, 8, 1),
            answers=dict.fromkeys(KEYS, value),
            service=service,
            actor=actor,
        )


def test_questionnaires_are_listed_within_the_viewers_scope_with_respondents(tree, people):
    own = _questionnaire(tree.bengkulu_tengah, people.sekretaris)
    _answer(own, people.sekretaris, 4, n=2)
    sibling = _questionnaire(tree.bengkulu_selatan, people.sibling_sekretaris)
    url = "/api/v1/surveys/questionnaires/"
    rows = client_for(people.viewer).get(url).json()["results"]
    assert [(r["id"], r["respondents"]) for r in rows] == [(own.pk, 2)]
    assert "code" not in rows[0]  # the public form's link is not part of the API
    province = client_for(people.province_sekretaris)
    assert [r["id"] for r in province.get(url).json()["results"]] == [own.pk, sibling.pk]
    assert [r["id"] for r in province.get(f"{url}?year=2023").json()["results"]] == []
    narrowed = client_for(people.province_sekretaris, unit=tree.bengkulu_selatan)
    assert [r["id"] for r in narrowed.get(url).json()["results"]] == [sibling.pk]
    assert client_for(people.outsider).get(url).json()["results"] == []


def test_the_ikm_of_a_unit_its_service_and_its_subtree(tree, people):
    service = surveys.service_create(
        unit=tree.bengkulu_tengah, name="PPID", population=100, actor=people.sekretaris
    )
    own = _questionnaire(tree.bengkulu_tengah, people.sekretaris)
    _answer(own, people.sekretaris, 4, service=service, n=3)
    _answer(own, people.sekretaris, 2)
    child = _questionnaire(tree.bengkulu_selatan, people.sibling_sekretaris)
    _answer(child, people.sibling_sekretaris, 1, n=4)
    viewer = client_for(people.viewer)
    body = viewer.get("/api/v1/surveys/ikm/?unit=17.09&year=2022").json()
    assert body["respondents"] == 4 and body["nrr"]["U1"] == 3.5 and body["ikm"] == 87.5
    assert body["labels"]["U1"] == "Persyaratan" and body["service"] is None
    only = viewer.get(f"/api/v1/surveys/ikm/?unit=17.09&year=2022&service={service.pk}").json()
    assert only["respondents"] == 3 and only["ikm"] == 100.0 and only["required_sample"] == 80
    assert only["enough"] is False
    province = client_for(people.province_sekretaris)
    tree_body = province.get("/api/v1/surveys/ikm/?unit=17&year=2022&subtree=1").json()
    assert tree_body["respondents"] == 8 and tree_body["subtree"] is True
    # Hidden units, services of another unit, a token's other subtree: "not found", alike.
    for client, query in (
        (viewer, "unit=17.01&year=2022"),
        (client_for(people.sibling_sekretaris), f"unit=17.01&year=2022&service={service.pk}"),
        (
            client_for(people.province_sekretaris, unit=tree.bengkulu_selatan),
            "unit=17.09&year=2022",
        ),
        (viewer, "unit=17.09"),
    ):
        assert_error(client.get(f"/api/v1/surveys/ikm/?{query}"), 404, "not_found")
    assert_error(
        viewer.get("/api/v1/surveys/ikm/?unit=17.09&year=2022&subtree=ya"), 400, "invalid_filter"
    )


def _complaint(unit, name):
    return registers.complaint_submit(
        unit=unit,
        subject="Layanan lambat sekali",
        body="Permohonan salinan data tidak dilayani.",
        anonymous=False,
        name=name,
        contact="0812999",
        on=date(2023, 3, 1),
    )


def _gift(unit, reporter):
    return registers.gratification_report(
        unit=unit,
        reporter=reporter,
        received_on=date(2023, 3, 1),
        giver_name="Rekanan Rahasia",
        giver_relation="rekanan",
        occasion="lainnya",
        form="barang",
        description="Parsel lebaran",
        estimated_value="500000",
        actor=reporter,
        on=date(2023, 3, 1),
    )


def test_register_figures_are_counts_only_within_the_viewers_scope(tree, people):
    _complaint(tree.bengkulu_tengah, "Warga Pengadu")
    _complaint(tree.bengkulu_selatan, "Warga Kedua")
    _gift(tree.bengkulu_tengah, people.pelaksana)
    response = client_for(people.province_sekretaris).get(
        "/api/v1/registers/figures/?unit=17&year=2023"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"]["complaints_received"] == 2
    assert body["total"]["gratifications_reported"] == 1
    children = {c["unit"]: c["figures"] for c in body["children"]}
    assert children["17.09"]["complaints_received"] == 1
    assert children["17.01"]["complaints_received"] == 1
    text = response.content.decode()
    for secret in ("Warga", "0812999", "Layanan lambat", "Rekanan Rahasia", "Parsel", "pelaksana"):
        assert secret not in text
    viewer = client_for(people.viewer)
    own = viewer.get("/api/v1/registers/figures/?unit=17.09&year=2023").json()
    assert own["total"]["complaints_received"] == 1 and own["children"] == []
    assert_error(viewer.get("/api/v1/registers/figures/?unit=17&year=2023"), 404, "not_found")
    narrowed = client_for(people.national_admin, unit=tree.sumsel)
    assert_error(narrowed.get("/api/v1/registers/figures/?unit=17&year=2023"), 404, "not_found")
    assert_error(
        viewer.get("/api/v1/registers/figures/?unit=17.09&year=1990"), 400, "invalid_filter"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/surveys/questionnaires/",
        "/api/v1/surveys/ikm/?unit=RI&year=2022&subtree=1",
        "/api/v1/registers/figures/?unit=RI&year=2023",
    ],
)
def test_fixed_number_of_queries(url, tree, people):
    client = client_for(people.national_admin)
    client.get(url)  # the token's first use writes last_used_at once

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _questionnaire(tree.bengkulu_tengah, people.sekretaris)
    small = count()
    for unit, actor in (
        (tree.bengkulu_selatan, people.sibling_sekretaris),
        (tree.sumsel, people.other_province_sekretaris),
    ):
        _answer(_questionnaire(unit, actor), actor, 3, n=2)
        _complaint(unit, "Warga")
    assert count() == small <= 12
