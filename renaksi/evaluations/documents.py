"""Documents of a worksheet, made by the background worker: summary PDF/DOCX, worksheet XLSX."""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record

from .models import EvaluationDocument
from .scoring import CENT, fmt
from .selectors import worksheet_report
from .xlsx_export import worksheet_xlsx

logger = logging.getLogger(__name__)


def document_request(*, worksheet, fmt_: str, actor) -> EvaluationDocument:
    if not actor.has_perm("evaluations.view_worksheet", worksheet):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if fmt_ not in EvaluationDocument.Format.values:
        raise ValueError(fmt_)
    with transaction.atomic(durable=True):
        doc = EvaluationDocument.objects.create(
            worksheet=worksheet, format=fmt_, requested_by=actor
        )
        audit_record(
            actor=actor,
            action="evaluations.document_request",
            obj=doc,
            unit=worksheet.unit,
            summary=fmt_,
        )
        doc_id = doc.pk
        transaction.on_commit(lambda: _enqueue(doc_id))
    return doc


def _enqueue(doc_id: int) -> None:
    from .tasks import evaluation_document_run

    evaluation_document_run.enqueue(doc_id)


def summary_rows(report) -> list[tuple[str, str, str]]:
    return [
        (c["node"].code, c["node"].name, fmt(c["score"].quantize(CENT)))
        for c in report["components"]
    ]


def render(report, fmt_: str) -> bytes:
    if fmt_ == "xlsx":
        return worksheet_xlsx(report)
    if fmt_ == "pdf":
        from renaksi.reports.pdf_writer import render_pdf

        return render_pdf(
            "evaluations/summary_pdf.html",
            {"report": report, "rows": summary_rows(report), "fmt": fmt},
        )
    from docx import Document

    document = Document()
    ws = report["worksheet"]
    document.add_heading(f"Ringkasan {report['instrument'].name}", level=1)
    document.add_paragraph(f"{ws.unit.name} — tahun {ws.year}")
    document.add_paragraph(
        f"Nilai proyeksi: {fmt(report['projected'])}   Predikat: {report['predikat'] or '—'}   "
        f"Terjawab: {report['answered']} dari {report['total_criteria']}"
    )
    table = document.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Kode", "Komponen"
    table.rows[0].cells[2].text = "Nilai"
    for code, name, score in summary_rows(report):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = code, name, score
    for gate in report["gates"]:
        document.add_paragraph(
            f"{gate.level} {gate.name}: " + ("memenuhi" if gate.passed else gate.shortfall)
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def document_execute(*, doc_id: int) -> EvaluationDocument | None:
    doc = (
        EvaluationDocument.objects.filter(pk=doc_id, status=EvaluationDocument.Status.QUEUED)
        .select_related("worksheet__unit", "worksheet__instrument")
        .first()
    )
    if doc is None:
        return None
    ws = doc.worksheet
    try:
        content = render(worksheet_report(worksheet=ws), doc.format)
        name = f"evaluasi-{ws.instrument.code}-{ws.unit.code}-{ws.year}.{doc.format}"
        doc.file.name = doc.file.storage.save(f"evaluasi/{doc.pk}/{name}", ContentFile(content))
        doc.file_name = name
        doc.status = EvaluationDocument.Status.DONE
    except Exception as exc:  # noqa: BLE001 - the job records any failure for the user
        logger.exception("Evaluation document %s failed", doc_id)
        doc.file = ""
        doc.status = EvaluationDocument.Status.FAILED
        doc.error = _("Dokumen gagal dibuat (%(error)s). Silakan minta ulang.") % {
            "error": type(exc).__name__
        }
    doc.save()
    return doc
