"""Adding a kegiatan and an indicator (with its schedule) on screen: services and pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.plans.models import Activity, Area, Indicator, Target
from renaksi.plans.services import PlanWriteError, activity_create, indicator_create


def _area(plan, position=2) -> Area:
    return Area.objects.select_related("plan__unit").get(plan=plan, position=position)


def _activity(plan) -> Activity:
    return Activity.objects.select_related("area__plan").get(
        area__plan=plan, name="Keterbukaan informasi publik"
    )


def test_it_adds_a_kegiatan_at_the_end_of_its_area(small_plan, people):
    activity = activity_create(
        area=_area(small_plan), actor=people.sekretaris, number=" 2 ", name=" Survei kepuasan "
    )
    assert (activity.number, activity.name, activity.position) == ("2", "Survei kepuasan", 2)
    event = AuditEvent.objects.get(action="activity.created")
    assert event.actor == people.sekretaris and event.data["plan"] == small_plan.pk
    assert activity.history.first().history_user == people.sekretaris


def test_it_refuses_a_kegiatan_without_a_name(small_plan, people):
    with pytest.raises(PlanWriteError, match="Nama kegiatan wajib diisi"):
        activity_create(area=_area(small_plan), actor=people.sekretaris, number="", name=" ")
    assert Activity.objects.filter(area__plan=small_plan).count() == 2


def test_it_adds_an_indicator_with_its_schedule(small_plan, people):
    indicator = indicator_create(
        plan=small_plan,
        actor=people.admin_unit,
        activity=_activity(small_plan),
        sub_activity=None,
        number="2",
        text="Daftar informasi publik",
        periods={3, 6},
        note="baru",
        pic=people.pelaksana,
    )
    assert indicator.position == 2 and indicator.sub_activity is None
    assert sorted(indicator.targets.values_list("period", flat=True)) == [3, 6]
    assert indicator.pic == people.pelaksana
    event = AuditEvent.objects.get(action="indicator.created")
    assert event.data == {"plan": small_plan.pk, "periods": [3, 6]}


def test_it_refuses_an_indicator_outside_the_plan_or_its_periods(small_plan, people, tree):
    with pytest.raises(PlanWriteError, match="di luar rentang 1–12"):
        indicator_create(
            plan=small_plan,
            actor=people.sekretaris,
            activity=_activity(small_plan),
            sub_activity=None,
            number="",
            text="X",
            periods={13},
        )
    sub_elsewhere = small_plan.areas.get(position=1).activities.get().sub_activities.first()
    with pytest.raises(PlanWriteError, match="Sub kegiatan tujuan harus berada"):
        indicator_create(
            plan=small_plan,
            actor=people.sekretaris,
            activity=_activity(small_plan),
            sub_activity=sub_elsewhere,
            number="",
            text="X",
            periods={1},
        )
    assert Indicator.objects.filter(activity__area__plan=small_plan).count() == 4


@pytest.mark.parametrize("persona", ["viewer", "pelaksana", "province_sekretaris", "outsider"])
def test_it_lets_only_the_units_managers_add(small_plan, people, persona):
    actor = getattr(people, persona)
    with pytest.raises(PermissionDenied):
        activity_create(area=_area(small_plan), actor=actor, number="", name="X")
    with pytest.raises(PermissionDenied):
        indicator_create(
            plan=small_plan,
            actor=actor,
            activity=_activity(small_plan),
            sub_activity=None,
            number="",
            text="X",
            periods={1},
        )
    assert Activity.objects.filter(area__plan=small_plan).count() == 2
    assert Indicator.objects.filter(activity__area__plan=small_plan).count() == 4


def test_it_adds_a_kegiatan_through_the_page(client, small_plan, people):
    client.force_login(people.sekretaris)
    url = reverse("activity_add", args=[small_plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Tambah kegiatan" in page.text
    response = client.post(url, {"area": _area(small_plan).pk, "number": "2", "name": "Survei"})
    activity = Activity.objects.get(area__plan=small_plan, name="Survei")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#kegiatan-{activity.pk}")


def test_it_refuses_an_area_of_another_plan_in_a_tampered_post(client, small_plan, people, tree):
    from renaksi.conftest import small_parsed_plan
    from renaksi.plans.services import plan_import

    other = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=None,
        source_name="x.json",
        source_bytes=b"{}",
        source_format="json",
    )
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("activity_add", args=[small_plan.pk]),
        {"area": _area(other).pk, "number": "", "name": "Disusupkan"},
    )
    assert response.status_code == 200
    assert "Area perubahan tidak ditemukan dalam rencana ini." in response.text
    assert not Activity.objects.filter(name="Disusupkan").exists()


def test_it_adds_an_indicator_through_the_page(client, small_plan, people):
    client.force_login(people.sekretaris)
    url = reverse("indicator_add", args=[small_plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "number": "2",
            "text": "Daftar informasi publik",
            "periods": ["2", "4"],
            "parent": f"activity:{_activity(small_plan).pk}",
        },
    )
    indicator = Indicator.objects.get(text="Daftar informasi publik")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indikator-{indicator.pk}")
    assert sorted(Target.objects.filter(indicator=indicator).values_list("period", flat=True)) == [
        2,
        4,
    ]
    page = client.get(response["Location"])
    assert "Perubahan disimpan." in page.text


def test_it_refuses_a_parent_of_another_plan_in_a_tampered_post(client, small_plan, people):
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("indicator_add", args=[small_plan.pk]),
        {"text": "Disusupkan", "periods": ["1"], "parent": "activity:999999"},
    )
    assert response.status_code == 200
    assert not Indicator.objects.filter(text="Disusupkan").exists()
