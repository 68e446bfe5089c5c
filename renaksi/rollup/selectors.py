"""Roll-ups up the unit tree: every child unit's progress in a fixed number of queries.

A parent sees each direct child with the figures of the child's whole subtree (for KPU RI: each
province with its regencies; for a province: each regency). Nothing here runs a query per unit or
reads the cells: the maintained plan × period summaries (``PlanPeriodSummary``, kept in step by
``rollup.services.plan_summary_refresh`` in every write that changes cells) are summed per plan
and per period in two aggregate queries, and Python folds the plans up the tree. "Missed" depends
on the day of the view and is derived here: planned − reported of the periods whose due date has
passed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import cast

from django.db.models import Exists, F, Max, Min, OuterRef, Q, Sum
from django.http import Http404
from django.utils import timezone

from renaksi.monitoring.models import Realisation
from renaksi.organisations.models import Unit
from renaksi.plans.models import Granularity, Plan, Target
from renaksi.rollup.as_of import recount_as_of
from renaksi.rollup.models import PlanPeriodSummary
from renaksi.rollup.services import due_dates, summary_rows_compute


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
    # every unit of the subtree → the direct child of parent it falls under (parent → itself)
    child_of: dict[int, int] = field(default_factory=dict)


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


def _year_figures(
    *,
    unit_ids: list[int],
    year: int,
    today: date,
    plans: dict[int, tuple[int, str]] | None = None,
    due: dict[tuple[str, int], date] | None = None,
) -> tuple[dict[int, Stats], dict[int, tuple[int, int]]]:
    """Each unit's own-plan figures and the month-by-month trend, from the maintained summaries
    (``_figures`` summed over the units)."""
    stats, by_period = _figures(unit_ids=unit_ids, year=year, today=today, plans=plans, due=due)
    return stats, _trend({(g, p): n for (_unit, g, p), n in by_period.items()})


def _figures(
    *,
    unit_ids: list[int],
    year: int,
    today: date,
    plans: dict[int, tuple[int, str]] | None = None,
    due: dict[tuple[str, int], date] | None = None,
    per_unit: bool = False,
) -> tuple[dict[int, Stats], dict[tuple[int | None, str, int], list[int]]]:
    """Each unit's own-plan figures and the planned and verified cells per period, from the
    maintained summaries.

    Two aggregate queries over the summary rows (per granularity × period; per plan) plus the
    plans and the holidays behind the due dates, whatever the number of units. A plan whose rows
    are missing or were counted against other due dates (holidays or the grace setting changed
    without a refresh) is counted from its cells instead, all such plans together in a few grouped
    queries, so the figures are right even before ``rollup_summary_check --fix``. "Last activity"
    is as of ``today``: a view of the past reads it from the realisations concerned (one query).
    ``plans`` (General plan id → unit id, granularity) and ``due`` (``due_dates(year)``), when
    the caller has read them already, save their queries. The periods are counted per unit with
    ``per_unit`` (``unit_figures``), else for all units together (None).
    """
    stats: dict[int, Stats] = defaultdict(Stats)
    for unit_id in unit_ids:
        stats[unit_id].units = 1
    if plans is None:
        plans = {
            pk: (unit_id, granularity)
            for pk, unit_id, granularity in Plan.objects.filter(
                unit_id__in=unit_ids, year=year, kind="general"
            )
            .values_list("pk", "unit_id", "granularity")
            .order_by()
        }
    for unit_id, _granularity in plans.values():
        stats[unit_id].plans = 1
    if not plans:
        return dict(stats), {}
    by_unit = ("plan__unit_id",) if per_unit else ()
    if due is None:
        due = due_dates(year)
    end_of_today = datetime.combine(today, time.max, tzinfo=timezone.get_current_timezone())
    summaries = PlanPeriodSummary.objects.filter(
        plan__unit_id__in=unit_ids, plan__year=year, plan__kind="general"
    )

    # Per granularity × period: the trend, and whether every row was counted against today's
    # due date (the earliest and latest stored date both equal it).
    def per_period(rows):
        return (
            rows.values_list(*by_unit, "plan__granularity", "period")
            .annotate(
                n_planned=Sum("planned"),
                n_verified=Sum(F("verified") + F("unscheduled_verified")),
                first_due=Min("due_on"),
                last_due=Max("due_on"),
            )
            .order_by()
        )

    found = list(per_period(summaries))
    stale: set[int] = set()
    if any(due.get((g, p)) != first or first != last for *_u, g, p, _n, _v, first, last in found):
        current = Q(pk__in=[])
        for (granularity, period), due_on in due.items():
            current |= Q(plan__granularity=granularity, period=period, due_on=due_on)
        stale = set(summaries.exclude(current).values_list("plan_id", flat=True).distinct())
        found = list(per_period(summaries.exclude(plan_id__in=stale)))
    by_period: dict[tuple[int | None, str, int], list[int]] = defaultdict(lambda: [0, 0])
    for *unit, granularity, period, planned, verified, _first, _last in found:
        key = (unit[0] if unit else None, granularity, period)
        by_period[key][0] += planned
        by_period[key][1] += verified

    # Missed: scheduled, due date passed, never submitted (due dates grow with the period).
    past = Q(pk__in=[])
    for granularity in (Granularity.MONTH, Granularity.QUARTER):
        periods = [p for (g, p), due_on in due.items() if g == granularity and today > due_on]
        if periods:
            past |= Q(plan__granularity=granularity, period__lte=max(periods))
    per_plan = (
        summaries.values_list("plan_id")
        .annotate(
            **{f"n_{n}": Sum(n) for n in ("planned", "reported", "verified", "awaiting", "late")},
            missed=Sum(F("planned") - F("reported"), filter=past, default=0),
            planned_past=Sum("planned", filter=past, default=0),
            last=Max("last_activity"),
        )
        .order_by()
    )
    later: set[int] = set()
    seen: set[int] = set()
    planned_past: dict[int, int] = {}
    for plan_id, planned, reported, verified, awaiting, late, missed, past_n, last in per_plan:
        seen.add(plan_id)
        planned_past[plan_id] = past_n
        if plan_id in stale or plan_id not in plans:
            continue
        s = stats[plans[plan_id][0]]
        s.planned, s.reported, s.verified, s.awaiting, s.late, s.missed = (
            planned,
            reported,
            verified,
            awaiting,
            late,
            missed,
        )
        if last and last > end_of_today:
            later.add(plan_id)
        else:
            s.last_activity = last
    stale |= set(plans) - seen
    if stale:
        _add_from_cells(stats, by_period, plans, stale, today, end_of_today, later, per_unit)
    if later - stale:
        # Changed after the day viewed: counted as they stood then, with their last activity up
        # to that day (``rollup.as_of``, one query).
        recount_as_of(
            stats=stats,
            plans=plans,
            plan_ids=later - stale,
            today=today,
            end_of_today=end_of_today,
            due=due,
            planned_past=planned_past,
        )
    if later & stale:
        for plan_id, last in _last_activity_as_of(later & stale, end_of_today).items():
            stats[plans[plan_id][0]].last_activity = last
    return dict(stats), by_period


def _add_from_cells(stats, by_period, plans, stale, today, end_of_today, later, per_unit) -> None:
    for r in summary_rows_compute(plan_ids=stale).values():
        if r.plan_id not in plans:
            continue
        unit_id, granularity = plans[r.plan_id]
        s = stats[unit_id]
        s.planned += r.planned
        s.reported += r.reported
        s.verified += r.verified
        s.awaiting += r.awaiting
        s.late += r.late
        if today > r.due_on:
            s.missed += r.planned - r.reported
        key = (unit_id if per_unit else None, granularity, r.period)
        by_period[key][0] += r.planned
        by_period[key][1] += r.verified + r.unscheduled_verified
        if r.last_activity and r.last_activity > end_of_today:
            later.add(r.plan_id)
        elif r.last_activity and (s.last_activity is None or r.last_activity > s.last_activity):
            s.last_activity = r.last_activity


def _last_activity_as_of(plan_ids: set[int], end_of_today: datetime) -> dict[int, datetime]:
    """The latest change up to ``end_of_today`` of these plans' scheduled cells.

    The summary keeps only each period's latest change; when that is later than the day viewed,
    the latest change up to that day cannot be derived from it. Today's view never needs this.
    """
    plan = "indicator__activity__area__plan_id"
    scheduled = Target.objects.filter(indicator=OuterRef("indicator"), period=OuterRef("period"))
    return dict(
        Realisation.objects.filter(
            **{f"{plan}__in": sorted(plan_ids)}, updated_at__lte=end_of_today
        )
        .filter(Exists(scheduled))
        .values_list(plan)
        .annotate(last=Max("updated_at"))
        .order_by()
    )


def unit_stats(*, unit_ids: list[int], year: int, today: date) -> dict[int, Stats]:
    """Each unit's own-plan figures for a year, from the maintained plan × period summaries."""
    return _year_figures(unit_ids=unit_ids, year=year, today=today)[0]


def _trend(by_period: dict[tuple[str, int], list[int]]) -> dict[int, tuple[int, int]]:
    """Planned and verified cells per month; a quarterly plan's TW n counts in month 3n.

    Verified counts every verified realisation of the month, unscheduled work included.
    """
    planned: dict[int, int] = defaultdict(int)
    verified: dict[int, int] = defaultdict(int)
    for (granularity, period), (n_planned, n_verified) in by_period.items():
        month = period * 3 if granularity == Granularity.QUARTER else period
        if n_planned:
            planned[month] += n_planned
        if n_verified:
            verified[month] += n_verified
    return {
        m: (planned.get(m, 0), verified.get(m, 0)) for m in sorted(set(planned) | set(verified))
    }


def rollup_for_unit(*, user, parent: Unit, year: int, today: date) -> Rollup:
    """The parent's children with their subtree figures, ranked by verified share."""
    if not user.has_perm("organisations.view_unit", parent):
        raise Http404
    return rollup_compute(parent=parent, year=year, today=today)


def rollup_compute(
    *,
    parent: Unit,
    year: int,
    today: date,
    plans: dict[int, tuple[int, str]] | None = None,
    due: dict[tuple[str, int], date] | None = None,
) -> Rollup:
    """``rollup_for_unit`` without the access check: the same for every viewer of ``parent``;
    ``plans`` and ``due`` as for ``_year_figures``. The page composes the same roll-up from
    figures cached per child (``rollup_compose``, ``rollup.page_cache``)."""
    units, child_of = _subtree(parent)
    ids = list(units)
    per_unit, trend = _year_figures(unit_ids=ids, year=year, today=today, plans=plans, due=due)
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
    return _ranked(
        Rollup(
            parent=parent,
            year=year,
            today=today,
            own=per_unit.get(parent.pk, Stats(units=1)),
            rows=rows,
            total=total,
            trend=trend,
            child_of=child_of,
        )
    )


def _ranked(rollup: Rollup) -> Rollup:
    """The rows ranked by verified share (then reported share, then code), listed by code."""
    rows = rollup.rows
    rows.sort(key=lambda r: (-r.stats.verified_pct, -r.stats.reported_pct, r.unit.code))
    # Units without any plan are not ranked (rank 0): the page lists them apart.
    for rank, row in enumerate((r for r in rows if r.stats.plans), 1):
        row.rank = rank
    rows.sort(key=lambda r: r.unit.code)
    return rollup


@dataclass
class SubtreeFigures:
    """A unit's whole subtree for a year as of a day: its figures and its cells per period."""

    stats: Stats
    by_period: dict[tuple[str, int], tuple[int, int]]  # (granularity, period) → planned, verified


def unit_figures(
    *,
    unit_ids: list[int],
    year: int,
    today: date,
    plans: dict[int, tuple[int, str]],
    due: dict[tuple[str, int], date],
) -> dict[int, SubtreeFigures]:
    """Each unit's own plan's figures and cells per period, as ``rollup_compute`` counts them,
    all units together in the queries of one roll-up, reading only their plans' rows. ``plans``
    (General plan id → unit id, granularity) may hold other units' plans too; ``due`` is
    ``due_dates(year)``."""
    ids = set(unit_ids)
    own_plans = {pk: plan for pk, plan in plans.items() if plan[0] in ids}
    stats, by_period = _figures(
        unit_ids=sorted(ids), year=year, today=today, plans=own_plans, due=due, per_unit=True
    )
    figures = {pk: SubtreeFigures(stats=stats.get(pk, Stats(units=1)), by_period={}) for pk in ids}
    for (unit_id, granularity, period), (planned, verified) in by_period.items():
        figures[cast(int, unit_id)].by_period[(granularity, period)] = (planned, verified)
    return figures


def subtree_figures_sum(parts: list[SubtreeFigures]) -> SubtreeFigures:
    """The figures of a subtree from those of its parts (its root alone, each child's subtree)."""
    stats = Stats()
    by_period: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for part in parts:
        stats.add(part.stats)
        for key, (planned, verified) in part.by_period.items():
            by_period[key][0] += planned
            by_period[key][1] += verified
    return SubtreeFigures(stats=stats, by_period={k: (p, v) for k, (p, v) in by_period.items()})


def rollup_compose(
    *,
    parent: Unit,
    year: int,
    today: date,
    children: list[Unit],
    figures: dict[int, SubtreeFigures],
    child_of: dict[int, int],
    with_children: set[int],
) -> Rollup:
    """The roll-up of ``parent`` from its own plan's figures (``figures[parent.pk]``, the parent
    alone) and each direct child's subtree figures: equal to ``rollup_compute``. ``child_of`` as
    in ``Rollup``; ``with_children``: the children that have children of their own."""
    own = figures[parent.pk]
    whole = subtree_figures_sum([own, *(figures[c.pk] for c in children)])
    rows = [
        RollupRow(unit=child, stats=figures[child.pk].stats, has_children=child.pk in with_children)
        for child in children
    ]
    return _ranked(
        Rollup(
            parent=parent,
            year=year,
            today=today,
            own=own.stats,
            rows=rows,
            total=whole.stats,
            trend=_trend(whole.by_period),
            child_of=child_of,
        )
    )
