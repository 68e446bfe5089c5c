"""The registers' figures as page fragments, loaded after the page (htmx ``load``).

The plan dashboard and the roll-up page show them, but their own query counts stay where they
were (tests assert them): the figures arrive in a second request with its own fixed count.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.selectors import plan_get
from renaksi.registers.selectors import register_figures, register_figures_tree
from renaksi.registers.views._common import today


@login_required
@require_GET
def figures_plan(request, plan_pk: int):
    plan = plan_get(user=request.user, pk=plan_pk)
    figures = register_figures(unit_ids=[plan.unit_id], year=plan.year, today=today())[plan.unit_id]
    user = request.user
    handles = user.has_perm("registers.handle_complaints", plan.unit) or user.has_perm(
        "registers.handle_requests", plan.unit
    )
    return render(
        request,
        "registers/partials/unit_figures.html",
        {"figures": figures, "unit": plan.unit, "year": plan.year, "handles": handles},
    )


@login_required
@require_GET
def figures_unit(request, unit_pk: int, year: int):
    unit = unit_list_visible(user=request.user).filter(pk=unit_pk).first()
    if unit is None or not 2000 <= year <= 2100:
        raise Http404
    tree = register_figures_tree(unit=unit, year=year, today=today())
    return render(request, "registers/partials/rollup_figures.html", {"tree": tree})
