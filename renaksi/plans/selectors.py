"""Reads of plans, always given the viewer and scoped to what the viewer may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import (
    Activity,
    Area,
    ImportReport,
    Indicator,
    Plan,
    SubActivity,
    Target,
)
from renaksi.plans.parsed import (
    Granularity,
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)


def plan_list_visible(*, user, search: str = "", year: int | None = None) -> QuerySet[Plan]:
    qs = (
        Plan.objects.filter(unit__in=unit_list_visible(user=user))
        .select_related("unit", "decree")
        .annotate(indicator_count=Count("areas__activities__indicators", distinct=True))
        .order_by("-year", "unit__code")
    )
    if year:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(
            Q(unit__name__icontains=search)
            | Q(unit__code__icontains=search)
            | Q(title__icontains=search)
            | Q(decree__number__icontains=search)
        )
    return qs


def plan_get(*, user, pk: int) -> Plan:
    """The plan if the user may see it; 404 otherwise, so a denial reveals nothing."""
    plan = (
        Plan.objects.filter(pk=pk, unit__in=unit_list_visible(user=user))
        .select_related("unit", "decree")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def import_report_latest(*, plan: Plan) -> ImportReport | None:
    return plan.import_reports.select_related("created_by").first()


# --- the plan as a tree ------------------------------------------------------------------


@dataclass
class SubNode:
    obj: SubActivity
    indicators: list[Indicator] = field(default_factory=list)
    children: list[SubNode] = field(default_factory=list)


@dataclass
class ActivityNode:
    obj: Activity
    indicators: list[Indicator] = field(default_factory=list)
    subs: list[SubNode] = field(default_factory=list)


@dataclass
class AreaNode:
    obj: Area
    activities: list[ActivityNode] = field(default_factory=list)


def plan_tree(*, plan: Plan) -> list[AreaNode]:
    """The whole plan in source order, in a fixed number of queries (no query per row).

    Each ``Indicator`` gets ``period_set`` (set of planned periods) and ``period_values``
    (period → target value) attached.
    """
    areas = list(Area.objects.filter(plan=plan).select_related("reform_area").order_by("position"))
    activities = list(Activity.objects.filter(area__plan=plan).order_by("area_id", "position"))
    subs = list(
        SubActivity.objects.filter(activity__area__plan=plan).order_by("activity_id", "position")
    )
    indicators = list(
        Indicator.objects.filter(activity__area__plan=plan)
        .select_related("pic", "pic2")
        .order_by("activity_id", "position")
    )
    targets = Target.objects.filter(indicator__activity__area__plan=plan).values_list(
        "indicator_id", "period", "value"
    )
    periods: dict[int, dict] = defaultdict(dict)
    for indicator_id, period, value in targets:
        periods[indicator_id][period] = value

    area_nodes = {a.pk: AreaNode(a) for a in areas}
    act_nodes = {}
    for act in activities:
        node = ActivityNode(act)
        act_nodes[act.pk] = node
        area_nodes[act.area_id].activities.append(node)
    sub_nodes = {s.pk: SubNode(s) for s in subs}
    for sub in subs:
        sub_node = sub_nodes[sub.pk]
        if sub.parent_id:
            sub_nodes[sub.parent_id].children.append(sub_node)
        else:
            act_nodes[sub.activity_id].subs.append(sub_node)
    for ind in indicators:
        ind.period_values = periods.get(ind.pk, {})
        ind.period_set = set(ind.period_values)
        if ind.sub_activity_id:
            sub_nodes[ind.sub_activity_id].indicators.append(ind)
        else:
            act_nodes[ind.activity_id].indicators.append(ind)
    return [area_nodes[a.pk] for a in areas]


def _indicator_parsed(ind: Indicator) -> ParsedIndicator:
    return ParsedIndicator(
        number=ind.number,
        text=ind.text,
        periods=sorted(ind.period_set),
        note=ind.note,
        target=ind.target_value,
        unit=ind.target_unit,
        pic=ind.pic.username if ind.pic else ind.pic_name,
        period_targets={p: v for p, v in ind.period_values.items() if v is not None},
        pic2=ind.pic2.username if ind.pic2 else ind.pic2_name,
        budget=ind.budget,
        evidence=list(ind.evidence_links or []),
        target_kind=ind.target_kind,
        target_scale=ind.target_scale,
        line=ind.source_line,
    )


def _sub_parsed(node: SubNode) -> ParsedSubActivity:
    return ParsedSubActivity(
        number=node.obj.number,
        name=node.obj.name,
        sub_activities=[_sub_parsed(c) for c in node.children],
        indicators=[_indicator_parsed(i) for i in node.indicators],
        line=node.obj.source_line,
    )


def plan_to_parsed(*, plan: Plan, tree: list[AreaNode] | None = None) -> ParsedPlan:
    """The plan as a ``ParsedPlan``, the shape every exporter starts from.

    ``tree`` is ``plan_tree(plan=plan)`` when the caller already holds it.
    """
    decree = ParsedDecree()
    if plan.decree:
        for name in ParsedDecree.__dataclass_fields__:
            setattr(decree, name, getattr(plan.decree, name))
    areas = []
    for area_node in plan_tree(plan=plan) if tree is None else tree:
        area = area_node.obj
        areas.append(
            ParsedArea(
                number=area.number,
                name=area.name,
                reform_area=area.reform_area.number if area.reform_area else None,
                line=area.source_line,
                activities=[
                    ParsedActivity(
                        number=act.obj.number,
                        name=act.obj.name,
                        sub_activities=[_sub_parsed(s) for s in act.subs],
                        indicators=[_indicator_parsed(i) for i in act.indicators],
                        line=act.obj.source_line,
                    )
                    for act in area_node.activities
                ],
            )
        )
    return ParsedPlan(decree=decree, granularity=cast(Granularity, plan.granularity), areas=areas)
