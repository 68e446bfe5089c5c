"""Scoring rules, pure: conversion, sub-component score, totals, predikat, ZI gates.

Works on plain values (``NodeSpec``) so a province ranking scores hundreds of worksheets from two
queries. Every number is a ``Decimal``; rounding happens only for display (2 places).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")

# The 26/2020 and 90/2021 conversion table (domain.md §2.3, evaluations/README §1.1).
DEFAULT_CONVERSION: dict[str, dict[str, str]] = {
    "yes_no": {"Y": "1", "T": "0"},
    "abc": {"A": "1", "B": "0.5", "C": "0"},
    "abcd": {"A": "1", "B": "0.67", "C": "0.33", "D": "0"},
    "abcde": {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"},
}
CHOICE_TYPES = frozenset(DEFAULT_CONVERSION)
NUMERIC_TYPES = frozenset({"number", "percent"})


@dataclass(frozen=True)
class NodeSpec:
    id: int
    parent_id: int | None
    kind: str
    code: str
    name: str
    weight: Decimal | None
    answer_type: str = ""
    options: tuple = ()
    formula: str = ""
    position: int = 0


@dataclass
class Score:
    by_node: dict[int, Decimal]
    total: Decimal
    answered: int
    criteria: int
    converted: dict[int, Decimal | None] = field(default_factory=dict)


class FormulaError(ValueError):
    pass


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCS = {"min": min, "max": max}


def formula_eval(formula: str, numbers: list) -> Decimal:
    """Evaluate a criterion formula over its inputs ``a, b, c, …`` (exact decimals).

    Only + − × ÷, parentheses, numbers, ``min`` and ``max`` are allowed. Division by zero gives 0
    (e.g. no complaints to handle: the LKE apps score 0).
    """
    names = {chr(ord("a") + i): _decimal(v) for i, v in enumerate(numbers)}
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(formula) from exc

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            if node.id not in names or names[node.id] is None:
                raise FormulaError(formula)
            return names[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                return ZERO
            return _BINOPS[type(node.op)](left, right)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCS
            and not node.keywords
        ):
            return _FUNCS[node.func.id](*(ev(a) for a in node.args))
        raise FormulaError(formula)

    return ev(tree)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def convert(
    answer_type: str,
    value: str,
    numbers: list | None = None,
    *,
    conversion: Mapping | None = None,
    options: Iterable = (),
    formula: str = "",
) -> Decimal | None:
    """An answer's converted value in 0..1, or None when it is not (validly) answered."""
    numbers = numbers or []
    value = (value or "").strip()
    if answer_type in CHOICE_TYPES:
        if not value:
            return None
        key = value.upper()
        for option in options:
            if str(option.get("code", "")).upper() == key and "value" in option:
                return Decimal(str(option["value"]))
        table = (conversion or {}).get(answer_type) or DEFAULT_CONVERSION[answer_type]
        if key in {"YA"}:
            key = "Y"
        if key in {"TIDAK"}:
            key = "T"
        raw = table.get(key)
        return None if raw is None else Decimal(str(raw))
    if answer_type in NUMERIC_TYPES:
        if formula:
            if not numbers or any(_decimal(n) is None for n in numbers):
                return None
            return _clamp(formula_eval(formula, numbers))
        number = _decimal(value)
        if number is None:
            return None
        return _clamp(number / 100 if answer_type == "percent" else number)
    return None


def best_value(spec: NodeSpec, conversion: Mapping | None = None) -> Decimal:
    """The highest converted value an answer to this criterion can reach."""
    if spec.answer_type in CHOICE_TYPES:
        values = [Decimal(str(o["value"])) for o in spec.options if "value" in o]
        table = (conversion or {}).get(spec.answer_type) or DEFAULT_CONVERSION[spec.answer_type]
        values += [Decimal(str(v)) for v in table.values()]
        return max(values)
    return ONE


def score_tree(
    nodes: list[NodeSpec],
    answers: Mapping[int, tuple[str, list]],
    *,
    conversion: Mapping | None = None,
    projected: bool = False,
) -> Score:
    """Score every node.

    A node whose children are criteria scores mean(converted answers) × weight. Live scoring
    averages the answered criteria; projected scoring counts unanswered criteria as 0. Other nodes
    sum their children.
    """
    children: dict[int | None, list[NodeSpec]] = {}
    for spec in nodes:
        children.setdefault(spec.parent_id, []).append(spec)
    by_node: dict[int, Decimal] = {}
    converted: dict[int, Decimal | None] = {}
    counts = {"answered": 0, "criteria": 0}

    def walk(spec: NodeSpec) -> Decimal:
        kids = children.get(spec.id, [])
        criteria = [k for k in kids if k.kind == "criterion"]
        if criteria:
            values = []
            for crit in criteria:
                counts["criteria"] += 1
                value, numbers = answers.get(crit.id, ("", []))
                c = convert(
                    crit.answer_type,
                    value,
                    numbers,
                    conversion=conversion,
                    options=crit.options,
                    formula=crit.formula,
                )
                converted[crit.id] = c
                if c is not None:
                    counts["answered"] += 1
                    values.append(c)
                elif projected:
                    values.append(ZERO)
            n = len(criteria) if projected else len(values)
            mean = sum(values, ZERO) / n if n else ZERO
            result = mean * (spec.weight or ZERO)
            for crit in criteria:
                by_node[crit.id] = (
                    (converted[crit.id] or ZERO) * (spec.weight or ZERO) / len(criteria)
                )
        else:
            result = sum((walk(k) for k in kids if k.kind != "criterion"), ZERO)
        by_node[spec.id] = result
        return result

    total = sum((walk(root) for root in children.get(None, [])), ZERO)
    return Score(by_node, total, counts["answered"], counts["criteria"], converted)


def what_if(
    nodes: list[NodeSpec], answers: Mapping[int, tuple[str, list]], *, conversion=None
) -> list[tuple[NodeSpec, Decimal]]:
    """For each unanswered criterion, the projected score gained by its best answer."""
    by_parent: dict[int | None, list[NodeSpec]] = {}
    by_id = {n.id: n for n in nodes}
    for spec in nodes:
        by_parent.setdefault(spec.parent_id, []).append(spec)
    gains = []
    for spec in nodes:
        if spec.kind != "criterion":
            continue
        value, numbers = answers.get(spec.id, ("", []))
        c = convert(
            spec.answer_type,
            value,
            numbers,
            conversion=conversion,
            options=spec.options,
            formula=spec.formula,
        )
        if c is not None:
            continue
        parent = by_id.get(spec.parent_id)
        if parent is None:
            continue
        siblings = [k for k in by_parent[parent.id] if k.kind == "criterion"]
        gain = best_value(spec, conversion) * (parent.weight or ZERO) / len(siblings)
        gains.append((spec, gain))
    gains.sort(key=lambda pair: (-pair[1], pair[0].position))
    return gains


def predikat(score: Decimal, bands: Iterable) -> str:
    """The band holding ``score``: lower < score ≤ upper (left-open); lower None is the floor."""
    for band in sorted(bands, key=lambda b: b.upper, reverse=True):
        lower = band.lower
        if (lower is None or score > lower) and score <= band.upper:
            return band.label
    top = max(bands, key=lambda b: b.upper, default=None)
    if top is not None and score > top.upper:
        return top.label
    return ""


@dataclass(frozen=True)
class GateResult:
    level: str
    name: str
    required: Decimal
    value: Decimal
    passed: bool
    percent: bool

    @property
    def shortfall(self) -> str:
        if self.passed:
            return ""
        if self.percent:
            return f"{self.name} {fmt(self.value, 0)} % < {fmt(self.required, 0)} %"
        return f"{self.name} {fmt(self.value)} < {fmt(self.required)}"


def fmt(value: Decimal, places: int = 2) -> str:
    """Indonesian number format: 1.234,5 (``places`` decimals)."""
    q = Decimal(1).scaleb(-places)
    text = f"{value.quantize(q):,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def check_gates(gates: Iterable, score: Score, weights: Mapping[int, Decimal]) -> list[GateResult]:
    """Each gate pass/fail. ``gates`` carry level, name, node_id (None = total), measure,
    threshold; percentage gates compare the node's score with its weight."""
    results = []
    for gate in gates:
        value = score.total if gate.node_id is None else score.by_node.get(gate.node_id, ZERO)
        percent = gate.measure == "percent"
        if percent:
            weight = weights.get(gate.node_id) or ZERO
            value = value / weight * 100 if weight else ZERO
        value = value.quantize(CENT)
        required = Decimal(gate.threshold)
        results.append(
            GateResult(gate.level, gate.name, required, value, value >= required, percent)
        )
    return results


class ProjectedScorer:
    """``score_tree(..., projected=True)``'s total, answered and criteria for many worksheets of
    one instrument (the ranking): the tree is walked and compiled once, and each distinct answer
    is converted once, not once per worksheet.

    The arithmetic is ``score_tree``'s, in the same order (the same ``Decimal`` operations on the
    same values), so the scores are identical, not just close.
    """

    def __init__(self, nodes: list[NodeSpec], *, conversion: Mapping | None = None):
        self.conversion = conversion
        children: dict[int | None, list[NodeSpec]] = {}
        for spec in nodes:
            children.setdefault(spec.parent_id, []).append(spec)

        # A plan per walked node: (weight, criteria) for a node whose children are criteria
        # (score_tree ignores its other children), else (None, [child plans]).
        def compile_(spec: NodeSpec):
            kids = children.get(spec.id, [])
            criteria = tuple(k for k in kids if k.kind == "criterion")
            if criteria:
                return (spec.weight or ZERO, criteria)
            return (None, [compile_(k) for k in kids if k.kind != "criterion"])

        self.plans = [compile_(root) for root in children.get(None, [])]
        self.criteria = sum(self._count(p) for p in self.plans)
        self._converted: dict[tuple, Decimal | None] = {}

    def _count(self, plan) -> int:
        weight, inner = plan
        return len(inner) if weight is not None else sum(self._count(p) for p in inner)

    def _convert(self, crit: NodeSpec, value: str, numbers) -> Decimal | None:
        # convert() reads the numbers only through a formula, and each only as str(number).
        key = (crit.id, value, tuple(map(str, numbers)) if crit.formula and numbers else ())
        if key in self._converted:
            return self._converted[key]
        c = convert(
            crit.answer_type,
            value,
            numbers,
            conversion=self.conversion,
            options=crit.options,
            formula=crit.formula,
        )
        self._converted[key] = c
        return c

    def score(self, answers: Mapping[int, tuple[str, list]]) -> tuple[Decimal, int, int]:
        """(total, answered, criteria) as ``score_tree(..., projected=True)`` gives them."""
        answered = 0
        missing = ("", [])

        def walk(plan) -> Decimal:
            nonlocal answered
            weight, inner = plan
            if weight is None:
                return sum((walk(p) for p in inner), ZERO)
            values = []
            for crit in inner:
                value, numbers = answers.get(crit.id, missing)
                c = self._convert(crit, value, numbers)
                if c is not None:
                    answered += 1
                    values.append(c)
                else:
                    values.append(ZERO)
            return sum(values, ZERO) / len(inner) * weight

        total = sum((walk(p) for p in self.plans), ZERO)
        return total, answered, self.criteria
