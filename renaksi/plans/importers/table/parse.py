"""A grid and its ``TableMapping`` → a ``ParsedPlan``, reporting every assumption as a finding.

Parents are read from their columns on every row: a row repeating the text above (a merged
cell spread out, or text copied down) stays with the same parent; a blank area or kegiatan cell
continues the one above. Lettered sub kegiatan under a numbered one become its children, as in
the text reader.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _

from renaksi.plans.findings import reform_area_for
from renaksi.plans.importers.table.grid import (
    Grid,
    TableReadError,
    column_letter,
)
from renaksi.plans.importers.table.mapping import TableMapping
from renaksi.plans.importers.table.reader import _TARGET_LINE, _URL, Reader, Row
from renaksi.plans.importers.table.values import (
    parse_decimal,
    plain,
    split_number,
)
from renaksi.plans.parsed import (
    Finding,
    Granularity,
    ParsedActivity,
    ParsedArea,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)


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


def _is_fragment(row: Row, previous: ParsedIndicator | None, previous_line: int) -> bool:
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
    reader = Reader(grid, mapping)
    plan = ParsedPlan(granularity=cast(Granularity, mapping.granularity))
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
    keys: dict[str, str | None] = {"area": None, "activity": None, "sub": None}
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
        cast(ParsedArea, area).activities.append(activity)  # new_area ran first
        sub = top_sub = None
        keys["sub"] = None

    last_indicator: ParsedIndicator | None = None
    last_line = 0
    for row in rows:
        t = row.texts
        if not any(t.values()) and not row.marks and not row.values:
            continue
        if last_indicator is not None and _is_fragment(row, last_indicator, last_line):
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
                cast(ParsedActivity, activity).sub_activities.append(node)
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
        cast(ParsedSubActivity | ParsedActivity, sub or activity).indicators.append(indicator)
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
    plan = ParsedPlan(granularity=cast(Granularity, ordered[0].granularity))
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
