""" "Indikator saya × periode": a PIC's indicators with each period's state, as rows of small
chips that wrap, so the list reads on a 390-px phone where the plan grid cannot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from renaksi.core import periods
from renaksi.monitoring.selectors import plan_cell_map
from renaksi.monitoring.task_providers import _open_plans, cell_link
from renaksi.monitoring.view_helpers import _state_words, cell_state
from renaksi.plans.models import Indicator
from renaksi.plans.view_helpers import numbered, period_labels
from renaksi.worklist.selectors import task_context


@dataclass
class Chip:
    label: str  # "Jan", "TW I"
    code: str  # the state's CSS suffix: verified, submitted, returned, draft, missed, pending
    title: str
    url: str


@dataclass
class GridRow:
    title: str
    unit: str
    year: int
    chips: list[Chip] = field(default_factory=list)


def my_indicator_grid(*, user, today: date) -> list[GridRow]:
    """The person's indicators (as PIC) in this year's and last year's open plans; one query
    for the indicators and three per plan (targets, realisations, holidays)."""
    ctx = task_context(user=user, today=today)
    if not ctx.memberships:
        return []
    plans, _holidays = _open_plans(ctx, ctx.member_unit_ids)
    if not plans:
        return []
    mine = list(
        Indicator.objects.filter(pic=user, activity__area__plan__in=plans)
        .order_by(
            "activity__area__plan_id",
            "activity__area__position",
            "activity__position",
            "position",
        )
        .values_list("pk", "number", "text", "activity__area__plan_id")
    )
    if not mine:
        return []
    words = _state_words()
    rows = []
    for plan in plans:
        ids = [pk for pk, _n, _t, plan_id in mine if plan_id == plan.pk]
        if not ids:
            continue
        cells = plan_cell_map(plan=plan, today=today, indicator_ids=ids)
        labels = period_labels(plan)
        by_indicator: dict[int, list] = {pk: [] for pk in ids}
        for (ind, period), cell in sorted(cells.items()):
            if ind in by_indicator and cell.scheduled:
                state = cell_state(cell, label=labels[period - 1][1], words=words)
                by_indicator[ind].append(
                    Chip(
                        periods.period_short("month", period)
                        if plan.period_count == 12
                        else labels[period - 1][0],
                        state.code,
                        state.title,
                        cell_link(plan.pk, ind, period),
                    )
                )
        for pk, number, text, _plan_id in mine:
            if by_indicator.get(pk):
                rows.append(
                    GridRow(numbered(number, text), plan.unit.name, plan.year, by_indicator[pk])
                )
    return rows
