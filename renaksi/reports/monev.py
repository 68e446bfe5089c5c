"""The monitoring report (laporan monev) of a plan over a month, a triwulan, a semester or the year.

``monev_pdf``, ``monev_xlsx`` and ``monev_docx`` lay out ``monev_data.monev_data``. Each is pure
(plan in, bytes out), so a background job can call them. The XLSX is written by
``monev_xlsx_writer`` and the DOCX by ``docx_writer.render_monev``; the PDF is the HTML template
``reports/monev_pdf.html``.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from renaksi.plans.models import Plan
from renaksi.reports.common import check_paper, document_language
from renaksi.reports.monev_data import MonevData, Span, monev_data, page_label
from renaksi.reports.monev_xlsx_writer import write_monev
from renaksi.reports.pdf_writer import render_pdf


def monev_html(data: MonevData, *, paper: str = "a4") -> str:
    return render_to_string("reports/monev_pdf.html", _pdf_context(data, paper))


def _pdf_context(data: MonevData, paper: str) -> dict:
    return {
        "doc": data,
        "h": data.headings,
        "paper": paper,
        "chart_height": 40 + 34 * len(data.bars),
    }


def monev_pdf(*, plan: Plan, span: Span, today: date, paper: str = "a4", language=None) -> bytes:
    check_paper(paper)
    with document_language(language):
        data = monev_data(plan=plan, span=span, today=today)
        return render_pdf("reports/monev_pdf.html", _pdf_context(data, paper))


def monev_xlsx(*, plan: Plan, span: Span, today: date, paper: str = "a4", language=None) -> bytes:
    check_paper(paper)
    with document_language(language):
        return write_monev(monev_data(plan=plan, span=span, today=today), paper=paper)


def monev_docx(*, plan: Plan, span: Span, today: date, paper: str = "a4", language=None) -> bytes:
    check_paper(paper)
    with document_language(language):
        data = monev_data(plan=plan, span=span, today=today)
        # python-docx and docxtpl only when a DOCX is made: about 10 MB of every process
        # that never makes one (the web processes, most workers).
        from renaksi.reports.docx_writer import render_monev

        return render_monev(data, paper=paper, page_label=page_label())
