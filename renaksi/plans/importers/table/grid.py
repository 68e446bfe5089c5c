"""Tables read from XLSX, CSV and DOCX files into one plain grid of cell values.

Merged cells are spread: the top-left value fills the whole merged range (XLSX merges, Word's
``gridSpan`` and ``vMerge``), so the parser sees every row with its parents written out.
Numbers from a spreadsheet stay ``Decimal``; everything else is stripped text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_COLUMNS = 200
MAX_ROWS = 20_000
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
# The longest indicator of the national plans is under 600 characters; anything far longer is a
# pasted document or an attack, and would stretch every page and printout it appears in.
MAX_CELL_CHARS = 5_000
# Cells in columns nobody maps (a long note) are kept up to this and ignored; past it the file is
# refused as it is read, whatever column holds it, to bound memory.
HARD_CELL_CHARS = 100_000
ERROR_VALUES = frozenset(
    ["#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"]
)

Value = str | Decimal


class TableReadError(ValueError):
    """The file cannot be read as a table; the message is for the user."""


@dataclass
class Grid:
    """Rows of cell values; ``rows[0]`` is row 1 of the sheet. Columns are 0-based."""

    sheet: str
    rows: list[list[Value]]
    # Empty rows after the last filled one (often thousands of empty formula rows).
    trailing_empty: int = 0
    kind: str = ""
    errors: list[str] = field(default_factory=list)
    # Every sheet of the workbook, for the sheet chooser (XLSX only).
    sheets: list[str] = field(default_factory=list)
    # (row, col) → length of each cell longer than MAX_CELL_CHARS: refused only when mapped.
    long_cells: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def value(self, row: int, col: int) -> Value:
        """The value at 1-based ``row`` and 0-based ``col``; "" outside the grid."""
        if 1 <= row <= len(self.rows) and 0 <= col < len(self.rows[row - 1]):
            return self.rows[row - 1][col]
        return ""

    def text(self, row: int, col: int) -> str:
        value = self.value(row, col)
        return value if isinstance(value, str) else format(value, "f")


def column_letter(col: int) -> str:
    """0 → "A", 27 → "AB"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letter: str) -> int:
    """ "A" → 0, "AB" → 27; raises ValueError for anything else."""
    letter = letter.strip().upper()
    if not re.fullmatch(r"[A-Z]{1,3}", letter):
        raise ValueError(letter)
    index = 0
    for char in letter:
        index = index * 26 + ord(char) - 64
    return index - 1


def _clean(value) -> Value:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and value != value:  # NaN
            return ""
        number = Decimal(str(value))
        return number.quantize(Decimal(1)) if number == number.to_integral_value() else number
    # NUL cannot be stored in a PostgreSQL text column (an XLSX may carry one as "_x0000_").
    return str(value).replace("\r\n", "\n").replace("\xa0", " ").replace("\x00", "").strip()


class _Builder:
    """Collects rows, keeping trailing empty rows as a count only, within the limits."""

    def __init__(self, sheet: str, kind: str):
        self.grid = Grid(sheet=sheet, rows=[], kind=kind)
        self.pending_empty = 0

    def add(self, values: list[Value]):
        while values and values[-1] == "":
            values.pop()
        if len(values) > MAX_COLUMNS:
            raise TableReadError(
                _("Tabel memiliki terlalu banyak kolom (%(count)s; paling banyak %(limit)s).")
                % {"count": len(values), "limit": MAX_COLUMNS}
            )
        if not values:
            self.pending_empty += 1
            # Checked on empty rows too: a 5 KB workbook with one cell in row 1,048,576 would
            # otherwise have us walk a million empty rows (20 s) before refusing it.
            if len(self.grid.rows) + self.pending_empty >= MAX_ROWS:
                raise TableReadError(
                    _("Tabel memiliki terlalu banyak baris (paling banyak %(limit)s).")
                    % {"limit": MAX_ROWS}
                )
            return
        for col, value in enumerate(values):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                row_number = len(self.grid.rows) + self.pending_empty + 1
                if len(value) <= HARD_CELL_CHARS:
                    self.grid.long_cells[(row_number, col)] = len(value)
                    continue
                raise TableReadError(
                    _(
                        "Sel %(cell)s terlalu panjang (%(length)s karakter; paling banyak "
                        "%(limit)s). Periksa apakah isi sel itu memang bagian dari rencana aksi."
                    )
                    % {
                        "cell": column_letter(col)
                        + str(len(self.grid.rows) + self.pending_empty + 1),
                        "length": len(value),
                        "limit": HARD_CELL_CHARS,
                    }
                )
        if len(self.grid.rows) + self.pending_empty >= MAX_ROWS:
            raise TableReadError(
                _("Tabel memiliki terlalu banyak baris (paling banyak %(limit)s).")
                % {"limit": MAX_ROWS}
            )
        self.grid.rows.extend([] for _i in range(self.pending_empty))
        self.pending_empty = 0
        self.grid.rows.append(values)

    def done(self) -> Grid:
        self.grid.trailing_empty = self.pending_empty
        return self.grid


# --- zip safety ----------------------------------------------------------------------------


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The file as a zip, refused when it is not one or would unpack to too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableReadError(
            _("Berkas bukan arsip Office yang sah (rusak atau bukan zip).")
        ) from exc
    total = sum(info.file_size for info in members)
    if len(members) > MAX_ZIP_MEMBERS or total > MAX_UNCOMPRESSED:
        raise TableReadError(
            _(
                "Isi berkas terlalu besar setelah dibuka (%(size)s MB; paling besar %(limit)s MB). "
                "Berkas ini tidak diproses."
            )
            % {"size": total // (1024 * 1024), "limit": MAX_UNCOMPRESSED // (1024 * 1024)}
        )
    return archive


def zip_kind(data: bytes) -> str | None:
    """ "xlsx" or "docx" when the bytes are such an Office file, None when not a zip at all."""
    if not data.startswith(b"PK"):
        return None
    names = set(open_zip(data).namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise TableReadError(
        _("Berkas zip ini bukan buku kerja Excel (.xlsx) atau dokumen Word (.docx).")
    )


# --- XLSX ----------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _merges(archive: zipfile.ZipFile, ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (min_row, min_col, max_row, max_col), 1-based rows, 0-based cols.

    Read from the sheet XML itself: openpyxl's read-only mode does not expose them.
    """
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return []
    try:
        xml = archive.read(path.lstrip("/"))
    except KeyError:
        return []
    out = []
    for c1, r1, c2, r2 in _MERGE.findall(xml):
        first, last = column_index(c1.decode()), column_index((c2 or c1).decode())
        out.append((int(r1), first, int(r2 or r1), last))
    return out


def read_xlsx(data: bytes, sheet: str | None = None) -> Grid:
    import openpyxl

    archive = open_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TableReadError(
            _("Buku kerja Excel tidak dapat dibaca: %(error)s") % {"error": exc}
        ) from exc
    try:
        names = list(workbook.sheetnames)
        ws = workbook[sheet] if sheet in names else workbook.worksheets[0]
        builder = _Builder(ws.title, "xlsx")
        builder.grid.sheets = names
        for row in ws.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            # Gaps in the row numbers come back as rows of None: skip the cell-by-cell cleaning.
            builder.add([] if row.count(None) == len(row) else [_clean(v) for v in row])
        grid = builder.done()
        merges = _merges(archive, ws)
    except TableReadError:
        raise
    except Exception as exc:  # read-only mode parses the sheet lazily: errors surface here
        raise TableReadError(
            _("Buku kerja Excel tidak dapat dibaca: %(error)s") % {"error": exc}
        ) from exc
    finally:
        workbook.close()
    # A merge may claim the whole sheet (A1:XFD1048576) in a file of a few KB: spread it only
    # over the grid that exists (at most MAX_COLUMNS wide), and refuse a file whose merges
    # together would have us fill more cells than the largest possible table holds.
    budget = MAX_ROWS * MAX_COLUMNS
    for r1, c1, r2, c2 in merges:
        top_left = grid.value(r1, c1)
        if top_left == "":
            continue
        r2, c2 = min(r2, len(grid.rows)), min(c2, MAX_COLUMNS - 1)
        budget -= max(0, r2 - r1 + 1) * max(0, c2 - c1 + 1)
        if budget < 0:
            raise TableReadError(
                _("Buku kerja Excel ini memiliki terlalu banyak sel gabungan untuk dibaca.")
            )
        for r in range(r1, r2 + 1):
            row = grid.rows[r - 1]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = top_left
    return grid


# --- CSV -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str | None:
    """The delimiter of the first filled line: the most frequent of ``;`` ``,`` and tab."""
    for line in text.splitlines()[:20]:
        if line.strip():
            counts = {d: line.count(d) for d in (";", ",", "\t")}
            best = max(counts, key=counts.__getitem__)
            return best if counts[best] else None
    return None


def read_csv(data: bytes) -> Grid:
    text = decode_text(data)
    delimiter = sniff_delimiter(text)
    if delimiter is None:
        raise TableReadError(_("Teks ini bukan tabel CSV (tidak ada pemisah kolom)."))
    builder = _Builder("CSV", "csv")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            builder.add([_clean(value) for value in row[: MAX_COLUMNS + 1]])
    except csv.Error as exc:
        if "field limit" in str(exc):  # the csv module's own cap on one field (128 KiB)
            raise TableReadError(
                _("Sel pada baris %(line)s terlalu panjang (paling banyak %(limit)s karakter).")
                % {"line": reader.line_num, "limit": MAX_CELL_CHARS}
            ) from exc
        raise TableReadError(
            _("CSV tidak dapat dibaca pada baris %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc
    return builder.done()


# --- DOCX ----------------------------------------------------------------------------------


def read_docx(data: bytes) -> Grid:
    import docx
    from docx.oxml.ns import qn
    from docx.table import _Cell

    open_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken document
        raise TableReadError(
            _("Dokumen Word tidak dapat dibaca: %(error)s") % {"error": exc}
        ) from exc
    tables = document.tables
    if not tables:
        raise TableReadError(_("Dokumen Word ini tidak memuat tabel."))
    # The plan table is the one with the most rows (the lampiran box is a small table too).
    table = max(tables, key=lambda t: len(t._tbl.tr_lst))
    builder = _Builder(_("Tabel"), "docx")
    above: list[Value] = []
    for tr in table._tbl.tr_lst:
        values: list[Value] = []
        for tc in tr.tc_lst:
            # A cell may claim any gridSpan (w:val="100000000"): never spread past the limit.
            span = max(1, min(tc.grid_span, MAX_COLUMNS + 1 - len(values)))
            v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            col = len(values)
            if v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue"):
                text = above[col] if col < len(above) else ""
            else:
                text = _clean(_Cell(tc, table).text)
            values.extend([text] * span)
            if len(values) > MAX_COLUMNS:
                break
        above = list(values)
        builder.add(values)
    return builder.done()


def read_table(data: bytes, kind: str, sheet: str | None = None) -> Grid:
    if kind == "xlsx":
        return read_xlsx(data, sheet)
    reader = {"csv": read_csv, "docx": read_docx}[kind]
    return reader(data)
