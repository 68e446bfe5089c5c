"""Reads of realisations, evidence and the holiday calendar, scoped to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from renaksi.core import periods
from renaksi.monitoring.models import (
    Evidence,
    Realisation,
    RealisationEvent,
    RealisationEvidence,
    Timeliness,
)
from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import Indicator, Plan, Target

_CELL_RELATED = ("indicator__activity__area__plan__unit", "indicator__pic", "updated_by")


# --- working-day calendar ------------------------------------------------------------------


def grace_workdays() -> int:
    return int(getattr(settings, "REALISATION_GRACE_WORKDAYS", 5))


def holiday_dates(*, start: date, end: date, include_cuti_bersama: bool = True) -> frozenset[date]:
    """Active non-working dates between ``start`` and ``end`` (inclusive), in one query.

    Cuti bersama is leave for civil servants; a deadline that must ignore it (e.g. one set by law
    for the public) passes ``include_cuti_bersama=False``. Read by ``core.periods``.
    """
    found = periods.holidays_between(start, end)
    return found.non_working(skip_cuti_bersama=include_cuti_bersama)


def holidays_for_year(year: int, grace: int) -> frozenset[date]:
    """The holidays a plan of ``year`` can meet, its due dates included.

    A period's grace runs into the next year for December; very long graces need more.
    """
    return holiday_dates(start=date(year, 1, 1), end=date(year + 1 + grace // 200, 12, 31))


def realisation_due_on(*, plan: Plan, period: int, holidays: frozenset[date] | None = None) -> date:
    """The period's last day plus the grace in working days."""
    grace = grace_workdays()
    if holidays is None:
        holidays = holidays_for_year(plan.year, grace)
    return periods.period_due_on(plan.granularity, period, plan.year, grace, holidays=holidays)


def timeliness_classify(
    *, due_on: date, submitted_at, today: date, scheduled: bool = True
) -> Timeliness:
    """On time, late, missed or pending, judged on the (first) submission date in local time.

    - on time: submitted on or before the due date;
    - late: submitted after it;
    - missed: not submitted and the due date has passed (``today > due_on``);
    - pending: not submitted and not yet due;
    - not required: an unscheduled cell that has not been submitted is never missed.
    """
    if submitted_at is not None:
        submitted_on = (
            timezone.localdate(submitted_at) if isinstance(submitted_at, datetime) else submitted_at
        )
        return Timeliness.ON_TIME if submitted_on <= due_on else Timeliness.LATE
    if not scheduled:
        return Timeliness.NOT_REQUIRED
    return Timeliness.MISSED if today > due_on else Timeliness.PENDING


# --- realisations ------------------------------------------------------------------------


def realisation_list_visible(
    *,
    user,
    plan: Plan | None = None,
    unit: Unit | None = None,
    review_state: str | None = None,
) -> QuerySet[Realisation]:
    """Realisations the user may see, with ``evidence_count`` and the cell's unit loaded."""
    qs = (
        Realisation.objects.filter(
            indicator__activity__area__plan__unit__in=unit_list_visible(user=user)
        )
        .select_related(*_CELL_RELATED)
        .annotate(evidence_count=Count("evidence_links", distinct=True))
        .order_by("indicator__activity__area__plan_id", "indicator_id", "period")
    )
    if plan is not None:
        qs = qs.filter(indicator__activity__area__plan=plan)
    if unit is not None:
        qs = qs.filter(indicator__activity__area__plan__unit=unit)
    if review_state:
        qs = qs.filter(review_state=review_state)
    return qs


def realisation_get(*, user, pk: int) -> Realisation:
    """The realisation if the user may see it; 404 otherwise, so a denial reveals nothing."""
    realisation = realisation_list_visible(user=user).filter(pk=pk).first()
    if realisation is None:
        raise Http404
    return realisation


def realisation_get_for_cell(*, user, indicator: Indicator, period: int) -> Realisation | None:
    return realisation_list_visible(user=user).filter(indicator=indicator, period=period).first()


def realisation_event_list(*, user, realisation: Realisation) -> QuerySet[RealisationEvent]:
    """A cell's full history (who, when, what, note), oldest first."""
    visible = realisation_list_visible(user=user).filter(pk=realisation.pk)
    return (
        RealisationEvent.objects.filter(realisation__in=visible.values("pk"))
        .select_related("actor", "evidence")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class Cell:
    """One indicator × period of a plan: scheduled or not, its realisation and timeliness."""

    indicator_id: int
    period: int
    scheduled: bool
    target_value: Decimal | None
    realisation: Realisation | None
    due_on: date
    timeliness: Timeliness


def cell_map_for_plan(*, user, plan: Plan, today: date) -> dict[tuple[int, int], Cell]:
    """Every scheduled cell and every realised cell of a plan, keyed by (indicator id, period).

    Four queries whatever the plan's size (permission, targets, realisations, holidays).
    ``today`` is a parameter so the missed/pending split is deterministic.
    """
    if not unit_list_visible(user=user).filter(pk=plan.unit_id).exists():
        return {}
    return plan_cell_map(plan=plan, today=today)


def plan_cell_map(
    *,
    plan: Plan,
    today: date,
    periods: list[int] | None = None,
    indicator_ids: list[int] | None = None,
) -> dict[tuple[int, int], Cell]:
    """``cell_map_for_plan`` without the viewer check, optionally for some periods or some of the
    plan's indicators only (a PIC's own: *Tugas saya* reads 8 rows of 165, not the plan).

    For callers that have already decided the plan may be read (documents, background jobs).
    """
    target_qs = Target.objects.filter(indicator__activity__area__plan=plan)
    realisation_qs = Realisation.objects.filter(indicator__activity__area__plan=plan)
    if indicator_ids is not None:
        target_qs = target_qs.filter(indicator_id__in=indicator_ids)
        realisation_qs = realisation_qs.filter(indicator_id__in=indicator_ids)
    if periods is not None:
        target_qs = target_qs.filter(period__in=periods)
        realisation_qs = realisation_qs.filter(period__in=periods)
    targets = {
        (ind_id, period): value
        for ind_id, period, value in target_qs.values_list("indicator_id", "period", "value")
    }
    realisations = {
        (r.indicator_id, r.period): r
        # A correlated count instead of a join + GROUP BY over every column: same figure, and
        # the realisations come back without the grouping (bench/README.md, plan page profile).
        for r in realisation_qs.order_by().annotate(
            evidence_count=Coalesce(
                Subquery(
                    RealisationEvidence.objects.filter(realisation=OuterRef("pk"))
                    .order_by()
                    .values("realisation")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
    }
    grace = grace_workdays()
    holidays = holidays_for_year(plan.year, grace)
    due: dict[int, date] = {}
    cells = {}
    for key in sorted(set(targets) | set(realisations)):
        ind_id, period = key
        if period not in due:
            due[period] = realisation_due_on(plan=plan, period=period, holidays=holidays)
        realisation = realisations.get(key)
        cells[key] = Cell(
            indicator_id=ind_id,
            period=period,
            scheduled=key in targets,
            target_value=targets.get(key),
            realisation=realisation,
            due_on=due[period],
            timeliness=timeliness_classify(
                due_on=due[period],
                submitted_at=realisation.first_submitted_at if realisation else None,
                today=today,
                scheduled=key in targets,
            ),
        )
    return cells


def realisation_summary_for_plan(*, plan: Plan) -> dict[tuple[int, int], dict]:
    """Realisations of a plan for the JSON export, in one query.

    The caller has already checked that the plan may be read.
    """
    rows = (
        Realisation.objects.filter(indicator__activity__area__plan=plan)
        .annotate(evidence_count=Count("evidence_links", distinct=True))
        .values_list(
            "indicator_id", "period", "status", "progress", "review_state", "evidence_count"
        )
        .order_by("indicator_id", "period")
    )
    return {
        (ind_id, period): {
            "period": period,
            "status": status,
            "progress": progress,
            "verified": review_state == Realisation.ReviewState.VERIFIED,
            "evidence": evidence,
        }
        for ind_id, period, status, progress, review_state, evidence in rows
    }


# --- evidence ----------------------------------------------------------------------------


def evidence_list_visible(*, user, unit: Unit, search: str = "") -> QuerySet[Evidence]:
    """A unit's evidence library, searchable by name, description and link.

    ``use_count`` is how many cells each item backs.
    """
    qs = (
        Evidence.objects.filter(unit=unit, unit__in=unit_list_visible(user=user))
        .select_related("uploaded_by", "unit")
        .annotate(use_count=Count("realisation_links", distinct=True))
        .order_by("-uploaded_at", "-id")
    )
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(display_name__icontains=search)
            | Q(description__icontains=search)
            | Q(url__icontains=search)
        )
    return qs


def evidence_list_for_realisation(*, user, realisation: Realisation) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(
            realisation_links__realisation=realisation,
            unit__in=unit_list_visible(user=user),
        )
        .select_related("uploaded_by")
        .order_by("realisation_links__added_at", "realisation_links__id")
    )


def evidence_get(*, user, pk: int) -> Evidence:
    """The evidence item if the user may see its unit; 404 otherwise."""
    evidence = (
        Evidence.objects.filter(pk=pk, unit__in=unit_list_visible(user=user))
        .select_related("unit", "uploaded_by")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def realisation_verifiers(realisations) -> dict[int, list]:
    """Who may verify each submitted cell, in two queries whatever their number.

    The rule of ``monitoring.verify_realisation`` (rules.py): an active member of the cell's unit
    in the Tim Asesor, who is not the cell's PIC and has not written the cell (any action in
    ``RealisationEvent.AUTHORING``).
    """
    from renaksi.organisations.models import Membership

    realisations = list(realisations)
    unit_of = {r.pk: r.indicator.activity.area.plan.unit_id for r in realisations}
    asesors: dict[int, list] = {}
    for membership in (
        Membership.objects.filter(
            role=Membership.Role.ASESOR, user__is_active=True, unit_id__in=set(unit_of.values())
        )
        .select_related("user")
        .order_by("user_id")
    ):
        asesors.setdefault(membership.unit_id, []).append(membership.user)
    authors: dict[int, set[int]] = {}
    for realisation_id, actor_id in RealisationEvent.objects.filter(
        realisation_id__in=list(unit_of), action__in=RealisationEvent.AUTHORING
    ).values_list("realisation_id", "actor_id"):
        authors.setdefault(realisation_id, set()).add(actor_id)
    return {
        r.pk: [
            user
            for user in asesors.get(unit_of[r.pk], [])
            if user.pk != r.indicator.pic_id and user.pk not in authors.get(r.pk, set())
        ]
        for r in realisations
    }
