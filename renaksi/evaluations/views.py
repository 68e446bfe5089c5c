"""Evaluation pages: list, worksheet (answers, review, score, gaps), ranking, XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renaksi.monitoring.models import Evidence
from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import unit_list_visible

from . import services
from .models import Answer, Instrument, Node, Worksheet
from .selectors import ranking, worksheet_get, worksheet_report
from .xlsx_export import worksheet_xlsx


@login_required
def evaluation_home(request):
    units = unit_list_visible(user=request.user)
    worksheets = (
        Worksheet.objects.filter(unit__in=units)
        .select_related("unit", "instrument")
        .order_by("-year", "unit__code", "instrument__code")
    )
    instruments = Instrument.objects.filter(status=Instrument.Status.PUBLISHED)
    return render(
        request,
        "evaluations/home.html",
        {"worksheets": worksheets, "instruments": instruments},
    )


@login_required
def worksheet_detail(request, pk):
    worksheet = worksheet_get(viewer=request.user, pk=pk)
    report = worksheet_report(worksheet=worksheet, viewer=request.user)
    library = []
    if request.user.has_perm("evaluations.fill_worksheet", worksheet):
        library = list(Evidence.objects.filter(unit=worksheet.unit).order_by("display_name"))
    return render(
        request,
        "evaluations/worksheet.html",
        {
            "report": report,
            "worksheet": worksheet,
            "library": library,
            "documents": worksheet.documents.all()[:10],
            "can_fill": request.user.has_perm("evaluations.fill_worksheet", worksheet),
            "can_assess": request.user.has_perm("evaluations.assess_worksheet", worksheet),
            "can_review": request.user.has_perm("evaluations.review_worksheet", worksheet),
        },
    )


def _criterion(worksheet, node_pk) -> Node:
    return get_object_or_404(
        Node, pk=node_pk, instrument=worksheet.instrument, kind=Node.Kind.CRITERION
    )


def _numbers(request, criterion):
    if not criterion.formula:
        return None
    return [request.POST.get(f"n{i}", "") for i in range(max(1, len(criterion.inputs)))]


def _back(worksheet, criterion):
    return redirect(f"{worksheet_url(worksheet)}#k-{criterion.pk}")


def worksheet_url(worksheet):
    from django.urls import reverse

    return reverse("worksheet_detail", args=[worksheet.pk])


@login_required
@require_POST
def worksheet_answer(request, pk, node_pk):
    worksheet = worksheet_get(viewer=request.user, pk=pk)
    if not request.user.has_perm("evaluations.fill_worksheet", worksheet):
        raise PermissionDenied
    criterion = _criterion(worksheet, node_pk)
    try:
        answer = services.answer_save(
            worksheet=worksheet,
            criterion=criterion,
            value=request.POST.get("value", ""),
            numbers=_numbers(request, criterion),
            explanation=request.POST.get("explanation", "")[:5000],
            actor=request.user,
        )
        evidence_pk = request.POST.get("evidence", "")
        if evidence_pk.isdigit():
            evidence = get_object_or_404(Evidence, pk=int(evidence_pk), unit=worksheet.unit)
            services.answer_evidence_attach(answer=answer, evidence=evidence, actor=request.user)
        upload = request.FILES.get("file")
        if upload is not None:
            if upload.size > 10 * 1024 * 1024:
                raise services.EvaluationError(_("Berkas lebih dari 10 MiB."))
            services.answer_evidence_upload(
                answer=answer, name=upload.name or "", data=upload.read(), actor=request.user
            )
        messages.success(request, _("%(code)s: jawaban tersimpan.") % {"code": criterion.code})
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return _back(worksheet, criterion)


def _answer(worksheet, node_pk) -> Answer:
    answer = Answer.objects.filter(worksheet=worksheet, criterion_id=node_pk).first()
    if answer is None:
        raise Http404
    return answer


def _stage_view(request, pk, node_pk, perm, action):
    worksheet = worksheet_get(viewer=request.user, pk=pk)
    if not request.user.has_perm(perm, worksheet):
        raise PermissionDenied
    answer = _answer(worksheet, node_pk)
    value = request.POST.get("value", "").strip() or None
    try:
        action(
            answer=answer,
            actor=request.user,
            value=value,
            numbers=None,
            note=request.POST.get("note", "")[:5000],
        )
        messages.success(request, _("%(code)s: tersimpan.") % {"code": answer.criterion.code})
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return _back(worksheet, answer.criterion)


@login_required
@require_POST
def worksheet_assess(request, pk, node_pk):
    return _stage_view(request, pk, node_pk, "evaluations.assess_worksheet", services.answer_assess)


@login_required
@require_POST
def worksheet_review(request, pk, node_pk):
    return _stage_view(request, pk, node_pk, "evaluations.review_worksheet", services.answer_review)


@login_required
def worksheet_download_xlsx(request, pk):
    worksheet = worksheet_get(viewer=request.user, pk=pk)
    data = worksheet_xlsx(worksheet_report(worksheet=worksheet, viewer=request.user))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"lke-{worksheet.instrument.code}-{worksheet.unit.code}-{worksheet.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def evaluation_ranking(request, unit_pk, instrument_pk, year):
    unit = get_object_or_404(Unit, pk=unit_pk)
    instrument = get_object_or_404(Instrument, pk=instrument_pk)
    rows = ranking(viewer=request.user, unit=unit, instrument=instrument, year=year)
    return render(
        request,
        "evaluations/ranking.html",
        {"unit": unit, "instrument": instrument, "year": year, "rows": rows},
    )


@login_required
@require_POST
def worksheet_document_request(request, pk):
    from .documents import document_request

    worksheet = worksheet_get(viewer=request.user, pk=pk)
    fmt = request.POST.get("format", "")
    if fmt in ("pdf", "docx", "xlsx"):
        document_request(worksheet=worksheet, fmt_=fmt, actor=request.user)
        messages.success(request, _("Dokumen diminta; dibuat di latar belakang."))
    return redirect(worksheet_url(worksheet) + "#dokumen")


@login_required
def evaluation_document_download(request, pk):
    from django.http import FileResponse

    from .models import EvaluationDocument

    doc = EvaluationDocument.objects.select_related("worksheet__unit").filter(pk=pk).first()
    if doc is None or not request.user.has_perm("evaluations.view_worksheet", doc.worksheet):
        raise Http404
    if doc.status != EvaluationDocument.Status.DONE:
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name)
