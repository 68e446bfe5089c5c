"""Roll-ups up the unit tree: every child unit's progress in a fixed number of aggregate queries.

A parent sees each direct child with the figures of the child's whole subtree (for KPU RI: each
province with its regencies; for a province: each regency). Nothing here runs a query per unit:
four grouped queries return per-unit, per-period counts and Python folds them up the tree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from renaksi.core import workdays
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.selectors import _holidays_for_year, grace_workdays
from renaksi.organisations.models import Unit
from renaksi.plans.models import Granularity, Plan, Target


@dataclass
class Stats:
    units: int = 0
    plans: int = 0
    planned: int = 0
    reported: int = 0  # scheduled cells submitted at least once
    verified: int = 0
    awaiting: int = 0  # submitted, waiting for the assessor
    late: int = 0  # first submitted after the due date
    missed: int = 0  # due date passed, never submitted
    last_activity: datetime | None = None

    def add(self, other: Stats):
        for name in (
            "units",
            "plans",
            "planned",
            "reported",
            "verified",
            "awaiting",
            "late",
            "missed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.last_activity and (
            self.last_activity is None or other.last_activity > self.last_activity
        ):
            self.last_activity = other.last_activity

    @property
    def verified_pct(self) -> float:
        return round(100 * self.verified / self.planned, 1) if self.planned else 0.0

    @property
    def reported_pct(self) -> float:
        return round(100 * self.reported / self.planned, 1) if self.planned else 0.0


@dataclass
class RollupRow:
    unit: Unit
    stats: Stats
    has_children: bool
    rank: int = 0


@dataclass
class Rollup:
    parent: Unit
    year: int
    today: date
    own: Stats  # the parent's own plan
    rows: list[RollupRow]
    total: Stats  # parent and everything below it
    # period → (planned, verified) over the whole subtree, for the month-by-month trend
    trend: dict[int, tuple[int, int]] = field(default_factory=dict)


def _due_dates(year: int) -> dict[tuple[str, int], date]:
    """Due date of every (granularity, period) of a year: period end plus grace working days."""
    grace = grace_workdays()
    holidays = _holidays_for_year(year, grace)
    due = {}
    for granularity, count in ((Granularity.MONTH, 12), (Granularity.QUARTER, 4)):
        for period in range(1, count + 1):
            end = workdays.period_end(year, granularity, period)
            due[(granularity, period)] = workdays.add_working_days(end, grace, holidays)
    return due


def _subtree(parent: Unit) -> tuple[dict[int, Unit], dict[int, int]]:
    """Units below ``parent`` (itself included), and the direct child of parent each falls under."""
    units = {u.pk: u for u in Unit.objects.descendants(parent, include_self=True)}
    child_of: dict[int, int] = {}
    for pk, unit in units.items():
        node = unit
        while node.parent_id is not None and node.parent_id != parent.pk and node.pk != parent.pk:
            node = units[node.parent_id]
        child_of[pk] = node.pk
    return units, child_of


def unit_stats(*, unit_ids: list[int], year: int, today: date) -> dict[int, Stats]:
    """Each unit's own-plan figures for a year, from four grouped queries."""
    due = _due_dates(year)
    tz = timezone.get_current_timezone()
    stats: dict[int, Stats] = defaultdict(Stats)
    plan_unit = "indicator__activity__area__plan__unit_id"

    plans = Plan.objects.filter(unit_id__in=unit_ids, year=year).values_list("unit_id", flat=True)
    for unit_id in plans:
        stats[unit_id].plans = 1

    targets = Target.objects.filter(
        indicator__activity__area__plan__unit_id__in=unit_ids,
        indicator__activity__area__plan__year=year,
    )
    for unit_id, n in targets.values_list(plan_unit).annotate(n=Count("id")).order_by():
        stats[unit_id].planned = n

    # "Late": submitted after its own period's due date; one condition per (granularity, period).
    late = Q()
    for (granularity, period), due_on in due.items():
        deadline = datetime.combine(due_on, time.max, tzinfo=tz)
        late |= Q(
            indicator__activity__area__plan__granularity=granularity,
            period=period,
            first_submitted_at__gt=deadline,
        )
    scheduled = Target.objects.filter(indicator=OuterRef("indicator"), period=OuterRef("period"))
    end_of_today = datetime.combine(today, time.max, tzinfo=tz)
    reported = (
        Realisation.objects.filter(
            indicator__activity__area__plan__unit_id__in=unit_ids,
            indicator__activity__area__plan__year=year,
        )
        .filter(Exists(scheduled))
        .values_list(plan_unit)
        .annotate(
            reported=Count("id", filter=Q(first_submitted_at__isnull=False)),
            verified=Count("id", filter=Q(review_state=Realisation.ReviewState.VERIFIED)),
            awaiting=Count("id", filter=Q(review_state=Realisation.ReviewState.SUBMITTED)),
            late=Count("id", filter=late),
            # "Last activity" as of ``today``: later edits do not show on an earlier view.
            last=Max("updated_at", filter=Q(updated_at__lte=end_of_today)),
        )
        .order_by()
    )
    for unit_id, n_reported, n_verified, n_awaiting, n_late, last in reported:
        s = stats[unit_id]
        s.reported, s.verified, s.awaiting, s.late, s.last_activity = (
            n_reported,
            n_verified,
            n_awaiting,
            n_late,
            last,
        )

    past_due = Q(pk__in=[])
    for (granularity, period), due_on in due.items():
        if today > due_on:
            past_due |= Q(indicator__activity__area__plan__granularity=granularity, period=period)
    submitted = Realisation.objects.filter(
        indicator=OuterRef("indicator"), period=OuterRef("period"), first_submitted_at__isnull=False
    )
    missed = (
        targets.filter(past_due)
        .exclude(Exists(submitted))
        .values_list(plan_unit)
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, n in missed:
        stats[unit_id].missed = n
    for unit_id in unit_ids:
        stats[unit_id].units = 1
    return dict(stats)


def _trend(*, unit_ids: list[int], year: int) -> dict[int, tuple[int, int]]:
    """Planned and verified cells per month; a quarterly plan's TW n counts in month 3n."""
    plan = "indicator__activity__area__plan"
    scope = {f"{plan}__unit_id__in": unit_ids, f"{plan}__year": year}

    def month(granularity: str, period: int) -> int:
        return period * 3 if granularity == Granularity.QUARTER else period

    planned: dict[int, int] = defaultdict(int)
    for granularity, period, n in (
        Target.objects.filter(**scope)
        .values_list(f"{plan}__granularity", "period")
        .annotate(n=Count("id"))
        .order_by()
    ):
        planned[month(granularity, period)] += n
    verified: dict[int, int] = defaultdict(int)
    for granularity, period, n in (
        Realisation.objects.filter(**scope, review_state=Realisation.ReviewState.VERIFIED)
        .values_list(f"{plan}__granularity", "period")
        .annotate(n=Count("id"))
        .order_by()
    ):
        verified[month(granularity, period)] += n
    return {
        m: (planned.get(m, 0), verified.get(m, 0)) for m in sorted(set(planned) | set(verified))
    }


def rollup_for_unit(*, user, parent: Unit, year: int, today: date) -> Rollup:
    """The parent's children with their subtree figures, ranked by verified share."""
    if not user.has_perm("organisations.view_unit", parent):
        raise Http404
    units, child_of = _subtree(parent)
    ids = list(units)
    per_unit = unit_stats(unit_ids=ids, year=year, today=today)
    by_child: dict[int, Stats] = defaultdict(Stats)
    total = Stats()
    for pk in ids:
        s = per_unit.get(pk, Stats(units=1))
        total.add(s)
        if pk != parent.pk:
            by_child[child_of[pk]].add(s)
    parents_with_children = {u.parent_id for u in units.values()}
    rows = [
        RollupRow(unit=units[pk], stats=s, has_children=pk in parents_with_children)
        for pk, s in by_child.items()
    ]
    rows.sort(key=lambda r: (-r.stats.verified_pct, -r.stats.reported_pct, r.unit.code))
    for rank, row in enumerate(rows, 1):
        row.rank = rank
    rows.sort(key=lambda r: r.unit.code)
    return Rollup(
        parent=parent,
        year=year,
        today=today,
        own=per_unit.get(parent.pk, Stats(units=1)),
        rows=rows,
        total=total,
        trend=_trend(unit_ids=ids, year=year),
    )
