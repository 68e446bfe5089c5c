"""Writing a parsed plan: ``plan_import`` checks, writes the tree in bulk, reports and audits."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
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
    PlanKind,
    ReformArea,
    SubActivity,
    Target,
)
from renaksi.plans.parsed import Finding, ParsedPlan, ParsedSubActivity
from renaksi.plans.services.common import PlanWriteError, _check_len, _require_perm
from renaksi.plans.stamps import plan_stamp_bump
from renaksi.rollup.services import plan_summary_refresh


def _out_of_range(value: Decimal | None) -> bool:
    """What a DecimalField(max_digits=18, decimal_places=4) cannot store."""
    return value is not None and (not value.is_finite() or value.copy_abs() >= Decimal(10) ** 14)


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
        if ind.line:
            where = _("Indikator “%(text)s” (baris %(line)s)") % {
                "text": ind.text[:60],
                "line": ind.line,
            }
        else:
            where = _("Indikator “%(text)s”") % {"text": ind.text[:60]}
        _check_len(ind.number, 20, where)
        _check_len(ind.unit, 50, where)
        _check_len(ind.pic, 200, where)
        _check_len(ind.pic2, 200, where)
        for name, value in (("target", ind.target), ("budget", ind.budget)):
            if value is not None and (
                not value.is_finite() or value.copy_abs() >= Decimal(10) ** 14
            ):
                raise PlanWriteError(
                    _("%(where)s: %(field)s di luar rentang.") % {"where": where, "field": name}
                )
        for period, value in ind.period_targets.items():
            if value is not None and (
                not value.is_finite() or value.copy_abs() >= Decimal(10) ** 14
            ):
                raise PlanWriteError(
                    _("%(where)s: target periode %(period)s di luar rentang.")
                    % {"where": where, "period": period}
                )
        for url in ind.evidence:
            if not re.match(r"^https?://\S", url) or len(url) > 1000:
                raise PlanWriteError(
                    _("%(where)s: tautan bukti harus alamat http(s):// (%(url)s).")
                    % {"where": where, "url": url[:80]}
                )
        if ind.budget is not None and ind.budget.as_tuple().exponent < -2:
            raise PlanWriteError(
                _("%(where)s: anggaran paling banyak dua angka desimal.") % {"where": where}
            )
        if ind.target_kind not in ("", "per_period", "cumulative"):
            raise PlanWriteError(_("%(where)s: jenis target tidak dikenal.") % {"where": where})
        if ind.target_scale not in ("", "percent", "fraction", "count", "currency"):
            raise PlanWriteError(_("%(where)s: skala target tidak dikenal.") % {"where": where})
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
    names |= {ind.pic2 for ind in parsed.iter_indicators() if ind.pic2}
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
        for name in (ind.pic, ind.pic2):
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
        pic2 = pics.get(p_ind.pic2)
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
                pic2=pic2,
                pic2_name="" if pic2 else p_ind.pic2,
                budget=p_ind.budget,
                evidence_links=list(p_ind.evidence),
                target_kind=p_ind.target_kind,
                target_scale=p_ind.target_scale,
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
    kind: str = PlanKind.GENERAL,
) -> Plan:
    """The body of ``plan_import``, for callers that already hold the transaction."""
    _require_perm(actor, "plans.import_plan", unit)
    if not 2000 <= year <= 2100:
        raise PlanWriteError(_("Tahun %(year)s tidak valid.") % {"year": year})
    _validate_parsed(parsed)

    if kind not in PlanKind.values:
        raise PlanWriteError(_("Jenis rencana %(kind)s tidak dikenal.") % {"kind": kind})
    plan = Plan.objects.select_for_update().filter(unit=unit, year=year, kind=kind).first()
    if plan is not None and not replace:
        raise _plan_exists_error(unit, year)
    decree_data = asdict(parsed.decree)
    if plan is None:
        decree = Decree(**decree_data)
        decree._history_user = actor
        decree.save()
        plan = Plan(unit=unit, year=year, kind=kind, granularity=parsed.granularity, decree=decree)
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
    plan_stamp_bump(plan_ids=[plan.pk])
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
    kind: str = PlanKind.GENERAL,
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
        kind=kind,
    )


def plan_import_step(**kwargs) -> Plan:
    """``plan_import`` as one step of a use case that holds its own durable transaction (adopting
    a cascaded template): the same checks, writes, import report and audit event, with no
    transaction of its own, so the caller's other writes stand or fall with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("plan_import_step must run inside the caller's transaction")
    return _plan_import(**kwargs)
