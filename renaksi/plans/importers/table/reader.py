"""One table row at a time: cells read as typed, rows that are no data, targets and their
meaning. ``parse`` builds the plan from what this reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _

from renaksi.plans.importers.table.grid import (
    ERROR_VALUES,
    MAX_CELL_CHARS,
    Grid,
    TableReadError,
    column_letter,
)
from renaksi.plans.importers.table.mapping import TableMapping, header_texts
from renaksi.plans.importers.table.values import (
    MARKS,
    is_placeholder,
    parse_decimal,
    plain,
)
from renaksi.plans.parsed import Finding, ParsedIndicator

_TARGET_LINE = re.compile(r"^target\s*:\s*(\S+)\s*(.*)$", re.I)
_TOTAL = re.compile(r"^(jumlah|total|sub ?total|grand total|rekapitulasi)\b", re.I)
_LEGEND = re.compile(
    r"^(keterangan|ket|catatan|legenda|sumber|\*+\)?|√\s*=|v\s*=|tanda)\s*[:=]", re.I
)
_PERCENT_UNIT = re.compile(r"^(%|persen|prosentase|persentase)$", re.I)
_CURRENCY_UNIT = re.compile(r"^(rp\.?|rupiah|idr)$", re.I)
_URL = re.compile(r"(https?://\S+|www\.\S+)", re.I)


@dataclass
class Row:
    line: int
    texts: dict[str, str]
    marks: dict[int, bool] = field(default_factory=dict)  # period → True
    values: dict[int, Decimal] = field(default_factory=dict)  # period → number as written


class Reader:
    def __init__(self, grid: Grid, mapping: TableMapping):
        self.grid = grid
        self.mapping = mapping
        self.findings: list[Finding] = []
        heads = header_texts(grid, mapping)
        self.heads = heads
        target_col = mapping.column("target")
        head = heads.get(target_col, "").lower() if target_col is not None else ""
        self.percent = "%" in head or "persen" in head
        self.kind_changes: dict[int, list[str]] = {}

    def finding(self, code, line, severity="warning", **params):
        self.findings.append(Finding(code=code, severity=severity, line=line, params=params))

    def cell(self, row: int, col: int | None):
        """The value at a cell, with error values reported and read as empty."""
        if col is None:
            return ""
        value = self.grid.value(row, col)
        if isinstance(value, str):
            if value in ERROR_VALUES:
                self.finding(
                    "cell_error",
                    row,
                    sheet=self.grid.sheet,
                    cell=f"{column_letter(col)}{row}",
                    value=value,
                )
                return ""
            if is_placeholder(value):
                return ""
        return value

    def check_lengths(self, rows: range):
        """Limits apply to mapped columns only: a long note nobody maps is ignored."""
        mapped = set(self.mapping.columns.values()) | set(self.mapping.periods.values())
        for (row, col), length in sorted(self.grid.long_cells.items()):
            if col in mapped and row in rows:
                raise TableReadError(
                    _(
                        "Sel %(cell)s terlalu panjang (%(length)s karakter; paling banyak "
                        "%(limit)s). Periksa apakah isi sel itu memang bagian dari rencana aksi."
                    )
                    % {
                        "cell": f"{column_letter(col)}{row}",
                        "length": length,
                        "limit": MAX_CELL_CHARS,
                    }
                )

    def skip_reason(self, r: int) -> str | None:
        """Rows that are no plan data: repeated headers, legends, totals, numbering rows and
        text blocks spread over the period columns (the signature under a lampiran)."""
        m = self.mapping
        texts = {col: self.grid.text(r, col) for col in range(self.grid.width)}
        filled = [t for t in texts.values() if t]
        if not filled:
            return None
        heads = self.heads
        same_as_head = sum(
            1
            for col in m.columns.values()
            if texts.get(col) and texts[col].lower() == heads.get(col, "").lower()
        )
        if same_as_head >= 2:
            return "header"
        if len(filled) >= 3 and all(re.fullmatch(r"\d{1,3}", t) for t in filled):
            numbers = [int(t) for t in filled]
            if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
                return "numbering"
        labels = [
            texts.get(m.columns[role], "")
            for role in ("area", "activity", "indicator")
            if role in m.columns
        ]
        first = next((t for t in labels if t), filled[0])
        if _TOTAL.match(first):
            return "total"
        if _LEGEND.match(filled[0]):
            return "legend"
        period_texts = [texts.get(col, "") for col in m.periods.values()]
        spread = [t for t in period_texts if t and t.strip().lower() not in MARKS]
        if len(spread) >= 3 and len(set(spread)) == 1 and parse_decimal(spread[0])[0] is None:
            indicator = texts.get(m.columns.get("indicator", -1), "")
            if not indicator or indicator == spread[0]:
                return "block"
        return None

    def text(self, row: int, role: str) -> str:
        value = self.cell(row, self.mapping.column(role))
        return value if isinstance(value, str) else format(plain(value), "f")

    def kind_change(self, col: int, r: int):
        self.kind_changes.setdefault(col, []).append(f"{column_letter(col)}{r}")

    def read_row(self, r: int) -> Row:
        row = Row(line=r, texts={role: self.text(r, role) for role in self.mapping.columns})
        for role in ("pic", "pic2", "note"):
            col = self.mapping.column(role)
            if col is not None and not isinstance(self.grid.value(r, col), str):
                if role in ("pic", "pic2", "note"):
                    self.kind_change(col, r)
        for period, col in self.mapping.periods.items():
            value = self.cell(r, col)
            if value == "" or value == Decimal(0) or value == "0":
                continue
            if isinstance(value, str) and value.strip().lower() in MARKS:
                row.marks[period] = True
                continue
            number, _percent = parse_decimal(value)
            if number is None:
                self.kind_change(col, r)
                self.finding(
                    "period_unreadable",
                    r,
                    sheet=self.grid.sheet,
                    cell=f"{column_letter(col)}{r}",
                    text=str(value)[:60],
                    period=period,
                )
            elif number:
                row.values[period] = plain(number)
        return row

    def budget(self, row: Row) -> Decimal | None:
        col = self.mapping.column("budget")
        if col is None or not row.texts.get("budget"):
            return None
        text = re.sub(r"^rp\.?\s*", "", row.texts["budget"].strip(), flags=re.I).rstrip(",-")
        raw = self.grid.value(row.line, col)
        number, _sign = parse_decimal(raw if not isinstance(raw, str) else text)
        if number is None or number.copy_abs() >= Decimal(10) ** 14:
            self.finding(
                "budget_unreadable",
                row.line,
                sheet=self.grid.sheet,
                cell=f"{column_letter(col)}{row.line}",
                text=row.texts["budget"][:60],
            )
            return None
        return plain(number.quantize(Decimal("0.01")))

    def meaning(self, ind: ParsedIndicator):
        """Propose the target's kind and scale from the data, and flag what was assumed.

        Fractions (≤ 1) where the satuan is persen are read as shares of 100; a series that
        only grows and ends at the target (25/50/75/100) is cumulative."""
        unit = ind.unit.strip()
        percent = bool(_PERCENT_UNIT.match(unit)) or self.percent
        values = [ind.period_targets[p] for p in sorted(ind.period_targets)]
        if percent:
            ind.target_scale = "percent"
            numbers = [v for v in values if v is not None]
            if (
                numbers
                and all(0 < v <= 1 for v in numbers)
                and (ind.target is None or ind.target <= 100)
            ):
                ind.period_targets = {p: plain(v * 100) for p, v in ind.period_targets.items()}
                if ind.target is not None and ind.target <= 1:
                    ind.target = plain(ind.target * 100)
                values = [ind.period_targets[p] for p in sorted(ind.period_targets)]
                self.finding(
                    "fractions_as_percent",
                    ind.line,
                    values=", ".join(format(v, "f") for v in numbers[:12]),
                )
        elif _CURRENCY_UNIT.match(unit):
            ind.target_scale = "currency"
        elif ind.target is not None or values:
            ind.target_scale = "count"
        if len(values) >= 2:
            rising = all(b > a for a, b in zip(values, values[1:], strict=False))
            ends = values[-1] == (ind.target if ind.target is not None else values[-1])
            if rising and ends and (ind.target is not None or percent and values[-1] == 100):
                ind.target_kind = "cumulative"
                self.finding(
                    "cumulative_detected",
                    ind.line,
                    severity="info",
                    values=", ".join(format(v, "f") for v in values),
                )
            else:
                ind.target_kind = "per_period"
        elif values:
            ind.target_kind = "per_period"

    def target(self, row: Row) -> tuple[Decimal | None, str]:
        text = row.texts.get("target", "")
        unit = row.texts.get("unit", "")
        if not text:
            return None, unit
        col = cast(int, self.mapping.column("target"))  # the row has a target text
        raw = self.grid.value(row.line, col)
        number, sign = parse_decimal(raw)
        if number is None:
            # "100 dokumen": the number, then the unit.
            match = re.match(r"^([\d.,]+)\s*%?\s*(.*)$", text)
            if match:
                number, sign = parse_decimal(match.group(1))
                unit = unit or match.group(2)
        if number is None:
            self.finding(
                "target_unreadable",
                row.line,
                sheet=self.grid.sheet,
                cell=f"{column_letter(col)}{row.line}",
                text=text[:60],
            )
            return None, unit
        if self.percent or sign or _PERCENT_UNIT.match(unit.strip()):
            written = text
            if not sign and 0 < number < 1:
                number = number * 100
                how = "fraction"
            elif sign:
                how = "sign"
            else:
                how = "plain"
            if how != "plain":
                self.finding(
                    "percent_read",
                    row.line,
                    severity="info",
                    sheet=self.grid.sheet,
                    cell=f"{column_letter(col)}{row.line}",
                    text=written,
                    value=format(plain(number), "f"),
                )
            unit = unit or "%"
        return plain(number), unit
