"""Turning the lampiran table's text lines into rows and loose labels, before any alignment.

The text comes from a PDF: each table line is one printed row, cells split by tabs. A page
break (any non-table line) starts a new block whose columns may be shifted; merged cells print
their text once, in the middle of their height, sometimes as plain lines between blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from renaksi.plans.importers.seed_text.text import TICK, clean, marker_of, parse_date, similar
from renaksi.plans.parsed import Finding

MIN_TABS = 4  # fewer tabs than this is prose, not a table row


@dataclass
class Cell:
    col: int
    text: str


@dataclass
class Row:
    line: int
    block: int
    cells: list[Cell]  # text cells left of the first tick, left to right
    ticks: list[int]  # physical columns holding √
    trailing: list[Cell] = field(default_factory=list)  # text right of the first tick (KET)
    # A list heading ("Tim terdiri dari:") merged with its items; adds to the element above.
    detail_of: tuple[str, int] | None = None  # (heading text, last line of the list)


@dataclass
class Label:
    """An area label printed outside the table rows ("4." / "Penguatan" / "Tatalaksana")."""

    line: int
    number: str
    name: str


@dataclass
class Table:
    events: list[Row | Label]
    start: int  # 0-based index of the first table line (the header)
    closing: list[tuple[int, str]]  # the lampiran's own place/date/signature lines


def is_table_line(raw: str) -> bool:
    return raw.count("\t") >= MIN_TABS


def read_table(lines: list[str], findings: list[Finding]) -> Table | None:
    table_idx = [i for i, raw in enumerate(lines) if is_table_line(raw)]
    if not table_idx:
        return None
    start = table_idx[0]
    events: list[Row | Label] = []
    loose: list[tuple[int, str]] = []
    closing: list[tuple[int, str]] = []
    block = 0
    gap = False
    in_header = True
    for i in range(start, len(lines)):
        raw, line = lines[i], i + 1
        if not is_table_line(raw):
            # Any non-table line is a page break: the next rows may sit in other columns.
            gap = True
            if clean(raw):
                loose.append((line, clean(raw)))
            continue
        if gap:
            block += 1
            gap = False
        if loose:
            events.extend(_read_loose(loose, findings, closing))
            loose = []
        row = _read_row(raw, line, block)
        if in_header and _is_header(row):
            continue
        in_header = False
        if row.cells or row.ticks or row.trailing:
            events.append(row)
    if loose:
        events.extend(_read_loose(loose, findings, closing))
    rows = [e for e in events if isinstance(e, Row)]
    _drop_duplicate_cells(rows, findings)
    events = _merge_heading_lists(events)
    return Table(events, start, closing)


def _read_row(raw: str, line: int, block: int) -> Row:
    cells = [clean(c) for c in raw.split("\t")]
    ticks = [j for j, c in enumerate(cells) if c == TICK]
    texts = [Cell(j, c) for j, c in enumerate(cells) if c and c != TICK]
    first_tick = ticks[0] if ticks else len(cells)
    return Row(
        line=line,
        block=block,
        cells=[c for c in texts if c.col < first_tick],
        ticks=ticks,
        trailing=[c for c in texts if c.col > first_tick],
    )


_TITLES = {"NO", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN", "KET"}


def _is_header(row: Row) -> bool:
    """The column titles and the two numbering rows (months 1..12, columns 1..18) under them."""
    titles = sum(
        1
        for c in row.cells
        if c.text.isupper() and (c.text in _TITLES or c.text.startswith("PELAKSANAAN"))
    )
    if titles >= 2:
        return True
    return not row.ticks and bool(row.cells) and all(c.text.isdigit() for c in row.cells)


def _read_loose(
    group: list[tuple[int, str]], findings: list[Finding], closing: list[tuple[int, str]]
) -> list[Label]:
    """Lines between table blocks: an area label, the lampiran's closing, or stray text."""
    from renaksi.plans.findings import reform_area_for

    first = marker_of(group[0][1])
    rest = " ".join(text for _, text in group[1:])
    if first.kind == "pure" and rest and not marker_of(rest).numbered and len(rest) <= 120:
        return [Label(group[0][0], first.label, rest)]
    whole = " ".join(text for _, text in group)
    if reform_area_for(whole) is not None:
        return [Label(group[0][0], "", whole)]
    if parse_date(group[0][1]):
        closing.extend(group)
        return []
    for line, text in group:
        findings.append(Finding("unreadable_line", "warning", line, {"text": text}))
    return []


def _drop_duplicate_cells(rows: list[Row], findings: list[Finding]) -> None:
    """A merged cell spilling into its neighbour prints the same item twice in one row."""
    for row in rows:
        kept: list[Cell] = []
        for cell in row.cells:
            if kept and similar(kept[-1].text, cell.text):
                dropped = kept.pop()
                findings.append(
                    Finding(
                        "duplicate_cell",
                        "info",
                        row.line,
                        {"text": dropped.text, "kept": cell.text},
                    )
                )
            kept.append(cell)
        row.cells = kept


def _merge_heading_lists(events: list[Row | Label]) -> list[Row | Label]:
    """Join "Tim terdiri dari:" and the numbered one-cell rows under it into one detail row.

    Its items restart at 1 in the sub kegiatan column, so read one by one they would collide with
    the real sub kegiatan numbering; together they describe the element above them.
    """
    out: list[Row | Label] = []
    k = 0
    while k < len(events):
        head = events[k]
        items: list[Row] = []
        if (
            isinstance(head, Row)
            and len(head.cells) == 1
            and not head.trailing
            and head.cells[0].text.endswith(":")
            and not marker_of(head.cells[0].text).numbered
        ):
            col = head.cells[0].col
            j = k + 1
            while j < len(events):
                item = events[j]
                if not (
                    isinstance(item, Row)
                    and len(item.cells) == 1
                    and item.cells[0].col == col
                    and not item.ticks
                    and not item.trailing
                ):
                    break
                marker = marker_of(item.cells[0].text)
                if marker.kind != "num" or marker.value != len(items) + 1:
                    break
                items.append(item)
                j += 1
        if len(items) >= 2 and isinstance(head, Row):
            heading = head.cells[0].text
            joined = f"{heading} " + "; ".join(item.cells[0].text for item in items)
            head.cells = [Cell(head.cells[0].col, joined)]
            head.detail_of = (heading, items[-1].line)
            out.append(head)
            k += 1 + len(items)
            continue
        out.append(head)
        k += 1
    return out
