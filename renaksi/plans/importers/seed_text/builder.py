"""Building area → kegiatan → sub kegiatan → indikator from aligned rows.

The hard part is merged cells whose label is printed in the middle of their height: rows of a
new area or kegiatan arrive before its label. Numbering tells where such a run began (the point
where kegiatan or sub kegiatan numbering restarted at 1, or the sub kegiatan the label row
continues); when the label arrives, that run moves under it.
"""

from __future__ import annotations

from typing import cast

from renaksi.plans.findings import reform_area_for
from renaksi.plans.importers.seed_text.align import (
    AREA,
    IND,
    KEG,
    NO,
    SUB,
    Numbering,
    choose_levels,
)
from renaksi.plans.importers.seed_text.indicators import IndicatorRows, walk_indicators
from renaksi.plans.importers.seed_text.rows import Label, Row
from renaksi.plans.importers.seed_text.text import Marker, marker_of
from renaksi.plans.parsed import (
    Finding,
    ParsedActivity,
    ParsedArea,
    ParsedIndicator,
    ParsedSubActivity,
)


def _label(number: str, name: str) -> str:
    return f"{number}. {name}" if number else name


class Builder(IndicatorRows):
    def __init__(self, findings: list[Finding]):
        self.findings = findings
        self.areas: list[ParsedArea] = []
        self.area: ParsedArea | None = None
        # The current area was opened by kegiatan numbering restarting at 1; its label is due.
        self.area_pending = False
        self.activity: ParsedActivity | None = None
        self.sub: ParsedSubActivity | None = None
        self.child: ParsedSubActivity | None = None
        self.indicator: ParsedIndicator | None = None
        self.activity_inds: list[ParsedIndicator] = []  # this kegiatan's, in reading order
        # Index in the current kegiatan's subs where sub numbering restarted at 1 (a run whose
        # kegiatan label has not been seen yet).
        self.restart_at: int | None = None
        self.heading: dict | None = None  # an indicator heading ending in ":" awaiting items
        self.shift = 0
        self.block = -1
        self.above: dict = {}  # the previous row's cells: column -> (marker, level)
        self.shifted_rows: dict[int, list[int]] = {}
        self.orphan_ticks: list[tuple[int, list[int]]] = []
        self.inherited_ticks: list[tuple[int, ParsedIndicator]] = []

    # --- driving ------------------------------------------------------------------------------

    def feed(self, event: Row | Label) -> None:
        if isinstance(event, Label):
            self._flush_tick_groups()
            self._standalone_label(event)
            return
        row = event
        if row.block != self.block:
            # A new page block may be shifted differently; start from the header layout.
            self.block, self.shift, self.above = row.block, 0, {}
        if len(row.cells) > IND + 1:
            # More text cells than the table has text columns: no alignment can place them all.
            # Keep every word in the report rather than guess where each cell belongs.
            text = " | ".join(cell.text for cell in row.cells)
            self.findings.append(Finding("unreadable_line", "warning", row.line, {"text": text}))
            return
        choice = choose_levels(row, self.shift, self._numbering(), self.above)
        self.above = {
            cell.col: (marker_of(cell.text), level)
            for cell, level in zip(row.cells, choice.levels, strict=True)
        }
        if choice.shifted:
            self.shifted_rows.setdefault(row.block, []).append(row.line)
        self.shift = self._next_shift(row, choice)
        if row.detail_of is not None:
            self._detail_row(row, choice.shift)
            return
        cells = {level: cell for level, cell in zip(choice.levels, row.cells, strict=True)}
        markers = {level: marker_of(cell.text) for level, cell in cells.items()}
        for k, expected in choice.misfits:
            cell = row.cells[k]
            self.findings.append(
                Finding(
                    "numbering_unexpected",
                    "warning",
                    row.line,
                    {
                        "number": marker_of(cell.text).label,
                        "text": cell.text,
                        "expected": expected,
                    },
                )
            )
        if NO in cells or AREA in cells:
            number = markers[NO].label if NO in cells else ""
            name = markers[AREA].body if AREA in cells else ""
            self._area_label(number, name, row.line, markers.get(KEG))
        if KEG in cells:
            self._activity(markers[KEG], row.line, markers.get(SUB), markers.get(IND), cells)
        if SUB in cells:
            self._sub(markers[SUB], row.line, KEG in cells)
        created: list[ParsedIndicator] = []
        if IND in cells:
            created = self._indicator(cells[IND].text, row.line, bool(row.ticks))
        self._ticks_and_note(row, choice.shift, created, has_text=bool(cells))

    def finish(self) -> list[ParsedArea]:
        self._flush_heading()
        self._flush_tick_groups()
        self._end_area()
        if self.area_pending:
            self._close_pending_area()
        for _block, lines in sorted(self.shifted_rows.items()):
            self.findings.append(
                Finding(
                    "columns_shifted",
                    "warning",
                    lines[0],
                    {"first_line": lines[0], "last_line": lines[-1], "count": len(lines)},
                )
            )
        return self.areas

    def _next_shift(self, row: Row, choice) -> int:
        # Without √, only several cells agreeing on one shift are evidence of a moved block; a
        # lone cell read one level off (a compacted row) must not drag the rows below along.
        if row.ticks or len(row.cells) < 2:
            return choice.shift
        shifts = {level - cell.col for level, cell in zip(choice.levels, row.cells, strict=True)}
        return shifts.pop() if len(shifts) == 1 else choice.shift

    def _numbering(self) -> Numbering:
        s = Numbering()
        if self.area is not None:
            s.area_has_activity = bool(self.area.activities)
        if self.activity is not None:
            number = self.activity.number
            s.activity = int(number) if number.isdigit() else None
            subs = self.activity.sub_activities
            numbered = [int(x.number) for x in subs if x.number.isdigit()]
            s.sub_last = numbered[-1] if numbered else None
            s.sub_last_is_numbered = bool(subs) and subs[-1].number.isdigit()
        s.has_sub = self.sub is not None
        if self.sub is not None and self.sub.sub_activities:
            last = self.sub.sub_activities[-1].number
            s.child_letter = ord(last) - ord("a") + 1 if len(last) == 1 and last.isalpha() else 0
        for ind in reversed(self.activity_inds):
            if ind.number.isdigit():
                s.ind_number = int(ind.number)
                break
            if len(ind.number) == 1 and ind.number.isalpha() and not s.ind_letter:
                s.ind_letter = ord(ind.number) - ord("a") + 1
        return s

    # --- areas --------------------------------------------------------------------------------

    def _new_area(self, number: str, name: str, line: int, pending: bool) -> None:
        self._flush_heading()
        self._end_area()
        if self.area_pending:
            self._close_pending_area()
        self.area = ParsedArea(
            number=number, name=name, reform_area=reform_area_for(name) if name else None, line=line
        )
        self.areas.append(self.area)
        self.area_pending = pending
        self.activity = self.sub = self.child = self.indicator = None
        self.activity_inds = []
        self.restart_at = None

    def _area_label(self, number: str, name: str, line: int, activity: Marker | None) -> None:
        restarts = activity is not None and activity.kind == "num" and activity.value == 1
        if self.area_pending and self.area is not None and not (restarts and self.area.activities):
            first_line = self.area.line
            self.area.number, self.area.name = number, name
            self.area.reform_area = reform_area_for(name) if name else None
            self.area.line = line
            self.area_pending = False
            self.findings.append(
                Finding(
                    "area_label_after_rows",
                    "info",
                    line,
                    {"name": _label(number, name), "first_line": first_line},
                )
            )
            return
        self._new_area(number, name, line, pending=False)

    def _standalone_label(self, label: Label) -> None:
        self._area_label(label.number, label.name, label.line, None)

    def _end_area(self) -> None:
        """A run of sub kegiatan that restarted at 1 and never got its label ends here.

        Restarting numbering between areas means "something new begins", but no label
        followed: a careful reader keeps it where it was printed, as a kegiatan of the area it
        follows, and flags the area as uncertain.
        """
        if self.activity is None or self.restart_at is None or self.area is None:
            return
        run = self.activity.sub_activities[self.restart_at :]
        del self.activity.sub_activities[self.restart_at :]
        self.restart_at = None
        for sub in run:
            promoted = ParsedActivity(
                number=sub.number,
                name=sub.name,
                sub_activities=sub.sub_activities,
                indicators=sub.indicators,
                line=sub.line,
            )
            self.area.activities.append(promoted)
            self.findings.append(
                Finding(
                    "area_uncertain",
                    "warning",
                    sub.line,
                    {
                        "text": _label(sub.number, sub.name),
                        "area": _label(self.area.number, self.area.name) or "?",
                    },
                )
            )

    def _close_pending_area(self) -> None:
        """An area opened by a numbering restart never got its label."""
        pending = self.area
        self.area_pending = False
        if pending is None:
            return
        previous = self.areas[-2] if len(self.areas) > 1 else None
        if previous is None:
            self.findings.append(Finding("area_label_missing", "warning", pending.line, {}))
            return
        self.areas.remove(pending)
        for activity in pending.activities:
            previous.activities.append(activity)
            self.findings.append(
                Finding(
                    "area_uncertain",
                    "warning",
                    activity.line,
                    {
                        "text": _label(activity.number, activity.name),
                        "area": _label(previous.number, previous.name) or "?",
                    },
                )
            )
        if self.area is pending:
            self.area = previous

    # --- kegiatan and sub kegiatan --------------------------------------------------------------

    def _activity(self, m: Marker, line: int, sub: Marker | None, ind: Marker | None, cells):
        self._flush_heading()
        restart = m.kind == "num" and m.value == 1
        label_on_row = NO in cells or AREA in cells
        if self.area is None:
            self._new_area("", "", line, pending=True)
        elif restart and self.area.activities and not label_on_row:
            # Kegiatan numbering restarts: a new area whose label is printed further down.
            self._new_area("", "", line, pending=True)
        moved: list[ParsedSubActivity] = []
        if (
            self.activity is not None
            and self.activity in cast(ParsedArea, self.area).activities
            and not restart
        ):
            moved = self._run_continued_by(sub, ind)
        if not moved and self.restart_at is not None and self.activity is not None:
            start = self.activity.sub_activities[self.restart_at]
            self.findings.append(
                Finding(
                    "activity_label_missing",
                    "warning",
                    start.line,
                    {
                        "text": _label(start.number, start.name),
                        "activity": _label(self.activity.number, self.activity.name),
                    },
                )
            )
        self.restart_at = None
        number, name = (m.label if m.numbered else ""), m.body
        activity = ParsedActivity(number=number, name=name, sub_activities=moved, line=line)
        cast(ParsedArea, self.area).activities.append(activity)
        self.activity = activity
        if moved:
            self.findings.append(
                Finding(
                    "activity_label_after_rows",
                    "info",
                    line,
                    {"name": _label(number, name), "first_line": moved[0].line},
                )
            )
            self.sub = moved[-1]
            self.child = self.sub.sub_activities[-1] if self.sub.sub_activities else None
            self.activity_inds = [i for s in moved for i in walk_indicators(s)]
        else:
            self.sub = self.child = self.indicator = None
            self.activity_inds = []

    def _run_continued_by(self, sub: Marker | None, ind: Marker | None) -> list[ParsedSubActivity]:
        """The sub kegiatan printed above a kegiatan label that still belong to it."""
        assert self.activity is not None
        subs = self.activity.sub_activities
        start = None
        if sub is not None and sub.kind == "num" and self.restart_at is not None:
            run = [x for x in subs[self.restart_at :] if x.number.isdigit()]
            if run and int(run[-1].number) == sub.value - 1:
                start = self.restart_at
        elif self.sub is not None and self._continues_current_sub(sub, ind):
            start = subs.index(self.sub) if self.sub in subs else None
            if self.restart_at is not None and start is not None and self.restart_at <= start:
                start = self.restart_at
        # Never empty the kegiatan above: its label was printed with its first row.
        if not start:
            return []
        moved = subs[start:]
        del subs[start:]
        return moved

    def _continues_current_sub(self, sub: Marker | None, ind: Marker | None) -> bool:
        assert self.sub is not None
        if sub is not None and sub.kind == "let":
            children = self.sub.sub_activities
            last = children[-1].number if children else ""
            return len(last) == 1 and last.isalpha() and ord(last) - ord("a") + 2 == sub.value
        new_sub_starts = sub is not None and not (sub.kind == "num" and sub.value == 1)
        if new_sub_starts or ind is None or ind.kind != "num" or ind.value < 2:
            return False
        numbers = [i.number for i in walk_indicators(self.sub) if i.number.isdigit()]
        return bool(numbers) and int(numbers[-1]) == ind.value - 1

    def _sub(self, m: Marker, line: int, activity_on_row: bool) -> None:
        self._flush_heading()
        if self.activity is None:
            self._activity(Marker("", 0, "", ""), line, m, None, {})
        assert self.activity is not None
        if m.kind == "let" and self.sub is not None:
            child = ParsedSubActivity(number=m.label, name=m.body, line=line)
            self.sub.sub_activities.append(child)
            self.child = child
        else:
            subs = self.activity.sub_activities
            numbered_before = [x for x in subs if x.number.isdigit()]
            if (
                m.kind == "num"
                and m.value == 1
                and not activity_on_row
                and numbered_before
                and subs[-1].number.isdigit()
            ):
                self.restart_at = len(subs)
            new = ParsedSubActivity(number=m.label if m.numbered else "", name=m.body, line=line)
            subs.append(new)
            self.sub, self.child = new, None
        self.indicator = None

    # --- indicators (months, notes and headings live in IndicatorRows) ---------------------

    def _parent(self):
        if self.activity is None:
            self._activity(Marker("", 0, "", ""), 0, None, None, {})
        return self.child or self.sub or self.activity
