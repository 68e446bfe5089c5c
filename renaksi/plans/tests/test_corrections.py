import pytest
from django.core.exceptions import PermissionDenied

from renaksi.audit.models import AuditEvent
from renaksi.plans.models import Activity, Indicator, SubActivity
from renaksi.plans.services import (
    PlanWriteError,
    decree_update,
    indicator_update,
    sub_activity_update,
)


def _indicator(text):
    return Indicator.objects.select_related("activity__area__plan").get(text=text)


def _edit(indicator, actor, **changes):
    values = {
        "number": indicator.number,
        "text": indicator.text,
        "periods": set(indicator.targets.values_list("period", flat=True)),
        "note": indicator.note,
    }
    values.update(changes)
    return indicator_update(indicator=indicator, actor=actor, **values)


def test_it_changes_an_indicators_months_and_records_who(small_plan, people):
    ind = _edit(_indicator("Tersedianya SK"), people.sekretaris, periods={2, 7, 12})
    assert sorted(ind.targets.values_list("period", flat=True)) == [2, 7, 12]
    event = AuditEvent.objects.get(action="indicator.updated")
    assert event.actor == people.sekretaris
    assert event.data["changed"]["periods"] == [[1, 2], [2, 7, 12]]
    assert ind.history.first().history_user == people.sekretaris


def test_it_moves_an_indicator_to_a_sub_activity_of_another_activity(small_plan, people):
    target_sub = SubActivity.objects.get(name="Pengelolaan PPID")
    ind = _edit(
        _indicator("SK Tim RB"),
        people.sekretaris,
        activity=target_sub.activity,
        sub_activity=target_sub,
    )
    ind.refresh_from_db()
    assert ind.sub_activity == target_sub and ind.activity == target_sub.activity
    assert list(target_sub.indicators.order_by("position").values_list("text", flat=True)) == [
        "Jumlah permohonan informasi",
        "SK Tim RB",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, "wajib diisi"),
        ({"periods": {0, 13}}, "di luar rentang"),
        ({"number": "9" * 21}, "terlalu panjang"),
    ],
)
def test_it_rejects_bad_corrections_and_changes_nothing(small_plan, people, changes, message):
    ind = _indicator("Tersedianya SK")
    with pytest.raises(PlanWriteError, match=message):
        _edit(ind, people.sekretaris, **changes)
    ind.refresh_from_db()
    assert ind.text == "Tersedianya SK"
    assert sorted(ind.targets.values_list("period", flat=True)) == [1, 2]
    assert not AuditEvent.objects.filter(action="indicator.updated").exists()


def test_it_refuses_a_parent_from_another_activity(small_plan, people):
    ind = _indicator("Tersedianya SK")
    foreign_sub = SubActivity.objects.get(name="Pengelolaan PPID")
    with pytest.raises(PlanWriteError):
        _edit(ind, people.sekretaris, activity=ind.activity, sub_activity=foreign_sub)


def test_it_denies_corrections_to_readers_and_parents(small_plan, people):
    for user in (people.asesor, people.province_sekretaris, people.sibling_sekretaris):
        with pytest.raises(PermissionDenied):
            _edit(_indicator("Tersedianya SK"), user, text="diubah")
    assert _indicator("Tersedianya SK").text == "Tersedianya SK"


def test_it_moves_a_sub_activity_with_its_children_and_indicators(small_plan, people):
    sub = SubActivity.objects.get(name="Pembentukan tim RB")
    target = Activity.objects.get(name="Keterbukaan informasi publik")
    sub_activity_update(
        sub_activity=sub,
        actor=people.admin_unit,
        number="2",
        name=sub.name,
        activity=target,
        parent=None,
    )
    child = SubActivity.objects.get(name="Tim Pengarah")
    assert child.activity == target and child.parent_id == sub.pk
    assert set(Indicator.objects.filter(activity=target).values_list("text", flat=True)) == {
        "Jumlah permohonan informasi",
        "Tersedianya SK",
        "SK Pengarah",
    }
    assert AuditEvent.objects.filter(
        action="sub_activity.updated", actor=people.admin_unit
    ).exists()


def test_it_refuses_to_nest_sub_activities_twice(small_plan, people):
    parent = SubActivity.objects.get(name="Pembentukan tim RB")
    child = SubActivity.objects.get(name="Tim Pengarah")
    with pytest.raises(PlanWriteError, match="bertingkat"):
        sub_activity_update(
            sub_activity=parent,
            actor=people.sekretaris,
            number="1",
            name=parent.name,
            activity=parent.activity,
            parent=child,
        )


def test_it_keeps_the_validity_period_editable_and_consistent(small_plan, people):
    import datetime

    decree_update(
        plan=small_plan,
        actor=people.sekretaris,
        valid_from=datetime.date(2023, 1, 10),
        valid_until=datetime.date(2023, 12, 31),
    )
    small_plan.decree.refresh_from_db()
    assert small_plan.decree.valid_until == datetime.date(2023, 12, 31)
    with pytest.raises(PlanWriteError, match="tidak boleh sebelum"):
        decree_update(
            plan=small_plan, actor=people.sekretaris, valid_until=datetime.date(2022, 1, 1)
        )
    small_plan.decree.refresh_from_db()
    assert small_plan.decree.valid_until == datetime.date(2023, 12, 31)
