"""The unit dashboard: how far one plan's cells are realised and verified, as of a given day.

Every number comes from one pass over ``cell_map_for_plan`` plus two small queries (areas and
indicators), so the page costs the same number of queries whatever the plan's size.

Words used below, for a scheduled cell (an indicator × period that has a ``Target``):

- realised: its realisation is ``selesai`` or has been submitted at least once;
- verified: its realisation's review state is ``verified``;
- awaiting verification: its review state is ``submitted``;
- overdue (as of ``today``): its due date has passed and it is missed (never submitted), or it
  was submitted late and is not in the assessor's hands as of ``today`` (returned or reopened,
  or first submitted only after ``today``). A cell reported on time and later returned is not
  overdue: it was reported on time, and shows under the "Dikembalikan" filter.

Realisations in unscheduled periods are counted apart and kept out of every rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext as _

from renaksi.core import workdays
from renaksi.core.periods import QUARTER_LABELS, QUARTER_TITLES
from renaksi.monitoring.models import Realisation, Timeliness
from renaksi.monitoring.presenters.tables import (  # noqa: F401 - re-exported
    AreaRow,
    CellRow,
    Dashboard,
    Filters,
    HeatCell,
    PeriodColumn,
    Tally,
    _pct,
)
from renaksi.monitoring.selectors import Cell, cell_map_for_plan
from renaksi.organisations.models import User
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import Area, Indicator, Plan
from renaksi.plans.view_helpers import numbered

State = Realisation.ReviewState

STATUS_EMPTY = "empty"
STATUS_OVERDUE = "overdue"
PIC_NONE = "-"


def status_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The status filter's options, grouped: review state, then timeliness."""
    return [
        (
            _("Status verifikasi"),
            [
                (STATUS_EMPTY, _("Belum diisi")),
                (State.DRAFT, str(State.DRAFT.label)),
                (State.SUBMITTED, _("Menunggu verifikasi")),
                (State.RETURNED, str(State.RETURNED.label)),
                (State.VERIFIED, str(State.VERIFIED.label)),
            ],
        ),
        (
            _("Ketepatan waktu"),
            [
                (STATUS_OVERDUE, _("Lewat tenggat")),
                (Timeliness.ON_TIME, str(Timeliness.ON_TIME.label)),
                (Timeliness.LATE, str(Timeliness.LATE.label)),
                (Timeliness.MISSED, str(Timeliness.MISSED.label)),
                (Timeliness.PENDING, str(Timeliness.PENDING.label)),
            ],
        ),
    ]


# --- rules for one cell --------------------------------------------------------------------


def _submitted_on(realisation: Realisation | None) -> date | None:
    if realisation is None or realisation.first_submitted_at is None:
        return None
    return timezone.localdate(realisation.first_submitted_at)


def cell_is_realised(cell: Cell) -> bool:
    r = cell.realisation
    return r is not None and (
        r.status == Realisation.Status.DONE or r.first_submitted_at is not None
    )


def cell_is_overdue(cell: Cell, today: date) -> bool:
    if not cell.scheduled or today <= cell.due_on:
        return False
    if cell.timeliness == Timeliness.MISSED:
        return True
    if cell.timeliness != Timeliness.LATE:
        return False
    r = cast(Realisation, cell.realisation)  # late means submitted: realised, with a date
    in_review = r.review_state in (State.SUBMITTED, State.VERIFIED)
    return not (in_review and cast(date, _submitted_on(r)) <= today)


def _matches_status(cell: Cell, status: str, today: date) -> bool:
    r = cell.realisation
    if status == STATUS_EMPTY:
        return r is None
    if status == STATUS_OVERDUE:
        return cell_is_overdue(cell, today)
    if status in State.values:
        return r is not None and r.review_state == status
    return cell.timeliness == status


def _timing(plan: Plan, period: int, today: date) -> str:
    if workdays.period_end(plan.year, plan.granularity, period) < today:
        return "past"
    if workdays.period_start(plan.year, plan.granularity, period) > today:
        return "future"
    return "current"


def _period_columns(plan: Plan, today: date) -> list[PeriodColumn]:
    columns = []
    for period in range(1, plan.period_count + 1):
        if plan.period_count == 4:
            label, title = QUARTER_LABELS[period - 1], str(QUARTER_TITLES[period - 1])
        else:
            label, title = str(MONTHS_3[period]).capitalize(), str(MONTHS[period])
        columns.append(PeriodColumn(period, label, title, _timing(plan, period, today)))
    return columns


def cell_url(plan: Plan, indicator_id: int, period: int) -> str:
    # The cell page lives in another module; until it is routed the link stays inert.
    try:
        return reverse("cell_detail", args=[plan.pk, indicator_id, period])
    except NoReverseMatch:
        return "#"


def _pic_value(indicator: Indicator) -> str:
    if indicator.pic_id:
        return f"u:{indicator.pic_id}"
    if indicator.pic_name:
        return f"n:{indicator.pic_name}"
    return PIC_NONE


def _pic_label(indicator: Indicator) -> str:
    if indicator.pic_id:
        return cast(User, indicator.pic).display_name
    return indicator.pic_name


# --- the selector --------------------------------------------------------------------------


def plan_dashboard(
    *,
    user,
    plan: Plan,
    today: date,
    area_id: int | None = None,
    pic: str | None = None,
    status: str | None = None,
    as_of_states: dict | None = None,
) -> Dashboard:
    """The dashboard of a plan the user may see, kept to the cells matching the filters.

    ``pic`` is ``u:<user id>``, ``n:<name as written>`` or ``-`` (no PIC); ``status`` is a review
    state, a timeliness, ``empty`` or ``overdue``. Unknown filter values are ignored. Six queries
    whatever the plan's size; a plan the user may not see comes back empty.
    """
    visible_units = unit_list_visible(user=user)
    areas = list(
        Area.objects.filter(plan=plan, plan__unit__in=visible_units)
        .order_by("position")
        .only("pk", "number", "name", "position")
    )
    indicators = list(
        Indicator.objects.filter(
            activity__area__plan=plan, activity__area__plan__unit__in=visible_units
        )
        .select_related("pic")
        .annotate(area_pk=F("activity__area_id"))
        .order_by("activity__area__position", "activity__position", "position")
        .only("pk", "number", "text", "pic", "pic_name", "activity_id")
    )
    cells = cell_map_for_plan(user=user, plan=plan, today=today)
    if as_of_states is not None:
        # Looking back: each cell as it stood that day (``monitoring.snapshot``).
        from renaksi.monitoring.snapshot import cells_as_of

        cells = cells_as_of(cells, as_of_states, today)

    area_labels = {a.pk: numbered(a.number, a.name) for a in areas}
    area_choices = [(a.pk, area_labels[a.pk]) for a in areas]
    pic_choices = _pic_choices(indicators)
    statuses = {value for _group, opts in status_choices() for value, _label in opts}
    filters = Filters(
        area_id=area_id if area_id in area_labels else None,
        pic=pic if pic in dict(pic_choices) else None,
        status=status if status in statuses else None,
    )

    by_id = {ind.pk: ind for ind in indicators}
    order = {ind.pk: i for i, ind in enumerate(indicators)}
    periods = _period_columns(plan, today)
    timing = {col.period: col.timing for col in periods}
    area_tallies = {a.pk: Tally() for a in areas}
    heat = {a.pk: {c.period: HeatCell(c.period, c.timing) for c in periods} for a in areas}
    period_totals = {c.period: HeatCell(c.period, c.timing) for c in periods}
    totals = Tally()
    overdue: list[tuple[tuple, Cell]] = []
    awaiting: list[tuple[tuple, Cell]] = []
    returned: list[tuple[tuple, Cell]] = []
    unscheduled = 0

    for cell in cells.values():
        indicator = by_id.get(cell.indicator_id)
        if indicator is None or cell.period not in timing:
            continue
        if filters.area_id and indicator.area_pk != filters.area_id:
            continue
        if filters.pic and _pic_value(indicator) != filters.pic:
            continue
        if filters.status and not _matches_status(cell, filters.status, today):
            continue
        if not cell.scheduled:
            unscheduled += 1
            continue
        r: Any = cell.realisation  # with the selector's evidence_count annotation
        realised = cell_is_realised(cell)
        verified = r is not None and r.review_state == State.VERIFIED
        waiting = r is not None and r.review_state == State.SUBMITTED
        late = cell_is_overdue(cell, today)
        for tally in (totals, area_tallies[indicator.area_pk]):
            tally.planned += 1
            tally.realised += realised
            tally.verified += verified
            tally.awaiting += waiting
            tally.overdue += late
            tally.evidenced += realised and r.evidence_count > 0
        for spot in (heat[indicator.area_pk][cell.period], period_totals[cell.period]):
            spot.planned += 1
            spot.realised += realised
            spot.verified += verified
        place = (order[cell.indicator_id], cell.period)
        if late:
            overdue.append(((cell.due_on, *place), cell))
        if waiting:
            awaiting.append(((r.submitted_at, *place), cell))
        if r is not None and r.review_state == State.RETURNED:
            returned.append(((cell.due_on, *place), cell))

    def rows(found):
        return [
            _cell_row(plan, cell, by_id[cell.indicator_id], area_labels, periods, today)
            for _key, cell in sorted(found, key=lambda item: item[0])
        ]

    return Dashboard(
        plan=plan,
        today=today,
        filters=filters,
        totals=totals,
        periods=periods,
        areas=[
            AreaRow(
                area_id=a.pk,
                label=area_labels[a.pk],
                tally=area_tallies[a.pk],
                heat=list(heat[a.pk].values()),
            )
            for a in areas
            if not filters.area_id or a.pk == filters.area_id
        ],
        period_totals=list(period_totals.values()),
        overdue=rows(overdue),
        awaiting=rows(awaiting),
        returned=rows(returned),
        unscheduled=unscheduled,
        has_realisations=any(c.realisation is not None for c in cells.values()),
        area_choices=area_choices,
        pic_choices=pic_choices,
        status_choices=status_choices(),
    )


def _pic_choices(indicators: Iterable[Indicator]) -> list[tuple[str, str]]:
    users, names, none = {}, set(), False
    for ind in indicators:
        if ind.pic_id:
            users[f"u:{ind.pic_id}"] = cast(User, ind.pic).display_name
        elif ind.pic_name:
            names.add(ind.pic_name)
        else:
            none = True
    choices = sorted(users.items(), key=lambda c: c[1].casefold())
    choices += [(f"n:{name}", name) for name in sorted(names, key=str.casefold)]
    if none:
        choices.append((PIC_NONE, _("Tanpa penanggung jawab")))
    return choices


def _cell_row(plan, cell: Cell, indicator, area_labels, periods, today) -> CellRow:
    r = cell.realisation
    first_submitted = _submitted_on(r)
    if cell_is_overdue(cell, today):
        days_late = (today - cell.due_on).days
    elif first_submitted is not None and first_submitted > cell.due_on:
        days_late = (first_submitted - cell.due_on).days
    else:
        days_late = None
    last_submitted = timezone.localdate(r.submitted_at) if r and r.submitted_at else None
    column = periods[cell.period - 1]
    return CellRow(
        indicator_id=indicator.pk,
        indicator=numbered(indicator.number, indicator.text),
        area=area_labels[indicator.area_pk],
        period=cell.period,
        period_label=column.title,
        pic=_pic_label(indicator),
        due_on=cell.due_on,
        days_late=days_late,
        review_state=r.review_state if r else "",
        review_label=str(State(r.review_state).label) if r else _("Belum diisi"),
        timeliness=cell.timeliness,
        timeliness_label=str(Timeliness(cell.timeliness).label),
        submitted_on=last_submitted,
        # Looking back (``?per=``) at a cell submitted later: it has not started waiting yet.
        waiting_days=max(0, (today - last_submitted).days)
        if r and r.review_state == State.SUBMITTED and last_submitted
        else None,
        url=cell_url(plan, indicator.pk, cell.period),
        realisation_id=r.pk if r is not None else None,
    )
