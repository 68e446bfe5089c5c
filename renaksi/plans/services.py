"""Writes to plans: each use case validates, writes and records an audit event atomically."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renaksi.audit.services import audit_record
from renaksi.organisations.models import Unit
from renaksi.plans.findings import REFORM_AREA_NAMES
from renaksi.plans.models import (
    Activity,
    Area,
    Decree,
    ImportReport,
    Indicator,
    Plan,
    ReformArea,
    SubActivity,
    Target,
)
from renaksi.plans.parsed import Finding, ParsedPlan, ParsedSubActivity
from renaksi.rollup.services import plan_summary_refresh


class PlanWriteError(ValueError):
    """A write that cannot be done; the message is for the user, in their language."""


def _check_len(value: str, limit: int, where: str):
    if len(value) > limit:
        raise PlanWriteError(
            _("%(where)s terlalu panjang (%(length)s karakter, paling banyak %(limit)s).")
            % {"where": where, "length": len(value), "limit": limit}
        )


def _require_perm(actor, perm: str, obj):
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied


def _validate_parsed(parsed: ParsedPlan):
    if not parsed.areas:
        raise PlanWriteError(_("Rencana aksi tidak berisi satu pun area perubahan."))
    max_period = 4 if parsed.granularity == "quarter" else 12
    decree_limits = {
        "issuer": 300,
        "number": 200,
        "lampiran_number": 200,
        "place": 100,
        "signer_name": 200,
        "signer_title": 300,
    }
    for name, limit in decree_limits.items():
        _check_len(getattr(parsed.decree, name), limit, _("Keputusan: %(field)s") % {"field": name})
    for a_i, area in enumerate(parsed.areas, 1):
        where = _("Area perubahan ke-%(n)s") % {"n": a_i}
        _check_len(area.name, 300, where)
        _check_len(area.number, 20, where)
        if not area.name.strip():
            raise PlanWriteError(_("%(where)s tidak bernama.") % {"where": where})
        for k_i, act in enumerate(area.activities, 1):
            where_k = _("%(area)s, kegiatan ke-%(n)s") % {"area": where, "n": k_i}
            _check_len(act.number, 20, where_k)
            for sub in act.sub_activities:
                _check_len(sub.number, 20, where_k)
                for child in sub.sub_activities:
                    _check_len(child.number, 20, where_k)
                    if child.sub_activities:
                        raise PlanWriteError(
                            _("%(where)s: sub kegiatan hanya boleh bertingkat satu kali.")
                            % {"where": where_k}
                        )
    for ind in parsed.iter_indicators():
        where = _("Indikator “%(text)s”") % {"text": ind.text[:60]}
        _check_len(ind.number, 20, where)
        _check_len(ind.unit, 50, where)
        _check_len(ind.pic, 200, where)
        bad = [p for p in ind.periods if not 1 <= p <= max_period]
        if bad:
            raise PlanWriteError(
                _("%(where)s: periode %(periods)s di luar rentang 1–%(max)s.")
                % {"where": where, "periods": bad, "max": max_period}
            )


_USERNAME_LIKE = re.compile(r"^[\w.@+-]{1,150}$")


def _resolve_pics(parsed: ParsedPlan, unit) -> dict[str, object]:
    """PIC usernames resolved among the members of the plan's unit only.

    A name that looks like a username but is not a member's is kept as text with a finding
    whose words are the same whether or not such an account exists elsewhere: an import must not
    tell a unit which usernames other units (or the superuser) have.
    """
    names = {ind.pic for ind in parsed.iter_indicators() if ind.pic}
    if not names:
        return {}
    users = (
        get_user_model()
        .objects.filter(username__in=names, memberships__unit=unit, is_active=True)
        .distinct()
    )
    found = {u.username: u for u in users}
    reported = set()
    for ind in parsed.iter_indicators():
        name = ind.pic
        if name and name not in found and name not in reported and _USERNAME_LIKE.match(name):
            reported.add(name)
            parsed.findings.append(
                Finding(code="pic_not_member", line=ind.line, params={"name": name[:150]})
            )
    return found


def _reform_areas() -> dict[int, ReformArea]:
    """The 8 Road Map areas by number; restores any that are missing (e.g. after a flush)."""
    existing = {ra.number: ra for ra in ReformArea.objects.all()}
    if len(existing) < len(REFORM_AREA_NAMES):
        ReformArea.objects.bulk_create(
            [
                ReformArea(number=n, name=name)
                for n, name in REFORM_AREA_NAMES.items()
                if n not in existing
            ],
            ignore_conflicts=True,
        )
        existing = {ra.number: ra for ra in ReformArea.objects.all()}
    return existing


def _write_tree(plan: Plan, parsed: ParsedPlan, actor) -> dict:
    """Create areas, activities, sub activities, indicators and targets in bulk."""
    reform_areas = _reform_areas()
    pics = _resolve_pics(parsed, plan.unit)

    areas = [
        Area(
            plan=plan,
            position=i,
            number=a.number,
            name=a.name,
            reform_area=reform_areas.get(a.reform_area),
            source_line=a.line,
        )
        for i, a in enumerate(parsed.areas, 1)
    ]
    bulk_create_with_history(areas, Area, default_user=actor)
    areas = list(Area.objects.filter(plan=plan).order_by("position"))

    activities = []
    for area, parsed_area in zip(areas, parsed.areas, strict=True):
        for i, a in enumerate(parsed_area.activities, 1):
            activities.append(
                Activity(area=area, position=i, number=a.number, name=a.name, source_line=a.line)
            )
    bulk_create_with_history(activities, Activity, default_user=actor)
    activities = list(
        Activity.objects.filter(area__plan=plan).order_by("area__position", "position")
    )
    parsed_activities = [act for area in parsed.areas for act in area.activities]

    # Sub activities: parents first (they must have ids before children point to them).
    top_subs: list[tuple[SubActivity, ParsedSubActivity]] = []
    counters: dict[int, int] = {}

    def next_pos(key: int) -> int:
        counters[key] = counters.get(key, 0) + 1
        return counters[key]

    for activity, p_act in zip(activities, parsed_activities, strict=True):
        for p_sub in p_act.sub_activities:
            sub = SubActivity(
                activity=activity,
                position=next_pos(activity.pk),
                number=p_sub.number,
                name=p_sub.name,
                source_line=p_sub.line,
            )
            top_subs.append((sub, p_sub))
            # Reserve positions for children right after their parent.
            for _child in p_sub.sub_activities:
                next_pos(activity.pk)
    bulk_create_with_history([s for s, _p in top_subs], SubActivity, default_user=actor)
    created = {
        (s.activity_id, s.position): s
        for s in SubActivity.objects.filter(activity__area__plan=plan)
    }
    children: list[tuple[SubActivity, ParsedSubActivity]] = []
    for sub, p_sub in top_subs:
        parent = created[(sub.activity_id, sub.position)]
        for offset, p_child in enumerate(p_sub.sub_activities, 1):
            children.append(
                (
                    SubActivity(
                        activity_id=sub.activity_id,
                        parent=parent,
                        position=sub.position + offset,
                        number=p_child.number,
                        name=p_child.name,
                        source_line=p_child.line,
                    ),
                    p_child,
                )
            )
    bulk_create_with_history([c for c, _p in children], SubActivity, default_user=actor)
    created = {
        (s.activity_id, s.position): s
        for s in SubActivity.objects.filter(activity__area__plan=plan)
    }

    indicators: list[Indicator] = []
    pending_targets: list[tuple[int, int, dict]] = []  # (activity_id, position, periods)
    ind_positions: dict[int, int] = {}

    def add_indicator(activity_id: int, sub: SubActivity | None, p_ind):
        ind_positions[activity_id] = ind_positions.get(activity_id, 0) + 1
        position = ind_positions[activity_id]
        pic = pics.get(p_ind.pic)
        indicators.append(
            Indicator(
                activity_id=activity_id,
                sub_activity=sub,
                position=position,
                number=p_ind.number,
                text=p_ind.text,
                target_value=p_ind.target,
                target_unit=p_ind.unit,
                pic=pic,
                pic_name="" if pic else p_ind.pic,
                note=p_ind.note,
                source_line=p_ind.line,
            )
        )
        values = {p: p_ind.period_targets.get(p) for p in p_ind.periods}
        pending_targets.append((activity_id, position, values))

    for activity, p_act in zip(activities, parsed_activities, strict=True):
        for p_ind in p_act.indicators:
            add_indicator(activity.pk, None, p_ind)
        position = 0
        for p_sub in p_act.sub_activities:
            position += 1
            parent = created[(activity.pk, position)]
            for p_ind in p_sub.indicators:
                add_indicator(activity.pk, parent, p_ind)
            for p_child in p_sub.sub_activities:
                position += 1
                child = created[(activity.pk, position)]
                for p_ind in p_child.indicators:
                    add_indicator(activity.pk, child, p_ind)
    bulk_create_with_history(indicators, Indicator, default_user=actor)
    ind_ids = dict(
        ((a, p), pk)
        for a, p, pk in Indicator.objects.filter(activity__area__plan=plan).values_list(
            "activity_id", "position", "pk"
        )
    )
    targets = [
        Target(indicator_id=ind_ids[(a, p)], period=period, value=value)
        for a, p, values in pending_targets
        for period, value in sorted(values.items())
    ]
    bulk_create_with_history(targets, Target, default_user=actor, batch_size=500)
    return {
        "areas": len(areas),
        "activities": len(activities),
        "sub_activities": len(top_subs) + len(children),
        "indicators": len(indicators),
        "targets": len(targets),
    }


def _plan_exists_error(unit: Unit, year: int) -> PlanWriteError:
    return PlanWriteError(
        _(
            "Rencana aksi %(unit)s tahun %(year)s sudah ada. Pilih “ganti” untuk "
            "membangunnya ulang dari berkas ini."
        )
        % {"unit": unit.name, "year": year}
    )


def _plan_import(
    *,
    unit: Unit,
    year: int,
    parsed: ParsedPlan,
    actor,
    source_name: str,
    source_bytes: bytes,
    source_format: str,
    replace: bool = False,
) -> Plan:
    """The body of ``plan_import``, for callers that already hold the transaction."""
    _require_perm(actor, "plans.import_plan", unit)
    if not 2000 <= year <= 2100:
        raise PlanWriteError(_("Tahun %(year)s tidak valid.") % {"year": year})
    _validate_parsed(parsed)

    plan = Plan.objects.select_for_update().filter(unit=unit, year=year).first()
    if plan is not None and not replace:
        raise _plan_exists_error(unit, year)
    decree_data = asdict(parsed.decree)
    if plan is None:
        decree = Decree(**decree_data)
        decree._history_user = actor
        decree.save()
        plan = Plan(unit=unit, year=year, granularity=parsed.granularity, decree=decree)
        plan.title = _("Rencana Aksi Reformasi Birokrasi %(unit)s Tahun %(year)s") % {
            "unit": unit.name,
            "year": year,
        }
        plan._history_user = actor
        try:
            # No row to lock yet: a concurrent first import of the same unit and year commits
            # first and this insert meets the unique constraint (PostgreSQL).
            with transaction.atomic():
                plan.save()
        except IntegrityError:
            raise _plan_exists_error(unit, year) from None
        action = "plan.imported"
    else:
        decree = plan.decree or Decree()
        for name, value in decree_data.items():
            setattr(decree, name, value)
        decree._history_user = actor
        decree.save()
        plan.decree = decree
        plan.granularity = parsed.granularity
        plan._history_user = actor
        plan.save()
        try:
            for area in plan.areas.all():
                area._history_user = actor
                area.delete()
        except ProtectedError as exc:
            # Realisations and evidence hang on the indicators: rebuilding would lose them.
            raise PlanWriteError(
                _(
                    "Rencana aksi %(unit)s tahun %(year)s sudah memiliki realisasi, sehingga tidak "
                    "dapat dibangun ulang dari berkas. Perbaiki strukturnya langsung di layar."
                )
                % {"unit": unit.name, "year": year}
            ) from exc
        action = "plan.reimported"

    summary = _write_tree(plan, parsed, actor)
    plan_summary_refresh(plan_ids=[plan.pk])
    sha256 = hashlib.sha256(source_bytes).hexdigest()
    ImportReport.objects.create(
        plan=plan,
        source_name=source_name[:255],
        source_sha256=sha256,
        source_format=source_format,
        findings=[
            {"code": f.code, "severity": f.severity, "line": f.line, "params": f.params}
            for f in parsed.findings
        ],
        summary=summary,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action=action,
        obj=plan,
        unit=unit,
        summary=_("Impor %(name)s") % {"name": source_name[:200]},
        data={**summary, "sha256": sha256, "findings": len(parsed.findings)},
    )
    return plan


@transaction.atomic(durable=True)
def plan_import(
    *,
    unit: Unit,
    year: int,
    parsed: ParsedPlan,
    actor,
    source_name: str,
    source_bytes: bytes,
    source_format: str,
    replace: bool = False,
) -> Plan:
    """Create (or, with ``replace``, rebuild) a unit's plan for a year from a parsed document.

    All or nothing: on any error nothing is written and an existing plan stays as it was.
    """
    return _plan_import(
        unit=unit,
        year=year,
        parsed=parsed,
        actor=actor,
        source_name=source_name,
        source_bytes=source_bytes,
        source_format=source_format,
        replace=replace,
    )


def plan_import_step(**kwargs) -> Plan:
    """``plan_import`` as one step of a use case that holds its own durable transaction (adopting
    a cascaded template): the same checks, writes, import report and audit event, with no
    transaction of its own, so the caller's other writes stand or fall with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("plan_import_step must run inside the caller's transaction")
    return _plan_import(**kwargs)


# --- corrections on screen -----------------------------------------------------------------


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
    _require_perm(actor, "plans.change_plan", plan)
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
    _require_perm(actor, "plans.change_plan", plan)
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
    _require_perm(actor, "plans.change_plan", plan)
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
    _require_perm(actor, "plans.change_plan", plan)
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
        plan_summary_refresh(plan_ids=[plan.pk])
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
    _require_perm(actor, "plans.change_plan", plan)
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
    _require_perm(actor, "plans.change_plan", plan)
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
        plan_summary_refresh(plan_ids=[plan.pk])
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
    _require_perm(actor, "plans.change_plan", plan)
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


def _check_size(filename: str, data: bytes):
    from django.conf import settings

    if len(data) > settings.PLAN_IMPORT_MAX_BYTES:
        raise PlanWriteError(
            _("Berkas %(name)s terlalu besar (%(size)s KB; paling besar %(limit)s KB).")
            % {
                "name": filename,
                "size": len(data) // 1024,
                "limit": settings.PLAN_IMPORT_MAX_BYTES // 1024,
            }
        )
    if not data.strip():
        raise PlanWriteError(_("Berkas %(name)s kosong.") % {"name": filename})


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def plan_read_table(*, filename: str, data: bytes):
    """The file as a table grid and its format ("xlsx", "docx", "csv"), or None if not a table.

    XLSX and DOCX are told by their zip content; a text file is a CSV when its name says so or
    when its header row names the plan columns. Raises ``PlanWriteError`` for a broken table.
    """
    from renaksi.plans.importers.table import (
        TableReadError,
        mapping_guess,
        mapping_is_usable,
        read_table,
        zip_kind,
    )

    _check_size(filename, data)
    lower = filename.lower()
    try:
        kind = zip_kind(data)
        if kind is not None:
            return read_table(data, kind), kind
        if lower.endswith((".xlsx", ".xlsm", ".docx")):
            raise TableReadError(
                _("Berkas ini bukan buku kerja Excel atau dokumen Word yang sah (bukan zip).")
            )
        if _looks_like_json(data) or b"\x00" in data[:4096]:
            return None
        is_csv_name = lower.endswith((".csv", ".tsv"))
        try:
            grid = read_table(data, "csv")
        except TableReadError:
            if is_csv_name:
                raise
            return None
    except TableReadError as exc:
        raise PlanWriteError(
            _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
        ) from exc
    if is_csv_name:
        return grid, ImportReport.Format.CSV
    mapping = mapping_guess(grid)
    if mapping_is_usable(mapping) and len(mapping.columns) >= 3:
        return grid, ImportReport.Format.CSV
    return None


def plan_parse_table(*, filename: str, grid, mapping=None) -> ParsedPlan:
    """A table grid read as a plan, with ``mapping`` or the guessed one."""
    from renaksi.plans.importers.table import mapping_guess, parse_table

    mapping = mapping or mapping_guess(grid)
    if "indicator" not in mapping.columns:
        raise PlanWriteError(
            _(
                "Berkas %(name)s: kolom tabel tidak dikenali. Tentukan pemetaan kolomnya "
                "(halaman impor atau --mapping)."
            )
            % {"name": filename}
        )
    return parse_table(grid, mapping)


def plan_parse_file(*, filename: str, data: bytes, mapping=None) -> tuple[ParsedPlan, str]:
    """Read an uploaded plan file; the format is told by content.

    Decree text, Renaksi JSON, and tables (XLSX, DOCX, CSV) read with ``mapping`` (a
    ``TableMapping``) or, without one, the guessed mapping (the official lampiran needs none).
    """
    from renaksi.plans.importers.seed_text import PlanParseError, parse_decree_text
    from renaksi.plans.interchange import InterchangeError, parsed_from_json_bytes

    _check_size(filename, data)
    table = plan_read_table(filename=filename, data=data)
    if table is not None:
        grid, source_format = table
        return plan_parse_table(filename=filename, grid=grid, mapping=mapping), source_format
    if _looks_like_json(data):
        try:
            return parsed_from_json_bytes(data), ImportReport.Format.JSON
        except InterchangeError as exc:
            raise PlanWriteError(
                _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
            ) from exc
    if b"\x00" in data[:4096]:
        raise PlanWriteError(
            _("Berkas %(name)s bukan teks (berisi data biner). Unggah teks keputusan atau JSON.")
            % {"name": filename}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return parse_decree_text(text), ImportReport.Format.TEXT
    except PlanParseError as exc:
        raise PlanWriteError(
            _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
        ) from exc


def plan_import_file(
    *, unit: Unit, year: int, filename: str, data: bytes, actor, replace: bool = False
) -> Plan:
    """Parse an uploaded file and import it; the CLI and the upload page both come here."""
    _require_perm(actor, "plans.import_plan", unit)
    parsed, source_format = plan_parse_file(filename=filename, data=data)
    return plan_import(
        unit=unit,
        year=year,
        parsed=parsed,
        actor=actor,
        source_name=filename,
        source_bytes=data,
        source_format=source_format,
        replace=replace,
    )
