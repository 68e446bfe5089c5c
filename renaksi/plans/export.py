"""A plan as interchange JSON data (``plans.interchange``), with its realisations: what the
``export_plan`` command writes and the plan page's JSON download serves."""

from __future__ import annotations

from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import Plan
from renaksi.plans.selectors import AreaNode, SubNode, plan_to_parsed, plan_tree


def _indicator_ids(tree: list[AreaNode]) -> list[int]:
    """Indicator ids in ``plan_to_parsed(plan).iter_indicators()`` order (the source order)."""
    ids: list[int] = []

    def walk(node: SubNode) -> None:
        ids.extend(indicator.pk for indicator in node.indicators)
        for child in node.children:
            walk(child)

    for area in tree:
        for activity in area.activities:
            ids.extend(indicator.pk for indicator in activity.indicators)
            for sub in activity.subs:
                walk(sub)
    return ids


def plan_export_data(*, plan: Plan, realisations: bool = True) -> dict:
    """The plan as interchange JSON data; with each indicator's realisations unless asked not to.

    The caller has already checked that the plan may be read.
    """
    tree = plan_tree(plan=plan)
    rows = None
    if realisations:
        # Imported here: the plans app does not depend on monitoring at import time.
        from renaksi.monitoring.selectors import realisation_summary_for_plan

        summary = realisation_summary_for_plan(plan=plan)
        by_indicator: dict[int, list[dict]] = {}
        for (indicator_id, _period), row in sorted(summary.items()):
            by_indicator.setdefault(indicator_id, []).append(row)
        rows = [by_indicator.get(pk, []) for pk in _indicator_ids(tree)]
    return parsed_to_json(
        plan_to_parsed(plan=plan, tree=tree),
        extra={"unit": {"code": plan.unit.code, "name": plan.unit.name}, "year": plan.year},
        realisations=rows,
    )
