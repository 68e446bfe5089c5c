"""No page's query count grows with the rows it shows: roll-up, plan page and plan dashboard."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.organisations.models import Unit, User
from renaksi.plans.models import Plan, Target
from renaksi.rollup.dataset import national_dataset_build

TODAY = datetime.date(2022, 9, 15)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_it_shows_the_national_roll_up_in_the_same_queries_for_more_units(db, client):
    national_dataset_build(year=2022, provinces=2, regencies_per_province=2, today=TODAY)
    admin = User.objects.create_superuser("pusat_uji", "p@x.example", "x")
    client.force_login(admin)
    ri = Unit.objects.get(code="RI")
    url = reverse("unit_rollup", args=[ri.pk, 2022]) + f"?per={TODAY.isoformat()}"
    client.get(url)  # the first view of a session may load its translations and the like
    cache.clear()  # cold: the figures are computed (rollup.page_cache)
    small = _queries(client, url)
    small_cached = _queries(client, url)
    national_dataset_build(year=2022, provinces=5, regencies_per_province=4, today=TODAY)
    assert Unit.objects.count() == 1 + 5 + 5 * 4
    assert _queries(client, url) == small  # a new subtree stamp: computed again
    assert _queries(client, url) == small_cached
    assert small <= 18
    assert small_cached <= 13  # the stamp, the viewer's own parts; no figures, no table


def test_it_shows_a_plan_and_its_dashboard_in_the_same_queries_for_a_plan_twice_as_big(db, client):
    national_dataset_build(year=2022, provinces=1, regencies_per_province=1, today=TODAY)
    national_dataset_build(
        year=2023, provinces=1, regencies_per_province=1, plan_scale=2, today=TODAY
    )
    admin = User.objects.create_superuser("pusat_uji", "p@x.example", "x")
    client.force_login(admin)
    code = Unit.objects.filter(level=Unit.Level.REGENCY).values_list("code", flat=True).first()
    small = Plan.objects.get(unit__code=code, year=2022)
    big = Plan.objects.get(unit__code=code, year=2023)
    cells = Target.objects.filter(indicator__activity__area__plan=small).count()
    assert Target.objects.filter(indicator__activity__area__plan=big).count() == 2 * cells
    for name, most_cold, most_cached in (("plan_detail", 20, 4), ("plan_dashboard", 20, 9)):
        client.get(reverse(name, args=[small.pk]))
        cold, cached = [], []
        for plan in (small, big):
            url = reverse(name, args=[plan.pk]) + f"?per={TODAY.isoformat()}"
            cache.clear()  # cold: nothing of this plan in the page cache (plans.page_cache)
            cold.append(_queries(client, url))
            cached.append(_queries(client, url))
        assert cold[0] == cold[1], name
        assert cold[0] <= most_cold, name
        assert cached[0] == cached[1] <= most_cached, name
