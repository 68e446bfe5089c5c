"""Evaluation worksheets through the API: the UI's scoping, the token's subtree, scores, the
unit's answer through the service (audit, optimistic version, 409), changed_since, query counts."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renaksi.api.tests.helpers import assert_error, client_for
from renaksi.audit.models import AuditEvent
from renaksi.evaluations.models import Answer, Node, Worksheet
from renaksi.evaluations.services import answer_save, instrument_build
from renaksi.evaluations.tests.test_worksheet import small_spec

pytestmark = pytest.mark.django_db

URL = "/api/v1/evaluations/worksheets/"


@pytest.fixture
def instrument():
    return instrument_build(spec=small_spec("API-ZI"), publish=True)


@pytest.fixture
def criteria(instrument):
    return list(instrument.nodes.filter(kind=Node.Kind.CRITERION).order_by("position"))


@pytest.fixture
def sheets(tree, instrument):
    return {
        unit.code: Worksheet.objects.create(unit=unit, instrument=instrument, year=2022)
        for unit in (tree.bengkulu_tengah, tree.bengkulu_selatan, tree.palembang)
    }


def _ids(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_is_the_viewers_scope_narrowed_by_the_tokens_unit(tree, people, sheets):
    assert _ids(client_for(people.viewer)) == [sheets["17.09"].pk]
    province = client_for(people.province_sekretaris)
    assert _ids(province) == [sheets["17.09"].pk, sheets["17.01"].pk]
    assert _ids(client_for(people.province_sekretaris, unit=tree.bengkulu_selatan)) == [
        sheets["17.01"].pk
    ]
    assert len(_ids(client_for(people.national_admin))) == 3
    assert _ids(client_for(people.outsider)) == []
    national = client_for(people.national_admin)
    assert _ids(national, f"{URL}?unit=16.71") == [sheets["16.71"].pk]
    assert _ids(national, f"{URL}?year=2023") == []
    assert _ids(national, f"{URL}?instrument=LAIN") == []
    assert_error(national.get(f"{URL}?year=abc"), 400, "invalid_filter")


def test_the_detail_scores_the_worksheet_and_hides_other_units(tree, people, sheets, criteria):
    answer_save(
        worksheet=sheets["17.09"], criterion=criteria[0], value="Y", actor=people.sekretaris
    )
    body = client_for(people.viewer).get(f"{URL}{sheets['17.09'].pk}/").json()
    assert body["unit"]["code"] == "17.09" and body["instrument"]["code"] == "API-ZI"
    assert body["answered"] == 1 and body["total_criteria"] == len(criteria)
    first = next(c for c in body["criteria"] if c["criterion"] == criteria[0].pk)
    assert first["value"] == "Y" and first["stage"] == "unit" and first["version"] == 2
    assert body["score"] > 0 and [c["code"] for c in body["components"]][0] == "P"
    hidden = client_for(people.viewer).get(f"{URL}{sheets['16.71'].pk}/")
    assert_error(hidden, 404, "not_found")
    narrowed = client_for(people.province_sekretaris, unit=tree.bengkulu_selatan)
    assert_error(narrowed.get(f"{URL}{sheets['17.09'].pk}/"), 404, "not_found")


def test_the_answer_goes_through_the_service_with_the_optimistic_version(people, sheets, criteria):
    url = f"{URL}{sheets['17.09'].pk}/answer/"
    body = {"criterion": criteria[1].pk, "value": "B", "explanation": "SK", "version": 1}
    writer = client_for(people.sekretaris, scope="write")
    response = writer.post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "B" and response.json()["version"] == 2
    assert AuditEvent.objects.filter(action="evaluations.answer_save").count() == 1
    # Someone read version 1 before the save above: their save is a conflict, nothing changes.
    stale = writer.post(url, {**body, "value": "A"}, format="json")
    assert_error(stale, 409, "conflict")
    assert Answer.objects.get(criterion=criteria[1]).unit_value == "B"
    assert_error(
        client_for(people.sekretaris, scope="read").post(url, body, format="json"),
        403,
        "permission_denied",
    )
    # A viewer of the unit may read the worksheet but not answer.
    assert_error(
        client_for(people.viewer, scope="write").post(url, {**body, "version": 2}, format="json"),
        403,
        "permission_denied",
    )
    other = client_for(people.other_province_sekretaris, scope="write")
    assert_error(other.post(url, {**body, "version": 2}, format="json"), 404, "not_found")
    assert_error(
        writer.post(url, {**body, "value": "Z", "version": 2}, format="json"), 400, "invalid"
    )
    assert AuditEvent.objects.filter(action="evaluations.answer_save").count() == 1


def test_changed_since_picks_up_an_answer_saved_between_two_reads(people, sheets, criteria):
    client = client_for(people.national_admin)
    start = timezone.now()
    assert _ids(client, f"{URL}?changed_since={quote(start.isoformat())}") == []
    answer_save(
        worksheet=sheets["17.01"], criterion=criteria[0], value="Y", actor=people.sibling_sekretaris
    )
    since = quote(start.isoformat())
    assert _ids(client, f"{URL}?changed_since={since}") == [sheets["17.01"].pk]
    later = quote(timezone.now().isoformat())
    assert _ids(client, f"{URL}?changed_since={later}") == []


def test_the_list_runs_a_fixed_number_of_queries(tree, people, instrument, criteria):
    client = client_for(people.national_admin)
    Worksheet.objects.create(unit=tree.bengkulu_tengah, instrument=instrument, year=2022)
    client.get(URL)  # the token's first use writes last_used_at once

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for unit in (tree.bengkulu_selatan, tree.palembang, tree.bengkulu, tree.sumsel):
        ws = Worksheet.objects.create(unit=unit, instrument=instrument, year=2022)
        Answer.objects.create(worksheet=ws, criterion=criteria[0], unit_value="Y")
    assert count() == small <= 6
