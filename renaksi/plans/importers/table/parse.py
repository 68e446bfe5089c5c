"""A grid and its ``TableMapping`` → a ``ParsedPlan``, reporting every assumption as a finding.

Parents are read from their columns on every row: a row repeating the text above (a merged
cell spread out, or text copied down) stays with the same parent; a blank area or kegiatan cell
continues the one above. Lettered sub kegiatan under a numbered one become its children, as in
the text reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from renaksi.plans.findings import reform_area_for
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
    split_number,
)
from renaksi.plans.parsed import (
    Finding,
    ParsedActivity,
    ParsedArea,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)

_TARGET_LINE = re.compile(r"^target\s*:\s*(\S+)\s*(.*)$", re.I)
_TOTAL = re.compile(r"^(jumlah|total|sub ?total|grand total|rekapitulasi)\b", re.I)
_LEGEND = re.compile(
    r"^(keterangan|ket|catatan|legenda|sumber|\*+\)?|√\s*=|v\s*=|tanda)\s*[:=]", re.I
)
_PERCENT_UNIT = re.compile(r"^(%|persen|prosentase|persentase)$", re.I)
_CURRENCY_UNIT = re.compile(r"^(rp\.?|rupiah|idr)$", re.I)
_URL = re.compile(r"(https?://\S+|www\.\S+)", re.I)


@dataclass
class _Row:
    line: int
    texts: dict[str, str]
    marks: dict[int, bool] = field(default_factory=dict)  # period → True
    values: dict[int, Decimal] = field(default_factory=dict)  # period → number as written


class _Reader:
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

    def read_row(self, r: int) -> _Row:
        row = _Row(line=r, texts={role: self.text(r, role) for role in self.mapping.columns})
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

    def budget(self, row: _Row) -> Decimal | None:
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

    def target(self, row: _Row) -> tuple[Decimal | None, str]:
        text = row.texts.get("target", "")
        unit = row.texts.get("unit", "")
        if not text:
            return None, unit
        col = self.mapping.column("target")
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


def _target_line(text: str) -> tuple[str, Decimal | None, str]:
    """The official lampiran's "…\\nTarget: 100 %" split off the indicator's text."""
    head, _sep, last = text.rpartition("\n")
    match = _TARGET_LINE.match(last.strip()) if head else None
    if not match:
        return text, None, ""
    number, _percent = parse_decimal(match.group(1))
    if number is None:
        return text, None, ""
    return head.strip(), plain(number), match.group(2).strip()


def _is_fragment(row: _Row, previous: ParsedIndicator | None, previous_line: int) -> bool:
    """Only indicator text, starting in lower case, right under an indicator whose text has
    not ended, and no schedule of its own."""
    text = row.texts.get("indicator", "")
    others = [v for k, v in row.texts.items() if k != "indicator" and v]
    return bool(
        previous is not None
        and text
        and not others
        and not row.marks
        and not row.values
        and row.line == previous_line + 1
        and previous.periods
        and text[0].islower()
        and not split_number(text)[0]
        and not previous.text.rstrip().endswith((".", ":", ";", ")"))
    )


def parse_table(grid: Grid, mapping: TableMapping) -> ParsedPlan:
    """Read the plan rows of ``grid`` as ``mapping`` says; nothing here touches the database."""
    reader = _Reader(grid, mapping)
    plan = ParsedPlan(granularity=mapping.granularity)
    last = min(mapping.last_data_row or len(grid.rows), len(grid.rows))
    span = range(mapping.first_data_row, last + 1)
    reader.check_lengths(span)
    rows = []
    skipped: dict[str, list[int]] = {}
    for r in span:
        if not grid.rows[r - 1]:
            continue
        reason = reader.skip_reason(r)
        if reason:
            skipped.setdefault(reason, []).append(r)
            continue
        rows.append(reader.read_row(r))
    for reason, lines in skipped.items():
        reader.finding(
            f"rows_skipped_{reason}",
            lines[0],
            severity="info",
            count=len(lines),
            lines=", ".join(str(n) for n in lines[:30]),
        )
    for col, cells in reader.kind_changes.items():
        if len(cells) < 2:
            continue  # one odd cell is a typo, reported on its own; a run is another layout
        reader.finding(
            "column_kind_changed",
            int(re.sub(r"^[A-Z]+", "", cells[0])),
            severity="error",
            column=column_letter(col),
            head=reader.heads.get(col, "")[:60],
            count=len(cells),
            cells=", ".join(cells[:20]),
        )
    # A column of 1s only is a column of ticks, not of targets that all happen to be 1.
    numeric = any(v != 1 for row in rows for v in row.values.values())
    if not numeric:
        for row in rows:
            row.marks.update(dict.fromkeys(row.values, True))
            row.values = {}

    area: ParsedArea | None = None
    activity: ParsedActivity | None = None
    sub: ParsedSubActivity | None = None
    top_sub: ParsedSubActivity | None = None
    keys = {"area": None, "activity": None, "sub": None}
    has_area_col = mapping.column("area") is not None

    areas_by_text: dict[str, ParsedArea] = {}

    def new_area(line, number, name, key=None):
        nonlocal area, activity, sub, top_sub
        known = areas_by_text.get(key) if key else None
        if known is not None:
            # The same area written again further down (a second section, a sorted sheet):
            # its rows join the area already read instead of a duplicate.
            area = known
            reader.finding("area_merged", line, severity="info", name=name[:80], first=known.line)
        else:
            area = ParsedArea(
                number=number, name=name, reform_area=reform_area_for(name), line=line
            )
            plan.areas.append(area)
            if key:
                areas_by_text[key] = area
        activity = sub = top_sub = None
        keys.update(activity=None, sub=None)

    def new_activity(line, text):
        nonlocal activity, sub, top_sub
        number, name = split_number(text)
        activity = ParsedActivity(number=number, name=name, line=line)
        area.activities.append(activity)
        sub = top_sub = None
        keys["sub"] = None

    last_indicator: ParsedIndicator | None = None
    last_line = 0
    for row in rows:
        t = row.texts
        if not any(t.values()) and not row.marks and not row.values:
            continue
        if _is_fragment(row, last_indicator, last_line):
            # A cell split over two rows (a page break, a pasted export): the rest of the
            # indicator above, not an indicator of its own.
            last_indicator.text = f"{last_indicator.text} {t['indicator']}".strip()
            reader.finding("fragment_joined", row.line, severity="info", text=t["indicator"][:80])
            last_line = row.line
            continue
        created = False
        area_text = t.get("area", "")
        if area_text and area_text != keys["area"]:
            number, name = split_number(area_text)
            given = t.get("area_number", "").strip().rstrip(".")
            new_area(row.line, given or number, name, key=re.sub(r"\s+", " ", name).lower())
            keys["area"] = area_text
            created = True
        elif area is None:
            if has_area_col:
                reader.finding("area_label_missing", row.line)
            new_area(row.line, "", _("Area tanpa nama"))
            keys["area"] = None

        act_text = t.get("activity", "")
        if act_text and act_text != keys["activity"]:
            new_activity(row.line, act_text)
            keys["activity"] = act_text
            created = True

        sub_text = t.get("sub_activity", "")
        if sub_text and sub_text != keys["sub"]:
            if activity is None:
                reader.finding("activity_missing", row.line, text=sub_text[:80])
                new_activity(row.line, _("Kegiatan tanpa nama"))
            number, name = split_number(sub_text)
            node = ParsedSubActivity(number=number, name=name, line=row.line)
            lettered = len(number.rstrip(")")) == 1 and number[0].isalpha()
            if lettered and top_sub is not None and not top_sub.number[:1].isalpha():
                top_sub.sub_activities.append(node)
            else:
                activity.sub_activities.append(node)
                top_sub = node
            sub = node
            keys["sub"] = sub_text
            created = True

        text = t.get("indicator", "")
        if not text:
            if row.marks or row.values:
                reader.finding(
                    "ticks_without_indicator",
                    row.line,
                    lines=row.line,
                    months=", ".join(str(p) for p in sorted({*row.marks, *row.values})),
                )
            if t.get("note"):
                reader.finding("note_without_indicator", row.line, text=t["note"][:80])
            if not created:
                shown = next((v for v in t.values() if v), "")
                reader.finding("row_without_indicator", row.line, text=shown[:80])
            continue
        if activity is None:
            reader.finding("activity_missing", row.line, text=text[:80])
            new_activity(row.line, _("Kegiatan tanpa nama"))
        number, body = split_number(text)
        target, unit = reader.target(row)
        if target is None and "target" not in mapping.columns:
            # The official lampiran's "Target: 100 %" line; the satuan column stays when none.
            body, target, line_unit = _target_line(body)
            unit = line_unit or unit
        indicator = ParsedIndicator(
            number=number,
            text=body,
            periods=sorted({*row.marks, *row.values}),
            note=t.get("note", ""),
            target=target,
            unit=unit,
            pic=t.get("pic", ""),
            pic2=t.get("pic2", ""),
            budget=reader.budget(row),
            evidence=_URL.findall(t.get("evidence", "")),
            period_targets=dict(row.values),
            line=row.line,
        )
        reader.meaning(indicator)
        (sub or activity).indicators.append(indicator)
        last_indicator, last_line = indicator, row.line

    if grid.trailing_empty:
        reader.finding(
            "empty_rows_skipped",
            len(grid.rows) + 1,
            severity="info",
            count=grid.trailing_empty,
        )
    for parsed_area in plan.areas:
        if not parsed_area.activities:
            reader.finding("area_without_activities", parsed_area.line, name=parsed_area.name)
    missing = [ind.line for ind in plan.iter_indicators() if not ind.periods]
    if missing:
        reader.finding(
            "indicators_without_periods",
            missing[0],
            count=len(missing),
            lines=", ".join(str(n) for n in missing[:20]),
        )
    plan.findings = reader.findings
    return plan


def parse_sections(grid: Grid, mappings: list[TableMapping]) -> ParsedPlan:
    """Several blocks of one table, each read with its own mapping, joined into one plan.

    A block without a last row ends just above the next block's header. Areas of the same name
    in different blocks are one area.
    """
    if len(mappings) == 1:
        return parse_table(grid, mappings[0])
    if len({m.granularity for m in mappings}) > 1:
        raise TableReadError(
            _("Semua bagian tabel harus memakai periode yang sama (bulan atau triwulan).")
        )
    ordered = sorted(mappings, key=lambda m: m.first_data_row)
    plan = ParsedPlan(granularity=ordered[0].granularity)
    by_name: dict[str, ParsedArea] = {}
    for i, mapping in enumerate(ordered, 1):
        if mapping.last_data_row is None and i < len(ordered):
            mapping.last_data_row = max(mapping.first_data_row, ordered[i].header_row - 1)
        part = parse_table(grid, mapping)
        plan.findings.append(
            Finding(
                "section_read",
                "info",
                mapping.first_data_row,
                {
                    "section": i,
                    "first": mapping.first_data_row,
                    "last": mapping.last_data_row or len(grid.rows),
                    "header": mapping.header_row,
                    "indicators": sum(1 for _x in part.iter_indicators()),
                },
            )
        )
        plan.findings += part.findings
        for area in part.areas:
            key = re.sub(r"\s+", " ", area.name).lower()
            if key in by_name:
                by_name[key].activities += area.activities
            else:
                by_name[key] = area
                plan.areas.append(area)
    return plan
