from datetime import date

import pytest
from django.http import Http404

from renaksi.chain.selectors import (
    CellState,
    chain_child_lateness,
    chain_matrix,
    chain_plan_status,
)
from renaksi.chain.services import (
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
)
from renaksi.chain.tests.conftest import LATE, ON_TIME
from renaksi.conftest import UnitFactory, small_parsed_plan
from renaksi.plans.services import plan_import

pytestmark = pytest.mark.usefixtures("fast_pdf")
# Mid-August 2023: TW I and TW II are past their due dates (14 April, 14 July), TW III is running.
TODAY = date(2023, 8, 15)


def states(matrix) -> dict[str, list[str]]:
    return {row.unit.code: [c.state for c in row.cells] for row in matrix.rows}


@pytest.fixture
def scene(small_plan, sibling_plan, people):
    """17.09: TW I acknowledged (on time), TW II returned (late). 17.01: TW I submitted late."""
    tw1 = monitoring_report_submit(
        plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
    )
    monitoring_report_acknowledge(report=tw1, actor=people.province_sekretaris)
    tw2 = monitoring_report_submit(
        plan=small_plan, number=2, actor=people.sekretaris, today=date(2023, 7, 20)
    )
    monitoring_report_return(report=tw2, actor=people.province_sekretaris, note="Perbaiki")
    monitoring_report_submit(
        plan=sibling_plan, number=1, actor=people.sibling_sekretaris, today=LATE
    )


def test_it_shows_each_child_and_period_in_its_state(scene, tree, people):
    matrix = chain_matrix(
        user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY
    )

    S = CellState
    assert states(matrix) == {
        "17.01": [S.SUBMITTED, S.OVERDUE, S.PENDING, S.PENDING],
        "17.09": [S.ACKNOWLEDGED, S.RETURNED, S.PENDING, S.PENDING],
    }
    late = {row.unit.code: [c.late for c in row.cells] for row in matrix.rows}
    assert late == {"17.01": [True, True, False, False], "17.09": [False, True, False, False]}
    assert matrix.counts[S.PENDING] == 4 and matrix.counts[S.OVERDUE] == 1
    assert matrix.counts["late"] == 3
    assert [p.short for p in matrix.periods] == ["TW I", "TW II", "TW III", "TW IV"]


def test_it_filters_by_state_and_period(scene, tree, people):
    def codes(**filters):
        m = chain_matrix(
            user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY, **filters
        )
        return [r.unit.code for r in m.rows], m

    assert codes(state=CellState.RETURNED)[0] == ["17.09"]
    assert codes(state=CellState.OVERDUE)[0] == ["17.01"]
    assert codes(state="late")[0] == ["17.01", "17.09"]
    shown, matrix = codes(period=1, state=CellState.SUBMITTED)
    assert shown == ["17.01"]
    assert [p.number for p in matrix.periods] == [1]
    assert matrix.counts[CellState.SUBMITTED] == 1 and matrix.counts[CellState.ACKNOWLEDGED] == 1
    assert matrix.total_rows == 2


def test_it_marks_children_without_a_plan_overdue_after_the_due_date(tree, people):
    matrix = chain_matrix(
        user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY
    )

    assert all(row.plan_id is None for row in matrix.rows)
    assert states(matrix)["17.09"][:3] == [CellState.OVERDUE, CellState.OVERDUE, CellState.PENDING]


def test_it_lists_the_late_and_returned_reports_per_child_for_the_rollup(scene, tree, people):
    items = chain_child_lateness(
        user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY
    )

    summary = {i.unit.code: (i.missing_overdue, i.late_submitted, i.returned) for i in items}
    assert summary == {
        "17.01": (["TW II"], ["TW I"], []),
        "17.09": ([], ["TW II"], ["TW II"]),
    }


def test_it_hides_another_branch(tree, people):
    with pytest.raises(Http404):
        chain_matrix(
            user=people.other_province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY
        )
    with pytest.raises(Http404):
        chain_child_lateness(user=people.sekretaris, parent=tree.bengkulu, year=2023, today=TODAY)


def test_it_tells_the_child_its_next_report(scene, small_plan, people):
    status = chain_plan_status(user=people.pelaksana, plan=small_plan, today=TODAY)

    assert status.parent.code == "17"
    assert status.next_cell.period.number == 2
    assert status.next_cell.state == CellState.RETURNED
    assert [c.period.number for c in status.attention] == [2]


def test_it_tells_the_child_the_running_period_when_all_is_sent(small_plan, people):
    tw1 = monitoring_report_submit(
        plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
    )
    monitoring_report_acknowledge(report=tw1, actor=people.province_sekretaris)

    status = chain_plan_status(user=people.sekretaris, plan=small_plan, today=date(2023, 5, 2))

    assert status.next_cell.period.number == 2
    assert status.next_cell.state == CellState.PENDING
    assert status.attention == []


def test_it_hides_a_plan_from_a_sibling(small_plan, people):
    with pytest.raises(Http404):
        chain_plan_status(user=people.sibling_sekretaris, plan=small_plan, today=TODAY)


def _children(parent, numbers: range) -> None:
    for n in numbers:
        unit = UnitFactory(code=f"17.{50 + n}", name=f"KPU Kabupaten Uji {n}", parent=parent)
        plan = plan_import(
            unit=unit,
            year=2023,
            parsed=small_parsed_plan(),
            actor=None,
            source_name="x.json",
            source_bytes=b"{}",
            source_format="json",
        )
        monitoring_report_submit(plan=plan, number=1, actor=None, today=ON_TIME)


def test_it_reads_the_matrix_in_the_same_queries_for_3_and_6_children(tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            matrix = chain_matrix(
                user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY
            )
            chain_child_lateness(
                user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=TODAY
            )
        return len(ctx.captured_queries), len(matrix.rows)

    # 17.09 and 17.01 are children already: one more makes 3, three more make 6.
    _children(tree.bengkulu, range(1))
    three, rows = count()
    assert rows == 3
    _children(tree.bengkulu, range(1, 4))
    six, rows = count()
    assert rows == 6
    assert three == six
    assert (
        six <= 12
    )  # 5 per selector (access, schedule, children, plans, reports) + 1 holidays each
