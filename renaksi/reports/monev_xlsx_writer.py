"""The monitoring report (laporan monev) as an Excel workbook.

A summary sheet with the per-area table and a native bar chart, then the realisations and the
evidence. Texts go through ``xlsx_writer.Sheet.text`` (never a formula).
"""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from renaksi.reports.monev_data import MonevData, page_label
from renaksi.reports.xlsx_writer import FONT, PAPER_CODE, Sheet

BORDER = {"border": 1, "text_wrap": True, "valign": "top"}
HEAD = {**BORDER, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9D9D9"}
NUMBER = {**BORDER, "align": "center"}
TITLE = {"bold": True, "font_size": 12, "align": "center"}
AREA_COLUMNS = ("planned", "realised", "verified", "awaiting", "overdue")


def _sheet(workbook, name: str, widths: list[float], paper: str) -> Sheet:
    sheet = Sheet(workbook, workbook.add_worksheet(name))
    for col, width in enumerate(widths):
        sheet.ws.set_column(col, col, width)
    sheet.ws.set_landscape()
    sheet.ws.set_paper(PAPER_CODE[paper])
    sheet.ws.fit_to_pages(1, 0)
    footer = page_label().replace("&", "&&") % {"number": "&P", "total": "&N"}
    sheet.ws.set_footer(f'&R&"{FONT},Regular"&8{footer}')
    return sheet


def _head_row(sheet: Sheet, row: int, labels: list[str]):
    for col, label in enumerate(labels):
        sheet.text(row, col, label, HEAD)


def write_monev(data: MonevData, *, paper: str) -> bytes:
    """Summary with the per-area table and a native bar chart, then realisations and evidence."""
    h = data.headings
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties({"title": " ".join(data.title_lines), "author": "Renaksi"})

    summary_name = _("Ringkasan")
    sheet = _sheet(workbook, summary_name, [5, 44, 14, 14, 14, 12, 14, 12], paper)
    last = 7
    row = 0
    for line in (*data.title_lines, data.period, data.as_of):
        sheet.merged_text(row, 0, row, last, line, TITLE if row < 3 else {"align": "center"})
        row += 1
    row += 1
    sheet.text(row, 0, h["summary"], {"bold": True})
    row += 1
    _head_row(sheet, row, [h["no"], h["figure"], h["value"]])
    for i, figure in enumerate(data.figures, 1):
        sheet.ws.write_number(row + i, 0, i, sheet.fmt(**NUMBER))
        sheet.text(row + i, 1, figure.label, BORDER)
        sheet.text(row + i, 2, figure.value, BORDER)
    row += len(data.figures) + 2

    sheet.text(row, 0, h["areas"], {"bold": True})
    row += 1
    head = row
    _head_row(sheet, row, [h["no"], h["area"], *(h[k] for k in AREA_COLUMNS), h["realised_pct"]])
    for i, area in enumerate(data.areas, 1):
        r = head + i
        sheet.ws.write_number(r, 0, i, sheet.fmt(**NUMBER))
        sheet.text(r, 1, area.label, BORDER)
        for col, key in enumerate(AREA_COLUMNS, 2):
            sheet.ws.write_number(r, col, getattr(area.tally, key), sheet.fmt(**NUMBER))
        sheet.text(r, 7, area.pct, NUMBER)
    first, end = head + 1, head + max(len(data.areas), 1)
    row = end + 2

    chart = workbook.add_chart({"type": "bar"})
    for col, colour in (
        (2, "#9E9E9E"),
        (3, "#4A90D9"),
        (4, "#2E7D32"),
    ):
        chart.add_series(
            {
                "name": [summary_name, head, col],
                "categories": [summary_name, first, 1, end, 1],
                "values": [summary_name, first, col, end, col],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": h["areas"], "name_font": {"size": 11}})
    chart.set_x_axis({"name": _("Jumlah sel"), "min": 0, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 120 + 48 * len(data.areas)})
    sheet.ws.insert_chart(row, 1, chart)
    row += 8 + 3 * len(data.areas)

    sig = data.signature
    for text, props, gap in (
        (sig.place_date, {"align": "center"}, 0),
        (sig.title or "", {"align": "center", "text_wrap": True}, 0),
        (sig.name or "." * 40, {"align": "center", "bold": True}, 4),
    ):
        row += gap
        sheet.merged_text(row, 4, row, last, text, props)
        row += 1

    rows = _sheet(workbook, _("Realisasi"), [4, 26, 34, 12, 13, 8, 14, 32, 26, 26, 15], paper)
    _head_row(
        rows,
        0,
        [
            h["no"],
            h["area"],
            h["indicator"],
            h["period"],
            h["status"],
            h["progress"],
            h["value_target"],
            h["narrative"],
            h["obstacles"],
            h["follow_up"],
            h["review"],
        ],
    )
    rows.ws.repeat_rows(0)
    rows.ws.freeze_panes(1, 0)
    for i, item in enumerate(data.indicators, 1):
        texts = [
            item.area,
            item.indicator,
            item.period,
            item.status,
            item.progress,
            item.value_target,
            item.narrative,
            item.obstacles,
            item.follow_up,
            item.review,
        ]
        rows.ws.write_number(i, 0, i, rows.fmt(**NUMBER))
        for col, text in enumerate(texts, 1):
            rows.text(i, col, text, BORDER)

    evidence = _sheet(workbook, _("Data Dukung"), [4, 40, 40, 18, 60], paper)
    _head_row(
        evidence,
        0,
        [h["no"], h["evidence_name"], h["link"], h["evidence_kind"], h["evidence_cells"]],
    )
    for i, item in enumerate(data.evidence, 1):
        evidence.ws.write_number(i, 0, i, evidence.fmt(**NUMBER))
        for col, text in enumerate((item.name, item.link, item.kind, "\n".join(item.cells)), 1):
            evidence.text(i, col, text, BORDER)

    workbook.close()
    return buffer.getvalue()
