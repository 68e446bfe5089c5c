"""The lampiran as an XLSX workbook (XlsxWriter).

Every text goes through ``Sheet.text``, which writes with ``write_string`` (never a formula) and
marks a text that starts like a formula with Excel's quote prefix (the apostrophe a user types
in front of "=…"), so "=HYPERLINK(…)" in an indicator stays text even after someone edits it.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass

import xlsxwriter
from django.utils.translation import gettext as _

from renaksi.reports.lampiran_data import Lampiran, area_number, indicator_lines, period_text

# Excel's paper codes: 9 = A4, 14 = Folio 8.5 × 13 in (F4).
PAPER_CODE = {"a4": 9, "f4": 14}
FONT = "Arial"
BODY_PT = 8
BOX_PT = 9
# Column widths in Excel units (≈ the width of one "0" in the default font).
MONTH_WIDTHS = [4.5, 14, 22, 26, 34]
QUARTER_WIDTHS = [4.5, 15, 24, 28, 40]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_ROWS = 3  # headings, period labels, the 1..n numbering row


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_START)


def text_lines(text: str, width: float, points: float) -> int:
    """How many lines ``text`` takes in a cell ``width`` units wide, wrapped at words."""
    # About 1.3 characters of 8 pt Arial fit in one width unit; fewer when the font is larger.
    per_line = max(1, int(width * 1.3 * 8 / points))
    return sum(
        max(1, len(textwrap.wrap(part, per_line, break_long_words=True)))
        for part in (text or "").split("\n")
    )


def line_height(points: float) -> float:
    return points * 1.3


class Sheet:
    """A worksheet with cached formats and safe text writing."""

    def __init__(self, workbook, worksheet):
        self.workbook = workbook
        self.ws = worksheet
        self._formats: dict[tuple, object] = {}

    def fmt(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(
                {"font_name": FONT, "font_size": BODY_PT, **props}
            )
        return self._formats[key]

    def text(self, row: int, col: int, text: str, props: dict):
        if not text:
            # A blank keeps the borders without an empty string Excel would count as a value.
            self.ws.write_blank(row, col, None, self.fmt(**props))
            return
        if needs_quote_prefix(text):
            props = {**props, "quote_prefix": True}
        self.ws.write_string(row, col, text, self.fmt(**props))

    def merged_text(self, first_row, first_col, last_row, last_col, text: str, props: dict):
        if (first_row, first_col) == (last_row, last_col):
            self.text(first_row, first_col, text, props)
            return
        # merge_range() would write its value with write(), which may turn "=…" into a formula;
        # merge an empty value, then write the text over the first cell.
        self.ws.merge_range(first_row, first_col, last_row, last_col, "", self.fmt(**props))
        self.text(first_row, first_col, text, props)


BORDER = {"border": 1, "text_wrap": True, "valign": "top"}
HEAD = {**BORDER, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9D9D9"}
NUMBERS = {**HEAD, "bold": False, "italic": True, "font_size": 7, "bg_color": "#EFEFEF"}
PERIOD = {**BORDER, "align": "center", "valign": "vcenter"}


@dataclass
class _Layout:
    """Column widths and where things go: NO … INDIKATOR, the periods, then KET."""

    widths: list[float]
    periods: int
    first_period: int = 5

    @classmethod
    def for_periods(cls, periods: int) -> _Layout:
        quarterly = periods == 4
        widths = (QUARTER_WIDTHS if quarterly else MONTH_WIDTHS) + [
            7 if quarterly else 3.4
        ] * periods
        widths.append(12 if quarterly else 10)
        return cls(widths=widths, periods=periods)

    @property
    def last_col(self) -> int:
        return len(self.widths) - 1

    @property
    def box_col(self) -> int:
        """The lampiran box and the signature start above the first period column."""
        return self.first_period

    @property
    def value_col(self) -> int:
        """After "Nomor"/"Tentang": about 9 units of label."""
        return self.box_col + max(1, math.ceil(9 / self.widths[self.first_period]))

    def width(self, first: int, last: int | None = None) -> float:
        return sum(self.widths[first : (self.last_col if last is None else last) + 1])


def write_lampiran(doc: Lampiran, *, paper: str, page_label: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    workbook.set_properties({"title": " ".join(doc.header.title_lines), "author": "Renaksi"})
    sheet = Sheet(workbook, workbook.add_worksheet(str(doc.plan.year)))
    layout = _Layout.for_periods(doc.period_count)
    for col, width in enumerate(layout.widths):
        sheet.ws.set_column(col, col, width)

    row = _write_box(sheet, layout, doc, 0)
    row = _write_title(sheet, layout, doc, row + 1)
    head_row = row + 1
    body_row = _write_head(sheet, layout, doc, head_row)
    row = _write_body(sheet, layout, doc, body_row)
    _write_signature(sheet, layout, doc, row + 1)

    ws = sheet.ws
    ws.set_landscape()
    ws.set_paper(PAPER_CODE[paper])
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.repeat_rows(head_row, body_row - 1)
    ws.freeze_panes(body_row, 0)
    footer = page_label.replace("&", "&&") % {"number": "&P", "total": "&N"}
    ws.set_footer(f'&R&"{FONT},Regular"&8{footer}')
    workbook.close()
    return buffer.getvalue()


def _write_box(sheet: Sheet, layout: _Layout, doc: Lampiran, row: int) -> int:
    """Lampiran / Keputusan … / Nomor : … / Tentang : …, top right. Returns the next row."""
    box = {"font_size": BOX_PT, "valign": "top", "text_wrap": True}
    header = doc.header
    box_col, value_col, last_col = layout.box_col, layout.value_col, layout.last_col
    for text in (_("Lampiran"), header.lampiran_of):
        sheet.merged_text(row, box_col, row, last_col, text, box)
        lines = text_lines(text, layout.width(box_col), BOX_PT)
        sheet.ws.set_row(row, lines * line_height(BOX_PT) + 2)
        row += 1
    for label, value in (
        (_("Nomor"), header.lampiran_number),
        (_("Tentang"), header.about_readable),
    ):
        sheet.merged_text(row, box_col, row, value_col - 1, label, box)
        sheet.merged_text(row, value_col, row, last_col, f": {value}", box)
        lines = text_lines(value, layout.width(value_col) - 1, BOX_PT)
        sheet.ws.set_row(row, lines * line_height(BOX_PT) + 2)
        row += 1
    return row


def _write_title(sheet: Sheet, layout: _Layout, doc: Lampiran, row: int) -> int:
    lines = doc.header.title_lines
    title = {"bold": True, "font_size": 11, "align": "center", "valign": "vcenter"}
    sheet.merged_text(row, 0, row, layout.last_col, "\n".join(lines), {**title, "text_wrap": True})
    sheet.ws.set_row(row, len(lines) * line_height(11) + 6)
    return row + 1


def _write_head(sheet: Sheet, layout: _Layout, doc: Lampiran, row: int) -> int:
    """Headings, period labels and the 1..n numbering row. Returns the first body row."""
    h = doc.headings
    first, last = layout.first_period, layout.last_col
    for col, text in enumerate((h.no, h.area, h.activity, h.sub, h.indicator)):
        sheet.merged_text(row, col, row + 1, col, text, HEAD)
    sheet.merged_text(row, first, row, first + layout.periods - 1, h.periods, HEAD)
    sheet.merged_text(row, last, row + 1, last, h.note, HEAD)
    for i, (short, _long) in enumerate(doc.table.period_labels):
        sheet.text(row + 1, first + i, short, HEAD)
    for col, number in enumerate(doc.table.column_numbers):
        sheet.ws.write_number(row + 2, col, number, sheet.fmt(**NUMBERS))
    sheet.ws.set_row(row, 2 * line_height(BODY_PT) + 4)
    sheet.ws.set_row(row + 1, line_height(BODY_PT) + 4)
    sheet.ws.set_row(row + 2, line_height(7) + 2)
    return row + HEADER_ROWS


def _write_body(sheet: Sheet, layout: _Layout, doc: Lampiran, body_row: int) -> int:
    """The plan rows, merged as ``plan_table`` spans them. Returns the row after the table."""
    ws, widths, last_col = sheet.ws, layout.widths, layout.last_col
    heights = []
    merges: list[tuple[int, int, int, str]] = []  # (first row, last row, col, text)
    for i, table_row in enumerate(doc.table.rows):
        r = body_row + i
        if table_row.area:
            span = table_row.area.rowspan
            area_no = area_number(table_row.area.obj.number)
            sheet.merged_text(r, 0, r + span - 1, 0, area_no, {**BORDER, "align": "center"})
            sheet.merged_text(r, 1, r + span - 1, 1, table_row.area.label, BORDER)
            merges.append((r, r + span - 1, 1, table_row.area.label))
        for col, cell in ((2, table_row.activity), (3, table_row.sub)):
            if cell is None:
                continue
            props = {**BORDER, "indent": 1} if col == 3 and cell.is_child else BORDER
            sheet.merged_text(r, col, r + cell.rowspan - 1, col, cell.label, props)
            merges.append((r, r + cell.rowspan - 1, col, cell.label))
        indicator = "\n".join(indicator_lines(table_row))
        sheet.text(r, 4, indicator, BORDER)
        for p, period in enumerate(table_row.periods):
            col = layout.first_period + p
            if period.planned and period.value is not None:
                ws.write_number(r, col, float(period.value), sheet.fmt(**PERIOD))
            else:
                sheet.text(r, col, period_text(period), PERIOD)
        note = table_row.indicator.note if table_row.indicator is not None else ""
        sheet.text(r, last_col, note, BORDER)
        lines = max(
            text_lines(indicator, widths[4], BODY_PT), text_lines(note, widths[last_col], BODY_PT)
        )
        heights.append(lines * line_height(BODY_PT) + 3)

    # A merged cell's text must fit in its rows together; Excel will not grow them for it.
    for first, last, col, text in merges:
        needed = text_lines(text, widths[col], BODY_PT) * line_height(BODY_PT) + 3
        rows = range(first - body_row, last - body_row + 1)
        have = sum(heights[k] for k in rows)
        if needed > have:
            for k in rows:
                heights[k] += (needed - have) / len(rows)
    for i, height in enumerate(heights):
        ws.set_row(body_row + i, round(height, 1))
    return body_row + len(heights)


def _write_signature(sheet: Sheet, layout: _Layout, doc: Lampiran, row: int):
    """Place and date, the signer's title, room to sign, the name: under the lampiran box."""
    sig = doc.header.signature
    sign = {"font_size": BOX_PT, "align": "center", "valign": "top", "text_wrap": True}
    for text, props, gap in (
        (sig.place_date, sign, 0),
        (sig.title, sign, 4),
        (sig.name, {**sign, "bold": True}, 0),
    ):
        row += gap
        sheet.merged_text(row, layout.box_col, row, layout.last_col, text, props)
        lines = text_lines(text, layout.width(layout.box_col), BOX_PT)
        sheet.ws.set_row(row, lines * line_height(BOX_PT) + 2)
        row += 1
