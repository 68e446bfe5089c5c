"""A worksheet back to XLSX in the LKE layout: 2-row merged header, column-number strip, the
tree with weights, the answers per stage, scores and evidence links."""

from __future__ import annotations

import io

import xlsxwriter
from django.conf import settings

from .scoring import CENT

HEAD = [
    ("No", ""),
    ("Komponen / Pertanyaan", ""),
    ("Bobot", ""),
    ("Pilihan Jawaban", ""),
    ("Jawaban", "Unit"),
    ("", "Tim Asesor"),
    ("", "Akhir"),
    ("Nilai", ""),
    ("Penjelasan", ""),
    ("Data dukung", ""),
]
OPTION_LABEL = {
    "yes_no": "Y/T",
    "abc": "A/B/C",
    "abcd": "A/B/C/D",
    "abcde": "A/B/C/D/E",
    "number": "Angka",
    "percent": "%",
}


def _plain(text) -> str:
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def worksheet_xlsx(report: dict) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("LKE")
    bold = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter"})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    strong = wb.add_format({"border": 1, "bold": True, "text_wrap": True, "valign": "top"})
    num = wb.add_format({"border": 1, "num_format": "0.00", "valign": "top"})
    worksheet = report["worksheet"]
    ws.write(0, 0, _plain(f"LEMBAR KERJA EVALUASI — {report['instrument'].name}"), strong)
    ws.write(1, 0, _plain(f"{worksheet.unit.name} — tahun {worksheet.year}"))
    for col, (top, below) in enumerate(HEAD):
        if below:
            ws.write(4, col, below, bold)
        if top and not below:
            ws.merge_range(3, col, 4, col, top, bold)
    ws.merge_range(3, 4, 3, 6, "Jawaban", bold)
    for col in range(len(HEAD)):
        ws.write(5, col, col + 1, bold)
    widths = [12, 60, 8, 12, 8, 10, 8, 8, 40, 50]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    rows = {row["node"].id: row for row in report["criteria"]}
    by_node = report["by_node"]
    r = 6
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    for node in report["instrument"].nodes.order_by("position", "id"):
        row = rows.get(node.id)
        fmt = cell if row else strong
        ws.write(r, 0, _plain(node.code), fmt)
        ws.write(r, 1, _plain(node.name), fmt)
        if node.weight is not None:
            ws.write_number(r, 2, float(node.weight), num)
        if row:
            answer = row["answer"]
            ws.write(r, 3, OPTION_LABEL.get(node.answer_type, ""), cell)
            if answer:
                for col, (value, numbers) in enumerate(
                    [
                        (answer.unit_value, answer.unit_numbers),
                        (answer.assessor_value, answer.assessor_numbers),
                        (answer.final_value, answer.final_numbers),
                    ],
                    start=4,
                ):
                    ws.write(r, col, _plain(value or " / ".join(numbers)), cell)
                ws.write(r, 8, _plain(answer.explanation), cell)
            links = [
                f"{e.display_name}: {e.url or site + '/bukti/' + str(e.pk) + '/unduh/'}"
                for e in row["evidence"]
            ]
            ws.write(r, 9, _plain("\n".join(links)), cell)
        ws.write_number(r, 7, float(by_node.get(node.id, 0).quantize(CENT)), num)
        r += 1
    ws.write(r + 1, 1, "Nilai (jawaban kosong = 0)", strong)
    ws.write_number(r + 1, 7, float(report["projected"].quantize(CENT)), num)
    if report["predikat"]:
        ws.write(r + 2, 1, "Predikat", strong)
        ws.write(r + 2, 7, report["predikat"], strong)
    for i, gate in enumerate(report["gates"]):
        ws.write(r + 3 + i, 1, _plain(f"{gate.level} {gate.name}"), cell)
        ws.write(r + 3 + i, 7, "memenuhi" if gate.passed else gate.shortfall, cell)
    wb.close()
    return buffer.getvalue()
