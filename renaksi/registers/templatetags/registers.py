"""``{% register_figures_card plan %}`` on a plan's dashboard and ``{% register_figures_rollup
unit year %}`` on the roll-up page: a placeholder that htmx fills after the page has loaded
(``views.figures``), so the registers' counts add no query to those pages.
"""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("registers/partials/figures_placeholder.html")
def register_figures_card(plan):
    if plan is None:
        return {"url": ""}
    return {"url": reverse("register_figures_plan", args=[plan.pk]), "testid": "register-figures"}


@register.inclusion_tag("registers/partials/figures_placeholder.html")
def register_figures_rollup(unit, year):
    if unit is None:
        return {"url": ""}
    return {
        "url": reverse("register_figures_unit", args=[unit.pk, year]),
        "testid": "register-figures-rollup",
    }
