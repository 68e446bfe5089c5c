"""Writes of the template cascade: publish, adopt, decline. Each is atomic and audited."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.cascade.models import (
    AdoptedItem,
    ItemKind,
    PlanTemplate,
    TemplateItem,
    TemplateRecipient,
)
from renaksi.core.actors import require_perm, user_or_none
from renaksi.organisations.models import Unit
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import ImportReport, Plan
from renaksi.plans.parsed import (
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)
from renaksi.plans.selectors import plan_tree
from renaksi.plans.services import PlanWriteError, plan_import_step


class CascadeError(ValueError):
    """A template action that cannot be done; the message is for the user."""


class Scope:
    CHILDREN = "children"
    DESCENDANTS = "descendants"
    CHOSEN = "chosen"


DECLINE_REASON_MAX = 2000


# --- publish ---------------------------------------------------------------------------------


def _snapshot_items(plan: Plan) -> list[TemplateItem]:
    """The plan's rows as template items in source order, keyed by their plan row."""
    items: list[TemplateItem] = []

    def add(kind, key, parent_key, obj, **extra):
        items.append(
            TemplateItem(
                key=key,
                parent_key=parent_key,
                kind=kind,
                position=len(items) + 1,
                number=obj.number,
                name=getattr(obj, "name", None) or getattr(obj, "text", ""),
                **extra,
            )
        )

    def add_indicators(indicators, parent_key):
        for ind in indicators:
            add(
                ItemKind.INDICATOR,
                f"ind-{ind.pk}",
                parent_key,
                ind,
                periods=sorted(ind.period_set),
                period_targets={
                    str(p): str(v) for p, v in sorted(ind.period_values.items()) if v is not None
                },
                target_value=ind.target_value,
                target_unit=ind.target_unit,
                note=ind.note,
            )

    def add_sub(node, parent_key):
        key = f"sub-{node.obj.pk}"
        add(ItemKind.SUB_ACTIVITY, key, parent_key, node.obj)
        add_indicators(node.indicators, key)
        for child in node.children:
            add_sub(child, key)

    for area_node in plan_tree(plan=plan):
        area = area_node.obj
        area_key = f"area-{area.pk}"
        add(
            ItemKind.AREA,
            area_key,
            "",
            area,
            reform_area=area.reform_area.number if area.reform_area else None,
        )
        for act_node in area_node.activities:
            act_key = f"act-{act_node.obj.pk}"
            add(ItemKind.ACTIVITY, act_key, area_key, act_node.obj)
            add_indicators(act_node.indicators, act_key)
            for sub_node in act_node.subs:
                add_sub(sub_node, act_key)
    return items


def _recipient_units(*, unit: Unit, scope: str, chosen: list[Unit] | None) -> list[Unit]:
    children = list(Unit.objects.filter(parent=unit).order_by("code"))
    if scope == Scope.CHILDREN:
        return children
    if scope == Scope.DESCENDANTS:
        return list(unit.descendants().order_by("code"))
    if scope == Scope.CHOSEN:
        allowed = {u.pk for u in children}
        chosen = chosen or []
        if any(u.pk not in allowed for u in chosen):
            raise CascadeError(_("Satuan kerja yang dipilih bukan satuan kerja langsung di bawah."))
        return sorted({u.pk: u for u in chosen}.values(), key=lambda u: u.code)
    raise CascadeError(_("Pilih cakupan penerima templat."))


@transaction.atomic(durable=True)
def template_publish(
    *,
    plan: Plan,
    actor,
    scope: str,
    chosen: list[Unit] | None = None,
    note: str = "",
) -> PlanTemplate:
    """Publish a new version of the unit's template for the plan's year to units below it."""
    unit = plan.unit
    require_perm(actor, "cascade.publish_template", unit)
    recipients = _recipient_units(unit=unit, scope=scope, chosen=chosen)
    if not recipients:
        raise CascadeError(
            _("Tidak ada satuan kerja penerima: pilih paling sedikit satu satuan kerja di bawah.")
        )
    items = _snapshot_items(plan)
    if not any(item.kind == ItemKind.INDICATOR for item in items):
        raise CascadeError(
            _("Rencana aksi %(year)s belum berisi indikator; tidak ada yang dapat diterbitkan.")
            % {"year": plan.year}
        )
    # Lock the publisher's series so two publishes cannot take the same version number.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    last = PlanTemplate.objects.filter(unit=unit, year=plan.year).aggregate(v=Max("version"))["v"]
    template = PlanTemplate.objects.create(
        unit=unit,
        year=plan.year,
        version=(last or 0) + 1,
        source_plan=plan,
        granularity=plan.granularity,
        note=note.strip()[:2000],
        published_by=user_or_none(actor),
    )
    for item in items:
        item.template = template
    TemplateItem.objects.bulk_create(items)
    TemplateRecipient.objects.bulk_create(
        [TemplateRecipient(template=template, unit=u) for u in recipients]
    )
    audit_record(
        actor=actor,
        action="template.published",
        obj=template,
        unit=unit,
        summary=str(template)[:200],
        data={
            "plan": plan.pk,
            "version": template.version,
            "scope": scope,
            "recipients": [u.code for u in recipients],
            "items": len(items),
        },
    )
    return template


# --- adopt and decline -----------------------------------------------------------------------


def template_to_parsed(*, template: PlanTemplate, items: list[TemplateItem]) -> tuple:
    """The template as a ``ParsedPlan`` plus the item keys in the order the plan writer creates
    rows: (parsed, keys) where keys mirrors the nesting of the parsed plan."""
    by_parent: dict[str, list[TemplateItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_key, []).append(item)

    def indicator(item: TemplateItem) -> ParsedIndicator:
        return ParsedIndicator(
            number=item.number,
            text=item.name,
            periods=list(item.periods),
            note=item.note,
            target=item.target_value,
            unit=item.target_unit,
            period_targets={int(p): Decimal(v) for p, v in item.period_targets.items()},
        )

    def children(key: str, kind: str) -> list[TemplateItem]:
        return [i for i in by_parent.get(key, []) if i.kind == kind]

    def sub(item: TemplateItem) -> ParsedSubActivity:
        return ParsedSubActivity(
            number=item.number,
            name=item.name,
            indicators=[indicator(i) for i in children(item.key, ItemKind.INDICATOR)],
            sub_activities=[sub(s) for s in children(item.key, ItemKind.SUB_ACTIVITY)],
        )

    parsed = ParsedPlan(
        decree=ParsedDecree(
            about=_("Rencana Aksi Reformasi Birokrasi Tahun %(year)s") % {"year": template.year}
        ),
        granularity=template.granularity,
        areas=[
            ParsedArea(
                number=area.number,
                name=area.name,
                reform_area=area.reform_area,
                activities=[
                    ParsedActivity(
                        number=act.number,
                        name=act.name,
                        indicators=[indicator(i) for i in children(act.key, ItemKind.INDICATOR)],
                        sub_activities=[sub(s) for s in children(act.key, ItemKind.SUB_ACTIVITY)],
                    )
                    for act in children(area.key, ItemKind.ACTIVITY)
                ],
            )
            for area in children("", ItemKind.AREA)
        ],
    )
    return parsed, by_parent


def _link_rows(*, recipient: TemplateRecipient, plan: Plan, by_parent: dict) -> int:
    """One ``AdoptedItem`` per created row, walking the new plan and the template in step."""
    links: list[AdoptedItem] = []

    def kids(key: str, kind: str) -> list[TemplateItem]:
        return [i for i in by_parent.get(key, []) if i.kind == kind]

    def link(item: TemplateItem, **row):
        links.append(AdoptedItem(recipient=recipient, key=item.key, kind=item.kind, **row))

    def walk_sub(node, item):
        link(item, sub_activity=node.obj)
        for ind, ind_item in zip(node.indicators, kids(item.key, ItemKind.INDICATOR), strict=True):
            link(ind_item, indicator=ind)
        for child, child_item in zip(
            node.children, kids(item.key, ItemKind.SUB_ACTIVITY), strict=True
        ):
            walk_sub(child, child_item)

    for area_node, area_item in zip(plan_tree(plan=plan), kids("", ItemKind.AREA), strict=True):
        link(area_item, area=area_node.obj)
        for act_node, act_item in zip(
            area_node.activities, kids(area_item.key, ItemKind.ACTIVITY), strict=True
        ):
            link(act_item, activity=act_node.obj)
            for ind, ind_item in zip(
                act_node.indicators, kids(act_item.key, ItemKind.INDICATOR), strict=True
            ):
                link(ind_item, indicator=ind)
            for sub_node, sub_item in zip(
                act_node.subs, kids(act_item.key, ItemKind.SUB_ACTIVITY), strict=True
            ):
                walk_sub(sub_node, sub_item)
    AdoptedItem.objects.bulk_create(links)
    return len(links)


def _locked_pending(recipient: TemplateRecipient) -> TemplateRecipient:
    locked = (
        TemplateRecipient.objects.select_for_update(of=("self",))
        .select_related("template__unit", "unit")
        .get(pk=recipient.pk)
    )
    if locked.status == TemplateRecipient.Status.ADOPTED:
        raise CascadeError(_("Templat ini sudah diadopsi."))
    if locked.status == TemplateRecipient.Status.DECLINED:
        raise CascadeError(_("Templat ini sudah ditolak."))
    return locked


@transaction.atomic(durable=True)
def template_adopt(*, recipient: TemplateRecipient, actor) -> Plan:
    """Create the recipient unit's plan for the year from the template, all or nothing.

    Refused (nothing written) when the unit already has a plan for that year, when the template
    was already answered, or when a newer version of it has been published since.
    """
    require_perm(actor, "cascade.respond_template", recipient.unit)
    recipient = _locked_pending(recipient)
    template, unit = recipient.template, recipient.unit
    newer = PlanTemplate.objects.filter(unit=template.unit, year=template.year).aggregate(
        v=Max("version")
    )["v"]
    if newer and newer > template.version:
        raise CascadeError(
            _("Sudah terbit versi %(version)s dari templat ini; adopsi versi terbaru.")
            % {"version": newer}
        )
    if Plan.objects.filter(unit=unit, year=template.year, kind="general").exists():
        raise CascadeError(
            _(
                "%(unit)s sudah memiliki rencana aksi tahun %(year)s, sehingga templat tidak "
                "dapat diadopsi tanpa mengganti rencana tersebut. Tidak ada yang diubah; "
                "sesuaikan rencana yang ada secara langsung, atau tolak templat dengan alasan."
            )
            % {"unit": unit.name, "year": template.year}
        )
    items = list(template.items.order_by("position"))
    parsed, by_parent = template_to_parsed(template=template, items=items)
    source = json.dumps(parsed_to_json(parsed), ensure_ascii=False, sort_keys=True).encode()
    try:
        plan = plan_import_step(
            unit=unit,
            year=template.year,
            parsed=parsed,
            actor=actor,
            source_name=_("Templat %(unit)s %(year)s versi %(version)s")
            % {"unit": template.unit.name, "year": template.year, "version": template.version},
            source_bytes=source,
            source_format=ImportReport.Format.JSON,
        )
    except PlanWriteError as exc:
        raise CascadeError(str(exc)) from exc
    linked = _link_rows(recipient=recipient, plan=plan, by_parent=by_parent)
    recipient.status = TemplateRecipient.Status.ADOPTED
    recipient.plan = plan
    recipient.responded_by = user_or_none(actor)
    recipient.responded_at = timezone.now()
    recipient.save(update_fields=["status", "plan", "responded_by", "responded_at"])
    audit_record(
        actor=actor,
        action="template.adopted",
        obj=recipient,
        unit=unit,
        summary=str(template)[:200],
        data={
            "template": template.pk,
            "version": template.version,
            "plan": plan.pk,
            "items": linked,
        },
    )
    return plan


@transaction.atomic(durable=True)
def template_decline(*, recipient: TemplateRecipient, actor, reason: str) -> TemplateRecipient:
    require_perm(actor, "cascade.respond_template", recipient.unit)
    reason = reason.strip()
    if not reason:
        raise CascadeError(_("Tuliskan alasan penolakan."))
    if len(reason) > DECLINE_REASON_MAX:
        raise CascadeError(
            _("Alasan penolakan terlalu panjang (paling banyak %(limit)s karakter).")
            % {"limit": DECLINE_REASON_MAX}
        )
    recipient = _locked_pending(recipient)
    recipient.status = TemplateRecipient.Status.DECLINED
    recipient.decline_reason = reason
    recipient.responded_by = user_or_none(actor)
    recipient.responded_at = timezone.now()
    recipient.save(update_fields=["status", "decline_reason", "responded_by", "responded_at"])
    audit_record(
        actor=actor,
        action="template.declined",
        obj=recipient,
        unit=recipient.unit,
        summary=str(recipient.template)[:200],
        data={"template": recipient.template_id, "reason": reason[:500]},
    )
    return recipient
