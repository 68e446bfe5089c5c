"""The IKM report as PDF (WeasyPrint), DOCX (python-docx) and XLSX (XlsxWriter).

All three follow the pengolahan data SKM of PermenPAN-RB 14/2017: per unsur the sum, answers,
NRR, weight and weighted NRR; the sum of the weighted NRR, IKM (x 25), mutu, kinerja,
respondents and period. The XLSX adds one row per respondent (as the official Excel template)
and a native chart; the PDF draws the chart as SVG.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from renaksi.surveys.report import IkmReport, chart_bars

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _num(value, places: int = 4) -> str:
    """Indonesian decimal comma: 3,6590."""
    if value is None:
        return "—"
    return f"{value:.{places}f}".replace(".", ",")


def _heading(report: IkmReport) -> list[tuple[str, str]]:
    r = report.result
    return [
        (_("Satuan kerja"), report.unit.name),
        (_("Jenis layanan"), report.service.name if report.service else _("Semua layanan")),
        (_("Periode"), f"{report.period_label} ({r.start:%d-%m-%Y} s.d. {r.end:%d-%m-%Y})"),
        (_("Jumlah responden"), str(r.respondents)),
        (
            _("Sampel minimal (Krejcie–Morgan)"),
            str(r.required_sample) if r.required_sample is not None else "—",
        ),
        (_("Pembobotan"), r.weights),
    ]


def _outcome(report: IkmReport) -> list[tuple[str, str]]:
    r = report.result
    return [
        (_("Jumlah NRR tertimbang (IKM skala 1–4)"), _num(report.weighted_total)),
        (_("IKM unit pelayanan (x 25)"), _num(r.ikm, 2)),
        (_("Mutu pelayanan"), r.mutu or "—"),
        (_("Kinerja unit pelayanan"), r.kinerja or "—"),
    ]


def report_context(report: IkmReport) -> dict:
    return {
        "report": report,
        "heading": _heading(report),
        "outcome": _outcome(report),
        "chart": chart_bars(report),
        "rows": [
            {
                "key": row.key,
                "name": row.name,
                "total": row.total,
                "given": row.given,
                "nrr": _num(row.nrr),
                "weight": _num(row.weight),
                "weighted": _num(row.weighted),
            }
            for row in report.rows
        ],
    }


def report_pdf(report: IkmReport) -> bytes:
    from renaksi.reports.pdf_writer import render_pdf

    return render_pdf("surveys/report_pdf.html", report_context(report))


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    return table


def report_docx(report: IkmReport) -> bytes:
    from docx import Document

    context = report_context(report)
    document = Document()
    document.add_heading(_("Laporan Survei Kepuasan Masyarakat"), level=1)
    document.add_paragraph(_("Sesuai Peraturan Menteri PANRB Nomor 14 Tahun 2017"))
    _table(document, [_("Keterangan"), _("Isi")], [list(p) for p in context["heading"]])
    document.add_heading(_("Nilai per unsur pelayanan"), level=2)
    _table(
        document,
        [_("Unsur"), _("Nama unsur"), _("Jumlah nilai"), _("Jumlah jawaban"), "NRR", _("Bobot"),
         _("NRR tertimbang")],
        [
            [r["key"], r["name"], r["total"], r["given"], r["nrr"], r["weight"], r["weighted"]]
            for r in context["rows"]
        ],
    )  # fmt: skip
    document.add_heading(_("Indeks Kepuasan Masyarakat"), level=2)
    _table(document, [_("Keterangan"), _("Nilai")], [list(p) for p in context["outcome"]])
    if report.profile:
        document.add_heading(_("Profil responden"), level=2)
        rows = [[label, value, n] for label, items in report.profile.items() for value, n in items]
        _table(document, [_("Profil"), _("Isian"), _("Jumlah")], rows)
    if report.suggestions:
        document.add_heading(_("Saran dan masukan"), level=2)
        for text in report.suggestions:
            document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_xlsx(report: IkmReport) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "text_wrap": True})
    cell = book.add_format({"border": 1})
    dec = book.add_format({"border": 1, "num_format": "0.0000"})
    two = book.add_format({"border": 1, "num_format": "0.00", "bold": True})
    keys = [row.key for row in report.rows]

    summary = book.add_worksheet(_("Ringkasan"))
    summary.set_column(0, 0, 8)
    summary.set_column(1, 1, 40)
    summary.set_column(2, 6, 14)
    summary.write(0, 0, _("Laporan Survei Kepuasan Masyarakat"), bold)
    line = 2
    for label, value in _heading(report):
        summary.write(line, 0, label, bold)
        summary.write(line, 2, value)
        line += 1
    line += 1
    header = [_("Unsur"), _("Nama unsur"), _("Jumlah nilai"), _("Jumlah jawaban"), "NRR",
              _("Bobot"), _("NRR tertimbang")]  # fmt: skip
    summary.write_row(line, 0, header, head)
    first = line + 1
    for i, row in enumerate(report.rows):
        r = first + i
        summary.write(r, 0, row.key, cell)
        summary.write(r, 1, row.name, cell)
        summary.write_number(r, 2, row.total, cell)
        summary.write_number(r, 3, row.given, cell)
        summary.write(r, 4, float(row.nrr) if row.nrr is not None else "", dec)
        summary.write_number(r, 5, float(row.weight), dec)
        summary.write(r, 6, float(row.weighted) if row.weighted is not None else "", dec)
    line = first + len(report.rows) + 1
    numbers = [
        (report.weighted_total, dec),
        (report.result.ikm, two),
        (None, None),
        (None, None),
    ]
    for (label, value), (number, style) in zip(_outcome(report), numbers, strict=True):
        summary.write(line, 1, label, bold)
        if number is not None:
            summary.write_number(line, 6, float(number), style)
        else:
            summary.write(line, 6, value, bold)
        line += 1
    if report.rows:
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": "NRR",
                "categories": [summary.name, first, 0, first + len(report.rows) - 1, 0],
                "values": [summary.name, first, 4, first + len(report.rows) - 1, 4],
            }
        )
        chart.set_title({"name": _("NRR per unsur")})
        chart.set_y_axis({"min": 0, "max": 4})
        chart.set_legend({"none": True})
        summary.insert_chart(line + 1, 1, chart)

    grid = book.add_worksheet(_("Pengolahan data"))
    grid.write_row(0, 0, [_("No. responden"), *keys], head)
    for i, values in enumerate(report.grid, start=1):
        grid.write_number(i, 0, i, cell)
        for j, value in enumerate(values, start=1):
            if value is None:
                grid.write_blank(i, j, None, cell)
            else:
                grid.write_number(i, j, value, cell)
    last = len(report.grid) + 1
    sums = [_("Σ nilai per unsur"), *[row.total for row in report.rows]]
    nrrs = ["NRR", *[float(row.nrr) if row.nrr is not None else "" for row in report.rows]]
    weighted = [
        _("NRR tertimbang"),
        *[float(row.weighted) if row.weighted is not None else "" for row in report.rows],
    ]
    grid.write_row(last, 0, sums, head)
    grid.write_row(last + 1, 0, nrrs, dec)
    grid.write_row(last + 2, 0, weighted, dec)
    grid.write(last + 3, 0, _("IKM unit pelayanan"), bold)
    if report.result.ikm is not None:
        grid.write_number(last + 3, 1, float(report.result.ikm), two)
    grid.write(last + 4, 0, _("Mutu pelayanan"), bold)
    grid.write(last + 4, 1, report.result.mutu or "—")
    book.close()
    return out.getvalue()
