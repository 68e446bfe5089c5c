"""The roll-up table as an XLSX workbook (XlsxWriter), with a native bar chart.

Texts are written with ``write_string`` and a formula-like text (unit names come from people)
gets Excel's quote prefix, as in ``reports.xlsx_writer``.
"""

from __future__ import annotations

import io

import xlsxwriter
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from renaksi.reports.xlsx_writer import needs_quote_prefix
from renaksi.rollup.selectors import Rollup, Stats
from renaksi.rollup.view_helpers import Table, trend_rows

FONT = "Arial"


def _headings() -> list[str]:
    # Translated at call time (the module may be imported before a language is active).
    return [
        _("Peringkat"),
        _("Kode"),
        _("Satuan kerja"),
        _("Satker"),
        _("Rencana aksi"),
        _("Sel direncanakan"),
        _("Dilaporkan"),
        _("Dilaporkan (%)"),
        _("Terverifikasi"),
        _("Terverifikasi (%)"),
        _("Menunggu verifikasi"),
        _("Terlambat"),
        _("Lewat tenggat"),
        _("Aktivitas terakhir"),
    ]


WIDTHS = [10, 9, 38, 8, 10, 12, 11, 12, 12, 13, 12, 10, 10, 18]


class _Writer:
    def __init__(self, workbook, worksheet):
        self.wb = workbook
        self.ws = worksheet
        self._formats: dict[tuple, object] = {}

    def fmt(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format({"font_name": FONT, "font_size": 10, **props})
        return self._formats[key]

    def text(self, row: int, col: int, text: str, **props):
        text = str(text or "")
        if not text:
            self.ws.write_blank(row, col, None, self.fmt(**props))
            return
        if needs_quote_prefix(text):
            props = {**props, "quote_prefix": True}
        self.ws.write_string(row, col, text, self.fmt(**props))

    def number(self, row: int, col: int, value, **props):
        self.ws.write_number(row, col, value, self.fmt(**props))

    def stats_row(self, row: int, rank, code: str, name: str, s: Stats, **props):
        cell = {"border": 1, **props}
        if rank:
            self.number(row, 0, rank, **cell)
        else:
            self.text(row, 0, "", **cell)
        self.text(row, 1, code, **cell)
        self.text(row, 2, name, text_wrap=True, **cell)
        for col, value in enumerate((s.units, s.plans, s.planned, s.reported), start=3):
            self.number(row, col, value, num_format="#,##0", **cell)
        self.number(row, 7, s.reported_pct, num_format="0.0", **cell)
        self.number(row, 8, s.verified, num_format="#,##0", **cell)
        self.number(row, 9, s.verified_pct, num_format="0.0", **cell)
        for col, value in enumerate((s.awaiting, s.late, s.missed), start=10):
            self.number(row, col, value, num_format="#,##0", **cell)
        last = ""
        if s.last_activity:
            last = formats.date_format(timezone.localtime(s.last_activity), "j F Y")
        self.text(row, 13, last, **cell)


def rollup_xlsx(*, rollup: Rollup, table: Table, filter_note: str = "") -> bytes:
    """The roll-up's rows (as filtered and sorted on the page), own plan and totals, and charts."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = workbook.add_worksheet(_("Rekap"))
    w = _Writer(workbook, ws)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)

    title = _("Rekapitulasi capaian rencana aksi RB %(unit)s tahun %(year)s") % {
        "unit": rollup.parent.name,
        "year": rollup.year,
    }
    w.text(0, 0, title, bold=True, font_size=12)
    w.text(1, 0, _("Keadaan per %(day)s") % {"day": formats.date_format(rollup.today, "j F Y")})
    if filter_note:
        w.text(2, 0, filter_note, italic=True)

    head_row = 4
    head = {
        "bold": True,
        "border": 1,
        "text_wrap": True,
        "valign": "vcenter",
        "bg_color": "#D9D9D9",
    }
    for col, heading in enumerate(_headings()):
        w.text(head_row, col, heading, **head)
    ws.set_row(head_row, 30)
    ws.freeze_panes(head_row + 1, 3)

    first = head_row + 1
    for i, row in enumerate(table.rows):
        w.stats_row(first + i, row.rank, row.unit.code, row.unit.name, row.stats)
    last = first + len(table.rows) - 1
    after = first + len(table.rows)
    w.stats_row(
        after,
        None,
        rollup.parent.code,
        _("Rencana aksi %(unit)s sendiri") % {"unit": rollup.parent.name},
        rollup.own,
        italic=True,
    )
    w.stats_row(after + 1, None, "", _("Jumlah seluruhnya"), rollup.total, bold=True)

    if table.rows:
        chart = workbook.add_chart({"type": "bar"})
        sheet = ws.get_name()
        for col, colour in ((7, "#0D6EFD"), (9, "#198754")):
            chart.add_series(
                {
                    "name": [sheet, head_row, col],
                    "categories": [sheet, first, 2, last, 2],
                    "values": [sheet, first, col, last, col],
                    "fill": {"color": colour},
                }
            )
        chart.set_title({"name": _("Persentase sel dilaporkan dan terverifikasi")})
        chart.set_x_axis({"min": 0, "max": 100, "name": "%"})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": max(320, 60 + 28 * len(table.rows))})
        ws.insert_chart(after + 4, 2, chart)

    _trend_sheet(workbook, rollup)
    workbook.close()
    return buffer.getvalue()


def _trend_sheet(workbook, rollup: Rollup):
    ws = workbook.add_worksheet(_("Tren bulanan"))
    w = _Writer(workbook, ws)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 3, 14)
    head = {"bold": True, "border": 1, "text_wrap": True, "bg_color": "#D9D9D9"}
    for col, heading in enumerate(
        (_("Bulan"), _("Direncanakan"), _("Terverifikasi"), _("Terverifikasi (%)"))
    ):
        w.text(0, col, heading, **head)
    rows = trend_rows(rollup)
    for i, r in enumerate(rows, start=1):
        w.text(i, 0, r.title, border=1)
        w.number(i, 1, r.planned, border=1, num_format="#,##0")
        w.number(i, 2, r.verified, border=1, num_format="#,##0")
        if r.pct is None:
            w.text(i, 3, "", border=1)
        else:
            w.number(i, 3, round(r.pct, 1), border=1, num_format="0.0")
    chart = workbook.add_chart({"type": "column"})
    sheet = ws.get_name()
    for col, colour in ((1, "#ADB5BD"), (2, "#198754")):
        chart.add_series(
            {
                "name": [sheet, 0, col],
                "categories": [sheet, 1, 0, len(rows), 0],
                "values": [sheet, 1, col, len(rows), col],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": _("Sel direncanakan dan terverifikasi per bulan")})
    chart.set_legend({"position": "bottom"})
    ws.insert_chart(1, 5, chart, {"x_scale": 1.3, "y_scale": 1.2})
