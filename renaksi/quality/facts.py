"""A plan's rows and figures, loaded once in a fixed number of queries for grading and checks.

The realisation of an indicator for a year is the share of its planned periods whose realisation
the Tim Asesor verified as done, in percent (2 decimals); an indicator with nothing planned has
none. Baselines, the national format's realisation and the year-over-year view all use it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from renaksi.monitoring.models import Realisation
from renaksi.plans.models import Activity, Area, Indicator, Plan, SubActivity, Target

HUNDRED = Decimal(100)
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", (text or "").strip().lower())


def verified_share(planned: set[int], verified: set[int]) -> Decimal | None:
    if not planned:
        return None
    done = len(planned & verified)
    return (HUNDRED * done / len(planned)).quantize(Decimal("0.01"))


def improves(target: Decimal | None, baseline: Decimal | None) -> bool:
    """A target improves on a baseline when it is higher, or holds a baseline already at 100."""
    if target is None or baseline is None:
        return False
    return target > baseline or (baseline >= HUNDRED and target >= baseline)


@dataclass
class IndicatorFacts:
    obj: Indicator
    area: Area
    activity: Activity
    sub: SubActivity | None
    periods: dict[int, Decimal | None] = field(default_factory=dict)
    verified: set[int] = field(default_factory=set)

    @property
    def target(self) -> Decimal | None:
        """The yearly target, or the indicator's target when no yearly one is set."""
        if self.obj.yearly_target is not None:
            return self.obj.yearly_target
        return self.obj.target_value

    @property
    def budget(self):
        # ``Indicator.budget`` (anggaran) comes with the importer's migration; absent = not set.
        return getattr(self.obj, "budget", None)

    @property
    def realisation(self) -> Decimal | None:
        return verified_share(set(self.periods), self.verified)

    @property
    def label(self) -> str:
        parts = [self.area.number, self.activity.number]
        if self.sub is not None:
            parts.append(self.sub.number)
        parts.append(self.obj.number)
        prefix = ".".join(p for p in parts if p)
        return f"{prefix} {self.obj.text}".strip()

    @property
    def key(self) -> tuple:
        """The indicator's place by name, to find the same indicator in another year's plan."""
        return (
            norm(self.activity.name),
            norm(self.sub.name) if self.sub else "",
            norm(self.obj.text),
        )


@dataclass
class ActivityFacts:
    obj: Activity
    area: Area
    subs: list[SubActivity] = field(default_factory=list)
    indicators: list[IndicatorFacts] = field(default_factory=list)

    @property
    def label(self) -> str:
        prefix = ".".join(p for p in (self.area.number, self.obj.number) if p)
        return f"{prefix} {self.obj.name}".strip()

    def text(self) -> str:
        parts = [
            self.obj.name,
            *(s.name for s in self.subs),
            *(i.obj.text for i in self.indicators),
        ]
        return norm(" \n ".join(parts))


@dataclass
class PlanFacts:
    plan: Plan
    areas: list[Area]
    activities: list[ActivityFacts]
    indicators: list[IndicatorFacts]


def plan_facts(*, plan: Plan) -> PlanFacts:
    """Every row of the plan with its schedule and verified periods (7 queries)."""
    areas = list(Area.objects.filter(plan=plan).select_related("reform_area").order_by("position"))
    area_by_id = {a.pk: a for a in areas}
    activities = [
        ActivityFacts(obj=a, area=area_by_id[a.area_id])
        for a in Activity.objects.filter(area__plan=plan).order_by("area__position", "position")
    ]
    act_by_id = {a.obj.pk: a for a in activities}
    subs = {}
    for sub in SubActivity.objects.filter(activity__area__plan=plan).order_by("position"):
        subs[sub.pk] = sub
        act_by_id[sub.activity_id].subs.append(sub)
    periods: dict[int, dict] = defaultdict(dict)
    for ind_id, period, value in Target.objects.filter(
        indicator__activity__area__plan=plan
    ).values_list("indicator_id", "period", "value"):
        periods[ind_id][period] = value
    verified: dict[int, set] = defaultdict(set)
    for ind_id, period in Realisation.objects.filter(
        indicator__activity__area__plan=plan,
        review_state=Realisation.ReviewState.VERIFIED,
        status=Realisation.Status.DONE,
    ).values_list("indicator_id", "period"):
        verified[ind_id].add(period)
    indicators = []
    for ind in (
        Indicator.objects.filter(activity__area__plan=plan)
        .select_related("pic")
        .order_by("activity__area__position", "activity__position", "position")
    ):
        act = act_by_id[ind.activity_id]
        facts = IndicatorFacts(
            obj=ind,
            area=act.area,
            activity=act.obj,
            sub=subs.get(ind.sub_activity_id),
            periods=periods.get(ind.pk, {}),
            verified=verified.get(ind.pk, set()),
        )
        act.indicators.append(facts)
        indicators.append(facts)
    return PlanFacts(plan=plan, areas=areas, activities=activities, indicators=indicators)


def keyed(indicators: list[IndicatorFacts]) -> dict[tuple, IndicatorFacts]:
    """Indicators by (key, occurrence): twins with the same texts pair up in order."""
    seen: dict[tuple, int] = defaultdict(int)
    out = {}
    for ind in indicators:
        out[(ind.key, seen[ind.key])] = ind
        seen[ind.key] += 1
    return out


def previous_plan(plan: Plan) -> Plan | None:
    return Plan.objects.filter(unit_id=plan.unit_id, year=plan.year - 1, kind=plan.kind).first()


def realisations_by_key(plan: Plan) -> dict[tuple, Decimal | None]:
    """Each indicator of ``plan`` by its key → its verified realisation (the first of twins)."""
    out: dict[tuple, Decimal | None] = {}
    for ind in plan_facts(plan=plan).indicators:
        out.setdefault(ind.key, ind.realisation)
    return out
