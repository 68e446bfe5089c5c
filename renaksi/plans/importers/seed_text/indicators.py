"""Indicators of a row, with their months, notes and list headings.

Split from the builder to keep each module readable; it works on the builder's state (current
kegiatan, sub kegiatan, indicator) and is only used as its base class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from renaksi.plans.importers.seed_text.align import IND, SUB, months_of
from renaksi.plans.importers.seed_text.rows import Row
from renaksi.plans.importers.seed_text.text import marker_of, split_enumeration
from renaksi.plans.parsed import Finding, ParsedActivity, ParsedIndicator, ParsedSubActivity

ALL_MONTHS = list(range(1, 13))


def compress(values: list[int]) -> str:
    """[1, 2, 3, 7] -> "1–3, 7"."""
    out: list[str] = []
    run: list[int] = []
    for v in sorted(set(values)):
        if run and v == run[-1] + 1:
            run.append(v)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [v]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def walk_indicators(sub: ParsedSubActivity):
    yield from sub.indicators
    for child in sub.sub_activities:
        yield from walk_indicators(child)


class IndicatorRows:
    # The builder's state, set in Builder.__init__.
    findings: list[Finding]
    activity: ParsedActivity | None
    sub: ParsedSubActivity | None
    child: ParsedSubActivity | None
    indicator: ParsedIndicator | None
    activity_inds: list[ParsedIndicator]
    heading: dict | None
    orphan_ticks: list[tuple[int, list[int]]]
    inherited_ticks: list[tuple[int, ParsedIndicator]]

    if TYPE_CHECKING:

        def _parent(self) -> ParsedActivity | ParsedSubActivity: ...

    # --- indicators, months and notes ---------------------------------------------------------

    def _indicator(self, text: str, line: int, has_ticks: bool) -> list[ParsedIndicator]:
        parent = self._parent()
        m = marker_of(text)
        if text.endswith(":") and not has_ticks and not m.numbered:
            self._flush_heading()
            self.heading = {"text": text, "line": line, "parent": parent, "numbers": []}
            return []
        heading = self.heading
        if heading is not None and (heading["parent"] is not parent or not m.numbered):
            self._flush_heading()
            heading = None
        parts = split_enumeration(text) or [m]
        if len(parts) > 1:
            self.findings.append(
                Finding("cell_split", "info", line, {"text": text, "count": len(parts)})
            )
        created = []
        for part in parts:
            body = part.body
            if heading is not None:
                body = f"{heading['text'].rstrip(' :')} {body}"
                heading["numbers"].append(part.label)
            ind = ParsedIndicator(number=part.label if part.numbered else "", text=body, line=line)
            parent.indicators.append(ind)
            self.activity_inds.append(ind)
            created.append(ind)
        self.indicator = created[-1]
        return created

    def _flush_heading(self) -> None:
        heading, self.heading = self.heading, None
        if heading is None:
            return
        if heading["numbers"]:
            self.findings.append(
                Finding(
                    "heading_prefixed",
                    "warning",
                    heading["line"],
                    {"text": heading["text"], "numbers": ", ".join(heading["numbers"])},
                )
            )
            return
        # No items followed: the heading was an indicator after all.
        ind = ParsedIndicator(number="", text=heading["text"], line=heading["line"])
        heading["parent"].indicators.append(ind)
        self.activity_inds.append(ind)

    def _detail_row(self, row: Row, shift: int) -> None:
        """A list heading and its items add to the element above, not a new element."""
        heading, last_line = cast(tuple[str, int], row.detail_of)  # a detail row has it
        level = row.cells[0].col + shift
        text = row.cells[0].text
        if level >= IND and self.indicator is not None:
            target_text = self.indicator.text
            self.indicator.text = f"{self.indicator.text}, {text}"
        elif level == SUB and (self.child or self.sub) is not None:
            target = cast(ParsedSubActivity, self.child or self.sub)
            target_text = target.name
            target.name = f"{target.name}, {text}"
        elif self.activity is not None:
            target_text = self.activity.name
            self.activity.name = f"{self.activity.name}, {text}"
        else:
            self.findings.append(Finding("unreadable_line", "warning", row.line, {"text": text}))
            return
        self.findings.append(
            Finding(
                "heading_or_indicator",
                "warning",
                row.line,
                {"text": heading, "last_line": last_line, "parent": target_text},
            )
        )
        self._ticks_and_note(row, shift, [], has_text=False)

    def _ticks_and_note(self, row: Row, shift: int, created: list, has_text: bool) -> None:
        targets = created
        if not targets and not has_text and self.indicator is not None:
            targets = [self.indicator]
        if row.ticks:
            months, outside = months_of(row, shift)
            clipped = len(row.ticks) > 12
            if clipped:
                months = ALL_MONTHS
            if not targets:
                self.orphan_ticks.append((row.line, months))
            else:
                self._flush_orphan_ticks()
                for ind in targets:
                    ind.periods = sorted(set(ind.periods) | set(months))
                if not created:
                    self.inherited_ticks.append((row.line, targets[0]))
                if clipped:
                    self.findings.append(
                        Finding("ticks_clipped", "warning", row.line, {"count": len(row.ticks)})
                    )
                elif outside:
                    self.findings.append(
                        Finding(
                            "ticks_outside_grid",
                            "warning",
                            row.line,
                            {
                                "positions": ", ".join(map(str, outside)),
                                "months": compress(months) or "-",
                            },
                        )
                    )
        else:
            self._flush_orphan_ticks()
        if not created:
            self._flush_inherited_ticks()
        note = " ".join(c.text for c in row.trailing)
        if note:
            target = (targets or [self.indicator])[-1]
            if target is None:
                self.findings.append(
                    Finding("note_without_indicator", "warning", row.line, {"text": note})
                )
            else:
                target.note = f"{target.note} {note}".strip()

    def _flush_orphan_ticks(self) -> None:
        if not self.orphan_ticks:
            return
        lines = [line for line, _ in self.orphan_ticks]
        months = sorted({m for _, ms in self.orphan_ticks for m in ms})
        self.findings.append(
            Finding(
                "ticks_without_indicator",
                "warning",
                lines[0],
                {"lines": compress(lines), "months": compress(months) or "-"},
            )
        )
        self.orphan_ticks = []

    def _flush_inherited_ticks(self) -> None:
        for line, ind in self.inherited_ticks:
            self.findings.append(
                Finding(
                    "ticks_to_previous_indicator",
                    "info",
                    line,
                    {"lines": str(line), "indicator": ind.text, "indicator_line": ind.line},
                )
            )
        self.inherited_ticks = []

    def _flush_tick_groups(self) -> None:
        self._flush_orphan_ticks()
        self._flush_inherited_ticks()
