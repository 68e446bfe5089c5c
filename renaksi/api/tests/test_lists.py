"""Cursor pagination and ``changed_since`` over a concurrent write; fixed query counts."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.utils import timezone

from renaksi.api.tests.helpers import client_for
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import realisation_save
from renaksi.plans.models import Indicator

pytestmark = pytest.mark.django_db


def _fill(plan, actor, periods=range(1, 13)):
    indicator = Indicator.objects.get(activity__area__plan=plan, text="Tersedianya SK")
    for period in periods:
        realisation_save(
            indicator=indicator,
            period=period,
            actor=actor,
            expected_version=0,
            status="in_progress",
            progress=10,
        )
    return indicator


def _all_pages(client, url):
    ids, pages = [], 0
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
        pages += 1
    return ids, pages


def test_cursor_pages_survive_a_concurrent_write_and_changed_since_picks_it_up(
    tree, people, small_plan
):
    indicator = _fill(small_plan, people.pelaksana, range(1, 11))
    client = client_for(people.viewer)
    start = timezone.now()
    first = client.get(f"/api/v1/realisations/?plan={small_plan.pk}&page_size=4").json()
    seen = [row["id"] for row in first["results"]]
    assert len(seen) == 4 and first["next"]
    # Between two pages: one row already read changes, one new row is added.
    changed = Realisation.objects.get(pk=seen[1])
    realisation_save(
        indicator=indicator,
        period=changed.period,
        actor=people.pelaksana,
        expected_version=changed.version,
        status="done",
        progress=100,
    )
    new = realisation_save(
        indicator=indicator,
        period=11,
        actor=people.pelaksana,
        expected_version=0,
        status="in_progress",
        progress=5,
    )
    rest, _pages = _all_pages(client, first["next"])
    everything = seen + rest
    assert len(everything) == len(set(everything)) == 11  # no row twice, none skipped
    assert everything == sorted(everything) and everything[-1] == new.pk
    # The next incremental sync brings exactly what changed since the first page was read.
    since = quote(start.isoformat())
    synced, _ = _all_pages(
        client, f"/api/v1/realisations/?plan={small_plan.pk}&changed_since={since}"
    )
    assert set(synced) >= {changed.pk, new.pk}
    later = quote(timezone.now().isoformat())
    synced, _ = _all_pages(client, f"/api/v1/realisations/?changed_since={later}")
    assert synced == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units/",
        "/api/v1/plans/",
        "/api/v1/indicators/",
        "/api/v1/realisations/",
        "/api/v1/chain-reports/",
    ],
)
def test_list_endpoints_use_a_fixed_number_of_queries(
    url, tree, people, small_plan, django_assert_max_num_queries, django_assert_num_queries
):
    from renaksi.conftest import small_parsed_plan
    from renaksi.plans.services import plan_import

    client = client_for(people.national_admin)
    client.get(url)  # the token's first use writes last_used_at once

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _fill(small_plan, people.pelaksana, range(1, 7))
    plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sibling_sekretaris,
        source_name="x.json",
        source_bytes=b"{}",
        source_format="json",
    )
    from renaksi.chain.services import monitoring_report_submit

    monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris)
    big = count()
    assert big == small, (url, small, big)
    assert big <= 6
