"""Reads of the reporting chain, always given the viewer (or after the caller checked access).

The schedule a parent unit set for a year (or the default when it set none), the parent's
children × periods matrix, the per-child lateness shown on the roll-up page, a plan's own
reporting status, and one report with its submissions and history. Every list is read in a fixed
number of queries, whatever the number of children.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, TextChoices
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from renaksi.chain.models import (
    PERIODS_PER_KIND,
    MonitoringReport,
    MonitoringReportEvent,
    MonitoringReportSubmission,
    PeriodKind,
    ReportingSchedule,
)
from renaksi.core.periods import period_due_on, period_label, period_short
from renaksi.monitoring.selectors import holiday_dates
from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import Plan
from renaksi.reports.monev_data import Span

# Without a schedule set by the parent: quarterly reports (triwulan, the period the KPU's RB
# reports use), due 10 working days after the quarter ends (two working weeks to close the books
# and have the assessor verify the last month). A parent changes both on its schedule page.
DEFAULT_KIND = PeriodKind.QUARTER
DEFAULT_GRACE_WORKDAYS = 10

Status = MonitoringReport.Status


class CellState(TextChoices):
    """Where one child's report for one period stands, as the parent sees it."""

    PENDING = "pending", _("Belum")
    SUBMITTED = "submitted", _("Diajukan")
    ACKNOWLEDGED = "acknowledged", _("Diterima")
    RETURNED = "returned", _("Dikembalikan")
    OVERDUE = "overdue", _("Terlambat")


# A report's status → the matrix state (a resubmitted report awaits a decision like a new one).
STATE_OF_STATUS = {
    Status.SUBMITTED: CellState.SUBMITTED,
    Status.RESUBMITTED: CellState.SUBMITTED,
    Status.ACKNOWLEDGED: CellState.ACKNOWLEDGED,
    Status.RETURNED: CellState.RETURNED,
}


@dataclass(frozen=True)
class PeriodDue:
    kind: str
    number: int
    label: str
    short: str
    starts_on: date
    ends_on: date
    due_on: date
    edited: bool = False

    @property
    def span(self) -> Span:
        return Span(self.kind, self.number)


@dataclass
class Schedule:
    unit: Unit
    year: int
    kind: str
    grace_workdays: int
    configured: bool
    periods: list[PeriodDue]

    def period(self, number) -> PeriodDue | None:
        return next((p for p in self.periods if p.number == number), None)

    @property
    def kind_label(self) -> str:
        return str(PeriodKind(self.kind).label)


def rule_due_dates(*, kind: str, year: int, grace_workdays: int) -> dict[int, date]:
    """Each period's last day plus ``grace_workdays`` working days (holidays from the table)."""
    holidays = holiday_dates(start=date(year, 1, 1), end=date(year + 1, 12, 31))
    return {
        n: period_due_on(kind, n, year, grace_workdays, holidays=holidays)
        for n in range(1, PERIODS_PER_KIND[kind] + 1)
    }


def _period(kind: str, number: int, year: int, due_on: date, edited: bool) -> PeriodDue:
    span = Span(kind, number)
    return PeriodDue(
        kind=kind,
        number=number,
        label=period_label(kind, number),
        short=period_short(kind, number),
        starts_on=span.first_day(year),
        ends_on=span.last_day(year),
        due_on=due_on,
        edited=edited,
    )


def schedule_get(*, unit: Unit, year: int) -> Schedule:
    """The schedule ``unit`` set for its children in ``year``, or the default one.

    No viewer: the caller has checked that the viewer may see ``unit`` or one of its children.
    Two queries when set, one (the holidays) when not.
    """
    row = (
        ReportingSchedule.objects.filter(unit=unit, year=year).prefetch_related("deadlines").first()
    )
    if row is None:
        dues = rule_due_dates(kind=DEFAULT_KIND, year=year, grace_workdays=DEFAULT_GRACE_WORKDAYS)
        periods = [_period(DEFAULT_KIND, n, year, d, False) for n, d in dues.items()]
        return Schedule(unit, year, DEFAULT_KIND, DEFAULT_GRACE_WORKDAYS, False, periods)
    periods = [
        _period(row.kind, d.number, year, d.due_on, d.edited)
        for d in sorted(row.deadlines.all(), key=lambda d: d.number)
    ]
    return Schedule(unit, year, row.kind, row.grace_workdays, True, periods)


def chain_unit_get(*, user, pk: int) -> Unit:
    """The unit if the user may see it; 404 otherwise."""
    unit = Unit.objects.filter(pk=pk, pk__in=unit_list_visible(user=user)).first()
    if unit is None:
        raise Http404
    return unit


# --- the parent's matrix ----------------------------------------------------------------------


@dataclass
class ChainCell:
    period: PeriodDue
    state: str
    report: MonitoringReport | None = None
    # Missing after its due date, or first submitted after it.
    late: bool = False

    @property
    def state_label(self) -> str:
        return str(CellState(self.state).label)


@dataclass
class ChainRow:
    unit: Unit
    plan_id: int | None
    cells: list[ChainCell]

    @property
    def missing_overdue(self) -> int:
        return sum(c.state == CellState.OVERDUE for c in self.cells)

    @property
    def late_submitted(self) -> int:
        return sum(c.report is not None and c.report.late for c in self.cells)

    @property
    def returned(self) -> int:
        return sum(c.state == CellState.RETURNED for c in self.cells)

    @property
    def awaiting(self) -> int:
        return sum(c.state == CellState.SUBMITTED for c in self.cells)


@dataclass
class ChainMatrix:
    parent: Unit
    year: int
    today: date
    schedule: Schedule
    periods: list[PeriodDue]  # the shown columns
    rows: list[ChainRow]
    total_rows: int
    counts: Counter = field(default_factory=Counter)  # state → cells, and "late"

    @property
    def states(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.counts[s.value]) for s in CellState]


def cell_state(period: PeriodDue, report: MonitoringReport | None, today: date) -> ChainCell:
    if report is not None:
        return ChainCell(period, STATE_OF_STATUS[report.status], report, report.late)
    if period.due_on < today:
        return ChainCell(period, CellState.OVERDUE, None, True)
    return ChainCell(period, CellState.PENDING)


def _matrix_rows(
    *, parent: Unit, year: int, today: date, schedule: Schedule
) -> tuple[list[Unit], dict[int, int], list[ChainRow]]:
    children = list(Unit.objects.filter(parent=parent).order_by("code"))
    plan_ids = dict(
        Plan.objects.filter(unit__in=[c.pk for c in children], year=year, kind="general")
        .order_by()
        .values_list("unit_id", "id")
    )
    reports = {
        (r.plan_id, r.number): r
        for r in MonitoringReport.objects.filter(
            plan_id__in=list(plan_ids.values()), kind=schedule.kind
        )
    }
    rows = []
    for child in children:
        plan_id = plan_ids.get(child.pk)
        cells = [cell_state(p, reports.get((plan_id, p.number)), today) for p in schedule.periods]
        rows.append(ChainRow(child, plan_id, cells))
    return children, plan_ids, rows


def chain_matrix(
    *,
    user,
    parent: Unit,
    year: int,
    today: date,
    state: str | None = None,
    period: int | None = None,
) -> ChainMatrix:
    """The parent's children × reporting periods, in six queries whatever the number of children.

    ``period`` keeps one column; ``state`` keeps the rows with at least one shown cell in that
    state (``"late"``: missing after the due date or first submitted after it). The counts are
    over the shown columns of every row.
    """
    chain_unit_get(user=user, pk=parent.pk)
    schedule = schedule_get(unit=parent, year=year)
    _children, _plans, rows = _matrix_rows(parent=parent, year=year, today=today, schedule=schedule)
    periods = schedule.periods
    if period is not None:
        periods = [p for p in periods if p.number == period]
        for row in rows:
            row.cells = [c for c in row.cells if c.period.number == period]
    counts: Counter = Counter()
    for row in rows:
        for c in row.cells:
            counts[c.state] += 1
            counts["late"] += c.late
    total = len(rows)
    if state:
        rows = [
            r
            for r in rows
            if any((c.late if state == "late" else c.state == state) for c in r.cells)
        ]
    return ChainMatrix(parent, year, today, schedule, periods, rows, total, counts)


@dataclass
class ChildLateness:
    unit: Unit
    missing_overdue: list[str]  # period labels
    late_submitted: list[str]
    returned: list[str]


def chain_child_lateness(*, user, parent: Unit, year: int, today: date) -> list[ChildLateness]:
    """For the roll-up page: each child's reports missing after their due date, submitted late
    and returned; only the children with any. Six queries whatever the number of children."""
    chain_unit_get(user=user, pk=parent.pk)
    schedule = schedule_get(unit=parent, year=year)
    _children, _plans, rows = _matrix_rows(parent=parent, year=year, today=today, schedule=schedule)
    result = []
    for row in rows:
        item = ChildLateness(
            row.unit,
            [c.period.short for c in row.cells if c.state == CellState.OVERDUE],
            [c.period.short for c in row.cells if c.report is not None and c.report.late],
            [c.period.short for c in row.cells if c.state == CellState.RETURNED],
        )
        if item.missing_overdue or item.late_submitted or item.returned:
            result.append(item)
    return result


# --- a plan's own reports ---------------------------------------------------------------------


@dataclass
class PlanChain:
    plan: Plan
    parent: Unit | None
    schedule: Schedule | None
    cells: list[ChainCell]
    today: date

    @property
    def next_cell(self) -> ChainCell | None:
        """The report to send next: the first period not yet sent (or returned) whose period has
        ended, else the first period still running."""
        for c in self.cells:
            if c.state in (CellState.OVERDUE, CellState.RETURNED) or (
                c.state == CellState.PENDING and c.period.ends_on < self.today
            ):
                return c
        return next((c for c in self.cells if c.period.ends_on >= self.today), None)

    @property
    def attention(self) -> list[ChainCell]:
        return [c for c in self.cells if c.state in (CellState.OVERDUE, CellState.RETURNED)]


def chain_plan_status(*, user, plan: Plan, today: date) -> PlanChain:
    """The plan's reports to its parent unit, period by period; 404 if the plan is not visible.

    Five queries: access, the parent, the schedule (and its dates, or the holidays), the reports.
    """
    if not Plan.objects.filter(pk=plan.pk, unit__in=unit_list_visible(user=user)).exists():
        raise Http404
    parent = Unit.objects.filter(pk=plan.unit.parent_id).first() if plan.unit.parent_id else None
    if parent is None:
        return PlanChain(plan, None, None, [], today)
    schedule = schedule_get(unit=parent, year=plan.year)
    reports = {r.number: r for r in MonitoringReport.objects.filter(plan=plan, kind=schedule.kind)}
    cells = [cell_state(p, reports.get(p.number), today) for p in schedule.periods]
    return PlanChain(plan, parent, schedule, cells, today)


# --- one report ------------------------------------------------------------------------------


def monitoring_report_get(*, user, pk: int) -> MonitoringReport:
    """The report, with its submissions and history, if the user may see the sending unit."""
    report = (
        MonitoringReport.objects.filter(pk=pk, plan__unit__in=unit_list_visible(user=user))
        .select_related("plan__unit", "recipient")
        .prefetch_related(
            Prefetch(
                "submissions",
                MonitoringReportSubmission.objects.select_related("submitted_by").order_by(
                    "sequence"
                ),
            ),
            Prefetch(
                "events",
                MonitoringReportEvent.objects.select_related("actor", "submission").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .first()
    )
    if report is None:
        raise Http404
    return report
