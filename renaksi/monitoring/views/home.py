"""The home page: *Tugas saya* (the sections every app registers with ``worklist``), the grid of
my indicators, and the plans the person may see. It lives here, above ``plans`` and ``worklist``,
because it shows realisations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from renaksi.core.params import date_or_none, int_or_none
from renaksi.monitoring.my_grid import my_indicator_grid
from renaksi.organisations.selectors import membership_list_for_user
from renaksi.plans import view_helpers as helpers
from renaksi.plans.selectors import plan_list_visible
from renaksi.worklist.selectors import task_page_for_user

HOME_PAGE_SIZE = 25


@login_required
def home(request):
    search = request.GET.get("q", "").strip()[:100]
    year = int_or_none(request.GET.get("tahun"))
    plans = plan_list_visible(user=request.user, search=search, year=year)
    page = Paginator(plans, HOME_PAGE_SIZE).get_page(request.GET.get("halaman"))
    years = helpers.plan_year_list_visible(user=request.user)
    # ``?per=YYYY-MM-DD`` shows the work as of that day (demos, tests, looking back).
    as_of = date_or_none(request.GET.get("per"))
    today = as_of or timezone.localdate()
    return render(
        request,
        "plans/home.html",
        {
            "page": page,
            "search": search,
            "year": year,
            "years": years,
            "filtered": bool(search or year),
            "memberships": membership_list_for_user(user=request.user),
            "tasks": task_page_for_user(user=request.user, today=today),
            "my_grid": my_indicator_grid(user=request.user, today=today),
            "as_of": as_of,
            "can_import": helpers.can_import(request.user),
        },
    )
