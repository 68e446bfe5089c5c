"""Downloads of the official documents: the lampiran and the decree of a plan, made on the spot,
and the reports page where documents (the monitoring report too) are made in the background.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from renaksi.plans.export import plan_export_data
from renaksi.plans.selectors import plan_get
from renaksi.reports.common import DocumentError, check_paper, download_name
from renaksi.reports.kinds import KINDS, kind_choices
from renaksi.reports.models import ReportJob
from renaksi.reports.services import (
    report_job_file_name,
    report_job_get,
    report_job_list_for_plan,
    report_job_request,
)

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _download(request, pk: int, fmt: str, kind: str) -> HttpResponse:
    entry = KINDS[kind]
    renderer = entry.renderers.get(fmt)
    if renderer is None:
        raise Http404
    plan = plan_get(user=request.user, pk=pk)
    paper = request.GET.get("kertas", "a4").lower()[:10]
    try:
        check_paper(paper)
    except DocumentError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    if fmt in ("pdf", "docx"):
        return _document_through_queue(request, plan, fmt, kind, paper)
    content = renderer(plan=plan, paper=paper)  # XLSX: tens of milliseconds, made here
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[fmt],
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=download_name(entry.prefix, plan, fmt)
            ),
            "Cache-Control": "private, no-store",
        },
    )


def _job_file_response(job: ReportJob):
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report_job_file_name(job),
        content_type=CONTENT_TYPES[job.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _document_through_queue(request, plan, fmt: str, kind: str, paper: str):
    """PDF and DOCX are never rendered inside a request: served from the cache of this plan
    version, or made by the worker while the page waits (renaksi/reports/queue.py)."""
    try:
        job = report_job_request(
            plan=plan,
            kind=kind,
            fmt=fmt,
            params={"paper": paper},
            actor=request.user,
            cached=True,
        )
    except DocumentError as exc:
        return render(
            request, "reports/document_wait.html", {"plan": plan, "error": str(exc)}, status=429
        )
    job.refresh_from_db()
    if job.status == ReportJob.Status.DONE and job.file:
        return _job_file_response(job)
    return render(request, "reports/document_wait.html", {"plan": plan, "job": job}, status=202)


@login_required
@require_GET
def plan_lampiran_download(request, pk: int, fmt: str):
    return _download(request, pk, fmt, ReportJob.Kind.LAMPIRAN)


@login_required
@require_GET
def plan_decree_download(request, pk: int, fmt: str):
    return _download(request, pk, fmt, ReportJob.Kind.DECREE)


@login_required
@require_GET
def plan_export_json(request, pk: int):
    """The plan in the interchange format (as ``export_plan --format json``), with realisations."""

    plan = plan_get(user=request.user, pk=pk)
    return JsonResponse(
        plan_export_data(plan=plan),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=download_name("Rencana", plan, "json")
            ),
            "Cache-Control": "private, no-store",
        },
    )


# --- documents made in the background --------------------------------------------------------


class ReportRequestForm(forms.Form):
    DOCUMENTS = kind_choices()  # the registry's kinds (renaksi/reports/kinds.py), in its order
    SPANS = [
        ("month", _("Bulan")),
        ("quarter", _("Triwulan")),
        ("semester", _("Semester")),
        ("year", _("Tahun")),
    ]

    kind = forms.ChoiceField(label=_("Dokumen"), choices=DOCUMENTS, initial="monev")
    span = forms.ChoiceField(label=_("Rentang"), choices=SPANS, initial="quarter", required=False)
    number = forms.IntegerField(
        label=_("Ke-"),
        min_value=1,
        max_value=12,
        initial=1,
        required=False,
        help_text=_("Bulan 1–12, triwulan 1–4, semester 1–2; diabaikan untuk tahun."),
    )
    fmt = forms.ChoiceField(label=_("Format"), choices=ReportJob.Format.choices, initial="pdf")
    paper = forms.ChoiceField(label=_("Kertas"), choices=[("a4", "A4"), ("f4", "F4")], initial="a4")


def _jobs_context(request, plan) -> dict:
    # Read only: stale jobs are failed by the workers' periodic report_jobs_check_stale.
    return {"plan": plan, "jobs": list(report_job_list_for_plan(user=request.user, plan=plan))}


@login_required
@require_http_methods(["GET", "POST"])
def plan_reports(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {"paper": data["paper"]}
        params |= {name: data[name] for name in KINDS[data["kind"]].form_fields}
        try:
            report_job_request(
                plan=plan, kind=data["kind"], fmt=data["fmt"], params=params, actor=request.user
            )
        except DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Permintaan dokumen diterima dan sedang diproses."))
            return redirect("plan_reports", pk=plan.pk)
    return render(
        request, "reports/plan_reports.html", {**_jobs_context(request, plan), "form": form}
    )


@login_required
@require_GET
def report_job_status(request, job_pk: int):
    job = report_job_get(user=request.user, pk=job_pk)
    return render(request, "reports/partials/report_job.html", {"job": job})


@login_required
@require_GET
def report_job_download(request, job_pk: int):
    job = report_job_get(user=request.user, pk=job_pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    return _job_file_response(job)
