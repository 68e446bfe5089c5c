import datetime

import pytest
from django.http import Http404

from renaksi.monitoring.models import Realisation, Timeliness
from renaksi.monitoring.selectors import cell_map_for_plan
from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.models import Plan
from renaksi.rollup.dataset import national_dataset_build
from renaksi.rollup.selectors import rollup_for_unit, unit_stats

TODAY = datetime.date(2022, 9, 15)


@pytest.fixture
def dataset(db):
    national_dataset_build(year=2022, provinces=2, regencies_per_province=3, today=TODAY)
    admin = User.objects.create_superuser("pusat_uji", "p@x.example", "x")
    return admin


def _expected_from_cells(plan, user):
    """The same figures counted cell by cell, the slow and obvious way."""
    cells = cell_map_for_plan(user=user, plan=plan, today=TODAY).values()
    scheduled = [c for c in cells if c.scheduled]
    return {
        "planned": len(scheduled),
        "reported": sum(1 for c in scheduled if c.realisation and c.realisation.first_submitted_at),
        "verified": sum(
            1 for c in scheduled if c.realisation and c.realisation.review_state == "verified"
        ),
        "awaiting": sum(
            1 for c in scheduled if c.realisation and c.realisation.review_state == "submitted"
        ),
        "late": sum(1 for c in scheduled if c.timeliness == Timeliness.LATE),
        "missed": sum(1 for c in scheduled if c.timeliness == Timeliness.MISSED),
    }


def test_it_agrees_with_the_cells_for_every_unit(dataset):
    plans = list(Plan.objects.select_related("unit"))
    stats = unit_stats(unit_ids=[p.unit_id for p in plans], year=2022, today=TODAY)
    for plan in plans:
        s = stats[plan.unit_id]
        got = {
            k: getattr(s, k)
            for k in ("planned", "reported", "verified", "awaiting", "late", "missed")
        }
        assert got == _expected_from_cells(plan, dataset), plan.unit.code
        assert s.late > 0 and s.missed > 0 and s.awaiting > 0


def test_it_rolls_regencies_up_into_their_province_for_the_national_view(dataset):
    ri = Unit.objects.get(code="RI")
    rollup = rollup_for_unit(user=dataset, parent=ri, year=2022, today=TODAY)
    assert [r.unit.code for r in rollup.rows] == ["11", "12"]
    aceh = next(r for r in rollup.rows if r.unit.code == "11")
    assert aceh.stats.units == 4 and aceh.stats.plans == 4 and aceh.has_children
    own = unit_stats(
        unit_ids=list(Unit.objects.filter(code__startswith="11").values_list("pk", flat=True)),
        year=2022,
        today=TODAY,
    )
    assert aceh.stats.verified == sum(s.verified for s in own.values())
    assert rollup.total.planned == sum(r.stats.planned for r in rollup.rows) + rollup.own.planned
    assert sorted(r.rank for r in rollup.rows) == [1, 2]
    planned, verified = rollup.trend[3]
    assert planned > 0 and 0 < verified <= planned
    assert 12 not in {p for p, (pl, v) in rollup.trend.items() if v}  # no work after today


def test_it_uses_a_fixed_number_of_queries_whatever_the_number_of_units(
    dataset, django_assert_max_num_queries
):
    ri = Unit.objects.get(code="RI")
    # Subtree, plans, holidays, two aggregates over the summaries, and "last activity" as of a
    # past day (the dataset's rows were written today).
    with django_assert_max_num_queries(6) as small:
        rollup_for_unit(user=dataset, parent=ri, year=2022, today=TODAY)
    national_dataset_build(year=2022, provinces=4, regencies_per_province=4, today=TODAY)
    with django_assert_max_num_queries(len(small.captured_queries)):
        rollup = rollup_for_unit(user=dataset, parent=ri, year=2022, today=TODAY)
    assert len(rollup.rows) == 4


def test_it_shows_a_province_member_their_regencies_only(dataset):
    user = User.objects.create_user("sek_aceh", "s@x.example", "x")
    aceh = Unit.objects.get(code="11")
    Membership.objects.create(user=user, unit=aceh, role=Membership.Role.SEKRETARIS)
    rollup = rollup_for_unit(user=user, parent=aceh, year=2022, today=TODAY)
    assert [r.unit.code for r in rollup.rows] == ["11.01", "11.02", "11.03"]
    with pytest.raises(Http404):
        rollup_for_unit(user=user, parent=Unit.objects.get(code="12"), year=2022, today=TODAY)
    with pytest.raises(Http404):
        rollup_for_unit(user=user, parent=Unit.objects.get(code="RI"), year=2022, today=TODAY)
    assert Realisation.objects.exists()
