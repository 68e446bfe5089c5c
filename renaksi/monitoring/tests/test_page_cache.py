"""The cached plan page: never another viewer's page, new after every write, 304 when unchanged.

Each persona relation opens the plan page after the others have filled the cache; what it gets
must be exactly what it gets with an empty cache (only the per-request CSRF mask differs).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import realisation_submit
from renaksi.monitoring.tests.conftest import save
from renaksi.plans.models import Plan
from renaksi.plans.services import indicator_update

PERSONAS = [
    "sekretaris",
    "asesor",
    "pelaksana",
    "viewer",
    "province_sekretaris",
    "sibling_sekretaris",
    "outsider",
]
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _page(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("plan_detail", args=[plan.pk]))
    return response.status_code, CSRF.sub(rb'\1"', response.content)


@pytest.mark.parametrize("order", [PERSONAS, PERSONAS[::-1]], ids=["forward", "backward"])
def test_it_never_shows_a_cached_page_of_another_viewer(client, people, cells, order):
    plan = cells.sk.activity.area.plan
    r = save(cells.sk, 1, people.pelaksana, narrative="SK disusun")
    realisation_submit(realisation=r, actor=people.pelaksana)  # the assessor's button shows
    cold = {}
    for name in order:
        cache.clear()
        cold[name] = _page(client, getattr(people, name), plan)
    warm = {name: _page(client, getattr(people, name), plan) for name in order}
    for name in order:
        assert warm[name] == cold[name], name
    assert cold["sibling_sekretaris"][0] == cold["outsider"][0] == 404
    # The scopes really differ, so sharing one entry would have shown.
    assert b'data-testid="indicator-add"' in cold["sekretaris"][1]
    assert b'data-testid="indicator-add"' not in cold["viewer"][1]
    assert b"Ubah indikator" in cold["sekretaris"][1]
    assert b"Ubah indikator" not in cold["asesor"][1]
    assert b'data-testid="awaiting-verification"' in cold["asesor"][1]
    assert b'data-testid="awaiting-verification"' not in cold["pelaksana"][1]


def test_it_shows_a_realisation_saved_after_the_page_was_cached(client, people, cells):
    plan = cells.sk.activity.area.plan
    before = _page(client, people.viewer, plan)[1]
    stamp = Plan.objects.get(pk=plan.pk).change_stamp
    save(cells.tim, 5, people.sekretaris, narrative="Tim dibentuk")  # outside the schedule: •
    assert Plan.objects.get(pk=plan.pk).change_stamp != stamp
    after = _page(client, people.viewer, plan)[1]
    assert after != before
    assert after.count(b'<a href="sel/') > before.count(b'<a href="sel/')  # one more cell


def test_it_shows_a_correction_made_after_the_page_was_cached(client, people, cells):
    plan = cells.sk.activity.area.plan
    assert b"Tim RB yang baru" not in _page(client, people.viewer, plan)[1]
    indicator_update(
        indicator=cells.tim,
        actor=people.sekretaris,
        number=cells.tim.number,
        text="SK Tim RB yang baru",
        periods={1},
        note="",
        target_value=None,
        target_unit="",
        pic=None,
        pic_name="",
    )
    assert b"Tim RB yang baru" in _page(client, people.viewer, plan)[1]


def test_it_answers_304_until_the_plan_changes(client, people, cells):
    plan = cells.sk.activity.area.plan
    url = reverse("plan_detail", args=[plan.pk])
    client.force_login(people.viewer)
    first = client.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # Another viewer holding the same ETag gets the page: the ETag is per viewer.
    client.force_login(people.pelaksana)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    client.force_login(people.viewer)
    save(cells.tim, 1, people.sekretaris, status=Realisation.Status.IN_PROGRESS)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_it_lets_the_browser_keep_the_page_and_empties_its_cache_at_sign_out(client, people, cells):
    plan = cells.sk.activity.area.plan
    client.force_login(people.viewer)
    page = client.get(reverse("plan_detail", args=[plan.pk]))
    assert "no-store" not in page["Cache-Control"]
    # Every other signed-in page stays out of every cache.
    assert "no-store" in client.get(reverse("plan_history", args=[plan.pk]))["Cache-Control"]
    out = client.post(reverse("logout"))
    assert out["Clear-Site-Data"] == '"cache"'


def _dashboard(client, user, plan, query=""):
    client.force_login(user)
    response = client.get(reverse("plan_dashboard", args=[plan.pk]) + query)
    return response.status_code, CSRF.sub(rb'\1"', response.content)


@pytest.mark.parametrize("query", ["", "?status=submitted", "?per=2023-02-15"])
def test_it_never_shows_a_cached_dashboard_of_another_viewer(client, people, cells, query):
    plan = cells.sk.activity.area.plan
    r = save(cells.sk, 1, people.pelaksana, narrative="SK disusun")
    realisation_submit(realisation=r, actor=people.pelaksana)
    cold = {}
    for name in PERSONAS:
        cache.clear()
        cold[name] = _dashboard(client, getattr(people, name), plan, query)
    for name in PERSONAS[::-1]:
        assert _dashboard(client, getattr(people, name), plan, query) == cold[name], name
    assert cold["sibling_sekretaris"][0] == cold["outsider"][0] == 404
    assert cold["viewer"][0] == cold["province_sekretaris"][0] == 200


def test_it_shows_a_submission_on_a_dashboard_cached_before_it(client, people, cells):
    plan = cells.sk.activity.area.plan
    url = reverse("plan_dashboard", args=[plan.pk])
    client.force_login(people.sekretaris)
    r = save(cells.sk, 1, people.pelaksana, narrative="SK disusun")
    before = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    realisation_submit(realisation=r, actor=people.pelaksana)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.context["dashboard"].totals.awaiting == 1
    assert before.context["dashboard"].totals.awaiting == 0
