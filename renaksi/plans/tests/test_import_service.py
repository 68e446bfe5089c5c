import pytest
from django.core.exceptions import PermissionDenied

from renaksi.audit.models import AuditEvent
from renaksi.conftest import small_parsed_plan
from renaksi.plans.models import Indicator, Plan, SubActivity, Target
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import PlanWriteError, plan_import


def _import(unit, actor, **kw):
    return plan_import(
        unit=unit,
        year=2023,
        parsed=small_parsed_plan(),
        actor=actor,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
        **kw,
    )


def test_it_writes_the_whole_tree_in_source_order(small_plan, people):
    assert small_plan.areas.count() == 2
    lettered = SubActivity.objects.get(number="a")
    assert lettered.parent.name == "Pembentukan tim RB"
    ind = Indicator.objects.get(text="Tersedianya SK")
    assert ind.pic == people.pelaksana and ind.pic_name == ""
    assert sorted(ind.targets.values_list("period", flat=True)) == [1, 2]
    assert Target.objects.get(indicator__text="Jumlah permohonan informasi", period=1).value == 2.5
    event = AuditEvent.objects.get(action="plan.imported")
    assert event.actor == people.sekretaris and event.data["indicators"] == 4


def test_it_reads_back_exactly_what_was_written(small_plan):
    parsed = plan_to_parsed(plan=small_plan)
    expected = small_parsed_plan()
    assert [a.name for a in parsed.areas] == [a.name for a in expected.areas]
    got = [
        (i.number, i.text, i.periods, i.note, i.pic, i.period_targets)
        for i in parsed.iter_indicators()
    ]
    want = [
        (i.number, i.text, i.periods, i.note, i.pic, i.period_targets)
        for i in expected.iter_indicators()
    ]
    assert got == want


def test_it_refuses_a_second_import_without_replace_and_keeps_the_first(small_plan, people, tree):
    with pytest.raises(PlanWriteError, match="sudah ada"):
        _import(tree.bengkulu_tengah, people.sekretaris)
    assert Plan.objects.count() == 1 and Indicator.objects.count() == 4


def test_it_denies_an_import_by_a_parent_unit_member(tree, people):
    with pytest.raises(PermissionDenied):
        _import(tree.bengkulu_tengah, people.province_sekretaris)
    assert Plan.objects.count() == 0
