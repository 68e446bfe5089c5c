"""Pages of the reporting chain: thin callers of ``chain.selectors`` and ``chain.services``.

A unit the viewer may not see answers 404; one they see but may not act on, 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renaksi.chain.forms import DecisionForm, ScheduleDatesForm, ScheduleRuleForm, SubmitForm
from renaksi.chain.models import MonitoringReport, MonitoringReportEvent
from renaksi.chain.selectors import (
    CellState,
    chain_matrix,
    chain_plan_status,
    chain_unit_get,
    monitoring_report_get,
    schedule_get,
)
from renaksi.chain.services import (
    ChainError,
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
    schedule_set_dates,
    schedule_set_rule,
)
from renaksi.chain.snapshot import snapshot_in_language, snapshot_of
from renaksi.core.params import int_or_none
from renaksi.core.periods import period_kind_noun
from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_get
from renaksi.reports.monev_data import monev_data

YEAR_MIN, YEAR_MAX = 2000, 2100


def _check_year(year: int) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404


def _unit_label(user, unit) -> str:
    """The name of the unit a report goes to. Its name is no secret to the unit reporting to
    it (it is on the decree); what a regency's members may not open are its pages, so links to
    them are shown only to those who may (see ``recipient_visible``)."""
    return unit.name if unit is not None else ""


def _last_return(events) -> object | None:
    returned = [e for e in events if e.action == MonitoringReportEvent.Action.RETURNED]
    return returned[-1] if returned else None


@login_required
@require_GET
def chain_overview(request, unit_pk: int, year: int):
    """The parent's children × periods matrix, with filters and counts."""
    _check_year(year)
    parent = chain_unit_get(user=request.user, pk=unit_pk)
    state = request.GET.get("status") or None
    if state not in (None, "late", *CellState.values):
        state = None
    period = int_or_none(request.GET.get("periode"))
    matrix = chain_matrix(
        user=request.user,
        parent=parent,
        year=year,
        today=timezone.localdate(),
        state=state,
        period=period,
    )
    own_plan = (
        Plan.objects.filter(unit=parent, year=year, kind="general")
        .values_list("pk", flat=True)
        .first()
    )
    return render(
        request,
        "chain/overview.html",
        {
            "parent": parent,
            "year": year,
            "matrix": matrix,
            "state": state or "",
            "period": period,
            "own_plan_id": own_plan,
            "can_configure": request.user.has_perm("chain.configure_schedule", parent),
            "crumbs": list(
                Unit.objects.ancestors(parent)
                .filter(pk__in=unit_list_visible(user=request.user))
                .only("pk", "name")
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def chain_schedule(request, unit_pk: int, year: int):
    """The parent's Sekretaris or administrator sets the periods and due dates of a year."""
    _check_year(year)
    unit = chain_unit_get(user=request.user, pk=unit_pk)
    if not request.user.has_perm("chain.configure_schedule", unit):
        raise PermissionDenied
    schedule = schedule_get(unit=unit, year=year)
    rule_form = ScheduleRuleForm(
        initial={"kind": schedule.kind, "grace_workdays": schedule.grace_workdays}
    )
    dates_form = ScheduleDatesForm(periods=schedule.periods)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rule":
                rule_form = ScheduleRuleForm(request.POST)
                if rule_form.is_valid():
                    schedule_set_rule(
                        unit=unit,
                        year=year,
                        kind=rule_form.cleaned_data["kind"],
                        grace_workdays=rule_form.cleaned_data["grace_workdays"],
                        actor=request.user,
                    )
                    messages.success(request, _("Aturan batas waktu disimpan."))
                    return redirect("chain_schedule", unit_pk=unit.pk, year=year)
            elif action == "dates":
                dates_form = ScheduleDatesForm(request.POST, periods=schedule.periods)
                if dates_form.is_valid():
                    schedule_set_dates(
                        unit=unit, year=year, dates=dates_form.dates(), actor=request.user
                    )
                    messages.success(request, _("Batas waktu disimpan."))
                    return redirect("chain_schedule", unit_pk=unit.pk, year=year)
            else:
                messages.error(request, _("Permintaan tidak dikenal."))
        except ChainError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "chain/schedule.html",
        {
            "unit": unit,
            "year": year,
            "schedule": schedule,
            "rule_form": rule_form,
            "dates_form": dates_form,
            "has_children": Unit.objects.filter(parent=unit).exists(),
        },
    )


@login_required
@require_GET
def chain_plan(request, pk: int):
    """The unit's own reports to its parent, period by period, with the submit form."""
    plan = plan_get(user=request.user, pk=pk)
    status = chain_plan_status(user=request.user, plan=plan, today=timezone.localdate())
    return render(
        request,
        "chain/plan.html",
        {
            "plan": plan,
            "chain": status,
            "parent_label": _unit_label(request.user, status.parent),
            "can_submit": request.user.has_perm("chain.submit_report", plan),
            "today": status.today,
        },
    )


@login_required
@require_POST
def chain_submit(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    if not request.user.has_perm("chain.submit_report", plan):
        raise PermissionDenied
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periode laporan tidak dikenal."))
        return redirect("chain_plan", pk=plan.pk)
    data = form.cleaned_data
    try:
        report = monitoring_report_submit(
            plan=plan,
            number=data["number"],
            cover_note=data["cover_note"],
            expected_version=data["version"],
            actor=request.user,
        )
    except ChainError as exc:
        messages.error(request, str(exc))
        return redirect("chain_plan", pk=plan.pk)
    messages.success(
        request,
        _("Laporan dikirim kepada %(parent)s.")
        % {"parent": _unit_label(request.user, report.recipient)},
    )
    return redirect("chain_report_detail", report_pk=report.pk)


@login_required
@require_GET
def chain_report_detail(request, report_pk: int):
    report = monitoring_report_get(user=request.user, pk=report_pk)
    submissions = list(report.submissions.all())
    events = list(report.events.all())
    return render(
        request,
        "chain/report_detail.html",
        {
            "report": report,
            "recipient_label": _unit_label(request.user, report.recipient),
            "recipient_visible": request.user.has_perm("organisations.view_unit", report.recipient),
            "submissions": submissions,
            "latest": submissions[-1] if submissions else None,
            "shown": snapshot_in_language(submissions[-1].snapshot) if submissions else None,
            "events": events,
            "return_event": _last_return(events)
            if report.status == MonitoringReport.Status.RETURNED
            else None,
            "can_review": request.user.has_perm("chain.review_report", report)
            and report.awaiting_decision,
            "can_resubmit": report.status == MonitoringReport.Status.RETURNED
            and request.user.has_perm("chain.submit_report", report.plan),
        },
    )


@login_required
@require_GET
def chain_report_pdf(request, report_pk: int, sequence: int):
    report = monitoring_report_get(user=request.user, pk=report_pk)
    submission = next((s for s in report.submissions.all() if s.sequence == sequence), None)
    if submission is None or not submission.pdf:
        raise Http404
    try:
        handle = submission.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # In the reader's language: "Laporan monev 17.09 2022 triwulan-1", "… quarter-1" in English.
    period = f"{str(period_kind_noun(report.kind)).lower()}-{report.number}"
    name = _("Laporan monev %(unit)s %(year)s %(period)s") % {
        "unit": report.plan.unit.code,
        "year": report.plan.year,
        "period": period,
    }
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name} ({sequence}).pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def chain_report_pdf_retry(request, report_pk: int, sequence: int):
    from renaksi.chain.snapshot import submission_pdf_retry

    report = monitoring_report_get(user=request.user, pk=report_pk)
    submission = next((s for s in report.submissions.all() if s.sequence == sequence), None)
    if submission is None:
        raise Http404
    if submission_pdf_retry(submission=submission, actor=request.user):
        messages.success(request, _("PDF laporan sedang dibuat ulang."))
    else:
        messages.info(request, _("PDF laporan ini sudah ada atau sedang dibuat."))
    return redirect("chain_report_detail", report_pk=report.pk)


def _decision(request, report_pk: int, service, done: str):
    report = monitoring_report_get(user=request.user, pk=report_pk)
    if not request.user.has_perm("chain.review_report", report):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Formulir tidak lengkap. Muat ulang halaman lalu coba lagi."))
        return redirect("chain_report_detail", report_pk=report.pk)
    try:
        service(
            report=report,
            actor=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ChainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("chain_report_detail", report_pk=report.pk)


@login_required
@require_POST
def chain_acknowledge(request, report_pk: int):
    return _decision(request, report_pk, monitoring_report_acknowledge, _("Laporan diterima."))


@login_required
@require_POST
def chain_return(request, report_pk: int):
    return _decision(
        request, report_pk, monitoring_report_return, _("Laporan dikembalikan dengan catatan.")
    )


@login_required
@require_GET
def chain_preview(request, pk: int, number: int):
    """What a report would hold if sent now, before it is sent (or sent again)."""
    plan = plan_get(user=request.user, pk=pk)
    if not request.user.has_perm("chain.submit_report", plan):
        raise PermissionDenied
    status = chain_plan_status(user=request.user, plan=plan, today=timezone.localdate())
    if status.parent is None:
        return redirect("chain_plan", pk=plan.pk)
    cell = next((c for c in status.cells if c.period.number == number), None)
    if cell is None:
        raise Http404
    report = cell.report
    sendable = (report is None and cell.period.ends_on < status.today) or (
        report is not None and report.status == MonitoringReport.Status.RETURNED
    )
    snapshot = snapshot_of(monev_data(plan=plan, span=cell.period.span, today=status.today))
    events = list(report.events.all()) if report is not None else []
    return render(
        request,
        "chain/preview.html",
        {
            "plan": plan,
            "cell": cell,
            "report": report,
            "parent_label": _unit_label(request.user, status.parent),
            "snapshot": snapshot,
            "sendable": sendable,
            "return_event": _last_return(events),
        },
    )
