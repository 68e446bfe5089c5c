"""Read an official LKE workbook (XLSX) into an instrument spec, reporting every assumption.

The layout the ministries send: a title block, a 2-row merged header (No/Kode, Komponen/
Pertanyaan, Bobot, Pilihan Jawaban, Jawaban, Nilai …), sometimes a strip of column numbers
(1, 2, 3 …) under it, then rows whose code column carries the level: ``A``/``I``/``1`` etc.
for components, codes with more parts for deeper levels (``A.1.I.i``, ``I.1.a``, ``1.1``), and
answerable criteria that hold an option cell (``Y/T``, ``A/B/C/D``) or a number type. Weights are
often formulas; the cached values are read (``data_only=True``). Trailing formatted empty rows
are ignored.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook

HEADER_WORDS = {
    "code": ("no", "kode", "nomor"),
    "name": ("komponen", "uraian", "pertanyaan", "kriteria", "indikator"),
    "weight": ("bobot",),
    "options": ("pilihan", "jawaban (pilihan)", "opsi", "jenis jawaban"),
    "answer": ("jawaban", "nilai jawaban"),
    "guidance": ("penjelasan", "petunjuk", "keterangan"),
    "evidence": ("data dukung", "bukti"),
}
OPTION_TYPES = {
    "Y/T": "yes_no",
    "YA/TIDAK": "yes_no",
    "A/B/C": "abc",
    "A/B/C/D": "abcd",
    "A/B/C/D/E": "abcde",
    "%": "percent",
    "ANGKA": "number",
    "JUMLAH": "number",
}
MAX_ROWS = 5000


class WorkbookError(ValueError):
    pass


@dataclass
class ReadResult:
    nodes: list = field(default_factory=list)
    findings: list = field(default_factory=list)  # (row, message)
    sheet: str = ""

    def count_criteria(self) -> int:
        def walk(items):
            return sum(
                (1 if i["kind"] == "criterion" else 0) + walk(i.get("children", [])) for i in items
            )

        return walk(self.nodes)


def _text(value) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _level(code: str) -> int:
    return len([p for p in re.split(r"[.\s]+", code.strip(". ")) if p])


def read_workbook(data: bytes, *, sheet: str | None = None) -> ReadResult:
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's error
        raise WorkbookError(_("Berkas bukan buku kerja XLSX yang dapat dibaca.")) from exc
    result = ReadResult()
    if sheet:
        if sheet not in wb.sheetnames:
            raise WorkbookError(
                _("Lembar %(sheet)s tidak ada; lembar yang ada: %(names)s.")
                % {"sheet": repr(sheet), "names": ", ".join(wb.sheetnames)}
            )
        ws = wb[sheet]
    else:
        ws = wb[wb.sheetnames[0]]
        if len(wb.sheetnames) > 1:
            result.findings.append(
                (
                    0,
                    _(
                        "Buku kerja berisi %(n)s lembar; dibaca lembar pertama %(sheet)s "
                        "(pilih dengan --sheet)."
                    )
                    % {"n": len(wb.sheetnames), "sheet": repr(ws.title)},
                )
            )
    result.sheet = ws.title
    rows = list(ws.iter_rows(min_row=1, max_row=min(ws.max_row, MAX_ROWS), values_only=True))
    header_row, columns = _find_header(rows, result)
    start = header_row + 2  # 2-row merged header
    if start < len(rows) and _is_number_strip(rows[start]):
        result.findings.append((start + 1, _("Baris nomor kolom (1, 2, 3 …) dilewati.")))
        start += 1
    stack: list[tuple[int, dict]] = []
    empty_run = 0
    for index in range(start, len(rows)):
        row = rows[index]
        line = index + 1

        def get(key, row=row):
            col = columns.get(key)
            return row[col] if col is not None and col < len(row) else None

        code, name = _text(get("code")), _text(get("name"))
        if not code and not name:
            empty_run += 1
            continue
        if empty_run and index:
            result.findings.append(
                (line, _("%(n)s baris kosong sebelum baris ini dilewati.") % {"n": empty_run})
            )
        empty_run = 0
        if not code:
            result.findings.append(
                (line, _("Baris tanpa kode dilewati: %(name)s.") % {"name": repr(name[:60])})
            )
            continue
        option_text = _text(get("options")).upper().replace(" ", "")
        answer_type = OPTION_TYPES.get(option_text, "")
        weight = _decimal(get("weight"))
        if option_text and not answer_type:
            result.findings.append(
                (
                    line,
                    _("Pilihan jawaban %(option)s tidak dikenal; dianggap A/B/C/D.")
                    % {"option": repr(option_text)},
                )
            )
            answer_type = "abcd"
        level = _level(code)
        item = {"code": code.strip(". "), "name": name or code, "source_row": line, "children": []}
        if weight is not None:
            item["weight"] = str(weight)
        if answer_type:
            item.update(kind="criterion", answer_type=answer_type)
            if get("guidance"):
                item["guidance"] = _text(get("guidance"))
            if get("evidence"):
                item["evidence"] = [_text(get("evidence"))]
            if "answer" in columns and get("answer") not in (None, ""):
                result.findings.append(
                    (
                        line,
                        _(
                            "Kolom jawaban berisi nilai; diabaikan pada "
                            "instrumen (hanya struktur yang dibaca)."
                        ),
                    )
                )
        else:
            item["kind"] = "component"
        while stack and stack[-1][0] >= level:
            stack.pop()
        if answer_type and stack and stack[-1][1]["kind"] == "criterion":
            stack.pop()
        parent = stack[-1][1] if stack else None
        if parent is None:
            if answer_type:
                result.findings.append(
                    (line, _("Kriteria %(code)s tanpa komponen induk; dilewati.") % {"code": code})
                )
                continue
            result.nodes.append(item)
        else:
            parent["children"].append(item)
        stack.append((level, item))
    if empty_run:
        result.findings.append(
            (len(rows), _("%(n)s baris kosong di akhir lembar dilewati.") % {"n": empty_run})
        )
    _finish(result.nodes, result)
    if not result.count_criteria():
        raise WorkbookError(
            _("Lembar %(sheet)s tidak berisi kriteria dengan pilihan jawaban (Y/T, A/B/C …).")
            % {"sheet": repr(ws.title)}
        )
    return result


def _finish(items, result, depth=0):
    for item in items:
        kids = item.get("children", [])
        if item["kind"] != "criterion":
            if any(k["kind"] == "criterion" for k in kids):
                item["kind"] = "subcomponent"
                if "weight" not in item:
                    item["weight_confirmed"] = False
                    item["weight"] = "0"
                    result.findings.append(
                        (
                            item["source_row"],
                            _(
                                "Sub-komponen %(code)s tanpa bobot; bobot 0 ditandai belum "
                                "terkonfirmasi."
                            )
                            % {"code": item["code"]},
                        )
                    )
            elif depth:
                item["kind"] = "subcomponent" if not kids else "component"
            if not kids:
                result.findings.append(
                    (
                        item["source_row"],
                        _("Butir %(code)s tanpa kriteria di bawahnya.") % {"code": item["code"]},
                    )
                )
            _finish(kids, result, depth + 1)


def _find_header(rows, result):
    for index, row in enumerate(rows[:30]):
        cells = [_text(c).lower() for c in row]
        if not any(c in ("no", "kode", "no.") or c.startswith("kode") for c in cells):
            continue
        below = [_text(c).lower() for c in rows[index + 1]] if index + 1 < len(rows) else []
        columns = {}
        for col in range(max(len(cells), len(below))):
            label = " ".join(
                x
                for x in (
                    cells[col] if col < len(cells) else "",
                    below[col] if col < len(below) else "",
                )
                if x
            )
            for key, words in HEADER_WORDS.items():
                if key in columns:
                    continue
                if any(label.startswith(w) or f" {w}" in f" {label}" for w in words):
                    if key == "answer" and any(w in label for w in HEADER_WORDS["options"]):
                        continue
                    columns[key] = col
                    break
        if "code" in columns and "name" in columns:
            result.findings.append(
                (
                    index + 1,
                    _("Judul kolom di baris %(first)s–%(second)s (dua baris, sel gabungan).")
                    % {"first": index + 1, "second": index + 2},
                )
            )
            if "weight" not in columns:
                result.findings.append((index + 1, _("Kolom bobot tidak ditemukan.")))
            return index, columns
    raise WorkbookError(_("Judul kolom (No/Kode, Komponen/Pertanyaan) tidak ditemukan."))


def _is_number_strip(row) -> bool:
    values = [c for c in row if c not in (None, "")]
    if len(values) < 3:
        return False
    try:
        numbers = [int(str(v).strip("() ")) for v in values]
    except ValueError:
        return False
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
