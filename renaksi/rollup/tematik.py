"""The roll-up's RB Tematik column: which units under each child have an RB Tematik plan for the
year, and on which themes. One query whatever the number of units (the subtree comes with the
roll-up); the General figures beside it stay those of ``rollup.selectors``, which count
General plans only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from renaksi.plans.models import Plan, PlanKind


@dataclass
class TematikCell:
    plans: int = 0
    themes: list[str] = field(default_factory=list)
    focus: str = ""  # a single unit's plan: its fokus intervensi

    def add(self, theme: str, focus: str) -> None:
        self.plans += 1
        if theme and theme not in self.themes:
            self.themes.append(theme)
        self.focus = focus if self.plans == 1 else ""


def tematik_by_child(*, rollup) -> tuple[dict[int, TematikCell], TematikCell]:
    """Per direct child of the roll-up's parent (its whole subtree), and the parent's own plan."""
    rows = tematik_by_root(group_of=rollup.child_of, year=rollup.year)
    own = rows.pop(rollup.parent.pk, TematikCell())
    return rows, own


def tematik_by_root(*, group_of: dict[int, int], year: int) -> dict[int, TematikCell]:
    """Per root (``group_of``: each unit id → the root of the subtree it falls in, a root → itself),
    its subtree's RB Tematik plans, in the order of the units' codes (one query)."""
    rows: dict[int, TematikCell] = defaultdict(TematikCell)
    for unit_id, theme, focus in (
        Plan.objects.filter(unit_id__in=list(group_of), year=year, kind=PlanKind.TEMATIK)
        .values_list("unit_id", "theme", "focus")
        .order_by("unit__code")
    ):
        rows[group_of[unit_id]].add(theme, focus)
    return dict(rows)


def tematik_plans(*, unit_ids: list[int], year: int) -> dict[int, list[tuple[str, str, str]]]:
    """Each unit's RB Tematik plan of the year as (unit code, theme, focus), in one query."""
    plans: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for unit_id, code, theme, focus in (
        Plan.objects.filter(unit_id__in=unit_ids, year=year, kind=PlanKind.TEMATIK)
        .values_list("unit_id", "unit__code", "theme", "focus")
        .order_by()
    ):
        plans[unit_id].append((code, theme, focus))
    return dict(plans)


def tematik_cell(plans: list[tuple[str, str, str]]) -> TematikCell:
    """The cell of a subtree's RB Tematik plans (unit code, theme, focus), in the codes' order as
    ``tematik_by_child`` counts them."""
    cell = TematikCell()
    for _code, theme, focus in sorted(plans):
        cell.add(theme, focus)
    return cell
