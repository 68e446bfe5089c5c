"""The cached plan page: never another viewer's page, new after every write, 304 when unchanged.

Each persona relation opens the plan page after the others have filled the cache; what it gets
must be exactly what it gets with an empty cache (only the per-request CSRF mask differs).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from renaksi.conftest import Personas
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    realisation_return,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.conftest import save
from renaksi.organisations.regions import UnitRow
from renaksi.organisations.services import units_load
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
# The dashboard: every persona relation to 17.09 (national, province, its roles, other branches).
EVERY_PERSONA = list(Personas.__dataclass_fields__)
IMPORT_LINK = b'href="/rencana/impor/"'
WARM_QUERIES = 8
COLD_QUERIES = 16


def _page(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("plan_detail", args=[plan.pk]))
    return response.status_code, CSRF.sub(rb'\1"', response.content)


def _rename_tim(cells, actor) -> None:
    """The correction both caches must show: the SK Tim RB indicator gets a new text."""
    indicator_update(
        indicator=cells.tim,
        actor=actor,
        number=cells.tim.number,
        text="SK Tim RB yang baru",
        periods={1},
        note="",
        target_value=None,
        target_unit="",
        pic=None,
        pic_name="",
    )


@pytest.mark.parametrize(
    "order",
    [PERSONAS, PERSONAS[::-1], EVERY_PERSONA, EVERY_PERSONA[::-1]],
    ids=["forward", "backward", "every-relation-forward", "every-relation-backward"],
)
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
    if "other_province_sekretaris" in order:  # every relation: who sees the plan at all
        assert cold["other_province_sekretaris"][0] == 404
        seen = [name for name in order if cold[name][0] == 200]
        assert set(seen) == set(order) - {
            "sibling_sekretaris",
            "other_province_sekretaris",
            "outsider",
        }
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
    _rename_tim(cells, people.sekretaris)
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


@pytest.mark.parametrize(
    "query",
    ["", "?status=submitted", "?per=2023-02-15", "?pic=-&daftar=semua", "?per=2023-03-15&area=x"],
)
def test_it_never_shows_a_cached_dashboard_of_another_viewer(client, people, cells, query):
    plan = cells.sk.activity.area.plan
    r = save(cells.sk, 1, people.pelaksana, narrative="SK disusun")
    realisation_submit(realisation=r, actor=people.pelaksana)
    cold = {}
    for name in EVERY_PERSONA:
        cache.clear()
        cold[name] = _dashboard(client, getattr(people, name), plan, query)
    # Warm: every other persona has filled the cache first, in both orders.
    for order in (EVERY_PERSONA, EVERY_PERSONA[::-1]):
        for name in order:
            assert _dashboard(client, getattr(people, name), plan, query) == cold[name], name
    # National, province and every role of 17.09 see it; the other branches do not.
    for name in ("sibling_sekretaris", "other_province_sekretaris", "outsider"):
        assert cold[name][0] == 404, name
    for name in ("national_admin", "province_sekretaris", "sekretaris", "pelaksana", "viewer"):
        assert cold[name][0] == 200, name
    # The pages really differ by viewer, so sharing a whole page would have shown: the import
    # link is the Sekretaris', the menu names each viewer.
    assert IMPORT_LINK in cold["sekretaris"][1]
    assert IMPORT_LINK not in cold["viewer"][1]
    assert IMPORT_LINK not in cold["pelaksana"][1]
    assert people.viewer.display_name.encode() in cold["viewer"][1]
    assert people.viewer.display_name.encode() not in cold["sekretaris"][1]


def test_it_shows_the_dashboard_body_from_the_cache_while_the_plan_is_unchanged(
    client, people, cells
):
    plan = cells.sk.activity.area.plan
    url = reverse("plan_dashboard", args=[plan.pk])
    client.force_login(people.viewer)
    assert client.get(url).context["dashboard"] is not None  # made
    assert client.get(url).context["dashboard"] is None  # the cached body, nothing made
    client.force_login(people.national_admin)
    assert client.get(url).context["dashboard"] is None  # shared by every viewer of the plan
    assert client.get(url + "?daftar=semua").context["dashboard"] is not None  # another page


def _cold_equals_warm(client, user, plan, query=""):
    """The page as the cache serves it now, and the same page made from an empty cache."""
    warm = _dashboard(client, user, plan, query)
    cache.clear()
    assert warm == _dashboard(client, user, plan, query)
    return warm[1]


@pytest.mark.parametrize("query", ["", "?daftar=semua"])
def test_it_shows_each_write_on_a_dashboard_cached_before_it(client, people, cells, query):
    plan = cells.sk.activity.area.plan
    made: dict[str, Realisation] = {}
    pages = [_cold_equals_warm(client, people.sekretaris, plan, query)]

    def after(write, *, shows=True):
        _dashboard(client, people.sekretaris, plan, query)  # cached as it stands
        made["r"] = write()
        pages.append(_cold_equals_warm(client, people.sekretaris, plan, query))
        assert (pages[-1] != pages[-2]) == shows, len(pages)

    after(lambda: save(cells.sk, 1, people.pelaksana, narrative="SK disusun"))
    after(lambda: realisation_submit(realisation=made["r"], actor=people.pelaksana))
    after(lambda: realisation_return(realisation=made["r"], actor=people.asesor, note="Lengkapi"))
    assert b"Lengkapi" in pages[-1]  # the assessor's note, on the returned list
    # Corrected, still returned: the dashboard shows no more than the state and the note.
    after(
        lambda: save(cells.sk, 1, people.pelaksana, expected_version=made["r"].version),
        shows=False,
    )
    after(lambda: realisation_submit(realisation=made["r"], actor=people.pelaksana))
    after(lambda: realisation_verify(realisation=made["r"], actor=people.asesor))
    assert b"Lengkapi" not in pages[-1]


def test_it_shows_a_unit_renamed_after_the_dashboard_was_cached(client, people, small_plan):
    assert b"KPU Kab. Bengkulu Tengah Baru" not in _dashboard(client, people.viewer, small_plan)[1]
    units_load(
        rows=[UnitRow("17.09", "KPU Kab. Bengkulu Tengah Baru", "regency", "17")],
        actor=people.national_admin,
        source="uji",
    )
    assert b"KPU Kab. Bengkulu Tengah Baru" in _cold_equals_warm(client, people.viewer, small_plan)


def test_it_shows_a_renamed_indicator_on_a_dashboard_cached_before_it(client, people, cells):
    plan = cells.sk.activity.area.plan
    save(cells.tim, 1, people.sekretaris, narrative="Tim disusun")
    query = "?per=2023-03-15"  # SK Tim RB, January: overdue by then, listed by its text
    assert b"Tim RB yang baru" not in _dashboard(client, people.viewer, plan, query)[1]
    _rename_tim(cells, people.sekretaris)
    assert b"Tim RB yang baru" in _cold_equals_warm(client, people.viewer, plan, query)


@pytest.mark.parametrize("persona", ["sekretaris", "national_admin", "viewer"])
def test_it_runs_the_same_few_queries_for_a_cold_and_a_warm_dashboard(
    client, people, cells, persona, django_assert_num_queries
):
    plan = cells.sk.activity.area.plan
    save(cells.sk, 1, people.pelaksana, narrative="SK disusun")
    url = reverse("plan_dashboard", args=[plan.pk]) + "?per=2023-02-15"
    client.force_login(getattr(people, persona))
    # Session, user, plan; the reports to the parent (access, parent, schedule, holidays,
    # reports); then, cold only, the figures (the dashboard's selector and the notes).
    with django_assert_num_queries(COLD_QUERIES):
        etag = client.get(url)["ETag"]
    with django_assert_num_queries(WARM_QUERIES):
        assert client.get(url)["ETag"] == etag
    with django_assert_num_queries(WARM_QUERIES):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


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
