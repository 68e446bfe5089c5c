"""Cells to work on: a PIC's due, overdue and returned cells, the unit's for its Sekretaris and
administrator, and the Tim Asesor's verification queue (oldest first).

The same rules as the daily reminders (``monitoring.reminders``): a scheduled cell whose period
has begun and which is not in the assessor's hands (submitted or verified) is *due* until its due
date and *overdue* after it; a returned cell is listed with the assessor's note. Plans of this
year count, and last year's until its last report was due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renaksi.core import workdays
from renaksi.monitoring.models import Realisation, RealisationEvent
from renaksi.monitoring.selectors import holiday_dates, realisation_due_on
from renaksi.plans.models import Plan, Target
from renaksi.plans.view_helpers import numbered, period_labels
from renaksi.worklist.selectors import (
    SECTION_LIMIT,
    TaskContext,
    TaskItem,
    TaskSection,
    task_provider,
)

State = Realisation.ReviewState
QUEUE_MINE = "saya"
QUEUE_VERIFY = "verifikasi"


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


@dataclass
class CellWork:
    plan: Plan
    indicator_id: int
    period: int
    title: str
    pic_id: int | None
    due_on: date
    state: str
    note: str = ""

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.plan.pk, self.indicator_id, self.period)

    @property
    def period_label(self) -> str:
        return f"{period_labels(self.plan)[self.period - 1][1]} {self.plan.year}"


def cell_link(plan_id: int, indicator_id: int, period: int, queue: str = "") -> str:
    url = reverse("cell_detail", args=[plan_id, indicator_id, period])
    return f"{url}?antrian={queue}" if queue else url


def _open_plans(ctx: TaskContext, unit_ids: set[int]) -> tuple[list[Plan], frozenset[date]]:
    """Plans of this year and last year's still open (2 queries: plans, holidays)."""
    today = ctx.today
    plans = list(
        Plan.objects.filter(unit_id__in=unit_ids, year__gte=today.year - 1, year__lte=today.year)
        .select_related("unit")
        .order_by("unit__code", "year")
    )
    holidays = holiday_dates(start=date(today.year - 1, 1, 1), end=date(today.year + 1, 12, 31))
    plans = [
        p
        for p in plans
        if p.year == today.year
        or today <= realisation_due_on(plan=p, period=p.period_count, holidays=holidays)
    ]
    return plans, holidays


def cell_work(ctx: TaskContext) -> list[CellWork]:
    """The cells not yet in the assessor's hands that the person (PIC) or their managed units
    must report, whose period has begun; five queries."""
    plans, holidays = _open_plans(ctx, ctx.member_unit_ids)
    if not plans:
        return []
    by_id = {p.pk: p for p in plans}
    whose = Q(indicator__pic=ctx.user) | Q(
        indicator__activity__area__plan__unit_id__in=ctx.managed_unit_ids
    )
    targets = (
        Target.objects.filter(whose, indicator__activity__area__plan_id__in=by_id)
        .annotate(plan_id=F("indicator__activity__area__plan_id"))
        .values_list(
            "indicator_id",
            "period",
            "plan_id",
            "indicator__number",
            "indicator__text",
            "indicator__pic_id",
        )
        .order_by(
            "indicator__activity__area__plan_id",
            "indicator__activity__area__position",
            "indicator__activity__position",
            "indicator__position",
            "period",
        )
    )
    states = {
        (ind, period): (pk, state)
        for pk, ind, period, state in Realisation.objects.filter(
            whose, indicator__activity__area__plan_id__in=by_id
        ).values_list("pk", "indicator_id", "period", "review_state")
    }
    returned_pks = [pk for pk, state in states.values() if state == State.RETURNED]
    notes: dict[int | None, str] = dict(
        RealisationEvent.objects.filter(
            realisation_id__in=returned_pks, action=RealisationEvent.Action.RETURNED
        )
        .order_by("realisation_id", "created_at", "id")
        .values_list("realisation_id", "note")
    )  # the latest return of each cell wins
    due_cache: dict[tuple[int, int], date] = {}
    work = []
    for ind, period, plan_id, number, text, pic_id in targets:
        plan = by_id[plan_id]
        if workdays.period_start(plan.year, plan.granularity, period) > ctx.today:
            continue
        pk, state = states.get((ind, period), (None, State.DRAFT))
        if state in (State.SUBMITTED, State.VERIFIED):
            continue
        if (plan_id, period) not in due_cache:
            due_cache[(plan_id, period)] = realisation_due_on(
                plan=plan, period=period, holidays=holidays
            )
        work.append(
            CellWork(
                plan=plan,
                indicator_id=ind,
                period=period,
                title=numbered(number, text),
                pic_id=pic_id,
                due_on=due_cache[(plan_id, period)],
                state=state,
                note=notes.get(pk, "") if state == State.RETURNED else "",
            )
        )
    return work


def _kind(work: CellWork, today: date) -> str:
    if work.state == State.RETURNED:
        return "returned"
    return "overdue" if work.due_on < today else "due"


def _item(work: CellWork, today: date, queue: str, *, show_unit: bool) -> TaskItem:
    kind = _kind(work, today)
    if kind == "returned":
        reason = _("%(period)s · dikembalikan oleh Tim Asesor") % {"period": work.period_label}
        tone = "warning"
    elif kind == "overdue":
        days = (today - work.due_on).days
        reason = ngettext(
            "%(period)s · terlambat %(days)s hari (tenggat %(due)s)",
            "%(period)s · terlambat %(days)s hari (tenggat %(due)s)",
            days,
        ) % {"period": work.period_label, "days": days, "due": _day(work.due_on)}
        tone = "danger"
    else:
        reason = _("%(period)s · tenggat %(due)s") % {
            "period": work.period_label,
            "due": _day(work.due_on),
        }
        tone = "info"
    return TaskItem(
        title=work.title,
        reason=reason,
        url=cell_link(*work.key, queue=queue),
        when=work.due_on,
        unit=work.plan.unit.name if show_unit else "",
        note=work.note,
        tone=tone,
        key=work.key,
    )


def _order(items: list[CellWork], today: date) -> list[CellWork]:
    rank = {"returned": 0, "overdue": 1, "due": 2}
    return sorted(items, key=lambda w: (rank[_kind(w, today)], w.due_on, w.key))


def mine_queue(ctx: TaskContext, work: list[CellWork]) -> list[CellWork]:
    """The person's own cells in the order they are listed (returned, overdue, due)."""
    managed = ctx.managed_unit_ids
    own = [w for w in work if w.pic_id == ctx.user.pk or w.plan.unit_id in managed]
    return _order(own, ctx.today)


def _dashboard_url(plan: Plan, status: str, today: date) -> str:
    url = reverse("plan_dashboard", args=[plan.pk]) + f"?status={status}"
    if today != timezone.localdate():
        url += f"&per={today.isoformat()}"
    return url


def _sections(ctx, work, *, prefix, titles, empties, show_unit, more_plan=None, order=10):
    today = ctx.today
    groups: dict[str, list[CellWork]] = {"returned": [], "overdue": [], "due": []}
    for w in _order(work, today):
        groups[_kind(w, today)].append(w)
    sections = []
    for offset, kind in enumerate(("returned", "overdue", "due")):
        # Only the items shown are made (the count gives the rest): a Sekretaris's unit can
        # have hundreds of cells due.
        shown = groups[kind][:SECTION_LIMIT]
        items = [_item(w, today, QUEUE_MINE, show_unit=show_unit) for w in shown]
        status = {"returned": State.RETURNED.value, "overdue": "overdue", "due": "pending"}[kind]
        more = _dashboard_url(more_plan, status, today) if more_plan and kind != "due" else ""
        sections.append(
            TaskSection(
                key=f"{prefix}-{kind}",
                title=titles[kind],
                items=items,
                count=len(groups[kind]),
                empty=empties[kind],
                more_url=more if len(items) > 0 else "",
                more_label=_("Lihat semua di dasbor") if more else "",
                order=order + offset,
            )
        )
    return sections


@task_provider(order=10)
def cells_for_pic_and_unit(ctx: TaskContext) -> list[TaskSection]:
    work = cell_work(ctx)
    sections = []
    managed = ctx.managed_unit_ids
    own = [w for w in work if w.pic_id == ctx.user.pk and w.plan.unit_id not in managed]
    is_pic = bool(own) or _is_pic_anywhere(ctx, managed)
    if is_pic:
        sections += _sections(
            ctx,
            own,
            prefix="pic",
            titles={
                "returned": _("Dikembalikan kepada Anda"),
                "overdue": _("Realisasi Anda yang terlambat"),
                "due": _("Jatuh tempo periode ini"),
            },
            empties={
                "returned": _("Tidak ada realisasi Anda yang dikembalikan."),
                "overdue": _("Tidak ada realisasi Anda yang terlambat."),
                "due": _("Semua realisasi Anda untuk periode berjalan sudah diajukan."),
            },
            show_unit=len(ctx.member_unit_ids) > 1,
        )
    if managed:
        unit_work = [w for w in work if w.plan.unit_id in managed]
        plans = {w.plan.pk: w.plan for w in unit_work}
        more_plan = next(iter(plans.values())) if len(plans) == 1 else None
        sections += _sections(
            ctx,
            unit_work,
            prefix="unit",
            titles={
                "returned": _("Dikembalikan di satuan kerja Anda"),
                "overdue": _("Terlambat di satuan kerja Anda"),
                "due": _("Jatuh tempo di satuan kerja Anda"),
            },
            empties={
                "returned": _("Tidak ada realisasi yang dikembalikan di satuan kerja Anda."),
                "overdue": _("Tidak ada realisasi yang terlambat di satuan kerja Anda."),
                "due": _("Semua realisasi periode berjalan di satuan kerja Anda sudah diajukan."),
            },
            show_unit=len(managed) > 1,
            more_plan=more_plan,
            order=30,
        )
    return sections


def _is_pic_anywhere(ctx: TaskContext, managed: set[int]) -> bool:
    """Whether the person is PIC of an indicator of a unit they do not manage (1 query)."""
    units = ctx.member_unit_ids - managed
    if not units:
        return False
    return Target.objects.filter(
        indicator__pic=ctx.user,
        indicator__activity__area__plan__unit_id__in=units,
        indicator__activity__area__plan__year=ctx.today.year,
    ).exists()


# --- the Tim Asesor's queue -----------------------------------------------------------------


def verification_queue(ctx: TaskContext, unit_ids: set[int] | None = None) -> list[Realisation]:
    """Submitted cells of the units where the person is Tim Asesor, oldest submission first,
    except cells they are PIC of; one query."""
    unit_ids = ctx.asesor_unit_ids if unit_ids is None else unit_ids
    if not unit_ids:
        return []
    return list(
        Realisation.objects.filter(
            review_state=State.SUBMITTED,
            indicator__activity__area__plan__unit_id__in=unit_ids,
        )
        .exclude(indicator__pic=ctx.user)
        .select_related("indicator__activity__area__plan__unit")
        .order_by("submitted_at", "id")
    )


def _queue_item(r: Realisation, today: date, queue: str, show_unit: bool) -> TaskItem:
    plan = r.indicator.activity.area.plan
    submitted = timezone.localdate(r.submitted_at)
    days = max(0, (today - submitted).days)
    label = f"{period_labels(plan)[r.period - 1][1]} {plan.year}"
    reason = ngettext(
        "%(period)s · diajukan %(when)s, menunggu %(days)s hari",
        "%(period)s · diajukan %(when)s, menunggu %(days)s hari",
        days,
    ) % {"period": label, "when": _day(submitted), "days": days}
    return TaskItem(
        title=numbered(r.indicator.number, r.indicator.text),
        reason=reason,
        url=cell_link(plan.pk, r.indicator_id, r.period, queue=queue),
        when=submitted,
        unit=plan.unit.name if show_unit else "",
        tone="warning" if days > 5 else "info",
        key=(plan.pk, r.indicator_id, r.period),
    )


@task_provider(order=20)
def asesor_queue(ctx: TaskContext) -> list[TaskSection]:
    units = ctx.asesor_unit_ids | ctx.managed_unit_ids
    if not units:
        return []
    queue = verification_queue(ctx, units)
    # Only what existed by the day shown (``?per=``): a cell submitted later is not waiting yet.
    queue = [r for r in queue if timezone.localdate(r.submitted_at) <= ctx.today]
    sections = []
    if ctx.asesor_unit_ids:
        mine = [r for r in queue if r.indicator.activity.area.plan.unit_id in ctx.asesor_unit_ids]
        sections.append(
            TaskSection(
                key="asesor-queue",
                title=_("Antrean verifikasi Anda"),
                items=[
                    _queue_item(r, ctx.today, QUEUE_VERIFY, len(ctx.asesor_unit_ids) > 1)
                    for r in mine[:SECTION_LIMIT]
                ],
                count=len(mine),
                empty=_(
                    "Antrean verifikasi kosong: semua realisasi yang diajukan sudah diperiksa."
                ),
                order=5,
            )
        )
    if ctx.managed_unit_ids:
        theirs = [
            r for r in queue if r.indicator.activity.area.plan.unit_id in ctx.managed_unit_ids
        ]
        sections.append(
            TaskSection(
                key="unit-awaiting",
                title=_("Menunggu verifikasi Tim Asesor"),
                items=[
                    _queue_item(r, ctx.today, "", len(ctx.managed_unit_ids) > 1)
                    for r in theirs[:SECTION_LIMIT]
                ],
                count=len(theirs),
                empty=_("Tidak ada realisasi yang menunggu verifikasi di satuan kerja Anda."),
                order=40,
            )
        )
    return sections
