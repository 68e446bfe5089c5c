"""The unit dashboard page: a thin caller of ``monitoring.dashboard.plan_dashboard``."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from renaksi.monitoring.dashboard import plan_dashboard as dashboard_for_plan
from renaksi.monitoring.snapshot import realisation_states_as_of, returned_notes_fill
from renaksi.plans import page_cache
from renaksi.plans.selectors import plan_get
from renaksi.plans.view_helpers import can_import

# The overdue and awaiting lists show this many rows until "Tampilkan semua" is asked for.
LIST_LIMIT = 25


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def plan_dashboard(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    # ``?per=YYYY-MM-DD`` shows the plan as it stood on that day (demos, tests, looking back).
    as_of = _date_or_none(request.GET.get("per"))
    today = timezone.localdate()
    looking_back = as_of is not None and as_of < today
    area_id = _int_or_none(request.GET.get("area"))
    pic = request.GET.get("pic") or None
    status = request.GET.get("status") or None
    params = ((as_of or today).isoformat(), looking_back, area_id, pic, status)
    may_import = can_import(request.user)
    etag = page_cache.page_etag(
        request,
        kind="dashboard",
        plan=plan,
        scope=(may_import,),
        params=(*params, request.GET.get("daftar")),
    )
    if (not_modified := page_cache.not_modified_or_none(request, etag=etag)) is not None:
        return not_modified

    def make():
        states = (
            realisation_states_as_of(plan=plan, day=as_of)
            if looking_back and as_of is not None
            else None
        )
        dashboard = dashboard_for_plan(
            user=request.user,
            plan=plan,
            today=as_of or today,
            area_id=area_id,
            pic=pic,
            status=status,
            as_of_states=states,
        )
        returned_notes_fill(dashboard.returned, plan=plan, day=as_of)
        return dashboard

    # Every viewer who passes plan_get sees the same figures (the dashboard's own scoping is the
    # same unit_list_visible): the scope is empty, the viewer's rights stay in the page's ETag.
    dashboard = page_cache.fragment_get_or_make(
        kind="dashboard", plan=plan, scope=(), params=params, make=make
    )
    response = render(
        request,
        "monitoring/dashboard.html",
        {
            "plan": plan,
            "dashboard": dashboard,
            "as_of": as_of,
            "list_slice": ":" if request.GET.get("daftar") == "semua" else f":{LIST_LIMIT}",
            "can_import": may_import,
        },
    )
    return page_cache.etag_set(response, etag)
