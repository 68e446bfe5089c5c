"""The roll-up composed from each child's cached subtree figures (``rollup.page_cache``).

It must equal the roll-up counted whole (``rollup_compute`` and ``tematik_by_child``) for every
unit, after writes in different branches, as of today and as of a past day; and after a write in
one regency the national roll-up counts that province's plans again and no other, in the same
queries whatever the number of provinces and regencies.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import realisation_submit, realisation_verify
from renaksi.monitoring.tests.conftest import save
from renaksi.organisations.models import Unit, User
from renaksi.plans.models import Indicator, Plan
from renaksi.rollup import page_cache
from renaksi.rollup.dataset import national_dataset_build
from renaksi.rollup.selectors import rollup_compute
from renaksi.rollup.tematik import tematik_by_child

TODAY = datetime.date(2022, 9, 15)


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("pusat_uji", "p@x.example", "x")


@pytest.fixture
def counted(monkeypatch):
    """Per roll-up composed, in order: the units whose own plans it counted again (the roll-up's
    unit first)."""
    calls: list[list[int]] = []
    real = page_cache.unit_figures

    def spy(*, unit_ids, **kwargs):
        calls.append(list(unit_ids))
        return real(unit_ids=unit_ids, **kwargs)

    monkeypatch.setattr(page_cache, "unit_figures", spy)
    return calls


def _path(unit: Unit) -> set[int]:
    """The unit and every unit above it."""
    return {unit.pk, *(u.pk for u in Unit.objects.ancestors(unit))}


def _cached(admin, unit: Unit, today: datetime.date) -> page_cache.CachedRollup:
    stamp = page_cache.subtree_stamp(parent=unit, year=2022)
    return page_cache.rollup_cached(user=admin, parent=unit, year=2022, today=today, stamp=stamp)


def _assert_equal_to_the_whole_count(admin, today: datetime.date) -> int:
    parents = Unit.objects.filter(children__isnull=False).distinct().order_by("code")
    for unit in parents:
        got = _cached(admin, unit, today)
        whole = rollup_compute(parent=unit, year=2022, today=today)
        tematik, own = tematik_by_child(rollup=whole)
        assert got.rollup == whole, (unit.code, today)
        assert (got.tematik, got.tematik_own) == (tematik, own), (unit.code, today)
    return len(parents)


def _write(code: str, *, submit: bool = False, verify: bool = False) -> None:
    """A save (and a submission, a verification) in the plan of ``code`` through the services."""
    indicator = (
        Indicator.objects.filter(
            activity__area__plan__unit__code=code, activity__area__plan__year=2022
        )
        .order_by("pk")
        .last()
    )
    assert indicator is not None, code
    period = indicator.activity.area.plan.period_count  # the last: no realisation there yet
    existing = Realisation.objects.filter(indicator=indicator, period=period).first()
    version = existing.version if existing else 0
    r = save(indicator, period, None, expected_version=version, progress=40, narrative="uji")
    if submit or verify:
        r = realisation_submit(realisation=r, actor=None)
    if verify:
        realisation_verify(realisation=r, actor=None)


def test_the_composed_roll_up_equals_the_whole_count_after_writes_in_different_branches(
    admin, counted
):
    national_dataset_build(year=2022, provinces=3, regencies_per_province=2, today=TODAY)
    national_dataset_build(
        year=2022, provinces=3, regencies_per_province=2, unit_scale=3, today=TODAY
    )
    deep = Unit.objects.filter(code__startswith="12.", parent__parent__level="regency").first()
    assert deep is not None  # a unit two levels below a regency
    national = Unit.objects.get(code="RI")
    days = (TODAY, timezone.localdate())
    cache.clear()
    for today in days:
        checked = _assert_equal_to_the_whole_count(admin, today)
    assert checked >= 8  # RI, three provinces, their regencies and the level-4 units above leaves

    # Writes in different branches: a regency of Aceh, a deep unit of Sumatera Utara, the
    # national plan itself, and an RB Tematik plan in the third province.
    regency = Unit.objects.filter(code__startswith="11.", level=Unit.Level.REGENCY).first()
    tematik_unit = Unit.objects.filter(parent__code="13").order_by("code").last()
    writes = [
        (regency, lambda: _write(regency.code, submit=True)),
        (deep, lambda: _write(deep.code, verify=True)),
        (national, lambda: _write("RI")),
        (
            tematik_unit,
            lambda: Plan.objects.create(
                unit=tematik_unit,
                year=2022,
                kind="tematik",
                theme="Pengentasan Kemiskinan",
                focus="Bantuan sosial",
            ),
        ),
    ]
    for unit, write in writes:
        write()
        for today in days:
            counted.clear()
            _assert_equal_to_the_whole_count(admin, today)
            # Each roll-up counted again its unit's own plan and only units above the change:
            # the other units' figures came from the cache.
            assert counted
            for parent, *below in counted:
                assert set(below) <= _path(unit), (parent, below)


def test_after_a_write_in_one_regency_the_national_roll_up_counts_three_plans_again(admin, counted):
    """The national plan, the province's and the regency's: the other provinces and regencies
    come from the cache, in the same queries whatever the size of the tree."""
    national_dataset_build(year=2022, provinces=2, regencies_per_province=2, today=TODAY)
    ri = Unit.objects.get(code="RI")

    def recount_after_a_write(province: str) -> tuple[int, set[int], Unit]:
        _cached(admin, ri, TODAY)  # every unit's subtree figures cached
        regency = Unit.objects.filter(parent__code=province).order_by("code").last()
        _write(regency.code, submit=True)
        stamp = page_cache.subtree_stamp(parent=ri, year=2022)
        counted.clear()
        with CaptureQueriesContext(connection) as queries:
            page_cache.rollup_cached(user=admin, parent=ri, year=2022, today=TODAY, stamp=stamp)
        (units,) = counted
        return len(queries.captured_queries), set(units), regency

    small, units, regency = recount_after_a_write("12")
    assert units == {ri.pk, Unit.objects.get(code="12").pk, regency.pk}
    # The children, two aggregates over the summaries, the as-of recount of the plan written
    # since the day viewed, and the RB Tematik plans.
    assert small <= 6

    national_dataset_build(year=2022, provinces=5, regencies_per_province=4, today=TODAY)
    assert Unit.objects.count() == 1 + 5 + 5 * 4
    big, units, regency = recount_after_a_write("14")
    assert units == {ri.pk, Unit.objects.get(code="14").pk, regency.pk}
    assert big == small
