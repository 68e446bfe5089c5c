"""The lampiran (the plan table attached to the decree) as XLSX, PDF and DOCX.

Each function is pure: a plan in, the file's bytes out, so a background job can call it later.
"""

from __future__ import annotations

from renaksi.plans.models import Plan
from renaksi.reports.common import check_paper, document_language
from renaksi.reports.lampiran_data import doc_rows, lampiran_data, page_label
from renaksi.reports.pdf_writer import render_pdf
from renaksi.reports.xlsx_writer import write_lampiran


def lampiran_xlsx(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    """The lampiran as an Excel workbook: landscape, fit to width, header repeated and frozen."""
    check_paper(paper)
    with document_language(language):
        return write_lampiran(lampiran_data(plan), paper=paper, page_label=page_label())


def lampiran_pdf(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    """The lampiran as a landscape PDF with "Halaman n dari N" and the header on every page."""
    check_paper(paper)
    with document_language(language):
        data = lampiran_data(plan)
        return render_pdf(
            "reports/lampiran_pdf.html",
            {
                "doc": data,
                "rows": doc_rows(data.table),
                "paper": paper,
                "quarterly": data.period_count == 4,
            },
        )


def lampiran_docx(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    """The lampiran from the Word template ``templates_docx/lampiran.docx``."""
    check_paper(paper)
    with document_language(language):
        # python-docx and docxtpl only when a DOCX is made: about 10 MB of every process
        # that never makes one (the web processes, most workers).
        from renaksi.reports.docx_writer import render_lampiran

        return render_lampiran(lampiran_data(plan), paper=paper, page_label=page_label())
