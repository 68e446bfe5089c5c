"""Publishing, adopting and declining plan templates: the writes and what they leave behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from renaksi.audit.models import AuditEvent
from renaksi.cascade.models import AdoptedItem, ItemKind, PlanTemplate, TemplateItem
from renaksi.cascade.models import TemplateRecipient as Recipient
from renaksi.cascade.selectors import recipient_diff
from renaksi.cascade.services import (
    CascadeError,
    Scope,
    template_adopt,
    template_decline,
    template_publish,
)
from renaksi.cascade.tests.conftest import YEAR
from renaksi.conftest import small_parsed_plan
from renaksi.plans.models import ImportReport, Indicator, Plan, Target
from renaksi.plans.services import plan_import

S = Recipient.Status


def _codes(template) -> list[str]:
    return list(template.recipients.order_by("unit__code").values_list("unit__code", flat=True))


# --- publish -------------------------------------------------------------------------------


def test_it_publishes_a_snapshot_of_the_plan_to_every_direct_child(template, province_plan):
    assert template.version == 1 and template.year == YEAR and template.unit.code == "17"
    assert _codes(template) == ["17.01", "17.09"]
    assert set(template.recipients.values_list("status", flat=True)) == {S.PENDING}
    kinds = list(template.items.order_by("position").values_list("kind", flat=True))
    assert kinds.count(ItemKind.AREA) == 2
    assert kinds.count(ItemKind.ACTIVITY) == 2
    assert kinds.count(ItemKind.SUB_ACTIVITY) == 3
    assert kinds.count(ItemKind.INDICATOR) == 4
    sk = template.items.get(name="Tersedianya SK")
    source = Indicator.objects.get(activity__area__plan=province_plan, text="Tersedianya SK")
    assert sk.key == f"ind-{source.pk}"
    assert sk.periods == [1, 2] and sk.note == "KET satu" and sk.target_unit == "%"
    assert sk.parent_key.startswith("sub-")
    ppid = template.items.get(name="Jumlah permohonan informasi")
    assert ppid.period_targets == {"1": "2.5000", "4": "10.0000"}
    event = AuditEvent.objects.get(action="template.published")
    assert event.data["recipients"] == ["17.01", "17.09"] and event.data["items"] == 11


def test_it_publishes_to_every_unit_below_when_asked(tree, people):
    plan = plan_import(
        unit=tree.ri,
        year=YEAR,
        parsed=small_parsed_plan(),
        actor=people.national_admin,
        source_name="ri.json",
        source_bytes=b"{}",
        source_format="json",
    )
    template = template_publish(plan=plan, actor=people.national_admin, scope=Scope.DESCENDANTS)
    assert _codes(template) == ["16", "16.71", "17", "17.01", "17.09"]


def test_it_publishes_to_the_chosen_children_only(province_plan, people, tree):
    template = template_publish(
        plan=province_plan,
        actor=people.province_sekretaris,
        scope=Scope.CHOSEN,
        chosen=[tree.bengkulu_tengah],
    )
    assert _codes(template) == ["17.09"]


def test_it_refuses_a_chosen_unit_that_is_not_a_direct_child(province_plan, people, tree):
    with pytest.raises(CascadeError, match="bukan satuan kerja langsung di bawah"):
        template_publish(
            plan=province_plan,
            actor=people.province_sekretaris,
            scope=Scope.CHOSEN,
            chosen=[tree.palembang],
        )
    assert not PlanTemplate.objects.exists()


def test_it_refuses_publishing_to_nobody(small_plan, people):
    with pytest.raises(CascadeError, match="Tidak ada satuan kerja penerima"):
        template_publish(plan=small_plan, actor=people.sekretaris, scope=Scope.CHILDREN)
    assert not PlanTemplate.objects.exists()


@pytest.mark.parametrize("persona", ["sekretaris", "viewer", "national_admin", "outsider"])
def test_it_lets_only_the_units_own_managers_publish(province_plan, people, persona):
    with pytest.raises(PermissionDenied):
        template_publish(plan=province_plan, actor=getattr(people, persona), scope="children")
    assert not PlanTemplate.objects.exists()


def test_it_keeps_the_old_version_when_republishing(template, province_plan, people):
    again = template_publish(
        plan=province_plan, actor=people.province_sekretaris, scope=Scope.CHILDREN, note="Revisi"
    )
    assert again.version == 2 and template.version == 1
    assert PlanTemplate.objects.filter(unit=template.unit, year=YEAR).count() == 2
    assert TemplateItem.objects.filter(template=template).count() == 11
    assert Recipient.objects.filter(template=template).count() == 2
    # Keys are stable across versions published from the same plan.
    assert set(template.items.values_list("key", flat=True)) == set(
        again.items.values_list("key", flat=True)
    )


# --- adopt -----------------------------------------------------------------------------------


def test_it_adopts_a_template_into_a_new_plan_with_every_row_linked(recipient_bt, people):
    plan = template_adopt(recipient=recipient_bt, actor=people.sekretaris)

    recipient_bt.refresh_from_db()
    assert recipient_bt.status == S.ADOPTED and recipient_bt.plan == plan
    assert recipient_bt.responded_by == people.sekretaris and recipient_bt.responded_at
    assert plan.unit.code == "17.09" and plan.year == YEAR
    assert Indicator.objects.filter(activity__area__plan=plan).count() == 4
    sk = Indicator.objects.get(activity__area__plan=plan, text="Tersedianya SK")
    assert sorted(sk.targets.values_list("period", flat=True)) == [1, 2]
    assert sk.note == "KET satu" and sk.pic is None
    ppid = Indicator.objects.get(activity__area__plan=plan, text="Jumlah permohonan informasi")
    assert {t.period: t.value for t in ppid.targets.all() if t.value is not None} == {
        1: 2.5,
        4: 10,
    }
    assert AdoptedItem.objects.filter(recipient=recipient_bt).count() == 11
    link = AdoptedItem.objects.get(recipient=recipient_bt, indicator=sk)
    assert recipient_bt.template.items.get(key=link.key).name == "Tersedianya SK"
    assert ImportReport.objects.get(plan=plan).source_name.startswith("Templat KPU Provinsi")
    assert recipient_diff(recipient=recipient_bt).total == 0
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"template.adopted", "plan.imported"} <= actions


def test_it_refuses_adopting_twice(recipient_bt, people):
    template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    with pytest.raises(CascadeError, match="sudah diadopsi"):
        template_adopt(recipient=recipient_bt, actor=people.admin_unit)
    assert Plan.objects.filter(unit__code="17.09").count() == 1
    assert AdoptedItem.objects.count() == 11


def test_it_refuses_adopting_when_the_unit_already_has_a_plan_and_changes_nothing(
    small_plan, recipient_bt, people
):
    targets = Target.objects.count()
    with pytest.raises(CascadeError, match="sudah memiliki rencana aksi tahun 2023"):
        template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    recipient_bt.refresh_from_db()
    assert recipient_bt.status == S.PENDING and recipient_bt.plan is None
    assert Plan.objects.filter(unit__code="17.09").get() == small_plan
    assert Target.objects.count() == targets
    assert not AdoptedItem.objects.exists()
    assert not AuditEvent.objects.filter(action="template.adopted").exists()


def test_it_refuses_adopting_a_version_that_a_newer_one_replaced(
    recipient_bt, province_plan, people
):
    template_publish(plan=province_plan, actor=people.province_sekretaris, scope=Scope.CHILDREN)
    with pytest.raises(CascadeError, match="Sudah terbit versi 2"):
        template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    assert not Plan.objects.filter(unit__code="17.09").exists()


@pytest.mark.parametrize(
    "persona", ["viewer", "pelaksana", "province_sekretaris", "sibling_sekretaris", "outsider"]
)
def test_it_lets_only_the_recipients_managers_adopt(recipient_bt, people, persona):
    with pytest.raises(PermissionDenied):
        template_adopt(recipient=recipient_bt, actor=getattr(people, persona))
    assert not Plan.objects.filter(unit__code="17.09").exists()


# --- decline ---------------------------------------------------------------------------------


def test_it_declines_with_a_reason(recipient_bs, people):
    template_decline(recipient=recipient_bs, actor=people.sibling_sekretaris, reason="  Sudah ada ")
    recipient_bs.refresh_from_db()
    assert recipient_bs.status == S.DECLINED and recipient_bs.decline_reason == "Sudah ada"
    assert AuditEvent.objects.filter(action="template.declined").count() == 1
    with pytest.raises(CascadeError, match="sudah ditolak"):
        template_adopt(recipient=recipient_bs, actor=people.sibling_sekretaris)


def test_it_refuses_declining_without_a_reason(recipient_bs, people):
    with pytest.raises(CascadeError, match="alasan penolakan"):
        template_decline(recipient=recipient_bs, actor=people.sibling_sekretaris, reason="  ")
    recipient_bs.refresh_from_db()
    assert recipient_bs.status == S.PENDING
