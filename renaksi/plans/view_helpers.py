"""Read-only shapes for the plan pages: the import report, form choices and the history.

The lampiran table lives in ``plans.presenters.tables``; its names are re-exported here for the
callers that import them from this module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
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
from renaksi.plans.presenters.tables import (  # noqa: F401 - re-exported
    QUARTER_LABELS,
    PeriodCell,
    PlanTable,
    SpanCell,
    TableRow,
    normalised_decimal,
    numbered,
    period_labels,
    plan_table,
)
from renaksi.plans.selectors import import_report_latest


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
