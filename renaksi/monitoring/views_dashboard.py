"""The unit dashboard page: a thin caller of ``monitoring.dashboard.plan_dashboard``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from renaksi.core.params import date_or_none, int_or_none
from renaksi.monitoring.dashboard import Dashboard
from renaksi.monitoring.dashboard import plan_dashboard as dashboard_for_plan
from renaksi.monitoring.snapshot import realisation_states_as_of, returned_notes_fill
from renaksi.plans import page_cache
from renaksi.plans.selectors import plan_get
from renaksi.worklist.context_processors import navigation

# The overdue and awaiting lists show this many rows until "Tampilkan semua" is asked for.
LIST_LIMIT = 25


@dataclass
class DashboardPage:
    """What the page shows of a cached dashboard: its day, its filters, its body as HTML."""

    today: date
    filter_labels: list[tuple[str, str]]
    body: str


def _may_import(request) -> bool:
    # The navigation's own answer (kept in the session at sign-in): the link is all it decides.
    value = navigation(request)["can_import"]
    return bool(value() if callable(value) else value)


@login_required
@require_GET
def plan_dashboard(request, pk: int):
    """The dashboard; its figures and body HTML come from the cache while the plan is unchanged.

    Every viewer who passes ``plan_get`` sees the same figures and body (the dashboard's own
    scoping is the same ``unit_list_visible``), so they are keyed by the plan's stamp, the day and
    the query string only. What is the viewer's or changes apart from the plan is made on every
    view and goes into the ETag: the unit's name, the reports to the parent unit (a report sent
    does not change the plan's stamp), the navigation, the viewer.
    """
    plan = plan_get(user=request.user, pk=pk)
    # ``?per=YYYY-MM-DD`` shows the plan as it stood on that day (demos, tests, looking back).
    as_of = date_or_none(request.GET.get("per"))
    today = timezone.localdate()
    looking_back = as_of is not None and as_of < today
    area_id = int_or_none(request.GET.get("area"))
    pic = request.GET.get("pic") or None
    status = request.GET.get("status") or None
    params = ((as_of or today).isoformat(), looking_back, area_id, pic, status)
    query = tuple(sorted(request.GET.lists()))
    may_import = _may_import(request)
    figures_key = page_cache.fragment_key(kind="dashboard", plan=plan, scope=(), params=params)
    # The reports to the parent unit, through the chain app's template tag (a higher layer: the
    # template loads it, monitoring imports nothing of it).
    chain_html = render_to_string(
        "monitoring/partials/dashboard_chain.html", {"plan": plan}, request=request
    )
    etag = page_cache.viewer_etag(
        request,
        key=figures_key,
        extra=(plan.unit.code, plan.unit.name, may_import, query, chain_html),
    )
    if (not_modified := page_cache.not_modified_or_none(request, etag=etag)) is not None:
        return not_modified

    made: dict[str, Dashboard] = {}

    def figures_make() -> Dashboard:
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

    def page_make() -> DashboardPage:
        dashboard = made["dashboard"] = page_cache.cached_get_or_make(figures_key, figures_make)
        body = render_to_string(
            "monitoring/partials/dashboard_body.html",
            {
                "plan": plan,
                "dashboard": dashboard,
                "as_of": as_of,
                "list_slice": ":" if request.GET.get("daftar") == "semua" else f":{LIST_LIMIT}",
            },
            request=request,  # ``{% querystring %}``: the query string is part of the key
        )
        return DashboardPage(dashboard.today, dashboard.filter_labels, body)

    page = page_cache.cached_get_or_make(
        page_cache.stamped_key(
            kind="dashboard-page", ident=plan.pk, stamp=(figures_key,), scope=(), params=query
        ),
        page_make,
    )
    response = render(
        request,
        "monitoring/dashboard.html",
        {
            "plan": plan,
            "page": page,
            "body": mark_safe(page.body),  # noqa: S308 rendered from our own template, escaped there
            "chain_html": mark_safe(chain_html),  # noqa: S308 likewise
            # The figures when they were made for this request (tests read them), else None.
            "dashboard": made.get("dashboard"),
            "as_of": as_of,
            "can_import": may_import,
        },
    )
    return page_cache.etag_set(response, etag)
