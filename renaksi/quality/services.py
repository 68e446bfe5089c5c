"""Writes of the quality feature: next year's plan, its confirmation, baselines, targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.core.actors import require_perm
from renaksi.organisations.models import Membership
from renaksi.plans.models import Decree, Indicator, Plan
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import PlanWriteError
from renaksi.plans.services.imports import _write_tree
from renaksi.quality.facts import (
    HUNDRED,
    keyed,
    plan_facts,
    previous_plan,
    realisations_by_key,
)
from renaksi.quality.models import CriteriaSet, CriteriaSetStatus
from renaksi.rollup.services import plan_summary_refresh

STEP = Decimal(10)


def proposed_target(*, baseline: Decimal | None, current: Decimal | None) -> Decimal | None:
    """Next year's target from this year's realisation: above it, at most 100 (the scale of
    the realisation is a percentage), and never below this year's own target."""
    if baseline is None:
        return current
    proposal = min(HUNDRED, baseline + STEP) if baseline < HUNDRED else HUNDRED
    if current is not None and current > proposal and current <= HUNDRED:
        proposal = current
    return proposal.quantize(Decimal("0.01"))


def _renew(text: str, year: int) -> str:
    return text.replace(str(year), str(year + 1))


@transaction.atomic(durable=True)
def plan_next_year_create(*, plan: Plan, actor) -> Plan:
    """Next year's plan from this one, as a draft: the same structure and schedule, each
    indicator's baseline = this year's verified realisation and a target proposed above it,
    the decree renewed (number and dates emptied, validity the whole next year)."""
    require_perm(actor, "plans.change_plan", plan)
    year = plan.year + 1
    if year > 2100:
        raise PlanWriteError(_("Tahun %(year)s tidak valid.") % {"year": year})
    if Plan.objects.filter(unit_id=plan.unit_id, year=year, kind=plan.kind).exists():
        raise PlanWriteError(
            _("Rencana aksi %(unit)s tahun %(year)s sudah ada.")
            % {"unit": plan.unit.name, "year": year}
        )
    parsed = plan_to_parsed(plan=plan)
    old = parsed.decree
    decree = Decree(
        issuer=old.issuer,
        number="",
        lampiran_number="",
        about=_renew(old.about, plan.year),
        place=old.place,
        date_set=None,
        signer_name=old.signer_name,
        signer_title=old.signer_title,
        valid_from=datetime.date(year, 1, 1),
        valid_until=datetime.date(year, 12, 31),
        validity_text="",
        considering=_renew(old.considering, plan.year),
        observing=old.observing,
        deciding=_renew(old.deciding, plan.year),
    )
    decree._history_user = actor
    decree.save()
    new = Plan(
        unit=plan.unit,
        year=year,
        kind=plan.kind,
        theme=plan.theme,
        focus=plan.focus,
        granularity=plan.granularity,
        decree=decree,
        is_draft=True,
        title=_renew(plan.title, plan.year),
    )
    new._history_user = actor
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:
        raise PlanWriteError(
            _("Rencana aksi %(unit)s tahun %(year)s sudah ada.")
            % {"unit": plan.unit.name, "year": year}
        ) from None
    summary = _write_tree(new, parsed, actor)
    this_year = keyed(plan_facts(plan=plan).indicators)
    changed = []
    for key, ind in keyed(plan_facts(plan=new).indicators).items():
        source = this_year.get(key)
        if source is None:
            continue
        ind.obj.baseline = source.realisation
        ind.obj.yearly_target = proposed_target(baseline=source.realisation, current=source.target)
        changed.append(ind.obj)
    Indicator.objects.bulk_update(changed, ["baseline", "yearly_target"], batch_size=500)
    plan_summary_refresh(plan_ids=[new.pk])
    audit_record(
        actor=actor,
        action="plan.next_year_created",
        obj=new,
        unit=plan.unit,
        summary=_("Rencana tahun %(year)s dibuat dari rencana %(from)s")
        % {"year": year, "from": plan.year},
        data={**summary, "from_plan": plan.pk, "baselines": len(changed)},
    )
    return new


@transaction.atomic(durable=True)
def plan_confirm(*, plan: Plan, actor) -> Plan:
    """The Sekretaris confirms a draft plan (made by "Rencana tahun berikutnya")."""
    require_perm(actor, "plans.change_plan", plan)
    is_sekretaris = (
        actor is None
        or actor.is_superuser
        or Membership.objects.filter(
            user=actor, unit_id=plan.unit_id, role=Membership.Role.SEKRETARIS
        ).exists()
    )
    if not is_sekretaris:
        raise PermissionDenied
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft:
        raise PlanWriteError(_("Rencana aksi ini sudah dikonfirmasi."))
    plan.is_draft = False
    plan._history_user = actor
    plan.save(update_fields=["is_draft", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.confirmed",
        obj=plan,
        unit=plan.unit,
        summary=_("Rencana aksi %(year)s dikonfirmasi") % {"year": plan.year},
        data={},
    )
    return plan


@transaction.atomic(durable=True)
def plan_baselines_fill(*, plan: Plan, actor) -> int:
    """Fill each empty baseline from last year's verified realisation of the same indicator."""
    require_perm(actor, "plans.change_plan", plan)
    last = previous_plan(plan)
    if last is None:
        raise PlanWriteError(
            _("Tidak ada rencana aksi tahun %(year)s untuk diambil realisasinya.")
            % {"year": plan.year - 1}
        )
    realised = realisations_by_key(last)
    changed = []
    for ind in plan_facts(plan=plan).indicators:
        value = realised.get(ind.key)
        if ind.obj.baseline is None and value is not None:
            ind.obj.baseline = value
            changed.append(ind.obj)
    Indicator.objects.bulk_update(changed, ["baseline"], batch_size=500)
    audit_record(
        actor=actor,
        action="plan.baselines_filled",
        obj=plan,
        unit=plan.unit,
        summary=_("%(n)s baseline diisi dari realisasi %(year)s")
        % {"n": len(changed), "year": last.year},
        data={"count": len(changed), "from_plan": last.pk},
    )
    return len(changed)


@transaction.atomic(durable=True)
def indicator_targets_update(
    *, indicator: Indicator, actor, baseline: Decimal | None, yearly_target: Decimal | None
) -> Indicator:
    plan = indicator.activity.area.plan
    require_perm(actor, "plans.change_plan", plan)
    before = {"baseline": indicator.baseline, "yearly_target": indicator.yearly_target}
    indicator.baseline, indicator.yearly_target = baseline, yearly_target
    indicator._history_user = actor
    indicator.save(update_fields=["baseline", "yearly_target"])
    audit_record(
        actor=actor,
        action="indicator.targets_updated",
        obj=indicator,
        unit=plan.unit,
        summary=str(indicator)[:200],
        data={
            k: [None if v is None else str(v), None if after is None else str(after)]
            for (k, v), after in zip(before.items(), (baseline, yearly_target), strict=True)
        },
    )
    return indicator


@transaction.atomic(durable=True)
def criteria_set_publish(*, criteria_set: CriteriaSet, actor) -> CriteriaSet:
    """Publish a draft criteria set; from then on it never changes. Superusers only."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.status == CriteriaSetStatus.PUBLISHED:
        raise PlanWriteError(_("Kriteria ini sudah terbit."))
    if not locked.criteria.exists():
        raise PlanWriteError(_("Kriteria tanpa butir tidak dapat diterbitkan."))
    if CriteriaSet.objects.filter(year=locked.year, status=CriteriaSetStatus.PUBLISHED).exists():
        raise PlanWriteError(
            _("Sudah ada kriteria terbit untuk tahun %(year)s.") % {"year": locked.year}
        )
    locked.status = CriteriaSetStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        action="quality.criteria_published",
        obj=locked,
        unit=None,
        summary=str(locked),
        data={"year": locked.year},
    )
    return locked


@transaction.atomic(durable=True)
def plan_kind_set(*, plan: Plan, kind: str, theme: str, focus: str, actor) -> Plan:
    """Make a plan RB General or RB Tematik (with its theme and fokus intervensi).

    A unit may have one plan of each kind in a year; a General plan has no theme.
    """
    from renaksi.plans.models import PlanKind

    require_perm(actor, "plans.change_plan", plan)
    theme, focus = (theme or "").strip()[:200], (focus or "").strip()[:200]
    if kind not in PlanKind.values:
        raise PlanWriteError(_("Jenis rencana tidak dikenal."))
    if kind == PlanKind.GENERAL:
        theme = focus = ""
    elif not theme:
        raise PlanWriteError(_("Rencana RB Tematik memerlukan tema."))
    if (
        kind != plan.kind
        and Plan.objects.filter(unit_id=plan.unit_id, year=plan.year, kind=kind).exists()
    ):
        raise PlanWriteError(
            _("Satuan kerja ini sudah memiliki rencana %(kind)s tahun %(year)s.")
            % {"kind": PlanKind(kind).label, "year": plan.year}
        )
    before = {"kind": plan.kind, "theme": plan.theme, "focus": plan.focus}
    plan.kind, plan.theme, plan.focus = kind, theme, focus
    plan._history_user = actor
    plan.save(update_fields=["kind", "theme", "focus", "updated_at"])
    audit_record(
        actor=actor,
        action="plan.kind_set",
        obj=plan,
        unit=plan.unit,
        summary=f"{plan.get_kind_display()} {theme}".strip()[:200],
        data={"before": before, "after": {"kind": kind, "theme": theme, "focus": focus}},
    )
    return plan
