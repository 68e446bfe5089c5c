"""Writes of the roll-up app: keeping ``PlanPeriodSummary`` in step with the cells.

``plan_summary_refresh`` is not a use case of its own: the services that change targets,
realisations or holidays call it inside their own transaction, so a summary is never committed
apart from the cells it counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from renaksi.core import periods
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.selectors import grace_workdays, holidays_for_year
from renaksi.plans.models import Granularity, Plan, Target
from renaksi.rollup.models import PlanPeriodSummary

PLAN = "indicator__activity__area__plan"
COUNTS = ("planned", "reported", "verified", "awaiting", "late", "unscheduled_verified")


@dataclass
class SummaryRow:
    """What a ``PlanPeriodSummary`` row should hold, computed from the cells."""

    plan_id: int
    period: int
    due_on: date
    planned: int = 0
    reported: int = 0
    verified: int = 0
    awaiting: int = 0
    late: int = 0
    unscheduled_verified: int = 0
    last_activity: datetime | None = None

    def values(self) -> tuple:
        return (self.due_on, *(getattr(self, n) for n in COUNTS), self.last_activity)


def due_dates(year: int) -> dict[tuple[str, int], date]:
    """Due date of every (granularity, period) of a year: period end plus grace working days."""
    grace = grace_workdays()
    holidays = holidays_for_year(year, grace)
    due = {}
    for granularity, count in ((Granularity.MONTH, 12), (Granularity.QUARTER, 4)):
        for period in range(1, count + 1):
            due[(granularity, period)] = periods.period_due_on(
                granularity, period, year, grace, holidays=holidays
            )
    return due


def summary_rows_compute(
    *, plan_ids: Iterable[int], periods: Iterable[int] | None = None, lock: bool = False
) -> dict[tuple[int, int], SummaryRow]:
    """(plan, period) → the row the cells call for; a fixed number of grouped queries.

    A period gets a row when it has a target or verified unscheduled work. The definitions are
    those of the cell page (``monitoring.selectors``): a cell is reported once first submitted,
    late when first submitted after its due date (local time), and only scheduled cells count,
    except in ``unscheduled_verified``. ``lock`` takes the plans' rows first (for a refresh).
    """
    plan_ids = list(plan_ids)
    if not plan_ids:
        return {}
    plans = {pk: (year, gran) for pk, year, gran in _plans(plan_ids, lock=lock)}
    tz = timezone.get_current_timezone()
    due_by_year = {year: due_dates(year) for year in {y for y, _g in plans.values()}}

    def due(plan_id: int, period: int) -> date:
        year, granularity = plans[plan_id]
        return due_by_year[year].get((granularity, period), date(year, 12, 31))

    rows: dict[tuple[int, int], SummaryRow] = {}

    def row(plan_id: int, period: int) -> SummaryRow:
        key = (plan_id, period)
        if key not in rows:
            rows[key] = SummaryRow(plan_id=plan_id, period=period, due_on=due(plan_id, period))
        return rows[key]

    only = {} if periods is None else {"period__in": sorted(set(periods))}
    for plan_id, period, n in (
        Target.objects.filter(**{f"{PLAN}_id__in": plan_ids}, **only)
        .values_list(f"{PLAN}_id", "period")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row(plan_id, period).planned = n

    # "Late": one condition per (plan year, granularity, period) present in this batch; a batch
    # of one kind of plan (a cell's write) needs no condition on the plan.
    kinds = set(plans.values())
    wanted = None if periods is None else set(periods)
    late = Q(pk__in=[])
    for year, granularity in kinds:
        for (g, period), due_on in due_by_year[year].items():
            if g != granularity or (wanted is not None and period not in wanted):
                continue
            which = {} if len(kinds) == 1 else {f"{PLAN}__year": year, f"{PLAN}__granularity": g}
            late |= Q(
                **which,
                period=period,
                first_submitted_at__gt=datetime.combine(due_on, time.max, tzinfo=tz),
            )
    scheduled = Target.objects.filter(indicator=OuterRef("indicator"), period=OuterRef("period"))
    realisations = Realisation.objects.filter(**{f"{PLAN}_id__in": plan_ids}, **only)
    verified = Q(review_state=Realisation.ReviewState.VERIFIED)
    for plan_id, period, reported, n_verified, awaiting, n_late, last in (
        realisations.filter(Exists(scheduled))
        .values_list(f"{PLAN}_id", "period")
        .annotate(
            reported=Count("id", filter=Q(first_submitted_at__isnull=False)),
            verified=Count("id", filter=verified),
            awaiting=Count("id", filter=Q(review_state=Realisation.ReviewState.SUBMITTED)),
            late=Count("id", filter=late),
            last=Max("updated_at"),
        )
        .order_by()
    ):
        r = row(plan_id, period)
        r.reported, r.verified, r.awaiting, r.late, r.last_activity = (
            reported,
            n_verified,
            awaiting,
            n_late,
            last,
        )
    # The state is counted, not filtered on: a WHERE on it lets SQLite walk the review-state
    # index over every plan's realisations instead of this plan's.
    for plan_id, period, n in (
        realisations.exclude(Exists(scheduled))
        .values_list(f"{PLAN}_id", "period")
        .annotate(n=Count("id", filter=verified))
        .order_by()
    ):
        if n:
            row(plan_id, period).unscheduled_verified = n
    return rows


def _plans(plan_ids: list[int], *, lock: bool):
    qs = Plan.objects.filter(pk__in=plan_ids).order_by("pk")
    if lock:
        # Two writers in one plan refresh it one after the other, each counting the other's
        # committed cells (PostgreSQL; SQLite serialises writers anyway).
        qs = qs.select_for_update(of=("self",))
    return list(qs.values_list("pk", "year", "granularity"))


def plan_summary_refresh(
    *, plan_ids: Iterable[int], periods: Iterable[int] | None = None, batch_size: int = 200
) -> int:
    """Recompute the summary rows of these plans from their cells; returns the rows written.

    Call it inside the transaction that changed the plans' targets, realisations or due dates;
    ``periods`` limits it to the periods the change touched (one cell's realisation). Deleted
    plans lose their rows by cascade; ids of plans that no longer exist are ignored.
    """
    ids = sorted({int(pk) for pk in plan_ids})
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            rows = summary_rows_compute(plan_ids=chunk, periods=periods, lock=True)
            stored = PlanPeriodSummary.objects.filter(plan_id__in=chunk)
            if periods is not None:
                stored = stored.filter(period__in=sorted(set(periods)))
            stored.delete()
            PlanPeriodSummary.objects.bulk_create(
                [
                    PlanPeriodSummary(
                        plan_id=r.plan_id,
                        period=r.period,
                        due_on=r.due_on,
                        last_activity=r.last_activity,
                        **{n: getattr(r, n) for n in COUNTS},
                    )
                    for r in rows.values()
                ],
                batch_size=1000,
            )
            written += len(rows)
    return written


def plan_summary_refresh_year(*, years: Iterable[int]) -> int:
    """Refresh every plan whose due dates may fall in these years (a holiday changed)."""
    years = set(years)
    # A December period's grace runs into the next year, so a holiday in year Y touches Y − 1 too.
    touched = years | {y - 1 for y in years}
    plan_ids = Plan.objects.filter(year__in=touched).values_list("pk", flat=True)
    return plan_summary_refresh(plan_ids=list(plan_ids))


def summary_differences(*, plan_ids: Iterable[int] | None = None) -> list[tuple]:
    """(plan, period, stored, expected) for every summary row that differs from its cells."""
    if plan_ids is None:
        plan_ids = Plan.objects.values_list("pk", flat=True)
    ids = sorted(set(plan_ids))
    found = []
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        expected = {k: r.values() for k, r in summary_rows_compute(plan_ids=chunk).items()}
        stored = {
            (s.plan_id, s.period): (
                s.due_on,
                *(getattr(s, n) for n in COUNTS),
                s.last_activity,
            )
            for s in PlanPeriodSummary.objects.filter(plan_id__in=chunk)
        }
        for key in sorted(set(expected) | set(stored)):
            if expected.get(key) != stored.get(key):
                found.append((*key, stored.get(key), expected.get(key)))
    return found
