"""Deciding which column (area, kegiatan, sub kegiatan, indikator) each cell of a row is in.

Physical columns cannot be trusted: page blocks drop leading empty cells, and merged cells leave
gaps. A careful reader uses three clues, weighed here as penalties (lower is better):

* columns: cells normally keep the shift of the row above; the month grid must start after the
  text, so the first √ bounds how far the row can be shifted;
* numbering: "3." fits where the previous item was "2." (or where a new parent starts at 1);
* structure: a row with √ needs an indicator; a lone number is the area's NO cell; an item
  numbered right after the item printed above it in the same column is at the same level.

Every assignment of strictly increasing levels to the row's cells is scored (at most 10), and
the cheapest wins; ties keep the physical reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from renaksi.plans.findings import reform_area_for
from renaksi.plans.importers.seed_text.rows import Row
from renaksi.plans.importers.seed_text.text import Marker, marker_of

NO, AREA, KEG, SUB, IND = range(5)
GRID = 5  # header layout: NO, AREA, KEGIATAN, SUB KEGIATAN, INDIKATOR, then months 1..12
MONTHS = 12

W_COLUMN = 2  # per column a cell sits away from the row's shift
W_RESTART = 1  # numbering restarts at 1 without a new parent on the row (label comes later)
W_NO_INDICATOR = 3  # √ on a row without an indicator
W_UNNUMBERED_ACTIVITY = 1
W_UNKNOWN_AREA = 3  # text in the area column that is not a known area name
W_SEQUENCE = 3  # a cell continuing the numbering of the cell above it, read at another level
BAD_NUMBER = 6  # a number that continues nothing
BAD_KIND = 10  # a lone number outside NO, or numbered text in NO/AREA


@dataclass
class Numbering:
    """What the rows above have numbered so far, as the builder sees it."""

    area_has_activity: bool = False
    activity: int | None = None  # current kegiatan number
    sub_last: int | None = None  # last numbered sub kegiatan of the current kegiatan
    sub_last_is_numbered: bool = False  # the very last sub kegiatan carries a number
    has_sub: bool = False
    child_letter: int = 0  # last lettered child of the current sub kegiatan (a=1)
    ind_number: int = 0  # last numbered indicator in the current kegiatan
    ind_letter: int = 0  # last lettered indicator since that number


@dataclass
class Choice:
    levels: tuple[int, ...]
    shift: int  # grid shift: month = column + shift - GRID + 1
    misfits: list[tuple[int, str]]  # (cell index, expected number) of numbers that fit nothing
    shifted: bool


def grid_shift(row: Row, previous: int) -> int:
    """The shift of the row above, moved only as far as this row's text and √ force it."""
    shift = previous
    if row.ticks:
        shift = max(shift, GRID - row.ticks[0])
    if row.cells:
        shift = min(shift, IND - row.cells[-1].col)
    return shift


def choose_levels(
    row: Row,
    previous_shift: int,
    state: Numbering,
    above: dict[int, tuple[Marker, int]] | None = None,
) -> Choice:
    """``above`` maps the previous row's columns (same block) to their marker and level."""
    shift = grid_shift(row, previous_shift)
    markers = [marker_of(c.text) for c in row.cells]
    above = above or {}
    best: tuple[float, float, tuple[int, ...], list] | None = None
    for levels in combinations(range(IND + 1), len(row.cells)):
        present = set(levels)
        cost = column_cost = 0.0
        misfits = []
        for k, (cell, level) in enumerate(zip(row.cells, levels, strict=True)):
            column_cost += W_COLUMN * abs(level - cell.col - shift)
            if cell.col in above and _continues(above[cell.col][0], markers[k]):
                cost += 0 if above[cell.col][1] == level else W_SEQUENCE
            penalty, expected = _fit(level, markers[k], present, state)
            cost += penalty
            if penalty >= BAD_NUMBER:
                misfits.append((k, expected))
        if row.ticks and IND not in present and row.detail_of is None:
            cost += W_NO_INDICATOR
        cost += column_cost
        # Among equal readings, the one closest to the printed columns wins.
        if best is None or (cost, column_cost) < best[:2]:
            best = (cost, column_cost, levels, misfits)
    assert best is not None
    _, _, levels, misfits = best
    shifted = shift != 0 or any(lv != c.col for lv, c in zip(levels, row.cells, strict=True))
    return Choice(levels, shift, misfits, shifted)


def _continues(above: Marker, m: Marker) -> bool:
    return m.numbered and above.kind == m.kind and m.value == above.value + 1


def _fit(level: int, m: Marker, present: set[int], s: Numbering) -> tuple[int, str]:
    """Penalty for reading marker ``m`` at ``level``, and the number that was expected."""
    if level == NO:
        return (0, "") if m.kind == "pure" else (BAD_KIND, "")
    if m.kind == "pure":
        return BAD_KIND, ""
    if level == AREA:
        if m.numbered:
            return BAD_KIND, ""
        return (0, "") if reform_area_for(m.body) else (W_UNKNOWN_AREA, "")
    if level == KEG:
        return _fit_activity(m, present, s)
    if level == SUB:
        return _fit_sub(m, present, s)
    return _fit_indicator(m, present, s)


def _fit_activity(m: Marker, present: set[int], s: Numbering) -> tuple[int, str]:
    if m.kind == "":
        return W_UNNUMBERED_ACTIVITY, ""
    expected = f"{(s.activity or 0) + 1}"
    if m.kind == "let":
        return BAD_NUMBER, expected
    if s.activity is not None and m.value == s.activity + 1:
        return 0, ""
    if m.value == 1:
        new_area = NO in present or AREA in present
        return (0 if new_area or not s.area_has_activity else W_RESTART), ""
    return BAD_NUMBER, expected


def _fit_sub(m: Marker, present: set[int], s: Numbering) -> tuple[int, str]:
    new_activity = KEG in present
    if m.kind == "":
        return 0, ""
    if m.kind == "let":
        expected = chr(ord("a") + s.child_letter)
        if s.has_sub and m.value == s.child_letter + 1:
            return 0, ""
        if m.value == 1 and not new_activity:
            return (0 if s.has_sub else 2), ""
        return BAD_NUMBER, expected
    expected = f"{(s.sub_last or 0) + 1}"
    if s.sub_last is not None and m.value == s.sub_last + 1:
        return 0, ""
    if m.value == 1:
        fresh = new_activity or s.sub_last is None or not s.sub_last_is_numbered
        return (0 if fresh else W_RESTART), ""
    return BAD_NUMBER, expected


def _fit_indicator(m: Marker, present: set[int], s: Numbering) -> tuple[int, str]:
    if m.kind == "":
        return 0, ""
    if m.kind == "let":
        if m.value == 1 or m.value == s.ind_letter + 1:
            return 0, ""
        return BAD_NUMBER, chr(ord("a") + s.ind_letter)
    if m.value == 1 or m.value == s.ind_number + 1:
        return 0, ""
    return BAD_NUMBER, f"{s.ind_number + 1}"


def months_of(row: Row, shift: int) -> tuple[list[int], list[int]]:
    """(months 1..12 ticked, positions right of month 12) for the row's √ under ``shift``."""
    positions = [col + shift - GRID + 1 for col in row.ticks]
    inside = sorted({p for p in positions if 1 <= p <= MONTHS})
    outside = sorted({p for p in positions if p > MONTHS})
    return inside, outside
