"""The ranking's compiled scorer (scoring.ProjectedScorer) against the per-worksheet computation
it replaced (score_tree over each worksheet's Answer.current()), on a varied instrument and
varied answers: every answer type, options, a custom conversion, formulas, all three stages,
unanswered and invalid answers, a node with both criteria and sub-nodes, a missing weight."""

import random
from decimal import Decimal as D

from renaksi.conftest import UnitFactory
from renaksi.evaluations import scoring
from renaksi.evaluations.models import Answer, Node, Worksheet
from renaksi.evaluations.selectors import instrument_specs, ranking
from renaksi.evaluations.services import instrument_create


def _crit(code, answer_type, **extra):
    return {"kind": "criterion", "code": code, "name": code, "answer_type": answer_type, **extra}


def varied_spec(code="T-FAST"):
    return {
        "code": code,
        "name": "Uji cepat",
        "kind": "zi",
        "year_from": 2022,
        "year_to": 2022,
        "conversion": {**scoring.DEFAULT_CONVERSION, "abc": {"A": "1", "B": "0.6", "C": "0.1"}},
        "nodes": [
            {
                "kind": "component",
                "code": "P",
                "name": "Pengungkit",
                "weight": "60",
                "children": [
                    {
                        "kind": "subcomponent",
                        "code": "P.1",
                        "name": "Pilihan",
                        "weight": "13.7",
                        "children": [
                            _crit("P.1.a", "yes_no"),
                            _crit("P.1.b", "abc"),
                            _crit("P.1.c", "abcd"),
                            _crit("P.1.d", "abcde"),
                            _crit(
                                "P.1.e",
                                "abcd",
                                options=[
                                    {"code": "A", "value": "0.9"},
                                    {"code": "B", "value": "0.41"},
                                ],
                            ),
                        ],
                    },
                    {
                        "kind": "subcomponent",
                        "code": "P.2",
                        "name": "Angka",
                        "weight": "26.3",
                        "children": [
                            _crit("P.2.a", "percent"),
                            _crit("P.2.b", "number"),
                            _crit("P.2.c", "number", inputs=["x", "y"], formula="min(1, b / a)"),
                            _crit("P.2.d", "percent", inputs=["x", "y", "z"], formula="(a+b)/c"),
                        ],
                    },
                    {
                        "kind": "subcomponent",
                        "code": "P.3",
                        "name": "Campur",
                        "weight": "20",
                        "children": [
                            _crit("P.3.a", "yes_no"),
                            # Below a node with criteria: score_tree does not walk it.
                            {
                                "kind": "subcomponent",
                                "code": "P.3.x",
                                "name": "Tak dihitung",
                                "weight": "5",
                                "children": [_crit("P.3.x.a", "yes_no")],
                            },
                        ],
                    },
                ],
            },
            {
                "kind": "component",
                "code": "H",
                "name": "Hasil",
                "weight": "40",
                "children": [
                    {
                        "kind": "subcomponent",
                        "code": "H.1",
                        "name": "Tanpa bobot",
                        "weight": None,
                        "children": [_crit("H.1.a", "abcd")],
                    },
                    {
                        "kind": "subcomponent",
                        "code": "H.2",
                        "name": "Sepertiga",
                        "weight": "40",
                        "children": [_crit(f"H.2.{i}", "abc") for i in range(3)],
                    },
                ],
            },
        ],
        "bands": [("A", "", "50", "100"), ("B", "", "20", "50"), ("C", "", None, "20")],
        "gates": [("WBK", "Total", None, "absolute", "60")],
    }


CHOICES = {
    "yes_no": ["Y", "T", "y", "Ya", "TIDAK", "X", "", " Y "],
    "abc": ["A", "B", "C", "a", "D", ""],
    "abcd": ["A", "B", "C", "D", "E", "", "b"],
    "abcde": ["A", "B", "C", "D", "E", "F", ""],
}
NUMBERS = ["0", "50", "99.5", "100", "150", "-3", "1,5", "abc", "", "0.333", "1E+2"]
INPUTS = [[], ["4", "3"], ["3", "4"], ["0", "2"], ["2", ""], ["x", "1"], [5, 2.5], ["1,5", "3"]]


def _value(rng, node):
    if node.answer_type in CHOICES:
        return rng.choice(CHOICES[node.answer_type]), []
    if node.formula:
        numbers = list(rng.choice(INPUTS))
        if "c" in node.formula and numbers:
            numbers.append(rng.choice(["3", "0", "7"]))
        return "", numbers
    return rng.choice(NUMBERS), []


def _old_ranking_scores(instrument, worksheets):
    """The per-worksheet computation the ranking ran before the compiled scorer."""
    specs = instrument_specs(instrument)
    out = {}
    for ws in worksheets:
        amap = {a.criterion_id: a.current() for a in ws.answers.all()}
        s = scoring.score_tree(specs, amap, conversion=instrument.conversion, projected=True)
        out[ws.unit.code] = (s.total, s.answered, s.criteria)
    return out


def test_ranking_scores_equal_the_per_worksheet_score_tree(tree, django_assert_num_queries):
    instrument = instrument_create(spec=varied_spec(), publish=True)
    units = [
        UnitFactory(code=f"17.{20 + i}", name=f"KPU Kabupaten Cepat {i}", parent=tree.bengkulu)
        for i in range(60)
    ]
    sheets = Worksheet.objects.bulk_create(
        [Worksheet(unit=u, instrument=instrument, year=2022) for u in units]
    )
    criteria = list(instrument.nodes.filter(kind=Node.Kind.CRITERION).order_by("code"))
    rng = random.Random(19)
    answers = []
    for i, ws in enumerate(sheets):
        if i % 17 == 5:
            continue  # a worksheet without answers
        for node in criteria:
            if rng.random() < 0.15:
                continue
            stage = rng.choice(list(Answer.Stage))
            fields = {}
            for prefix in ("unit", "assessor", "final"):
                value, numbers = _value(rng, node)
                fields[f"{prefix}_value"], fields[f"{prefix}_numbers"] = value, numbers
            answers.append(Answer(worksheet=ws, criterion=node, stage=stage, **fields))
    Answer.objects.bulk_create(answers)
    # Two worksheets with the same answers: a tie, broken by unit code.
    twins = [a for a in answers if a.worksheet_id == sheets[0].pk]
    Answer.objects.filter(worksheet=sheets[1]).delete()
    Answer.objects.bulk_create(
        [
            Answer(
                worksheet=sheets[1],
                criterion_id=a.criterion_id,
                stage=a.stage,
                unit_value=a.unit_value,
                unit_numbers=a.unit_numbers,
                assessor_value=a.assessor_value,
                assessor_numbers=a.assessor_numbers,
                final_value=a.final_value,
                final_numbers=a.final_numbers,
            )
            for a in twins
        ]
    )

    # units, nodes, worksheets, answers, bands: as before, formulas or not
    with django_assert_num_queries(5):
        rows = ranking(viewer=None, unit=tree.bengkulu, instrument=instrument, year=2022)

    old = _old_ranking_scores(
        instrument, Worksheet.objects.filter(pk__in=[w.pk for w in sheets]).select_related("unit")
    )
    got = {r["unit"].code: (r["score"], r["answered"], r["criteria"]) for r in rows}
    assert got == old
    # Same Decimal digits, not only equal values.
    assert {k: str(v[0]) for k, v in got.items()} == {k: str(v[0]) for k, v in old.items()}
    expected_order = sorted(old, key=lambda code: (-old[code][0], code))
    assert [r["unit"].code for r in rows] == expected_order
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    bands = list(instrument.bands.all())
    assert all(r["predikat"] == scoring.predikat(old[r["unit"].code][0], bands) for r in rows)
    # The dataset is varied: scores spread, some answered partly, the twins tie.
    assert len({v[0] for v in old.values()}) > 30
    assert got[units[0].code] == got[units[1].code]
    assert {v[2] for v in old.values()} == {14}


def test_projected_scorer_equals_score_tree_on_random_answers():
    nodes = [
        scoring.NodeSpec(1, None, "component", "P", "P", D("60")),
        scoring.NodeSpec(2, 1, "subcomponent", "P.1", "P.1", D("7.3")),
        scoring.NodeSpec(3, 2, "criterion", "a", "a", None, "abcd"),
        scoring.NodeSpec(4, 2, "criterion", "b", "b", None, "percent"),
        scoring.NodeSpec(5, 2, "criterion", "c", "c", None, "number", (), "b / a"),
        scoring.NodeSpec(6, 1, "subcomponent", "P.2", "P.2", D("11.1")),
        scoring.NodeSpec(
            7, 6, "criterion", "d", "d", None, "abc", ({"code": "B", "value": "0.7"},)
        ),
        scoring.NodeSpec(8, None, "component", "H", "H", None),
        scoring.NodeSpec(9, 8, "criterion", "e", "e", None, "yes_no"),
    ]
    scorer = scoring.ProjectedScorer(nodes)
    rng = random.Random(7)
    for _ in range(300):
        answers = {}
        for crit, pool in [
            (3, CHOICES["abcd"]),
            (4, NUMBERS),
            (7, CHOICES["abc"]),
            (9, CHOICES["yes_no"]),
        ]:
            if rng.random() < 0.8:
                answers[crit] = (rng.choice(pool), [])
        if rng.random() < 0.8:
            answers[5] = ("", list(rng.choice(INPUTS)))
        s = scoring.score_tree(nodes, answers, projected=True)
        total, answered, criteria = scorer.score(answers)
        assert (str(total), answered, criteria) == (str(s.total), s.answered, s.criteria)
