"""Golden tests for every scoring rule."""

from decimal import Decimal as D

import pytest

from renaksi.evaluations import scoring
from renaksi.evaluations.builtin import BANDS_26_2020
from renaksi.evaluations.scoring import NodeSpec


@pytest.mark.parametrize(
    ("answer_type", "value", "expected"),
    [
        ("yes_no", "Y", "1"),
        ("yes_no", "T", "0"),
        ("yes_no", "ya", "1"),
        ("abc", "A", "1"),
        ("abc", "B", "0.5"),
        ("abc", "C", "0"),
        ("abcd", "A", "1"),
        ("abcd", "B", "0.67"),
        ("abcd", "C", "0.33"),
        ("abcd", "D", "0"),
        ("abcde", "A", "1"),
        ("abcde", "B", "0.75"),
        ("abcde", "C", "0.5"),
        ("abcde", "D", "0.25"),
        ("abcde", "E", "0"),
        ("percent", "52", "0.52"),
        ("percent", "120", "1"),
        ("number", "0.4", "0.4"),
    ],
)
def test_conversion_of_every_answer_type(answer_type, value, expected):
    assert scoring.convert(answer_type, value) == D(expected)


def test_invalid_or_missing_answers_do_not_convert():
    assert scoring.convert("abc", "D") is None
    assert scoring.convert("abcd", "") is None
    assert scoring.convert("percent", "abc") is None


def test_formula_criteria_use_their_inputs_and_are_capped():
    # Agen perubahan: perubahan ÷ agen, capped at 1.
    assert scoring.convert("number", "", ["4", "3"], formula="min(1, b / a)") == D("0.75")
    assert scoring.convert("number", "", ["2", "5"], formula="min(1, b / a)") == D(1)
    # Penurunan pelanggaran disiplin = (tahun lalu − tahun ini) ÷ tahun lalu.
    assert scoring.convert("number", "", ["10", "4", "4"], formula="(a - b) / a") == D("0.6")
    # No complaints to handle: 0, as the LKE apps do.
    assert scoring.convert("number", "", ["0", "0", "0"], formula="c / a") == D(0)
    assert scoring.convert("number", "", [], formula="b / a") is None


def test_formula_refuses_anything_but_arithmetic():
    with pytest.raises(scoring.FormulaError):
        scoring.formula_eval("__import__('os')", [1])


def test_options_with_their_own_values_override_the_table():
    options = [{"code": "A", "value": 1.0}, {"code": "B", "value": 0.67}]
    assert scoring.convert("abcde", "B", options=options) == D("0.67")


def _tree():
    return [
        NodeSpec(1, None, "component", "A", "Pengungkit", D(60)),
        NodeSpec(2, 1, "subcomponent", "A.1", "Tim", D("0.40")),
        NodeSpec(3, 2, "criterion", "A.1.a", "q1", None, "yes_no"),
        NodeSpec(4, 2, "criterion", "A.1.b", "q2", None, "abcd"),
        NodeSpec(5, 2, "criterion", "A.1.c", "q3", None, "abc"),
        NodeSpec(6, 1, "subcomponent", "A.2", "Road map", D(2)),
        NodeSpec(7, 6, "criterion", "A.2.a", "q4", None, "abcde"),
    ]


def test_sub_component_score_is_the_mean_of_converted_answers_times_weight():
    answers = {3: ("Y", []), 4: ("C", []), 5: ("B", [])}
    s = scoring.score_tree(_tree(), answers, projected=True)
    # (1 + 0.33 + 0.5) / 3 × 0.40 = 0.244
    assert s.by_node[2] == D("0.244")


def test_live_and_projected_scores_and_what_if():
    answers = {3: ("Y", []), 4: ("C", [])}
    live = scoring.score_tree(_tree(), answers)
    projected = scoring.score_tree(_tree(), answers, projected=True)
    assert live.by_node[2] == (D(1) + D("0.33")) / 2 * D("0.40")
    assert projected.by_node[2] == (D(1) + D("0.33")) / 3 * D("0.40")
    assert projected.by_node[6] == 0
    gains = scoring.what_if(_tree(), answers)
    assert [(s.code, g) for s, g in gains] == [("A.2.a", D(2)), ("A.1.c", D("0.40") / 3)]


class Band:
    def __init__(self, label, lower, upper):
        self.label = label
        self.lower = None if lower is None else D(lower)
        self.upper = D(upper)


@pytest.mark.parametrize(
    ("score", "label"),
    [
        ("100", "AA"),
        ("90.01", "AA"),
        ("90", "A"),
        ("80.01", "A"),
        ("80", "BB"),
        ("70.01", "BB"),
        ("70", "B"),
        ("60.01", "B"),
        ("60", "CC"),
        ("50.01", "CC"),
        ("50", "C"),
        ("30.01", "C"),
        ("30", "D"),
        ("0", "D"),
    ],
)
def test_predikat_at_every_band_boundary(score, label):
    bands = [Band(lbl, lo, up) for lbl, _d, lo, up in BANDS_26_2020]
    assert scoring.predikat(D(score), bands) == label


class Gate:
    def __init__(self, level, name, node_id, measure, threshold):
        self.level, self.name, self.node_id = level, name, node_id
        self.measure, self.threshold = measure, D(threshold)


@pytest.mark.parametrize(
    ("value", "threshold", "passed"),
    [("75", "75", True), ("74.99", "75", False), ("85", "85", True), ("84.99", "85", False)],
)
def test_total_gate_at_its_threshold(value, threshold, passed):
    s = scoring.Score({}, D(value), 0, 0)
    [result] = scoring.check_gates([Gate("WBK", "Total", None, "absolute", threshold)], s, {})
    assert result.passed is passed


@pytest.mark.parametrize(
    ("score", "threshold", "passed"),
    [("4.50", "60", True), ("4.49", "60", False), ("5.625", "75", True), ("5.62", "75", False)],
)
def test_percentage_area_gate_at_its_threshold(score, threshold, passed):
    s = scoring.Score({9: D(score)}, D(0), 0, 0)
    [result] = scoring.check_gates(
        [Gate("WBK", "Pengawasan", 9, "percent", threshold)], s, {9: D("7.5")}
    )
    assert result.passed is passed


def test_gate_shortfall_text():
    s = scoring.Score({9: D("3.90")}, D(0), 0, 0)
    [result] = scoring.check_gates(
        [Gate("WBK", "Pengawasan", 9, "percent", "60")], s, {9: D("7.5")}
    )
    assert result.shortfall == "Pengawasan 52 % < 60 %"


@pytest.mark.parametrize(
    ("score", "threshold", "passed"),
    [
        ("18.25", "18.25", True),
        ("18.24", "18.25", False),
        ("19.50", "19.50", True),
        ("14.00", "14.00", True),
        ("13.99", "14.00", False),
        ("40", "40", True),
        ("47.99", "48", False),
    ],
)
def test_absolute_zi_gates_at_their_threshold(score, threshold, passed):
    s = scoring.Score({1: D(score)}, D(0), 0, 0)
    [result] = scoring.check_gates([Gate("WBK", "HB", 1, "absolute", threshold)], s, {})
    assert result.passed is passed
