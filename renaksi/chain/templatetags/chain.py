"""``{% chain_plan_status plan %}``: the plan's next report to its parent, for the plan's pages.

An inclusion tag, so the pages that show it need no change to their views.
"""

from django import template
from django.utils import timezone

from renaksi.chain.selectors import chain_plan_status as plan_status_get

register = template.Library()


@register.inclusion_tag("chain/partials/plan_status.html", takes_context=True)
def chain_plan_status(context, plan):
    request = context.get("request")
    if request is None or plan is None:
        return {"chain_status": None}
    return {
        "chain_status": plan_status_get(user=request.user, plan=plan, today=timezone.localdate())
    }
