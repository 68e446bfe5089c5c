"""Lists and the export summary run a fixed number of queries, whatever the number of rows."""

from datetime import date

import pytest

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.selectors import (
    cell_map_for_plan,
    evidence_list_for_realisation,
    evidence_list_visible,
    realisation_event_list,
    realisation_list_visible,
    realisation_summary_for_plan,
)
from renaksi.monitoring.services import (
    evidence_link_add,
    evidence_upload,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save
from renaksi.plans.models import Plan


def _fill(people, cells, n_periods: int):
    """Realisations in ``n_periods`` months of two indicators, each with a link."""
    out = []
    for period in range(1, n_periods + 1):
        for indicator in (cells.sk, cells.ppid):
            r = save(indicator, period, people.sekretaris)
            evidence_link_add(
                realisation=r,
                url=f"https://kpu.go.id/{indicator.pk}/{period}",
                actor=people.sekretaris,
            )
            out.append(r)
    return out


def _fresh_plan(plan):
    return Plan.objects.select_related("unit").get(pk=plan.pk)


@pytest.mark.parametrize("n_periods", [1, 6])
def test_it_lists_realisations_in_one_query(
    people, cells, small_plan, n_periods, django_assert_num_queries
):
    _fill(people, cells, n_periods)
    with django_assert_num_queries(1):
        rows = list(realisation_list_visible(user=people.province_sekretaris, plan=small_plan))
        for r in rows:
            assert r.indicator.activity.area.plan.unit.code == "17.09"
            assert r.evidence_count == 1
            str(r.updated_by)
    assert len(rows) == 2 * n_periods


@pytest.mark.parametrize("n_periods", [1, 6])
def test_it_maps_a_plans_cells_in_four_queries(
    people, cells, small_plan, n_periods, django_assert_num_queries
):
    _fill(people, cells, n_periods)
    plan = _fresh_plan(small_plan)
    with django_assert_num_queries(4):
        cells_map = cell_map_for_plan(user=people.viewer, plan=plan, today=date(2023, 12, 31))
    assert sum(c.realisation is not None for c in cells_map.values()) == 2 * n_periods


@pytest.mark.parametrize("n_periods", [1, 6])
def test_it_summarises_a_plan_for_export_in_one_query(
    people, cells, small_plan, n_periods, django_assert_num_queries
):
    made = _fill(people, cells, n_periods)
    r = realisation_submit(realisation=made[0], actor=people.sekretaris)
    realisation_verify(realisation=r, actor=people.asesor)
    with django_assert_num_queries(1):
        summary = realisation_summary_for_plan(plan=small_plan)
    assert len(summary) == 2 * n_periods
    assert summary[(cells.sk.pk, 1)] == {
        "period": 1,
        "status": Realisation.Status.IN_PROGRESS,
        "progress": 50,
        "verified": True,
        "evidence": 1,
    }
    assert summary[(cells.ppid.pk, 1)]["verified"] is False


def test_it_lists_the_library_and_a_cells_evidence_in_one_query_each(
    people, cells, tree, django_assert_num_queries
):
    made = _fill(people, cells, 3)
    evidence_upload(
        realisation=made[0], upload=files.upload("a.pdf", files.PDF), actor=people.sekretaris
    )
    with django_assert_num_queries(1):
        library = list(evidence_list_visible(user=people.asesor, unit=tree.bengkulu_tengah))
        for e in library:
            str(e.uploaded_by), e.unit.code, e.use_count
    assert len(library) == 7
    with django_assert_num_queries(1):
        on_cell = list(evidence_list_for_realisation(user=people.asesor, realisation=made[0]))
        for e in on_cell:
            str(e.uploaded_by)
    assert [e.kind for e in on_cell] == ["link", "file"]


def test_it_lists_a_cells_history_in_one_query(people, cells, django_assert_num_queries):
    r = _fill(people, cells, 1)[0]
    with django_assert_num_queries(1):
        steps = [
            (e.action, str(e.actor))
            for e in realisation_event_list(user=people.ketua, realisation=r)
        ]
    assert [a for a, _ in steps] == ["saved", "evidence_added"]
    assert list(realisation_event_list(user=people.sibling_sekretaris, realisation=r)) == []


def test_it_filters_the_assessors_queue_by_review_state(people, cells, small_plan):
    made = _fill(people, cells, 2)
    realisation_submit(realisation=made[1], actor=people.sekretaris)
    queue = realisation_list_visible(user=people.asesor, review_state="submitted")
    assert list(queue) == [Realisation.objects.get(pk=made[1].pk)]
    assert not realisation_list_visible(user=people.outsider, review_state="submitted").exists()
