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
from renaksi.plans.importers.table.grid import ERROR_VALUES, Grid, column_letter
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
        target_col = mapping.column("target")
        self.percent = target_col is not None and "%" in heads.get(target_col, "")

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

    def text(self, row: int, role: str) -> str:
        value = self.cell(row, self.mapping.column(role))
        return value if isinstance(value, str) else format(plain(value), "f")

    def read_row(self, r: int) -> _Row:
        row = _Row(line=r, texts={role: self.text(r, role) for role in self.mapping.columns})
        for period, col in self.mapping.periods.items():
            value = self.cell(r, col)
            if value == "" or value == Decimal(0) or value == "0":
                continue
            if isinstance(value, str) and value.strip().lower() in MARKS:
                row.marks[period] = True
                continue
            number, _percent = parse_decimal(value)
            if number is None:
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
        if self.percent or sign:
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


def parse_table(grid: Grid, mapping: TableMapping) -> ParsedPlan:
    """Read the plan rows of ``grid`` as ``mapping`` says; nothing here touches the database."""
    reader = _Reader(grid, mapping)
    plan = ParsedPlan(granularity=mapping.granularity)
    rows = [
        reader.read_row(r)
        for r in range(mapping.first_data_row, len(grid.rows) + 1)
        if grid.rows[r - 1]
    ]
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

    def new_area(line, number, name):
        nonlocal area, activity, sub, top_sub
        area = ParsedArea(number=number, name=name, reform_area=reform_area_for(name), line=line)
        plan.areas.append(area)
        activity = sub = top_sub = None
        keys.update(activity=None, sub=None)

    def new_activity(line, text):
        nonlocal activity, sub, top_sub
        number, name = split_number(text)
        activity = ParsedActivity(number=number, name=name, line=line)
        area.activities.append(activity)
        sub = top_sub = None
        keys["sub"] = None

    for row in rows:
        t = row.texts
        if not any(t.values()) and not row.marks and not row.values:
            continue
        created = False
        area_text = t.get("area", "")
        if area_text and area_text != keys["area"]:
            number, name = split_number(area_text)
            given = t.get("area_number", "").strip().rstrip(".")
            new_area(row.line, given or number, name)
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
            body, target, unit = _target_line(body)
        indicator = ParsedIndicator(
            number=number,
            text=body,
            periods=sorted({*row.marks, *row.values}),
            note=t.get("note", ""),
            target=target,
            unit=unit,
            pic=t.get("pic", ""),
            period_targets=dict(row.values),
            line=row.line,
        )
        (sub or activity).indicators.append(indicator)

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
