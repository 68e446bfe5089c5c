"""``{% register_figures_card plan %}`` on a plan's dashboard and ``{% register_figures_rollup
unit year %}`` on the roll-up page: the registers' counts (no names), in a fixed number of queries.

Inclusion tags, so the pages that show them need no change to their views.
"""

from django import template
from django.utils import timezone

from renaksi.registers.selectors import register_figures, register_figures_tree

register = template.Library()


@register.inclusion_tag("registers/partials/unit_figures.html", takes_context=True)
def register_figures_card(context, plan):
    if plan is None:
        return {"figures": None}
    today = timezone.localdate()
    figures = register_figures(unit_ids=[plan.unit_id], year=plan.year, today=today)[plan.unit_id]
    request = context.get("request")
    user = getattr(request, "user", None)
    handles = bool(
        user
        and (
            user.has_perm("registers.handle_complaints", plan.unit)
            or user.has_perm("registers.handle_requests", plan.unit)
        )
    )
    return {"figures": figures, "unit": plan.unit, "year": plan.year, "handles": handles}


@register.inclusion_tag("registers/partials/rollup_figures.html")
def register_figures_rollup(unit, year):
    if unit is None:
        return {"tree": None}
    return {"tree": register_figures_tree(unit=unit, year=year, today=timezone.localdate())}
