"""Word documents from the docxtpl templates in ``templates_docx/``.

docxtpl fills the fields and repeats the rows; what a Word template cannot say by itself is done
afterwards on the rendered document: merging the area/kegiatan/sub kegiatan cells over their
rows (the spans come from ``plan_table``), dropping the unused period columns of a quarterly plan
and widening everything for F4 paper.
"""

from __future__ import annotations

import io
import re
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from docx.shared import Cm, Length
from docxtpl import DocxTemplate

from renaksi.reports.build_templates import (
    DECREE_TEMPLATE,
    LAMPIRAN_TEMPLATE,
    MONEV_TEMPLATE,
    PERIOD_SLOTS,
)
from renaksi.reports.common import PAPER_MM
from renaksi.reports.lampiran_data import Lampiran, doc_rows

if TYPE_CHECKING:
    from renaksi.reports.monev_data import MonevData

# Characters XML 1.0 does not allow; one of them would make Word refuse the whole file.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
FIRST_PERIOD_COL = 5
QUARTER_COL_MAX = Cm(1.3)


def clean(value):
    """Strings made safe for the XML (nested lists and dicts included); autoescape does the rest."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean(item) for item in value]
    return value


def page_parts(page_label: str) -> dict:
    """ "Halaman %(number)s dari %(total)s" → the words before, between and after the numbers."""
    before, _sep, rest = page_label.partition("%(number)s")
    middle, _sep, after = rest.partition("%(total)s")
    return {"before": before, "middle": middle, "after": after}


def _render(template_path, context: dict) -> DocxTemplate:
    template = DocxTemplate(template_path)
    template.render(clean(context), autoescape=True)
    return template


def _save(template: DocxTemplate) -> bytes:
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# --- table surgery ---------------------------------------------------------------------------


def _grid_widths(tbl) -> list[int]:
    return [int(col.w or 0) for col in tbl.tblGrid.gridCol_lst]


def _set_grid(tbl, widths: list[int], keep: list[bool] | None = None):
    """Give the table these column widths (EMU); with ``keep``, drop the columns marked False.

    Each cell's span and width follow: a cell spanning dropped columns shrinks, one lying
    only on dropped columns goes.
    """
    keep = keep or [True] * len(widths)
    for tr in tbl.tr_lst:
        start = 0
        for tc in list(tr.tc_lst):
            span = tc.grid_span
            cols = range(start, start + span)
            start += span
            kept = [c for c in cols if c < len(keep) and keep[c]]
            if not kept:
                tr.remove(tc)
                continue
            if len(kept) != span:
                tc.grid_span = len(kept)
            tc.width = Length(sum(widths[c] for c in kept))
    grid = tbl.tblGrid
    for col, (gc, width) in enumerate(zip(list(grid.gridCol_lst), widths, strict=True)):
        if keep[col]:
            gc.w = Length(width)
        else:
            grid.remove(gc)


def _merge_down(trs, first: int, span: int, cols: tuple[int, ...]):
    """Merge the cells in ``cols`` from row ``first`` over ``span`` rows (Word's vMerge)."""
    if span < 2:
        return
    for offset in range(span):
        tcs = trs[first + offset].tc_lst
        for col in cols:
            tcs[col].vMerge = "restart" if offset == 0 else "continue"


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _set_paper(document, paper: str, *, landscape: bool):
    """Page size for ``paper``; tables and right-hand blocks widen with the text area."""
    width_mm, height_mm = PAPER_MM[paper]
    if landscape:
        width_mm, height_mm = height_mm, width_mm
    section = document.sections[0]
    before = _text_width(section)
    section.page_width, section.page_height = Cm(width_mm / 10), Cm(height_mm / 10)
    after = _text_width(section)
    if after == before:
        return
    factor = after / before
    for table in document.tables:
        tbl = table._tbl
        _set_grid(tbl, [round(w * factor) for w in _grid_widths(tbl)])
    # The lampiran box and the signature are indented into the right part; keep them there.
    shift = after - before
    for paragraph in document.paragraphs:
        fmt = paragraph.paragraph_format
        if fmt.left_indent and fmt.left_indent > Cm(5):
            fmt.left_indent = Length(fmt.left_indent + shift)
            stops = [(stop.position, stop.alignment) for stop in fmt.tab_stops]
            fmt.tab_stops.clear_all()
            for position, alignment in stops:
                fmt.tab_stops.add_tab_stop(Length(position + shift), alignment)


def _plan_table(document):
    """The lampiran's plan table: the one with the most rows."""
    return max(document.tables, key=lambda table: len(table._tbl.tr_lst))._tbl


# --- the lampiran ----------------------------------------------------------------------------


def _lampiran_context(doc: Lampiran, page_label: str) -> dict:
    header = doc.header
    periods = [short for short, _long in doc.table.period_labels]
    n = len(periods)
    numbers = [str(number) for number in doc.table.column_numbers]
    # The template has 12 period slots; a quarterly plan fills 4 and the rest are dropped.
    nums = numbers[: FIRST_PERIOD_COL + n] + [""] * (PERIOD_SLOTS - n) + numbers[-1:]
    rows = []
    for doc_row in doc_rows(doc.table):
        row = doc_row.row
        rows.append(
            {
                "no": doc_row.area_no,
                "area": row.area.label if row.area else "",
                "activity": row.activity.label if row.activity else "",
                "sub": row.sub.label if row.sub else "",
                "indicator": "\n".join(doc_row.indicator),
                "p": doc_row.periods + [""] * (PERIOD_SLOTS - n),
                "note": doc_row.note,
            }
        )
    h = asdict(doc.headings)
    h.update(lampiran=_("Lampiran"), number=_("Nomor"), about=_("Tentang"))
    return {
        "h": h,
        "lampiran_of": header.lampiran_of,
        "number": header.lampiran_number,
        "about": header.about_readable,
        "title": header.title_lines,
        "periods": periods + [""] * (PERIOD_SLOTS - n),
        "nums": nums,
        "rows": rows,
        "sig": asdict(header.signature),
        "page": page_parts(page_label),
    }


def render_lampiran(doc: Lampiran, *, paper: str, page_label: str) -> bytes:
    template = _render(LAMPIRAN_TEMPLATE, _lampiran_context(doc, page_label))
    document = template.docx
    tbl = _plan_table(document)
    trs = tbl.tr_lst
    first_body = len(trs) - len(doc.table.rows)
    for i, row in enumerate(doc.table.rows):
        if row.area:
            _merge_down(trs, first_body + i, row.area.rowspan, (0, 1))
        if row.activity:
            _merge_down(trs, first_body + i, row.activity.rowspan, (2,))
        if row.sub:
            _merge_down(trs, first_body + i, row.sub.rowspan, (3,))

    n = doc.period_count
    if n < PERIOD_SLOTS:
        widths = _grid_widths(tbl)
        slots = range(FIRST_PERIOD_COL, FIRST_PERIOD_COL + PERIOD_SLOTS)
        total = sum(widths[c] for c in slots)
        each = min(QUARTER_COL_MAX, total // n)
        keep = [
            not (FIRST_PERIOD_COL + n <= c < FIRST_PERIOD_COL + PERIOD_SLOTS)
            for c in range(len(widths))
        ]
        for c in slots[:n]:
            widths[c] = each
        widths[FIRST_PERIOD_COL - 1] += total - each * n  # the rest goes to the indicator
        _set_grid(tbl, widths, keep)
    _set_paper(document, paper, landscape=True)
    return _save(template)


# --- the decree ------------------------------------------------------------------------------


def render_decree(context: dict, *, paper: str) -> bytes:
    template = _render(DECREE_TEMPLATE, context)
    _set_paper(template.docx, paper, landscape=False)
    return _save(template)


# --- the monitoring report (laporan monev) ----------------------------------------------------


def _monev_context(data: MonevData, page_label: str) -> dict:
    return {
        "title": data.title_lines,
        "period": data.period,
        "as_of": data.as_of,
        "h": data.headings,
        "figures": [vars(f) for f in data.figures],
        "areas": [
            {
                "no": i,
                "label": a.label,
                "planned": a.tally.planned,
                "realised": a.tally.realised,
                "verified": a.tally.verified,
                "awaiting": a.tally.awaiting,
                "overdue": a.tally.overdue,
                "pct": a.pct,
            }
            for i, a in enumerate(data.areas, 1)
        ],
        "rows": [
            {"no": i, **vars(r), "value": r.value_target} for i, r in enumerate(data.indicators, 1)
        ],
        "evidence": [
            {
                "no": i,
                "name": e.name,
                "link": e.link,
                "kind": e.kind,
                "cells": "; ".join(e.cells),
            }
            for i, e in enumerate(data.evidence, 1)
        ],
        "sig": vars(data.signature),
        "page": page_parts(page_label),
    }


def render_monev(data: MonevData, *, paper: str, page_label: str) -> bytes:
    """The monitoring report from ``templates_docx/monev.docx``, landscape."""
    template = _render(MONEV_TEMPLATE, _monev_context(data, page_label))
    _set_paper(template.docx, paper, landscape=True)
    return _save(template)
