"""The plan page's grid: the rendered lampiran table and the figures around it, one value to cache.

Made by ``plan_grid_make`` on a cache miss (``plans.page_cache``); the plan page only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from renaksi.plans.presenters.tables import plan_rows_html, plan_table
from renaksi.plans.selectors import import_report_latest, plan_tree
from renaksi.plans.view_helpers import import_report_view


@dataclass
class PlanGrid:
    """The plan page's expensive part, rendered once per stamp and scope (``page_cache``)."""

    html: str
    areas: list
    indicator_count: int
    report: object
    can_verify: bool
    awaiting: int
    first_awaiting: tuple | None


def plan_grid_make(request, *, plan, query, today, can_change, can_verify) -> PlanGrid:
    # monitoring sits above plans (README, Architecture): imported when the page is made.
    from renaksi.monitoring.view_helpers import plan_cells

    cells = plan_cells(user=request.user, plan=plan, today=today, can_verify=can_verify)
    table = plan_table(plan=plan, tree=plan_tree(plan=plan), query=query, cell_states=cells.states)
    html = render_to_string(
        "plans/partials/plan_table.html",
        {
            "plan": plan,
            "table": table,
            "rows_html": plan_rows_html(table=table, plan=plan, can_change=can_change),
            "query": query,
            "can_change": can_change,
            "cells": cells,
        },
    )
    return PlanGrid(
        html=mark_safe(html),  # noqa: S308 - a rendered template, escaped there
        areas=table.areas,
        indicator_count=table.indicator_count,
        # The import findings are decisions for those who may correct the plan (issue 20); a
        # PIC or a reader cannot act on them and is not shown the report (scope keys the cache).
        report=(
            import_report_view(import_report_latest(plan=plan), table.line_anchors)
            if can_change
            else None
        ),
        can_verify=cells.can_verify,
        awaiting=cells.awaiting,
        first_awaiting=cells.first_awaiting,
    )
