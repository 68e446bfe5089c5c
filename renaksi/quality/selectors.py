"""Reads for plan quality; the plan is always one the viewer may see (``plan_get``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from renaksi.plans.models import Plan
from renaksi.quality.checks import CheckResult, structural_checks
from renaksi.quality.facts import PlanFacts, plan_facts, realisations_by_key
from renaksi.quality.grading import CriterionResult, StrategyScore, criteria_results, strategy_score
from renaksi.quality.models import CriteriaSet, CriteriaSetStatus, Criterion, KegiatanUtama


def criteria_set_for_year(year: int) -> CriteriaSet | None:
    """The published set of the plan's year or the nearest year before; else the earliest one."""
    published = CriteriaSet.objects.filter(status=CriteriaSetStatus.PUBLISHED).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position")),
        Prefetch("kegiatan_utama", queryset=KegiatanUtama.objects.order_by("position")),
    )
    return (
        published.filter(year__lte=year).order_by("-year").first()
        or published.order_by("year").first()
    )


@dataclass
class QualityReport:
    plan: Plan
    criteria_set: CriteriaSet | None
    criteria: list[CriterionResult]
    checks: list[CheckResult]
    strategy: StrategyScore | None
    facts: PlanFacts

    @property
    def issues(self) -> int:
        return sum(c.row_count for c in self.checks)

    def as_json(self) -> dict:
        return {
            "criteria": [
                {
                    "code": c.code,
                    "name": c.name,
                    "grade": c.grade,
                    "percent": float(c.percent),
                    "rows": len(c.rows),
                }
                for c in self.criteria
            ],
            "checks": [
                {"code": c.code, "message": c.message, "rows": c.row_count} for c in self.checks
            ],
            "strategy_score": float(self.strategy.score) if self.strategy else None,
        }


def plan_quality(*, plan: Plan, today: date) -> QualityReport:
    facts = plan_facts(plan=plan)
    criteria_set = criteria_set_for_year(plan.year)
    criteria = criteria_results(facts, criteria_set) if criteria_set else []
    strategy = strategy_score(facts, criteria, criteria_set, today) if criteria_set else None
    return QualityReport(
        plan=plan,
        criteria_set=criteria_set,
        criteria=criteria,
        checks=structural_checks(facts),
        strategy=strategy,
        facts=facts,
    )


def plan_year_over_year(*, plan: Plan) -> tuple[list[int], list[tuple[str, list]]]:
    """Each indicator of ``plan`` → its verified realisation in every year the unit has a plan
    of the same kind (matched by kegiatan, sub kegiatan and indicator text)."""
    plans = list(
        Plan.objects.filter(unit_id=plan.unit_id, kind=plan.kind, year__lte=plan.year).order_by(
            "year"
        )
    )
    by_year: dict[int, dict] = {
        p.year: (realisations_by_key(p) if p.pk != plan.pk else None) for p in plans
    }
    facts = plan_facts(plan=plan)
    by_year[plan.year] = {}
    for ind in facts.indicators:
        by_year[plan.year].setdefault(ind.key, ind.realisation)
    years = [p.year for p in plans]
    rows: list[tuple[str, list[Decimal | None]]] = []
    for ind in facts.indicators:
        rows.append((ind, [by_year[y].get(ind.key) for y in years]))
    return years, rows
