"""Which column holds what: ``TableMapping``, its JSON form, and the guess from the headers."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from renaksi.plans.importers.table.grid import Grid, column_index, column_letter

# The roles a column can play, in the order the mapping form shows them.
ROLES = (
    "area_number",
    "area",
    "activity",
    "sub_activity",
    "indicator",
    "note",
    "target",
    "unit",
    "pic",
    "pic2",
    "budget",
    "evidence",
)
MONTH_NAMES = [
    r"jan(uari)?",
    r"feb(ruari)?|peb",
    r"mar(et)?",
    r"apr(il)?",
    r"mei|may",
    r"jun(i)?",
    r"jul(i)?",
    r"agu(stus)?|agt|aug",
    r"sep(t|tember)?",
    r"okt(ober)?|oct",
    r"nov(ember)?|nop",
    r"des(ember)?|dec",
]
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
HEADER_SCAN_ROWS = 15


class MappingError(ValueError):
    """A mapping file or form that cannot be used; the message is for the user."""


@dataclass
class TableMapping:
    """Column roles (0-based columns) and where the data starts (1-based rows)."""

    columns: dict[str, int] = field(default_factory=dict)
    periods: dict[int, int] = field(default_factory=dict)  # period number → column
    granularity: str = "month"
    header_row: int = 1
    header_rows: int = 1
    first_data_row: int = 2
    last_data_row: int | None = None
    official: bool = False

    def column(self, role: str) -> int | None:
        return self.columns.get(role)

    def to_json(self) -> dict:
        data = {
            "header_row": self.header_row,
            "header_rows": self.header_rows,
            "first_data_row": self.first_data_row,
            "granularity": self.granularity,
            "columns": {role: column_letter(col) for role, col in self.columns.items()},
            "periods": {str(p): column_letter(col) for p, col in sorted(self.periods.items())},
        }
        if self.last_data_row is not None:
            data["last_data_row"] = self.last_data_row
        return data

    @classmethod
    def from_json(cls, data) -> TableMapping:
        if not isinstance(data, dict):
            raise MappingError(_("Pemetaan kolom harus berupa objek JSON."))
        try:
            granularity = data.get("granularity", "month")
            if granularity not in ("month", "quarter"):
                raise MappingError(_("granularity harus “month” atau “quarter”."))
            columns = {}
            for role, letter in (data.get("columns") or {}).items():
                if role not in ROLES:
                    raise MappingError(_("Peran kolom tidak dikenal: %(role)s.") % {"role": role})
                if letter not in (None, ""):
                    columns[role] = column_index(str(letter))
            periods = {}
            limit = 4 if granularity == "quarter" else 12
            for period, letter in (data.get("periods") or {}).items():
                number = int(period)
                if not 1 <= number <= limit:
                    raise MappingError(
                        _("Periode %(period)s di luar rentang 1–%(max)s.")
                        % {"period": period, "max": limit}
                    )
                if letter not in (None, ""):
                    periods[number] = column_index(str(letter))
            header_row = int(data.get("header_row", 1))
            header_rows = int(data.get("header_rows", 1))
            first = int(data.get("first_data_row", header_row + header_rows))
            last = data.get("last_data_row")
            last = int(last) if last not in (None, "") else None
        except (TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, MappingError):
                raise
            raise MappingError(_("Pemetaan kolom tidak sah: %(error)s") % {"error": exc}) from exc
        if "indicator" not in columns:
            raise MappingError(_("Pemetaan kolom harus menyebut kolom indikator."))
        if not 1 <= header_row <= first:
            raise MappingError(_("Baris data pertama harus sesudah baris judul."))
        if last is not None and last < first:
            raise MappingError(_("Baris data terakhir tidak boleh sebelum baris data pertama."))
        return cls(
            columns=columns,
            periods=periods,
            granularity=granularity,
            header_row=header_row,
            header_rows=max(0, header_rows),
            first_data_row=first,
            last_data_row=last,
        )

    @classmethod
    def from_json_bytes(cls, raw: bytes) -> TableMapping:
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MappingError(_("Berkas pemetaan bukan JSON: %(error)s") % {"error": exc}) from exc
        return cls.from_json(data)


def _norm(text) -> str:
    text = text if isinstance(text, str) else str(text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _head(text) -> str:
    """A header as words: snake_case and ETL names ("indikator_output", "pic-pelaksana",
    "RencanaAksiDesc") read like the printed ones."""
    text = text if isinstance(text, str) else str(text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return _norm(re.sub(r"[_\-.]+", " ", text))


# Header words → role; the first pattern that matches a header wins (checked in this order).
_ROLE_PATTERNS = [
    ("sub_activity", re.compile(r"^(nama |uraian )?sub[ -]?kegiatan\b")),
    ("pic2", re.compile(r"^(pic|penanggung ?jawab|pj) ?(2|ii|kedua|pendamping|pendukung)\b")),
    ("budget", re.compile(r"^(anggaran|pagu|biaya|budget|dana)\b")),
    ("evidence", re.compile(r"^(bukti|tautan|link|url|evidence|data dukung)\b")),
    ("activity", re.compile(r"^(nama |uraian )?(kegiatan|rencana aksi|renaksi|aksi)\b")),
    ("program", re.compile(r"^program\b")),
    ("area", re.compile(r"^area\b|area perubahan")),
    ("indicator", re.compile(r"^(indikator|output|keluaran|ukuran keberhasilan)\b")),
    ("note", re.compile(r"^(ket|keterangan|catatan)\b")),
    ("unit", re.compile(r"^satuan\b")),
    ("target", re.compile(r"^target\b")),
    ("pic", re.compile(r"^(pic|penanggung ?jawab|pj|pelaksana|unit kerja|unit pelaksana)\b")),
    ("area_number", re.compile(r"^(no|no\.|nomor)$")),
]


def period_of(text, granularity: str | None = None) -> tuple[str, int] | None:
    """ "Jan" → ("month", 1), "TW III" → ("quarter", 3), "B05" → ("month", 5), "7" → month 7."""
    t = _head(text).strip(". ")
    t = re.sub(r"^target\s+(?=(tw|triwulan|q|b|bln|bulan)\b)", "", t)
    if not t:
        return None
    match = re.fullmatch(r"(?:tw|triwulan|q)\s*[-.]?\s*(iv|iii|ii|i|[1-4])", t)
    if match:
        value = match.group(1)
        return ("quarter", ROMAN.get(value) or int(value))
    match = re.fullmatch(r"(?:b|bln|bulan)\s*[-.]?\s*(\d{1,2})", t)
    if match and 1 <= int(match.group(1)) <= 12:
        return ("month", int(match.group(1)))
    for month, pattern in enumerate(MONTH_NAMES, 1):
        if re.fullmatch(pattern, t):
            return ("month", month)
    if granularity == "month" and re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= 12:
        return ("month", int(t))
    return None


def header_texts(grid: Grid, mapping: TableMapping) -> dict[int, str]:
    """Each column's header, its header rows joined (merged headers written once)."""
    out: dict[int, str] = {}
    for col in range(grid.width):
        parts: list[str] = []
        for row in range(mapping.header_row, mapping.header_row + max(1, mapping.header_rows)):
            if row >= mapping.first_data_row and mapping.header_rows:
                break
            text = grid.text(row, col)
            if text and text not in parts:
                parts.append(text)
        out[col] = " / ".join(parts)
    return out


def _official(grid: Grid) -> TableMapping | None:
    """The lampiran as Renaksi exports it: NO, AREA PERUBAHAN, …, periods, KET, numbering row."""
    for r in range(1, min(len(grid.rows), 60) + 1):
        heads = [_norm(grid.text(r, c)) for c in range(grid.width)]
        if heads[:5] != [
            "no",
            "area perubahan",
            "kegiatan",
            "sub kegiatan",
            "indikator keberhasilan",
        ]:
            continue
        periods = {}
        granularity = "month"
        for c in range(5, grid.width):
            found = period_of(grid.text(r + 1, c), "month")
            if found is None:
                break
            granularity = found[0]
            periods[found[1]] = c
        note = 5 + len(periods)
        if not periods or _norm(grid.text(r, note)) != "ket":
            continue
        first = r + 2
        if _norm(grid.text(first, 0)) == "1" and _norm(grid.text(first, 1)) == "2":
            first += 1  # the 1..n column numbering row
        return TableMapping(
            columns={
                "area_number": 0,
                "area": 1,
                "activity": 2,
                "sub_activity": 3,
                "indicator": 4,
                "note": note,
            },
            periods=periods,
            granularity=granularity,
            header_row=r,
            header_rows=first - r,
            first_data_row=first,
            official=True,
        )
    return None


_DATA_CELL = re.compile(r"^(\d{1,3}[.)]\s+\S|[a-h][.)]\s+\S)|^[√✓✔☑]$")


def is_data_like(grid: Grid, row: int) -> bool:
    """A row that reads as plan data (numbered items, ticks), which is never a header."""
    texts = [grid.text(row, c) for c in range(grid.width)]
    return sum(1 for t in texts if t and _DATA_CELL.match(t.strip())) >= 2


def guess_at(grid: Grid, r: int) -> tuple[int, TableMapping]:
    """The mapping read from row ``r`` as the header, and how many roles it names."""
    columns: dict[str, int] = {}
    periods: dict[str, dict[int, int]] = {"month": {}, "quarter": {}}
    header_rows = 1
    if is_data_like(grid, r):
        return 0, TableMapping(header_row=r, first_data_row=r + 1)
    for c in range(grid.width):
        head = _head(grid.text(r, c))
        if len(head) > 60 or not isinstance(grid.value(r, c), str):
            head = ""  # a long text or a number is data, never a header
        role = next((role for role, p in _ROLE_PATTERNS if head and p.search(head)), None)
        if role and role not in columns:
            columns[role] = c
            continue
        for rr in (r, r + 1):
            found = period_of(grid.text(rr, c))
            if found and found[1] not in periods[found[0]]:
                periods[found[0]][found[1]] = c
                header_rows = max(header_rows, rr - r + 1)
                break
    # "Program" is the level above "Kegiatan": the area when both are there.
    program = columns.pop("program", None)
    if program is not None:
        if "activity" not in columns:
            columns["activity"] = program
        elif "area" not in columns:
            columns["area"] = program
    score = len(columns) + (2 if "indicator" in columns else 0)
    granularity = "quarter" if len(periods["quarter"]) > len(periods["month"]) else "month"
    return score, TableMapping(
        columns=columns,
        periods=periods[granularity],
        granularity=granularity,
        header_row=r,
        header_rows=header_rows,
        first_data_row=r + header_rows,
    )


def mapping_guess(grid: Grid) -> TableMapping:
    """The official layout when it is one; otherwise the best guess from common header names.

    A guess without an indicator column is still returned, for the mapping form to start from.
    """
    official = _official(grid)
    if official is not None:
        return official
    best = TableMapping()
    best_score = 0
    for r in range(1, min(len(grid.rows), HEADER_SCAN_ROWS) + 1):
        score, mapping = guess_at(grid, r)
        if score > best_score:
            best, best_score = mapping, score
    return best


def sections_guess(grid: Grid) -> list[TableMapping]:
    """The blocks of a table, each with its own mapping: a later row that names the plan
    columns in another layout (another header) starts a new block; the block above ends just
    before it. A header repeated unchanged (a page break) is no new block."""
    first = mapping_guess(grid)
    if first.official or "indicator" not in first.columns:
        return [first]
    # The first header that names the plan columns starts the first block (the best-scoring
    # one may be a later block's header).
    for r in range(1, first.header_row):
        score, mapping = guess_at(grid, r)
        if score >= 4 and "indicator" in mapping.columns:
            first = mapping
            break
    sections = [first]
    r = first.first_data_row
    while r <= len(grid.rows):
        score, mapping = guess_at(grid, r)
        current = sections[-1]
        if (
            score >= 4
            and "indicator" in mapping.columns
            and (mapping.columns, mapping.periods) != (current.columns, current.periods)
        ):
            current.last_data_row = r - 1
            sections.append(mapping)
            r = mapping.first_data_row
            continue
        r += 1
    return sections


def mappings_from_json(data) -> list[TableMapping]:
    """One mapping, or ``{"sections": [mapping, …]}`` for a file with several blocks."""
    if isinstance(data, dict) and "sections" in data:
        sections = data["sections"]
        if not isinstance(sections, list) or not sections:
            raise MappingError(_("“sections” harus berupa daftar pemetaan yang tidak kosong."))
        if len(sections) > 50:
            raise MappingError(_("Paling banyak 50 bagian."))
        return [TableMapping.from_json(item) for item in sections]
    return [TableMapping.from_json(data)]


def mapping_is_usable(mapping: TableMapping) -> bool:
    """Enough to read a plan: an indicator column and something above it."""
    return "indicator" in mapping.columns and bool(
        {"area", "activity", "sub_activity"} & set(mapping.columns)
    )
