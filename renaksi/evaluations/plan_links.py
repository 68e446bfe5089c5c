"""The plan indicators behind each criterion of a worksheet, in a fixed number of queries.

Two ways an indicator feeds a criterion:
- the instrument's mapping (area perubahan + keywords on the criterion or its sub-component)
  picks indicators of the unit's plan for the worksheet's year;
- a file or link attached to the criterion also backs a plan cell (the same library row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from renaksi.monitoring.models import Realisation, RealisationEvidence


@dataclass
class MappedIndicator:
    pk: int
    plan_pk: int
    label: str
    planned: int = 0
    reported: int = 0
    verified: int = 0

    @property
    def url(self) -> str:
        return reverse("plan_detail", args=[self.plan_pk]) + f"#indikator-{self.pk}"


@dataclass
class EvidenceCell:
    """A plan cell (indicator × period) whose realisation uses the criterion's evidence."""

    plan_pk: int
    indicator_pk: int
    period: int
    label: str
    review_state: str

    @property
    def url(self) -> str:
        return reverse("cell_detail", args=[self.plan_pk, self.indicator_pk, self.period])


@dataclass
class CriterionPlan:
    mapped: list[MappedIndicator] = field(default_factory=list)
    cells: list[EvidenceCell] = field(default_factory=list)


def criterion_mapping(node, nodes: dict) -> tuple[int | None, list[str]]:
    """The area perubahan and keywords of a criterion, else of its sub-component."""
    parent = nodes.get(node.parent_id)
    area = node.reform_area or (parent.reform_area if parent is not None else None)
    raw = node.keywords or (parent.keywords if parent is not None else "")
    return area, [k.strip().lower() for k in raw.split(",") if k.strip()]


def _label(indicator) -> str:
    parts = [indicator.activity.area.number, indicator.activity.number]
    if indicator.sub_activity_id:
        parts.append(indicator.sub_activity.number)
    parts.append(indicator.number)
    prefix = ".".join(p for p in parts if p)
    return f"{prefix} {indicator.text}".strip()


def mapped_indicators(*, worksheet, nodes: dict) -> dict[int, list[MappedIndicator]]:
    """Criterion id → the mapped indicators of the unit's plans of that year (3 queries).

    A criterion without an area or keywords (nor on its sub-component) lists none: showing the
    whole plan under it would hide the ones that matter.
    """
    from renaksi.plans.models import Indicator, Target

    mappings = {
        pk: criterion_mapping(node, nodes) for pk, node in nodes.items() if node.kind == "criterion"
    }
    mappings = {pk: m for pk, m in mappings.items() if m[0] or m[1]}
    if not mappings:
        return {}
    indicators = list(
        Indicator.objects.filter(
            activity__area__plan__unit_id=worksheet.unit_id,
            activity__area__plan__year=worksheet.year,
        )
        .select_related("activity__area__reform_area", "sub_activity")
        .only(
            "pk",
            "number",
            "text",
            "activity__number",
            "activity__name",
            "activity__area__number",
            "activity__area__plan_id",
            "activity__area__reform_area__number",
            "sub_activity__number",
            "sub_activity__name",
        )
        .order_by("activity__area__plan_id", "activity__area__position", "activity__position")
    )
    ids = [i.pk for i in indicators]
    planned = defaultdict(int)
    for ind_id in Target.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", flat=True
    ):
        planned[ind_id] += 1
    reported, verified = defaultdict(int), defaultdict(int)
    for ind_id, status, state in Realisation.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "status", "review_state"
    ):
        reported[ind_id] += 1
        if state == Realisation.ReviewState.VERIFIED and status == Realisation.Status.DONE:
            verified[ind_id] += 1
    texts = {}
    for ind in indicators:
        sub = ind.sub_activity.name if ind.sub_activity_id else ""
        area = ind.activity.area.reform_area
        texts[ind.pk] = (
            area.number if area is not None else None,
            f"{ind.text} {ind.activity.name} {sub}".lower(),
        )
    out: dict[int, list[MappedIndicator]] = {}
    for pk, (area, keywords) in mappings.items():
        rows = []
        for ind in indicators:
            ind_area, text = texts[ind.pk]
            if area and ind_area != area:
                continue
            if keywords and not any(k in text for k in keywords):
                continue
            rows.append(
                MappedIndicator(
                    pk=ind.pk,
                    plan_pk=ind.activity.area.plan_id,
                    label=_label(ind),
                    planned=planned[ind.pk],
                    reported=reported[ind.pk],
                    verified=verified[ind.pk],
                )
            )
        out[pk] = rows
    return out


def evidence_cells(evidence_ids) -> dict[int, list[EvidenceCell]]:
    """Evidence id → the plan cells whose realisations use it (1 query)."""
    out: dict[int, list[EvidenceCell]] = defaultdict(list)
    if not evidence_ids:
        return out
    rows = (
        RealisationEvidence.objects.filter(evidence_id__in=evidence_ids)
        .values_list(
            "evidence_id",
            "realisation__indicator__activity__area__plan_id",
            "realisation__indicator_id",
            "realisation__period",
            "realisation__indicator__number",
            "realisation__indicator__text",
            "realisation__review_state",
        )
        # A stable order on every database: plan, indicator, period.
        .order_by(
            "realisation__indicator__activity__area__plan_id",
            "realisation__indicator_id",
            "realisation__period",
            "evidence_id",
        )
    )
    for ev_id, plan_pk, ind_pk, period, number, text, state in rows:
        out[ev_id].append(
            EvidenceCell(
                plan_pk=plan_pk,
                indicator_pk=ind_pk,
                period=period,
                label=f"{number} {text}".strip(),
                review_state=state,
            )
        )
    return out


def cells_for(evidence: list, by_evidence: dict[int, list[EvidenceCell]]) -> list[EvidenceCell]:
    """The distinct plan cells sharing any of a criterion's evidence items."""
    seen, out = set(), []
    for item in evidence:
        for cell in by_evidence.get(item.id, []):
            key = (cell.indicator_pk, cell.period)
            if key not in seen:
                seen.add(key)
                out.append(cell)
    return out
