"""Work of a unit's Sekretaris and administrator beyond the cells: import findings to review, the
next report upward (or the parent's return note), and, for a parent unit, the children's reports
waiting for a decision and the children that are late."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renaksi.chain.models import MonitoringReport, MonitoringReportEvent
from renaksi.chain.selectors import (
    CellState,
    chain_child_lateness,
    chain_plan_status,
    period_label,
)
from renaksi.organisations.models import Unit
from renaksi.plans.models import ImportReport, Plan
from renaksi.worklist.selectors import TaskContext, TaskItem, TaskSection, task_provider


def _day(value) -> str:
    return formats.date_format(value, "j F Y")


@task_provider(order=50)
def import_findings(ctx: TaskContext) -> list[TaskSection]:
    """The latest import report of each of this and last year's plans, with its warnings."""
    if not ctx.managed_unit_ids:
        return []
    latest: dict[int, ImportReport] = {}
    for report in (
        ImportReport.objects.filter(
            plan__unit_id__in=ctx.managed_unit_ids, plan__year__gte=ctx.today.year - 1
        )
        .select_related("plan__unit")
        .order_by("plan_id", "-created_at", "-id")
    ):
        latest.setdefault(report.plan_id, report)
    items = []
    for report in latest.values():
        warnings = [f for f in report.findings if f.get("severity", "warning") != "info"]
        if not warnings:
            continue
        plan = report.plan
        items.append(
            TaskItem(
                title=_("Laporan impor %(unit)s %(year)s")
                % {"unit": plan.unit.name, "year": plan.year},
                reason=ngettext(
                    "%(count)s temuan perlu ditinjau: periksa asumsi pembacaan berkas %(name)s",
                    "%(count)s temuan perlu ditinjau: periksa asumsi pembacaan berkas %(name)s",
                    len(warnings),
                )
                % {"count": len(warnings), "name": report.source_name},
                url=reverse("plan_detail", args=[plan.pk]) + "#laporan-impor",
                tone="warning",
            )
        )
    return [
        TaskSection(
            key="import-findings",
            title=_("Temuan impor yang perlu diputuskan"),
            items=items,
            empty=_("Tidak ada temuan impor yang perlu ditinjau."),
            count=sum(1 for _i in items),
            order=50,
        )
    ]


@task_provider(order=60)
def upward_report(ctx: TaskContext) -> list[TaskSection]:
    """The next report each managed unit owes its parent, with the parent's return note."""
    units = [u for pk, u in ctx.units.items() if pk in ctx.managed_unit_ids and u.parent_id]
    if not units:
        return []
    plans = list(
        Plan.objects.filter(unit__in=units, year=ctx.today.year, kind="general")
        .select_related("unit")
        .order_by("unit__code")
    )
    items = []
    for plan in plans:
        status = chain_plan_status(user=ctx.user, plan=plan, today=ctx.today)
        cell = status.next_cell
        if cell is None or status.parent is None:
            continue
        url = reverse("chain_plan", args=[plan.pk])
        parent_name = status.parent.name
        if cell.state == CellState.RETURNED:
            note = (
                MonitoringReportEvent.objects.filter(
                    report=cell.report, action=MonitoringReportEvent.Action.RETURNED
                )
                .order_by("-created_at", "-id")
                .values_list("note", flat=True)
                .first()
                or ""
            )
            items.append(
                TaskItem(
                    title=_("%(period)s kepada %(parent)s")
                    % {"period": cell.period.label, "parent": parent_name},
                    reason=_("Dikembalikan oleh %(parent)s: perbaiki lalu ajukan ulang")
                    % {"parent": parent_name},
                    url=reverse("chain_report_detail", args=[cell.report.pk]),
                    when=cell.period.due_on,
                    note=note,
                    tone="warning",
                )
            )
        elif cell.state == CellState.OVERDUE:
            items.append(
                TaskItem(
                    title=_("%(period)s kepada %(parent)s")
                    % {"period": cell.period.label, "parent": parent_name},
                    reason=_("Belum dikirim; tenggat %(due)s sudah lewat")
                    % {"due": _day(cell.period.due_on)},
                    url=url,
                    when=cell.period.due_on,
                    tone="danger",
                )
            )
        elif cell.state == CellState.PENDING:
            items.append(
                TaskItem(
                    title=_("%(period)s kepada %(parent)s")
                    % {"period": cell.period.label, "parent": parent_name},
                    reason=_("Laporan berikutnya; tenggat %(due)s")
                    % {"due": _day(cell.period.due_on)},
                    url=url,
                    when=cell.period.due_on,
                    tone="info",
                )
            )
    return [
        TaskSection(
            key="upward-report",
            title=_("Laporan ke satuan kerja induk"),
            items=items,
            empty=_("Semua laporan berjenjang yang sudah jatuh tempo sudah dikirim."),
            order=60,
        )
    ]


@task_provider(order=70)
def children_reports(ctx: TaskContext) -> list[TaskSection]:
    """For a parent unit: reports waiting for its decision, and children that are late."""
    if not ctx.managed_unit_ids:
        return []
    parents = list(
        Unit.objects.filter(pk__in=ctx.managed_unit_ids, children__isnull=False)
        .distinct()
        .order_by("code")
    )
    if not parents:
        return []
    waiting = list(
        MonitoringReport.objects.filter(
            recipient__in=parents,
            status__in=[MonitoringReport.Status.SUBMITTED, MonitoringReport.Status.RESUBMITTED],
        )
        .select_related("plan__unit")
        .order_by("submitted_at", "id")
    )
    decide = [
        TaskItem(
            title=_("%(unit)s · %(period)s %(year)s")
            % {
                "unit": r.plan.unit.name,
                "period": period_label(r.kind, r.number),
                "year": r.plan.year,
            },
            reason=(
                _("Diajukan ulang %(when)s, menunggu keputusan Anda")
                if r.status == MonitoringReport.Status.RESUBMITTED
                else _("Diajukan %(when)s, menunggu keputusan Anda")
            )
            % {"when": _day(timezone.localdate(r.submitted_at))},
            url=reverse("chain_report_detail", args=[r.pk]),
            when=timezone.localdate(r.submitted_at),
            tone="info",
        )
        for r in waiting
        if timezone.localdate(r.submitted_at) <= ctx.today
    ]
    late = []
    for parent in parents:
        for row in chain_child_lateness(
            user=ctx.user, parent=parent, year=ctx.today.year, today=ctx.today
        ):
            parts = []
            if row.missing_overdue:
                parts.append(
                    _("belum mengirim %(periods)s") % {"periods": ", ".join(row.missing_overdue)}
                )
            if row.returned:
                parts.append(
                    _("belum mengajukan ulang %(periods)s") % {"periods": ", ".join(row.returned)}
                )
            if not parts:
                continue
            late.append(
                TaskItem(
                    title=row.unit.name,
                    reason="; ".join(parts),
                    url=reverse("chain_overview", args=[parent.pk, ctx.today.year]),
                    tone="danger",
                )
            )
    return [
        TaskSection(
            key="children-decide",
            title=_("Laporan satuan kerja bawahan yang menunggu keputusan"),
            items=decide,
            empty=_("Semua laporan yang masuk sudah diputuskan."),
            order=70,
        ),
        TaskSection(
            key="children-late",
            title=_("Satuan kerja bawahan yang terlambat melapor"),
            items=late,
            empty=_("Tidak ada satuan kerja bawahan yang terlambat melapor."),
            order=71,
        ),
    ]
