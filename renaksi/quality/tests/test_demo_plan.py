"""The demo's 2022 plan (seed + demo realisations): next year's plan and the national format."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from renaksi.monitoring.demo import demo_pics_assign, demo_realisations_fill
from renaksi.monitoring.models import Realisation
from renaksi.plans.models import Plan, Target
from renaksi.plans.selectors import plan_tree
from renaksi.plans.services import PlanWriteError, plan_import_file
from renaksi.plans.tests.test_seed_text_parser import seed_path
from renaksi.quality import services
from renaksi.quality.national.export import national_data, national_json_bytes, national_xlsx_bytes


@pytest.fixture
def demo_plan(tree, people):
    plan = plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename="seed.txt",
        data=seed_path().read_bytes(),
        actor=people.sekretaris,
    )
    demo_pics_assign(plan=plan, pic=people.pelaksana, actor=people.sekretaris)
    demo_realisations_fill(
        plan=plan,
        today=datetime.date(2022, 9, 15),
        pic=people.pelaksana,
        operator=people.admin_unit,
        asesor=people.asesor,
    )
    return plan


def _indicators(plan):
    out = []

    def walk(node):
        out.extend(node.indicators)
        for child in node.children:
            walk(child)

    for area in plan_tree(plan=plan):
        for act in area.activities:
            out.extend(act.indicators)
            for sub in act.subs:
                walk(sub)
    return out


def _verified_share(indicator) -> Decimal | None:
    planned = set(Target.objects.filter(indicator=indicator).values_list("period", flat=True))
    if not planned:
        return None
    verified = set(
        Realisation.objects.filter(
            indicator=indicator, review_state="verified", status="done"
        ).values_list("period", flat=True)
    )
    return (Decimal(100) * len(planned & verified) / len(planned)).quantize(Decimal("0.01"))


def _next_years_plan_carries_the_verified_2022_realisations_as_baselines(demo_plan, people):
    new = services.plan_next_year_create(plan=demo_plan, actor=people.sekretaris)

    assert (new.year, new.kind, new.is_draft) == (2023, "general", True)
    assert new.decree.valid_from == datetime.date(2023, 1, 1)
    assert new.decree.valid_until == datetime.date(2023, 12, 31)
    assert new.decree.number == "" and new.decree.date_set is None
    assert "2023" in new.decree.about and "2022" not in new.decree.about
    old_rows, new_rows = _indicators(demo_plan), _indicators(new)
    assert [i.text for i in old_rows] == [i.text for i in new_rows]
    expected = [_verified_share(i) for i in old_rows]
    assert any(e is not None and 0 < e < 100 for e in expected)  # the demo verified some
    assert [i.baseline for i in new_rows] == expected
    for ind in new_rows:
        if ind.baseline is not None:
            assert ind.yearly_target > ind.baseline or ind.yearly_target == Decimal(100)
    assert Realisation.objects.filter(indicator__activity__area__plan=new).count() == 0

    with pytest.raises(PlanWriteError, match="sudah ada"):
        services.plan_next_year_create(plan=demo_plan, actor=people.sekretaris)
    with pytest.raises(PermissionDenied):
        services.plan_confirm(plan=new, actor=people.admin_unit)  # a manager, not Sekretaris
    services.plan_confirm(plan=new, actor=people.sekretaris)
    new.refresh_from_db()
    assert new.is_draft is False


def _the_national_export_re_imports_to_the_same_quarterly_plan(demo_plan, people):
    first = national_data(plan=demo_plan, realisations=False)
    assert first.pop("tahun") == 2022
    assert len(first["rencana_aksi"]) > 150
    for fmt, writer, year in (
        ("json", national_json_bytes, 2030),
        ("xlsx", national_xlsx_bytes, 2031),
    ):
        again = plan_import_file(
            unit=demo_plan.unit,
            year=year,
            filename=f"nasional.{fmt}",
            data=writer(plan=demo_plan, realisations=False),
            actor=people.sekretaris,
        )
        assert again.granularity == "quarter"
        second = national_data(plan=again, realisations=False)
        assert second.pop("tahun") == year
        assert second == first, fmt
    assert Plan.objects.filter(unit=demo_plan.unit, granularity="quarter").count() == 2
    _months_roll_up_to_quarters_with_the_verified_share(demo_plan)


def _months_roll_up_to_quarters_with_the_verified_share(demo_plan):
    rows = national_data(plan=demo_plan)["rencana_aksi"]
    by_text = {}
    for ind in _indicators(demo_plan):
        by_text.setdefault(ind.text, ind)
    checked = 0
    for row in rows:
        ind = by_text.get(row["indikator_output"])
        if ind is None or len([r for r in rows if r["indikator_output"] == ind.text]) > 1:
            continue
        months = set(Target.objects.filter(indicator=ind).values_list("period", flat=True))
        verified = set(
            Realisation.objects.filter(
                indicator=ind, review_state="verified", status="done"
            ).values_list("period", flat=True)
        )
        for q in (1, 2, 3, 4):
            in_q = {m for m in months if (m - 1) // 3 + 1 == q}
            assert row[f"target_tw{q}"] == (len(in_q) or None)
            if in_q:
                share = Decimal(100) * len(in_q & verified) / len(in_q)
                assert Decimal(str(row[f"realisasi_output_tw{q}"])) == share.quantize(
                    Decimal("0.01")
                )
            else:
                assert row[f"realisasi_output_tw{q}"] is None
        checked += 1
    assert checked > 50
    assert json.loads(national_json_bytes(plan=demo_plan))["periode"] == "triwulan"


def test_the_demo_2022_plan_gives_next_year_and_round_trips_the_national_format(demo_plan, people):
    # One test, since carrying the demo plan out takes most of the time.
    _the_national_export_re_imports_to_the_same_quarterly_plan(demo_plan, people)
    _next_years_plan_carries_the_verified_2022_realisations_as_baselines(demo_plan, people)
