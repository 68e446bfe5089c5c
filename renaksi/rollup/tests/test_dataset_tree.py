"""The national dataset ``unit_scale`` times larger: five levels deep, every unit with a plan."""

import datetime

from django.core.management import call_command

from renaksi.monitoring.models import Realisation, RealisationEvidence
from renaksi.organisations.models import Unit, User
from renaksi.plans.models import Indicator, Plan, Target
from renaksi.rollup.dataset import national_dataset_build
from renaksi.rollup.dataset_tree import deep_units
from renaksi.rollup.selectors import rollup_for_unit, unit_stats
from renaksi.rollup.services import summary_differences

TODAY = datetime.date(2022, 9, 15)


def _depth(unit: Unit) -> int:
    depth = 1
    while unit.parent_id is not None:
        unit = unit.parent
        depth += 1
    return depth


def test_the_deeper_units_make_the_tree_exactly_scale_times_larger():
    regencies = [(f"11.{n:02d}", f"Kab {n}") for n in range(1, 24)]
    for scale in (2, 10):
        level4, level5 = deep_units(regencies, base=1 + 1 + 23, unit_scale=scale)
        assert len(level4) + len(level5) == (scale - 1) * 25
        assert {p for _c, _n, _l, p in level4} <= {code for code, _n in regencies}
        assert {p for _c, _n, _l, p in level5} <= {c for c, _n, _l, _p in level4}
        codes = [c for c, *_rest in level4 + level5]
        assert len(set(codes)) == len(codes)
    assert deep_units(regencies, base=25, unit_scale=1) == [[], []]


def test_it_builds_a_five_level_tree_where_every_unit_has_a_plan_and_a_year_of_work(
    db, django_assert_num_queries
):
    admin = User.objects.create_superuser("pusat_uji", "p@x.example", "x")
    national_dataset_build(year=2022, provinces=1, regencies_per_province=2, today=TODAY)
    ri = Unit.objects.get(code="RI")
    # Five: nothing in the dataset changed after TODAY, so no plan is recounted as of that day.
    with django_assert_num_queries(5) as flat:
        flat_rollup = rollup_for_unit(user=admin, parent=ri, year=2022, today=TODAY)
    assert flat_rollup.total.units == 4

    summary = national_dataset_build(
        year=2022, provinces=1, regencies_per_province=2, unit_scale=10, today=TODAY
    )
    # 1 + 1 + 2 units ×10: 36 more, 18 under each regency, 12 on level 4 and 6 on level 5.
    assert summary.units_created == 36 and Unit.objects.count() == 40
    assert summary.plans_created == 36 and Plan.objects.filter(year=2022).count() == 40
    assert max(_depth(u) for u in Unit.objects.select_related("parent")) == 5
    assert Unit.objects.filter(parent__code="11.01").count() == 12
    leaf = Unit.objects.get(code="11.01.01.2001")
    assert (leaf.parent.code, leaf.level, _depth(leaf)) == ("11.01.01", Unit.Level.OTHER, 5)

    # A deeper unit's plan is its regency's, cells and evidence links included.
    regency_plan = Plan.objects.get(unit__code="11.01", year=2022)
    copy = Plan.objects.get(unit=leaf, year=2022)
    assert copy.decree_id and copy.decree_id != regency_plan.decree_id
    assert copy.title.endswith(f"{leaf.name} Tahun 2022")
    for model, path in (
        (Indicator, "activity__area__plan"),
        (Target, "indicator__activity__area__plan"),
        (Realisation, "indicator__activity__area__plan"),
    ):
        assert model.objects.filter(**{path: copy}).count() == (
            model.objects.filter(**{path: regency_plan}).count()
        )
    assert RealisationEvidence.objects.filter(
        realisation__indicator__activity__area__plan=copy, evidence__unit=leaf
    ).count() == (
        RealisationEvidence.objects.filter(
            realisation__indicator__activity__area__plan=regency_plan
        ).count()
    )
    indicators = Indicator.objects.filter(activity__area__plan=copy)
    assert copy.history.count() == 1
    assert Indicator.history.filter(id__in=indicators.values("pk")).count() == indicators.count()
    assert Target.history.filter(indicator_id__in=indicators.values("pk")).count() == (
        Target.objects.filter(indicator__in=indicators).count()
    )
    # The copied summaries are those the cells call for.
    assert summary_differences(plan_ids=Plan.objects.values_list("pk", flat=True)) == []
    stats = unit_stats(unit_ids=[leaf.pk, regency_plan.unit_id], year=2022, today=TODAY)
    assert stats[leaf.pk].verified == stats[regency_plan.unit_id].verified > 0

    # The national roll-up over the deep tree: the same queries as over the flat one.
    with django_assert_num_queries(len(flat.captured_queries)):
        deep_rollup = rollup_for_unit(user=admin, parent=ri, year=2022, today=TODAY)
    assert deep_rollup.total.units == 40 and deep_rollup.total.plans == 40
    assert [r.unit.code for r in deep_rollup.rows] == ["11"]

    again = national_dataset_build(
        year=2022, provinces=1, regencies_per_province=2, unit_scale=10, today=TODAY
    )
    assert (again.units_created, again.plans_created, again.realisations_created) == (0, 0, 0)


def test_it_runs_from_the_command_line_with_a_deeper_tree(db, capsys):
    call_command("generate_national_dataset", provinces=1, regencies_per_province=1, scale_units=3)
    assert "rencana aksi baru: 9" in capsys.readouterr().out
    assert Unit.objects.count() == 9
