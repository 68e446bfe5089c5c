"""The cached roll-up: never another viewer's page, new after every write, 304 when unchanged.

The small plan (17.09, 2023) under KPU Provinsi Bengkulu under KPU RI; every persona opens the
national and both province roll-ups after the others have filled the cache, and gets exactly
what it gets with an empty cache (only the per-request CSRF mask differs).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from renaksi.conftest import Personas
from renaksi.monitoring.services import realisation_save, realisation_submit
from renaksi.organisations.regions import UnitRow
from renaksi.organisations.services import units_load
from renaksi.plans.models import Indicator

YEAR = 2023
PERSONAS = list(Personas.__dataclass_fields__)
UNITS = ["ri", "bengkulu", "sumsel"]
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _page(client, user, unit, query=""):
    client.force_login(user)
    response = client.get(reverse("unit_rollup", args=[unit.pk, YEAR]) + query)
    return response.status_code, CSRF.sub(rb'\1"', response.content)


def _submit(small_plan, people, period=1):
    indicator = Indicator.objects.get(activity__area__plan=small_plan, text="Tersedianya SK")
    r = realisation_save(
        indicator=indicator,
        period=period,
        actor=people.pelaksana,
        expected_version=0,
        status="in_progress",
        progress=50,
        narrative="SK disusun",
    )
    return realisation_submit(realisation=r, actor=people.pelaksana)


@pytest.mark.parametrize("query", ["", "?per=2023-02-15&urut=-nama", "?q=bengkulu&lewat=1"])
def test_it_never_shows_a_cached_roll_up_of_another_viewer(client, tree, people, small_plan, query):
    _submit(small_plan, people)
    cold = {}
    for name in PERSONAS:
        for unit in UNITS:
            cache.clear()
            cold[name, unit] = _page(client, getattr(people, name), getattr(tree, unit), query)
    for name in PERSONAS[::-1]:
        for unit in UNITS[::-1]:
            warm = _page(client, getattr(people, name), getattr(tree, unit), query)
            assert warm == cold[name, unit], (name, unit)
    # Who may see which roll-up: the tree above the viewer's unit stays closed.
    assert cold["national_admin", "ri"][0] == 200
    assert cold["province_sekretaris", "bengkulu"][0] == 200
    for name, unit in (
        ("province_sekretaris", "ri"),
        ("province_sekretaris", "sumsel"),
        ("other_province_sekretaris", "bengkulu"),
        ("sekretaris", "bengkulu"),
        ("outsider", "bengkulu"),
    ):
        assert cold[name, unit][0] == 404, (name, unit)
    # Both see Bengkulu's figures, each with their own breadcrumb: sharing a page would show.
    national, province = (
        cold["national_admin", "bengkulu"][1],
        cold["province_sekretaris", "bengkulu"][1],
    )
    assert b"KPU Republik Indonesia</a>" in national
    assert b"KPU Republik Indonesia</a>" not in province
    assert b"KPU Kabupaten Bengkulu Tengah" in province


def test_it_shows_a_realisation_submitted_after_the_roll_ups_were_cached(
    client, tree, people, small_plan
):
    client.force_login(people.national_admin)
    urls = [reverse("unit_rollup", args=[u.pk, YEAR]) for u in (tree.ri, tree.bengkulu)]
    before = [client.get(url).context["rollup"].total.reported for url in urls]
    # Seen again, unchanged: the figures come from the cache, not from the selector.
    assert not any("rollup" in client.get(url).context for url in urls)
    _submit(small_plan, people)
    after = [client.get(url).context["rollup"].total.reported for url in urls]
    assert after == [n + 1 for n in before]


def test_it_shows_a_unit_renamed_after_the_roll_up_was_cached(client, tree, people, small_plan):
    assert (
        b"KPU Kab. Bengkulu Tengah Baru"
        not in _page(client, people.national_admin, tree.bengkulu)[1]
    )
    units_load(
        rows=[UnitRow("17.09", "KPU Kab. Bengkulu Tengah Baru", "regency", "17")],
        actor=people.national_admin,
        source="uji",
    )
    assert (
        b"KPU Kab. Bengkulu Tengah Baru" in _page(client, people.national_admin, tree.bengkulu)[1]
    )


def test_it_answers_304_until_the_subtree_changes(client, tree, people, small_plan):
    url = reverse("unit_rollup", args=[tree.bengkulu.pk, YEAR])
    client.force_login(people.province_sekretaris)
    first = client.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # Another query string, another viewer: another page.
    assert client.get(url + "?urut=-nama", HTTP_IF_NONE_MATCH=etag).status_code == 200
    client.force_login(people.national_admin)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    client.force_login(people.province_sekretaris)
    _submit(small_plan, people)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_it_exports_the_figures_of_the_page(client, tree, people, small_plan):
    client.force_login(people.province_sekretaris)
    page = client.get(reverse("unit_rollup", args=[tree.bengkulu.pk, YEAR]))
    _submit(small_plan, people)
    export = client.get(reverse("unit_rollup_xlsx", args=[tree.bengkulu.pk, YEAR]))
    assert export.status_code == 200
    assert export["Cache-Control"] == "private, no-store"
    assert "ETag" not in export
    after = client.get(reverse("unit_rollup", args=[tree.bengkulu.pk, YEAR]))
    assert after.context["rollup"].total.reported == page.context["rollup"].total.reported + 1
