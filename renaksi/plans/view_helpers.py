"""Read-only shapes for the plan pages: the lampiran table, the import report and the history.

The table's merged cells (rowspan) are worked out here, in Python, so the template only walks a
flat list of rows and never counts anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renaksi.audit.models import AuditEvent
from renaksi.organisations.selectors import unit_list_manageable, unit_list_visible
from renaksi.plans.findings import finding_message
from renaksi.plans.models import (
    Activity,
    Area,
    Decree,
    ImportReport,
    Indicator,
    Plan,
    ReformArea,
    SubActivity,
)
from renaksi.plans.parsed import Finding
from renaksi.plans.selectors import AreaNode, SubNode, import_report_latest

QUARTER_LABELS = ["TW I", "TW II", "TW III", "TW IV"]


def numbered(number: str, text: str) -> str:
    """``"1"`` and ``"Perencanaan"`` → ``"1. Perencanaan"``, as the lampiran writes them."""
    number = (number or "").strip()
    if not number:
        return text
    if not number.endswith((".", ")")):
        number += "."
    return f"{number} {text}"


def can_import(user) -> bool:
    return unit_list_manageable(user=user).exists()


def plan_year_list_visible(*, user) -> list[int]:
    """The years of the plans the user may see, newest first, for the year filter."""
    return list(
        Plan.objects.filter(unit__in=unit_list_visible(user=user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- the lampiran table ------------------------------------------------------------------


@dataclass
class SpanCell:
    """A merged cell, emitted on the first row of its run only."""

    obj: Area | Activity | SubActivity | None
    rowspan: int
    anchor: str = ""
    label: str = ""
    is_child: bool = False


class _CellState(Protocol):
    code: str
    title: str
    late: bool


@dataclass
class PeriodCell:
    period: int
    planned: bool
    value: Decimal | None = None
    # The monitoring state (``monitoring.view_helpers.CellState``) when the cell has a page:
    # scheduled, or realised outside the schedule.
    state: _CellState | None = None


@dataclass
class TableRow:
    indicator: Indicator | None
    periods: list[PeriodCell]
    anchor: str = ""
    label: str = ""
    target: Decimal | None = None
    area: SpanCell | None = None
    activity: SpanCell | None = None
    sub: SpanCell | None = None
    # The row's period cells as HTML, made in Python: a plan has hundreds of rows × 12 periods and
    # the template loop over them was most of the plan page's time (bench/README.md).
    cells_html: str = ""


def _cell_url_maker(plan: Plan):
    """``cell_detail``'s address for (indicator, period) without one ``reverse`` per cell."""
    sample = reverse("cell_detail", args=[plan.pk, 7, 3])
    if sample.endswith("/7/3/"):
        prefix = sample.removesuffix("7/3/")
        return lambda indicator_pk, period: f"{prefix}{indicator_pk}/{period}/"
    return lambda indicator_pk, period: reverse("cell_detail", args=[plan.pk, indicator_pk, period])


def _cells_html(cells: list[PeriodCell], indicator_pk: int | None, cell_url) -> str:
    """The period cells exactly as ``plans/partials/plan_table.html`` used to loop them out."""
    parts = []
    for cell in cells:
        state = cell.state
        classes = "cell-period"
        if cell.planned:
            classes += " is-planned"
        if state is not None:
            classes += f" state-{escape(state.code)}"
            if state.late:
                classes += " is-late"
        if cell.planned:
            text = "√" if cell.value is None else conditional_escape(localize(cell.value))
        else:
            text = "•" if state is not None else ""
        if state is not None:
            href = cell_url(indicator_pk, cell.period)
            text = f'<a class="cell-link" href="{href}" title="{escape(state.title)}">{text}</a>'
        parts.append(f'<td class="{classes}">{text}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@dataclass
class _Leaf:
    area: Area
    activity: Activity | None
    sub: SubActivity | None
    is_child: bool
    indicator: Indicator | None
    haystack: str


@dataclass
class PlanTable:
    rows: list[TableRow]
    period_labels: list[tuple[str, str]]  # (short label, title)
    column_numbers: list[int]
    areas: list[tuple[int, str]]  # (position, label) of areas with rows, for the navigation
    indicator_count: int
    line_anchors: dict[int, str] = field(default_factory=dict)


def normalised_decimal(value: Decimal | None) -> Decimal | None:
    """``Decimal('100.0000')`` → ``100``, ``Decimal('2.5000')`` → ``2.5``, for display."""
    if value is None:
        return None
    value = value.normalize()
    # normalize() turns 10 into 1E+1; bring whole numbers back to plain digits.
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def period_labels(plan: Plan) -> list[tuple[str, str]]:
    if plan.period_count == 4:
        return [(label, label) for label in QUARTER_LABELS]
    return [(str(m), str(MONTHS[m])) for m in range(1, 13)]


def _leaves(tree: list[AreaNode]) -> list[_Leaf]:
    leaves: list[_Leaf] = []

    def add(area, activity, sub, indicator, is_child=False, parent_name=""):
        parts = [area.name, parent_name]
        if activity is not None:
            parts.append(activity.name)
        if sub is not None:
            parts.append(sub.name)
        if indicator is not None:
            pic = str(indicator.pic) if indicator.pic else indicator.pic_name
            parts += [indicator.number, indicator.text, indicator.note, pic]
        leaves.append(_Leaf(area, activity, sub, is_child, indicator, " ".join(parts).casefold()))

    def add_sub(area, activity, node: SubNode, is_child: bool, parent_name: str = ""):
        for ind in node.indicators:
            add(area, activity, node.obj, ind, is_child, parent_name)
        if not node.indicators:
            add(area, activity, node.obj, None, is_child, parent_name)

    for area_node in tree:
        area = area_node.obj
        if not area_node.activities:
            add(area, None, None, None)
        for act_node in area_node.activities:
            start = len(leaves)
            for ind in act_node.indicators:
                add(area, act_node.obj, None, ind)
            for sub_node in act_node.subs:
                add_sub(area, act_node.obj, sub_node, False)
                for child in sub_node.children:
                    add_sub(area, act_node.obj, child, True, sub_node.obj.name)
            if len(leaves) == start:
                add(area, act_node.obj, None, None)
    return leaves


def _line_anchors(leaves: list[_Leaf]) -> dict[int, str]:
    """Source line → row anchor, so a finding's "baris 88" can jump to its row."""
    anchors: dict[int, str] = {}
    for leaf in leaves:
        # The most precise object wins: an indicator over its sub kegiatan over its kegiatan.
        for obj, anchor in (
            (leaf.area, f"area-{leaf.area.position}"),
            (leaf.activity, f"kegiatan-{leaf.activity.pk}" if leaf.activity else ""),
            (leaf.sub, f"sub-kegiatan-{leaf.sub.pk}" if leaf.sub else ""),
            (leaf.indicator, f"indikator-{leaf.indicator.pk}" if leaf.indicator else ""),
        ):
            if obj is not None and obj.source_line:
                anchors[obj.source_line] = anchor
    return anchors


def _runs(keys: list) -> list[int]:
    """For each position, the length of the run of equal keys starting there (0 inside a run)."""
    spans = [0] * len(keys)
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            spans[start] = i - start
            start = i
    return spans


def plan_table(
    *, plan: Plan, tree: list[AreaNode], query: str = "", cell_states: dict | None = None
) -> PlanTable:
    """The plan as the lampiran's rows, optionally kept to the rows matching ``query``.

    A row matches when the query appears in its indicator (number, text, KET, PIC) or in the
    area, kegiatan or sub kegiatan above it; the parents of a matching row are kept with it.
    ``cell_states`` maps (indicator id, period) to the cell's monitoring state.
    """
    cell_states = cell_states or {}
    leaves = _leaves(tree)
    line_anchors = _line_anchors(leaves)
    needle = query.strip().casefold()
    if needle:
        leaves = [leaf for leaf in leaves if needle in leaf.haystack]

    area_keys = [leaf.area.pk for leaf in leaves]
    act_keys = [(leaf.area.pk, leaf.activity.pk if leaf.activity else None) for leaf in leaves]
    sub_keys = [
        (act_key, leaf.sub.pk if leaf.sub else None)
        for act_key, leaf in zip(act_keys, leaves, strict=True)
    ]
    area_spans, act_spans, sub_spans = _runs(area_keys), _runs(act_keys), _runs(sub_keys)

    rows = []
    cell_url = _cell_url_maker(plan)
    for i, leaf in enumerate(leaves):
        ind = leaf.indicator
        values = ind.period_values if ind is not None else {}
        row = TableRow(
            indicator=ind,
            anchor=f"indikator-{ind.pk}" if ind is not None else "",
            label=numbered(ind.number, ind.text) if ind is not None else "",
            target=normalised_decimal(ind.target_value) if ind is not None else None,
            periods=[
                PeriodCell(
                    p,
                    p in values,
                    normalised_decimal(values.get(p)),
                    cell_states.get((ind.pk, p)) if ind is not None else None,
                )
                for p in range(1, plan.period_count + 1)
            ],
        )
        row.cells_html = _cells_html(row.periods, ind.pk if ind is not None else None, cell_url)
        if area_spans[i]:
            row.area = SpanCell(
                leaf.area, area_spans[i], f"area-{leaf.area.position}", leaf.area.name
            )
        if act_spans[i]:
            act = leaf.activity
            row.activity = SpanCell(
                act,
                act_spans[i],
                f"kegiatan-{act.pk}" if act else "",
                numbered(act.number, act.name) if act else "",
            )
        if sub_spans[i]:
            sub = leaf.sub
            row.sub = SpanCell(
                sub,
                sub_spans[i],
                f"sub-kegiatan-{sub.pk}" if sub else "",
                numbered(sub.number, sub.name) if sub else "",
                is_child=leaf.is_child,
            )
        rows.append(row)

    shown_areas = {leaf.area.pk for leaf in leaves}
    labels = period_labels(plan)
    return PlanTable(
        rows=rows,
        period_labels=labels,
        column_numbers=list(range(1, len(labels) + 7)),
        areas=[
            (node.obj.position, numbered(node.obj.number, node.obj.name))
            for node in tree
            if node.obj.pk in shown_areas
        ],
        indicator_count=sum(1 for leaf in leaves if leaf.indicator is not None),
        line_anchors=line_anchors,
    )


# --- the import report -------------------------------------------------------------------

SEVERITY_LABELS = {
    "error": (gettext_lazy("Kesalahan"), "text-bg-danger"),
    "warning": (gettext_lazy("Peringatan"), "text-bg-warning"),
    "info": (gettext_lazy("Info"), "text-bg-info"),
}


@dataclass
class FindingRow:
    severity: str
    severity_label: str
    badge_class: str
    line: int | None
    anchor: str
    message: str


@dataclass
class ReportView:
    report: ImportReport
    findings: list[FindingRow]
    severity_counts: list[tuple[str, str, int]]  # (label, badge class, count)
    needs_review: int


def import_report_view(report: ImportReport | None, line_anchors: dict[int, str]):
    if report is None:
        return None
    rows = []
    for data in report.findings:
        finding = Finding(**data)
        label, badge = SEVERITY_LABELS.get(finding.severity, (finding.severity, "text-bg-light"))
        rows.append(
            FindingRow(
                severity=finding.severity,
                severity_label=str(label),
                badge_class=badge,
                line=finding.line,
                anchor=line_anchors.get(finding.line, "") if finding.line else "",
                message=finding_message(finding),
            )
        )
    counts = Counter(row.severity for row in rows)
    return ReportView(
        report=report,
        findings=rows,
        severity_counts=[
            (str(label), badge, counts[key])
            for key, (label, badge) in SEVERITY_LABELS.items()
            if counts[key]
        ],
        needs_review=counts["error"] + counts["warning"],
    )


def import_report_summary(*, plan: Plan) -> dict:
    """Counts for the message shown after an import."""
    report = import_report_latest(plan=plan)
    summary = report.summary if report else {}
    findings = report.findings if report else []
    return {
        "areas": summary.get("areas", 0),
        "indicators": summary.get("indicators", 0),
        "findings": sum(1 for f in findings if f.get("severity") != "info"),
    }


# --- choices for the correction forms ----------------------------------------------------


def parent_choices(*, plan: Plan) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every kegiatan and sub kegiatan of the plan, grouped by area, as select choices.

    Values are ``activity:<pk>`` or ``sub:<pk>``; a sub kegiatan's label shows its kegiatan.
    """
    activities = list(
        Activity.objects.filter(area__plan=plan)
        .select_related("area")
        .order_by("area__position", "position")
    )
    subs_by_activity: dict[int, list[SubActivity]] = {}
    for sub in SubActivity.objects.filter(activity__area__plan=plan).order_by(
        "activity_id", "position"
    ):
        subs_by_activity.setdefault(sub.activity_id, []).append(sub)
    groups: dict[int, tuple[str, list]] = {}
    for act in activities:
        _label, options = groups.setdefault(
            act.area_id, (numbered(act.area.number, act.area.name), [])
        )
        act_label = numbered(act.number, act.name)
        options.append((f"activity:{act.pk}", _("Kegiatan %(name)s") % {"name": act_label}))
        for sub in subs_by_activity.get(act.pk, []):
            indent = "\u2003\u2003" if sub.parent_id else "\u2003"
            options.append((f"sub:{sub.pk}", indent + numbered(sub.number, sub.name)))
    return list(groups.values())


def unit_member_users(*, plan: Plan, current=None) -> QuerySet:
    """People who may be chosen as PIC: members of the plan's unit (and the current PIC)."""
    condition = Q(memberships__unit=plan.unit)
    if current is not None:
        condition |= Q(pk=current.pk)
    return get_user_model().objects.filter(condition).distinct().order_by("full_name", "username")


# --- change history ----------------------------------------------------------------------

ACTION_LABELS = {
    "plan.imported": gettext_lazy("Rencana aksi diimpor"),
    "plan.reimported": gettext_lazy("Rencana aksi diimpor ulang"),
    "area.updated": gettext_lazy("Area perubahan diubah"),
    "activity.updated": gettext_lazy("Kegiatan diubah"),
    "sub_activity.updated": gettext_lazy("Sub kegiatan diubah"),
    "indicator.updated": gettext_lazy("Indikator diubah"),
    "activity.created": gettext_lazy("Kegiatan ditambahkan"),
    "indicator.created": gettext_lazy("Indikator ditambahkan"),
    "decree.updated": gettext_lazy("Keputusan diubah"),
    "realisation.saved": gettext_lazy("Realisasi disimpan"),
    "realisation.submitted": gettext_lazy("Realisasi diajukan kepada Tim Asesor"),
    "realisation.verified": gettext_lazy("Realisasi diverifikasi Tim Asesor"),
    "realisation.returned": gettext_lazy("Realisasi dikembalikan untuk diperbaiki"),
    "realisation.reopened": gettext_lazy("Realisasi yang terverifikasi dibuka kembali"),
    "realisation.evidence_added": gettext_lazy("Data dukung ditambahkan pada realisasi"),
    "realisation.evidence_removed": gettext_lazy("Data dukung dilepas dari realisasi"),
    "chain.report_submitted": gettext_lazy("Laporan dikirim ke satuan kerja induk"),
    "chain.report_resubmitted": gettext_lazy("Laporan diajukan ulang ke satuan kerja induk"),
    "chain.report_acknowledged": gettext_lazy("Laporan diterima satuan kerja induk"),
    "chain.report_returned": gettext_lazy("Laporan dikembalikan satuan kerja induk"),
    "chain.schedule_rule": gettext_lazy("Jadwal laporan berjenjang diatur"),
    "chain.schedule_dates": gettext_lazy("Tenggat laporan berjenjang diubah"),
    "template.published": gettext_lazy("Templat diterbitkan"),
    "template.adopted": gettext_lazy("Templat diadopsi menjadi rencana aksi"),
    "template.declined": gettext_lazy("Templat ditolak"),
    "report_job.request": gettext_lazy("Dokumen diminta"),
}
# Requests for documents have their own log (``?log=dokumen``): they would flood the history.
DOCUMENT_REQUEST_ACTIONS = ("report_job.request",)


def action_label(action: str) -> str:
    """The event in words; an action without a sentence yet never shows its raw code."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else _("Perubahan tercatat")


_MODEL_BY_ACTION = {
    "area.updated": Area,
    "activity.updated": Activity,
    "sub_activity.updated": SubActivity,
    "indicator.updated": Indicator,
    "decree.updated": Decree,
}

# Foreign keys kept by primary key in ``data["changed"]``, shown by name.
_FK_MODELS: dict[str, type[ReformArea | Activity | SubActivity]] = {
    "reform_area": ReformArea,
    "activity": Activity,
    "sub_activity": SubActivity,
    "parent": SubActivity,
}


def plan_event_list(*, plan: Plan, documents: bool = False) -> QuerySet[AuditEvent]:
    """Audit events about the plan or anything in it, newest first; the document requests
    alone when ``documents``, and without them otherwise."""
    events = AuditEvent.objects.filter(
        Q(data__plan=plan.pk) | Q(object_type="plans.plan", object_id=str(plan.pk))
    )
    if documents:
        events = events.filter(action__in=DOCUMENT_REQUEST_ACTIONS)
    else:
        events = events.exclude(action__in=DOCUMENT_REQUEST_ACTIONS)
    return events.select_related("actor").order_by("-created_at", "-id")


@dataclass
class ChangeRow:
    field: str
    before: str
    after: str


@dataclass
class EventRow:
    event: AuditEvent
    action_label: str
    changes: list[ChangeRow]


def _field_label(model, name: str) -> str:
    if name == "periods":
        return _("pelaksanaan")
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except LookupError:
            pass
    return name


def event_rows(events: list[AuditEvent]) -> list[EventRow]:
    """Events with their changes readable: field labels, and names instead of ids.

    One query per kind of referenced object for the whole page, not one per change.
    """
    wanted: dict[str, set] = {}
    for event in events:
        for name, pair in (event.data.get("changed") or {}).items():
            if name in _FK_MODELS or name == "pic":
                wanted.setdefault(name, set()).update(v for v in pair if isinstance(v, int))
    names: dict[tuple[str, int], str] = {}
    for name, ids in wanted.items():
        fk_model = get_user_model() if name == "pic" else _FK_MODELS[name]
        for obj in fk_model.objects.filter(pk__in=ids):
            label = str(obj)
            if isinstance(obj, Activity | SubActivity):
                label = numbered(obj.number, obj.name)
            names[(name, obj.pk)] = label

    def show(name, value) -> str:
        if value is None or value == "" or value == "None":
            return "—"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "—"
        if isinstance(value, int) and (name, value) in names:
            return names[(name, value)]
        if isinstance(value, int) and (name in _FK_MODELS or name == "pic"):
            return _("(terhapus, #%(id)s)") % {"id": value}
        return str(value)

    rows = []
    for event in events:
        model = _MODEL_BY_ACTION.get(event.action)
        changes = [
            ChangeRow(_field_label(model, name), show(name, pair[0]), show(name, pair[1]))
            for name, pair in (event.data.get("changed") or {}).items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
        rows.append(EventRow(event, action_label(event.action), changes))
    return rows
