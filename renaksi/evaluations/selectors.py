"""Reads, always given the viewer: worksheet scores, gaps, what-if, plan links, ranking."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, CharField, F, JSONField, Value, When
from django.http import Http404

from . import plan_links, scoring
from .models import Answer, AnswerEvidence, Instrument, Node, Worksheet


def _can_view(viewer, worksheet) -> bool:
    return viewer is None or viewer.has_perm("evaluations.view_worksheet", worksheet)


def worksheet_get(*, viewer, pk: int) -> Worksheet:
    ws = (
        Worksheet.objects.select_related("unit", "unit__parent", "instrument").filter(pk=pk).first()
    )
    if ws is None or not _can_view(viewer, ws):
        raise Http404
    return ws


def instrument_specs(instrument: Instrument) -> list[scoring.NodeSpec]:
    return [
        scoring.NodeSpec(
            id=n.id,
            parent_id=n.parent_id,
            kind=n.kind,
            code=n.code,
            name=n.name,
            weight=n.weight,
            answer_type=n.answer_type,
            options=tuple(n.options),
            formula=n.formula,
            position=n.position,
        )
        for n in instrument.nodes.order_by("position", "id")
    ]


def answers_map(answers) -> dict[int, tuple[str, list]]:
    return {a.criterion_id: a.current() for a in answers}


def worksheet_report(*, worksheet: Worksheet, viewer=None) -> dict:
    """Everything the worksheet page, the exports and the documents show."""
    if not _can_view(viewer, worksheet):
        raise Http404
    instrument = worksheet.instrument
    specs = instrument_specs(instrument)
    nodes = {n.id: n for n in instrument.nodes.all()}
    answers = list(worksheet.answers.all())
    by_criterion = {a.criterion_id: a for a in answers}
    amap = answers_map(answers)
    conversion = instrument.conversion
    live = scoring.score_tree(specs, amap, conversion=conversion)
    projected = scoring.score_tree(specs, amap, conversion=conversion, projected=True)
    weights = {s.id: s.weight for s in specs}
    gates = scoring.check_gates([_GateView(g) for g in instrument.gates.all()], projected, weights)
    links = defaultdict(list)
    for link in AnswerEvidence.objects.filter(answer__worksheet=worksheet).select_related(
        "evidence"
    ):
        links[link.answer_id].append(link.evidence)
    evidence_ids = {e.id for items in links.values() for e in items}
    by_evidence = plan_links.evidence_cells(evidence_ids)
    mapped = plan_links.mapped_indicators(worksheet=worksheet, nodes=nodes)
    criteria = []
    gaps = []
    for spec in specs:
        if spec.kind != "criterion":
            continue
        answer = by_criterion.get(spec.id)
        value, numbers = amap.get(spec.id, ("", []))
        evidence = links.get(answer.id, []) if answer else []
        answered = live.converted.get(spec.id) is not None
        row = {
            "node": nodes[spec.id],
            "answer": answer,
            "value": value,
            "numbers": numbers,
            "converted": live.converted.get(spec.id),
            "score": projected.by_node.get(spec.id, scoring.ZERO),
            "stage": answer.stage if answer else "",
            "evidence": evidence,
            "plan_cells": sum(len(by_evidence.get(e.id, ())) for e in evidence),
            "plan_indicators": mapped.get(spec.id, []),
            "evidence_cells": plan_links.cells_for(evidence, by_evidence),
        }
        criteria.append(row)
        if answered and not evidence:
            gaps.append((nodes[spec.id], "no_evidence"))
        elif answered and answer.stage == Answer.Stage.UNIT:
            gaps.append((nodes[spec.id], "not_verified"))
    components = [
        {"node": nodes[s.id], "score": projected.by_node[s.id]}
        for s in specs
        if s.parent_id is None
    ]
    bands = list(instrument.bands.all())
    return {
        "worksheet": worksheet,
        "instrument": instrument,
        "score": live.total,
        "projected": projected.total,
        "predikat": scoring.predikat(projected.total, bands) if bands else "",
        "components": components,
        "by_node": projected.by_node,
        "gates": gates,
        "criteria": criteria,
        "answered": live.answered,
        "total_criteria": live.criteria,
        "what_if": [
            (nodes[s.id], gain) for s, gain in scoring.what_if(specs, amap, conversion=conversion)
        ],
        "gaps": gaps,
    }


class _GateView:
    def __init__(self, gate):
        self.level, self.name, self.node_id = gate.level, gate.name, gate.node_id
        self.measure, self.threshold = gate.measure, gate.threshold


def plan_indicators_for(*, worksheet: Worksheet, criterion: Node):
    """Plan indicators of the worksheet's unit and year serving a criterion, with their
    realisation state, through the instrument's mapping (reform area + keywords)."""
    from renaksi.plans.models import Indicator

    area = criterion.reform_area or (criterion.parent.reform_area if criterion.parent else None)
    keywords = [
        k.strip().lower()
        for k in (
            criterion.keywords or (criterion.parent.keywords if criterion.parent else "")
        ).split(",")
        if k.strip()
    ]
    qs = Indicator.objects.filter(
        activity__area__plan__unit=worksheet.unit, activity__area__plan__year=worksheet.year
    ).select_related("activity__area", "sub_activity")
    if area:
        qs = qs.filter(activity__area__reform_area__number=area)
    rows = []
    for indicator in qs.prefetch_related("realisations"):
        sub = indicator.sub_activity.name if indicator.sub_activity_id else ""
        text = f"{indicator.text} {indicator.activity.name} {sub}".lower()
        if keywords and not any(k in text for k in keywords):
            continue
        states = [r.status for r in indicator.realisations.all()]
        rows.append({"indicator": indicator, "states": states})
    return rows


def ranking(*, viewer, unit, instrument: Instrument, year: int) -> list[dict]:
    """The children's (and deeper units') worksheets ranked by projected score.

    Fixed query count whatever the number of units: units, nodes, worksheets, answers, bands.
    """
    from renaksi.organisations.models import Unit

    if viewer is not None and not viewer.has_perm("evaluations.view_worksheet", _Holder(unit)):
        raise Http404
    units = list(Unit.objects.descendants(unit))
    specs = instrument_specs(instrument)
    worksheets = list(
        Worksheet.objects.filter(
            unit__in=[u.pk for u in units], instrument=instrument, year=year
        ).select_related("unit")
    )
    # The answer that counts (``Answer.current``) picked in SQL, read as tuples, not model
    # instances; the numbers (JSON) only where a formula reads them (``scoring.convert`` ignores
    # them elsewhere), so one JSON value is decoded per formula answer, not three per answer.
    final, assessor = Answer.Stage.FINAL, Answer.Stage.ASSESSOR

    def current(field: str, output_field) -> Case:
        return Case(
            When(stage=final, then=F(f"final_{field}")),
            When(stage=assessor, then=F(f"assessor_{field}")),
            default=F(f"unit_{field}"),
            output_field=output_field,
        )

    formula_ids = [s.id for s in specs if s.kind == "criterion" and s.formula]
    numbers = (
        Case(
            When(criterion_id__in=formula_ids, then=current("numbers", JSONField())),
            default=Value(None),
            output_field=JSONField(),
        )
        if formula_ids
        else Value(None, output_field=JSONField())
    )
    answers: dict[int, dict[int, tuple[str, list]]] = defaultdict(dict)
    for ws_id, crit_id, value, given in (
        Answer.objects.filter(worksheet__in=[w.pk for w in worksheets])
        .annotate(current_value=current("value", CharField()), current_numbers=numbers)
        .values_list("worksheet_id", "criterion_id", "current_value", "current_numbers")
    ):
        answers[ws_id][crit_id] = (value, given or [])
    bands = list(instrument.bands.all())
    # The tree compiled and each distinct answer converted once for the instrument, not per
    # worksheet (scoring.ProjectedScorer: score_tree's projected arithmetic, identical results).
    scorer = scoring.ProjectedScorer(specs, conversion=instrument.conversion)
    rows = []
    for ws in worksheets:
        total, answered, criteria = scorer.score(answers.get(ws.pk, {}))
        rows.append(
            {
                "worksheet": ws,
                "unit": ws.unit,
                "score": total,
                "predikat": scoring.predikat(total, bands) if bands else "",
                "answered": answered,
                "criteria": criteria,
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["unit"].code))
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
    return rows


class _Holder:
    def __init__(self, unit):
        self.unit = unit


def q2(value: Decimal) -> float:
    return float(value.quantize(scoring.CENT))
