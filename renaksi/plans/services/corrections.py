"""Corrections and additions on screen: each one checked, saved with history and audited."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renaksi.audit.services import audit_record
from renaksi.core.actors import require_perm
from renaksi.core.hooks import announce_plan_cells_changed
from renaksi.plans.models import (
    Activity,
    Area,
    Decree,
    Indicator,
    Plan,
    ReformArea,
    SubActivity,
    Target,
)
from renaksi.plans.services.common import PlanWriteError, _check_len
from renaksi.plans.stamps import plan_stamp_bump


def _snapshot(obj, fields) -> dict:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "pk"):
            value = value.pk
        out[name] = value
    return out


def _save_with_audit(obj, *, actor, plan: Plan, action: str, before: dict, fields):
    after = _snapshot(obj, fields)
    changed = {k: [before[k], after[k]] for k in fields if before[k] != after[k]}
    obj._history_user = actor
    obj.save()
    plan_stamp_bump(plan_ids=[plan.pk])
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        unit=plan.unit,
        summary=str(obj)[:200],
        data={"plan": plan.pk, "changed": changed},
    )


@transaction.atomic(durable=True)
def area_update(
    *, area: Area, actor, number: str, name: str, reform_area: ReformArea | None
) -> Area:
    plan = area.plan
    require_perm(actor, "plans.change_plan", plan)
    fields = ["number", "name", "reform_area"]
    before = _snapshot(area, fields)
    _check_len(number, 20, _("Nomor"))
    _check_len(name, 300, _("Nama area"))
    area.number, area.name, area.reform_area = number.strip(), name.strip(), reform_area
    _save_with_audit(
        area, actor=actor, plan=plan, action="area.updated", before=before, fields=fields
    )
    return area


@transaction.atomic(durable=True)
def activity_update(*, activity: Activity, actor, number: str, name: str) -> Activity:
    plan = activity.area.plan
    require_perm(actor, "plans.change_plan", plan)
    fields = ["number", "name"]
    before = _snapshot(activity, fields)
    _check_len(number, 20, _("Nomor"))
    activity.number, activity.name = number.strip(), name.strip()
    _save_with_audit(
        activity, actor=actor, plan=plan, action="activity.updated", before=before, fields=fields
    )
    return activity


def _next_position(model, **filters) -> int:
    return (model.objects.filter(**filters).aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic(durable=True)
def sub_activity_update(
    *,
    sub_activity: SubActivity,
    actor,
    number: str,
    name: str,
    activity: Activity,
    parent: SubActivity | None,
) -> SubActivity:
    """Edit a sub kegiatan and, when ``activity``/``parent`` change, move it with its indicators."""
    plan = sub_activity.activity.area.plan
    require_perm(actor, "plans.change_plan", plan)
    if activity.area.plan_id != plan.pk:
        raise PlanWriteError(_("Kegiatan tujuan bukan bagian dari rencana aksi ini."))
    if parent is not None:
        if parent.activity_id != activity.pk:
            raise PlanWriteError(_("Sub kegiatan induk harus berada di kegiatan tujuan."))
        if parent.pk == sub_activity.pk or parent.parent_id is not None:
            raise PlanWriteError(_("Sub kegiatan hanya boleh bertingkat satu kali."))
        if sub_activity.children.exists():
            raise PlanWriteError(
                _("Sub kegiatan yang memiliki anak tidak dapat dijadikan anak sub kegiatan lain.")
            )
    _check_len(number, 20, _("Nomor"))
    fields = ["number", "name", "activity", "parent"]
    before = _snapshot(sub_activity, fields)
    moved = sub_activity.activity_id != activity.pk
    sub_activity.number, sub_activity.name = number.strip(), name.strip()
    sub_activity.parent = parent
    if moved:
        sub_activity.activity = activity
        sub_activity.position = _next_position(SubActivity, activity=activity)
    _save_with_audit(
        sub_activity,
        actor=actor,
        plan=plan,
        action="sub_activity.updated",
        before=before,
        fields=fields,
    )
    if moved:
        # Children and all indicators below follow their sub kegiatan to the new kegiatan.
        position = sub_activity.position
        for child in sub_activity.children.order_by("position"):
            position += 1
            child.activity, child.position = activity, position
            child._history_user = actor
            child.save()
        next_ind = _next_position(Indicator, activity=activity)
        for ind in Indicator.objects.filter(
            sub_activity__in=[sub_activity.pk, *sub_activity.children.values_list("pk", flat=True)]
        ).order_by("position"):
            ind.activity, ind.position = activity, next_ind
            next_ind += 1
            ind._history_user = actor
            ind.save()
    return sub_activity


@transaction.atomic(durable=True)
def indicator_update(
    *,
    indicator: Indicator,
    actor,
    number: str,
    text: str,
    periods: set[int],
    note: str = "",
    target_value: Decimal | None = None,
    target_unit: str = "",
    pic=None,
    pic_name: str = "",
    activity: Activity | None = None,
    sub_activity: SubActivity | None = None,
) -> Indicator:
    """Edit an indicator's texts and schedule, and move it to another parent if asked."""
    plan = indicator.activity.area.plan
    require_perm(actor, "plans.change_plan", plan)
    activity = activity or indicator.activity
    if activity.area.plan_id != plan.pk:
        raise PlanWriteError(_("Kegiatan tujuan bukan bagian dari rencana aksi ini."))
    if sub_activity is not None and sub_activity.activity_id != activity.pk:
        raise PlanWriteError(_("Sub kegiatan tujuan harus berada di kegiatan tujuan."))
    if not text.strip():
        raise PlanWriteError(_("Teks indikator wajib diisi."))
    bad = sorted(p for p in periods if not 1 <= p <= plan.period_count)
    if bad:
        raise PlanWriteError(
            _("Periode %(periods)s di luar rentang 1–%(max)s.")
            % {"periods": bad, "max": plan.period_count}
        )
    _check_len(number, 20, _("Nomor"))
    _check_len(target_unit, 50, _("Satuan"))
    fields = [
        "number",
        "text",
        "note",
        "target_value",
        "target_unit",
        "pic",
        "pic_name",
        "activity",
        "sub_activity",
    ]
    before = _snapshot(indicator, fields)
    before_periods = sorted(indicator.targets.values_list("period", flat=True))
    if activity.pk != indicator.activity_id:
        indicator.position = _next_position(Indicator, activity=activity)
    indicator.activity, indicator.sub_activity = activity, sub_activity
    indicator.number, indicator.text, indicator.note = number.strip(), text.strip(), note.strip()
    indicator.target_value, indicator.target_unit = target_value, target_unit.strip()
    indicator.pic, indicator.pic_name = pic, "" if pic else pic_name.strip()
    after = _snapshot(indicator, fields)
    changed = {k: [before[k], after[k]] for k in fields if before[k] != after[k]}
    indicator._history_user = actor
    indicator.save()

    existing = {t.period: t for t in indicator.targets.all()}
    for period, target in existing.items():
        if period not in periods:
            target._history_user = actor
            target.delete()
    for period in sorted(set(periods) - set(existing)):
        target = Target(indicator=indicator, period=period)
        target._history_user = actor
        target.save()
    if sorted(periods) != before_periods:
        changed["periods"] = [before_periods, sorted(periods)]
        announce_plan_cells_changed(plan_ids=[plan.pk])  # a new stamp too (plans.stamps)
    else:
        plan_stamp_bump(plan_ids=[plan.pk])
    audit_record(
        actor=actor,
        action="indicator.updated",
        obj=indicator,
        unit=plan.unit,
        summary=str(indicator)[:200],
        data={"plan": plan.pk, "changed": changed},
    )
    return indicator


# --- additions on screen -------------------------------------------------------------------


@transaction.atomic(durable=True)
def activity_create(*, area: Area, actor, number: str, name: str) -> Activity:
    """Add a kegiatan at the end of an area (e.g. a unit adapting an adopted template)."""
    plan = area.plan
    require_perm(actor, "plans.change_plan", plan)
    if not name.strip():
        raise PlanWriteError(_("Nama kegiatan wajib diisi."))
    _check_len(number, 20, _("Nomor"))
    activity = Activity(
        area=area,
        position=_next_position(Activity, area=area),
        number=number.strip(),
        name=name.strip(),
    )
    activity._history_user = actor
    activity.save()
    plan_stamp_bump(plan_ids=[plan.pk])
    audit_record(
        actor=actor,
        action="activity.created",
        obj=activity,
        unit=plan.unit,
        summary=str(activity)[:200],
        data={"plan": plan.pk, "area": area.pk},
    )
    return activity


@transaction.atomic(durable=True)
def indicator_create(
    *,
    plan: Plan,
    actor,
    activity: Activity,
    sub_activity: SubActivity | None,
    number: str,
    text: str,
    periods: set[int],
    note: str = "",
    target_value: Decimal | None = None,
    target_unit: str = "",
    pic=None,
    pic_name: str = "",
) -> Indicator:
    """Add an indicator with its schedule under a kegiatan or one of its sub kegiatan."""
    require_perm(actor, "plans.change_plan", plan)
    if activity.area.plan_id != plan.pk:
        raise PlanWriteError(_("Kegiatan tujuan bukan bagian dari rencana aksi ini."))
    if sub_activity is not None and sub_activity.activity_id != activity.pk:
        raise PlanWriteError(_("Sub kegiatan tujuan harus berada di kegiatan tujuan."))
    if not text.strip():
        raise PlanWriteError(_("Teks indikator wajib diisi."))
    bad = sorted(p for p in periods if not 1 <= p <= plan.period_count)
    if bad:
        raise PlanWriteError(
            _("Periode %(periods)s di luar rentang 1–%(max)s.")
            % {"periods": bad, "max": plan.period_count}
        )
    _check_len(number, 20, _("Nomor"))
    _check_len(target_unit, 50, _("Satuan"))
    _check_len(pic_name, 200, _("Nama penanggung jawab"))
    indicator = Indicator(
        activity=activity,
        sub_activity=sub_activity,
        position=_next_position(Indicator, activity=activity),
        number=number.strip(),
        text=text.strip(),
        note=note.strip(),
        target_value=target_value,
        target_unit=target_unit.strip(),
        pic=pic,
        pic_name="" if pic else pic_name.strip(),
    )
    indicator._history_user = actor
    indicator.save()
    targets = [Target(indicator=indicator, period=p) for p in sorted(periods)]
    bulk_create_with_history(targets, Target, default_user=actor)
    if targets:
        announce_plan_cells_changed(plan_ids=[plan.pk])  # a new stamp too (plans.stamps)
    else:
        plan_stamp_bump(plan_ids=[plan.pk])
    audit_record(
        actor=actor,
        action="indicator.created",
        obj=indicator,
        unit=plan.unit,
        summary=str(indicator)[:200],
        data={"plan": plan.pk, "periods": sorted(periods)},
    )
    return indicator


@transaction.atomic(durable=True)
def decree_update(*, plan: Plan, actor, **values) -> Decree:
    require_perm(actor, "plans.change_plan", plan)
    decree = plan.decree or Decree()
    fields = [f for f in values]
    before = _snapshot(decree, fields)
    for name, value in values.items():
        setattr(decree, name, value)
    if decree.valid_from and decree.valid_until and decree.valid_until < decree.valid_from:
        raise PlanWriteError(_("Tanggal akhir masa berlaku tidak boleh sebelum tanggal mulai."))
    decree._history_user = actor
    decree.save()
    if plan.decree_id != decree.pk:
        plan.decree = decree
        plan.save(update_fields=["decree"])
    after = _snapshot(decree, fields)
    plan_stamp_bump(plan_ids=[plan.pk])
    audit_record(
        actor=actor,
        action="decree.updated",
        obj=decree,
        unit=plan.unit,
        summary=decree.number[:200],
        data={
            "plan": plan.pk,
            "changed": {
                k: [str(before[k]), str(after[k])] for k in fields if before[k] != after[k]
            },
        },
    )
    return decree
