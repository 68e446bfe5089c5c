"""The comparison of an adopted plan with its template version (see the package docstring)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from renaksi.cascade.models import (
    AdoptedItem,
    ItemKind,
    PlanTemplate,
    TemplateItem,
    TemplateRecipient,
)
from renaksi.plans.models import Activity, Area, Indicator, SubActivity, Target

# --- the comparison --------------------------------------------------------------------------

FIELD_LABELS = {
    "name": _("nama"),
    "periods": _("jadwal"),
    "targets": _("nilai target"),
    "note": _("keterangan"),
}


class ItemStatus:
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


ITEM_STATUS_LABELS = {
    ItemStatus.UNCHANGED: _("tidak berubah"),
    ItemStatus.CHANGED: _("diubah"),
    ItemStatus.ADDED: _("ditambahkan"),
    ItemStatus.REMOVED: _("dihapus"),
}


@dataclass
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass
class DiffItem:
    kind: str
    key: str
    number: str
    name: str
    status: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label

    @property
    def status_label(self) -> str:
        return ITEM_STATUS_LABELS[self.status]


@dataclass
class PlanDiff:
    items: list[DiffItem]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def changed(self) -> int:
        return self.count(ItemStatus.CHANGED)

    @property
    def added(self) -> int:
        return self.count(ItemStatus.ADDED)

    @property
    def removed(self) -> int:
        return self.count(ItemStatus.REMOVED)

    @property
    def total(self) -> int:
        return self.changed + self.added + self.removed

    @property
    def changes(self) -> list[DiffItem]:
        return [i for i in self.items if i.status != ItemStatus.UNCHANGED]


def _dec(value) -> str:
    """A decimal as plain digits without trailing zeros ("2.5", "100"), "" for none."""
    if value is None or value == "":
        return ""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    d = d.normalize()
    return str(d.quantize(Decimal(1)) if d == d.to_integral_value() else d)


def _targets_text(target_value, target_unit: str, period_targets: dict) -> str:
    parts = []
    total = _dec(target_value)
    if total or target_unit:
        parts.append(f"{total} {target_unit}".strip())
    for period, value in sorted((int(p), v) for p, v in period_targets.items()):
        if _dec(value):
            parts.append(f"P{period}={_dec(value)}")
    return "; ".join(parts)


def _periods_text(periods) -> str:
    return ", ".join(str(p) for p in sorted(periods))


@dataclass
class _Row:
    """A plan row in the shape of a template item, for comparing."""

    kind: str
    pk: int
    number: str
    name: str
    order: tuple
    periods: list[int] = field(default_factory=list)
    targets: str = ""
    note: str = ""


def _item_values(item: TemplateItem) -> dict:
    values = {"name": item.name}
    if item.kind == ItemKind.INDICATOR:
        values["periods"] = _periods_text(item.periods)
        values["targets"] = _targets_text(item.target_value, item.target_unit, item.period_targets)
        values["note"] = item.note
    return values


def _row_values(row: _Row) -> dict:
    values = {"name": row.name}
    if row.kind == ItemKind.INDICATOR:
        values["periods"] = _periods_text(row.periods)
        values["targets"] = row.targets
        values["note"] = row.note
    return values


def _plan_rows(plan_ids: list[int]) -> dict[int, dict[tuple[str, int], _Row]]:
    """Every area, kegiatan, sub kegiatan and indicator of the plans, in five queries."""
    rows: dict[int, dict[tuple[str, int], _Row]] = defaultdict(dict)
    if not plan_ids:
        return rows
    area_plan: dict[int, int] = {}
    for a in Area.objects.filter(plan_id__in=plan_ids).values(
        "pk", "plan_id", "position", "number", "name"
    ):
        area_plan[a["pk"]] = a["plan_id"]
        rows[a["plan_id"]][(ItemKind.AREA, a["pk"])] = _Row(
            ItemKind.AREA, a["pk"], a["number"], a["name"], (a["position"],)
        )
    act_info: dict[int, tuple[int, tuple]] = {}
    for a in Activity.objects.filter(area__plan_id__in=plan_ids).values(
        "pk", "area_id", "area__position", "position", "number", "name"
    ):
        plan_id = area_plan[a["area_id"]]
        order = (a["area__position"], a["position"])
        act_info[a["pk"]] = (plan_id, order)
        rows[plan_id][(ItemKind.ACTIVITY, a["pk"])] = _Row(
            ItemKind.ACTIVITY, a["pk"], a["number"], a["name"], order
        )
    for s in SubActivity.objects.filter(activity__area__plan_id__in=plan_ids).values(
        "pk", "activity_id", "position", "number", "name"
    ):
        plan_id, order = act_info[s["activity_id"]]
        rows[plan_id][(ItemKind.SUB_ACTIVITY, s["pk"])] = _Row(
            ItemKind.SUB_ACTIVITY, s["pk"], s["number"], s["name"], (*order, 1, s["position"])
        )
    targets: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for ind_id, period, value in Target.objects.filter(
        indicator__activity__area__plan_id__in=plan_ids
    ).values_list("indicator_id", "period", "value"):
        targets[ind_id][period] = value
    for i in Indicator.objects.filter(activity__area__plan_id__in=plan_ids).values(
        "pk", "activity_id", "position", "number", "text", "note", "target_value", "target_unit"
    ):
        plan_id, order = act_info[i["activity_id"]]
        periods = targets.get(i["pk"], {})
        rows[plan_id][(ItemKind.INDICATOR, i["pk"])] = _Row(
            ItemKind.INDICATOR,
            i["pk"],
            i["number"],
            i["text"],
            (*order, 2, i["position"]),
            periods=sorted(periods),
            targets=_targets_text(
                i["target_value"],
                i["target_unit"],
                {p: v for p, v in periods.items() if v is not None},
            ),
            note=i["note"],
        )
    return rows


_ROW_FIELD = {
    ItemKind.AREA: "area_id",
    ItemKind.ACTIVITY: "activity_id",
    ItemKind.SUB_ACTIVITY: "sub_activity_id",
    ItemKind.INDICATOR: "indicator_id",
}


def _diff_one(items: list[TemplateItem], links: dict[str, tuple[str, int]], rows: dict) -> PlanDiff:
    out: list[DiffItem] = []
    linked_rows = set()
    for item in items:
        ref = links.get(item.key)
        row = rows.get(ref) if ref else None
        if row is None:
            out.append(DiffItem(item.kind, item.key, item.number, item.name, ItemStatus.REMOVED))
            continue
        linked_rows.add(ref)
        before, after = _item_values(item), _row_values(row)
        changes = [
            FieldChange(name, str(FIELD_LABELS[name]), before[name], after[name])
            for name in before
            if before[name] != after[name]
        ]
        status = ItemStatus.CHANGED if changes else ItemStatus.UNCHANGED
        out.append(DiffItem(item.kind, item.key, row.number, row.name, status, changes))
    added = sorted(
        (row for ref, row in rows.items() if ref not in linked_rows), key=lambda r: r.order
    )
    for row in added:
        out.append(DiffItem(row.kind, "", row.number, row.name, ItemStatus.ADDED))
    return PlanDiff(out)


def _adopted_links(recipient_ids: list[int]) -> dict[int, dict[str, tuple[str, int]]]:
    links: dict[int, dict[str, tuple[str, int]]] = defaultdict(dict)
    for row in AdoptedItem.objects.filter(recipient_id__in=recipient_ids).values(
        "recipient_id", "key", "kind", *(_ROW_FIELD.values())
    ):
        links[row["recipient_id"]][row["key"]] = (row["kind"], row[_ROW_FIELD[row["kind"]]])
    return links


def template_diffs(
    *, recipients: list[TemplateRecipient], items_by_template: dict[int, list[TemplateItem]]
) -> dict[int, PlanDiff]:
    """The comparison of each adopted recipient's plan with its template version, in a fixed
    number of queries (links, and the plans' rows) whatever the number of recipients."""
    adopted = [r for r in recipients if r.status == TemplateRecipient.Status.ADOPTED and r.plan_id]
    links = _adopted_links([r.pk for r in adopted])
    rows = _plan_rows(sorted({r.plan_id for r in adopted}))
    return {
        r.pk: _diff_one(items_by_template.get(r.template_id, []), links[r.pk], rows[r.plan_id])
        for r in adopted
    }


def template_items(*, template: PlanTemplate) -> list[TemplateItem]:
    return list(template.items.order_by("position"))


def recipient_diff(*, recipient: TemplateRecipient) -> PlanDiff | None:
    """The itemised comparison of one adopted plan with its template version."""
    if recipient.status != TemplateRecipient.Status.ADOPTED or not recipient.plan_id:
        return None
    items = template_items(template=recipient.template)
    return template_diffs(recipients=[recipient], items_by_template={recipient.template_id: items})[
        recipient.pk
    ]
