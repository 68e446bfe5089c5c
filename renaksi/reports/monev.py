"""The monitoring report (laporan monev) of a plan over a month, a triwulan, a semester or the year.

``monev_pdf``, ``monev_xlsx`` and ``monev_docx`` lay out ``monev_data.monev_data``. Each is pure
(plan in, bytes out), so a background job can call them. The XLSX is written by
``monev_xlsx_writer`` and the DOCX by ``docx_writer.render_monev``; the PDF is laid out by
Typst from ``templates/reports/monev.typ`` (``typst_writer``: the bench's yearly report in
0.8 s instead of WeasyPrint's 10 s). ``monev_html`` (``reports/monev_pdf.html``) is the same
report in HTML, the WeasyPrint layout the Typst template follows; no page shows it, and
``reports/tests/test_pdf_writer.py`` lays it out with WeasyPrint (a long table of repeated
texts for the writer's shared line breaks).
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import get_language

from renaksi.plans.models import Plan
from renaksi.reports.common import PAPER_MM, check_paper, document_language
from renaksi.reports.monev_data import (
    MonevData,
    Span,
    indicator_row_dict,
    monev_data,
    page_label,
)
from renaksi.reports.monev_xlsx_writer import write_monev
from renaksi.reports.typst_writer import label_parts, too_tall, typst_pdf

AREA_COUNTS = ("planned", "realised", "verified", "awaiting", "overdue")


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
        return monev_pdf_of(monev_data(plan=plan, span=span, today=today), paper=paper)


def monev_pdf_of(data, *, paper: str = "a4") -> bytes:
    """The PDF of a report's data: ``MonevData``, or a snapshot read back in its shape."""
    return typst_pdf("monev.typ", monev_typst_data(data, paper))


# The widths of the indicator table's and the evidence table's columns in ``monev.typ`` (fr;
# the evidence table's "No" is 6 mm besides), and the page's margins (mm), given to the template
# as data.
INDICATOR_COLUMNS = (
    ("", 3), ("indicator", 17), ("period", 7), ("status", 7), ("progress", 5),
    ("value_target", 8), ("narrative", 17), ("obstacles", 12), ("follow_up", 12), ("review", 8),
)  # fmt: skip
EVIDENCE_COLUMNS = (("name", 3), ("link", 4), ("kind", 1.5), ("cells", 3))
MARGINS_MM = {"top": 12, "right": 12, "bottom": 14, "left": 12}


def tall_row(texts: dict, columns: tuple, paper: str, fixed_mm: float = 0) -> bool:
    """Whether a table row of ``texts`` (by key) in ``columns`` ((key, fr), …) may break across
    pages (``typst_writer.too_tall``): a narrative pasted whole, or the cells of an evidence
    file that backs hundreds, taller than a page, would otherwise be cut off."""
    short, long = PAPER_MM[paper]
    width = long - MARGINS_MM["left"] - MARGINS_MM["right"] - fixed_mm
    total = sum(fr for _key, fr in columns)
    cells = ((texts[key], width * fr / total) for key, fr in columns if key)
    return too_tall(cells, short - MARGINS_MM["top"] - MARGINS_MM["bottom"])


def evidence_row_dict(e, paper: str) -> dict:
    row = {"name": e.name, "link": e.link, "kind": e.kind, "cells": "; ".join(e.cells)}
    return row | {"tall": tall_row(row, EVIDENCE_COLUMNS, paper, fixed_mm=6)}


def monev_typst_data(data, paper: str) -> dict:
    """``data.json`` of ``monev.typ``: every text as the HTML template prints it."""
    short, long = PAPER_MM[paper]
    chart = render_to_string("reports/monev_chart.svg", _pdf_context(data, paper))
    return {
        "title": " ".join(data.title_lines) + " · " + data.period,
        "lang": (get_language() or "id").split("-")[0],
        "page": {"width": long, "height": short, "margin": MARGINS_MM},
        "page_label": label_parts(page_label()),
        "title_lines": list(data.title_lines),
        "period": data.period,
        "as_of": data.as_of,
        "headings": {k: str(v) for k, v in data.headings.items()},
        "figures": [{"label": f.label, "value": f.value} for f in data.figures],
        "areas": [
            {"label": a.label, "pct": a.pct} | {k: str(getattr(a.tally, k)) for k in AREA_COUNTS}
            for a in data.areas
        ],
        "chart": chart if data.bars else None,
        "indicators": [
            row | {"tall": tall_row(row, INDICATOR_COLUMNS, paper)}
            for row in map(indicator_row_dict, data.indicators)
        ],
        "evidence": [evidence_row_dict(e, paper) for e in data.evidence],
        "columns": {
            "indicators": [fr for _key, fr in INDICATOR_COLUMNS],
            "evidence": [fr for _key, fr in EVIDENCE_COLUMNS],
        },
        "signature": {
            "place_date": data.signature.place_date,
            "title": data.signature.title or "…" * 14,
            "name": data.signature.name or "…" * 14,
        },
    }


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
