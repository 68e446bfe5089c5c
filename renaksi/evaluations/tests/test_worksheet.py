import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from renaksi.evaluations.builtin import pmprb_2020
from renaksi.evaluations.models import AnswerEvidence, Instrument, Node
from renaksi.evaluations.selectors import ranking, worksheet_report
from renaksi.evaluations.services import (
    EvaluationError,
    answer_assess,
    answer_evidence_upload,
    answer_review,
    answer_save,
    builtin_load,
    instrument_create,
    instrument_publish,
    worksheet_open,
)
from renaksi.monitoring.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def small_spec(code="T-1"):
    return {
        "code": code,
        "name": "Uji",
        "kind": "zi",
        "year_from": 2022,
        "year_to": 2022,
        "nodes": [
            {
                "kind": "component",
                "code": "P",
                "name": "Pengungkit",
                "weight": "10",
                "children": [
                    {
                        "kind": "subcomponent",
                        "code": "P.1",
                        "name": "Pengawasan",
                        "weight": "7.5",
                        "children": [
                            {
                                "kind": "criterion",
                                "code": "P.1.a",
                                "name": "q1",
                                "answer_type": "yes_no",
                            },
                            {
                                "kind": "criterion",
                                "code": "P.1.b",
                                "name": "q2",
                                "answer_type": "abcd",
                            },
                        ],
                    },
                    {
                        "kind": "subcomponent",
                        "code": "P.2",
                        "name": "Tatalaksana",
                        "weight": "2.5",
                        "children": [
                            {
                                "kind": "criterion",
                                "code": "P.2.a",
                                "name": "q3",
                                "answer_type": "number",
                                "inputs": ["x", "y"],
                                "formula": "min(1, b / a)",
                            },
                        ],
                    },
                ],
            }
        ],
        "bands": [("A", "", "5", "10"), ("B", "", None, "5")],
        "gates": [
            ("WBK", "Pengawasan", "P.1", "percent", "60"),
            ("WBK", "Total", None, "absolute", "7"),
        ],
    }


@pytest.fixture
def sheet(tree, people):
    instrument = instrument_create(spec=small_spec(), publish=True)
    ws = worksheet_open(
        unit=tree.bengkulu_tengah, instrument=instrument, year=2022, actor=people.sekretaris
    )
    crit = {n.code: n for n in instrument.nodes.filter(kind=Node.Kind.CRITERION)}
    return ws, crit


def test_worksheet_scored_by_hand(sheet, people):
    ws, crit = sheet
    answer_save(worksheet=ws, criterion=crit["P.1.a"], value="Y", actor=people.sekretaris)
    answer_save(worksheet=ws, criterion=crit["P.1.b"], value="D", actor=people.sekretaris)
    report = worksheet_report(worksheet=ws, viewer=people.province_sekretaris)
    # P.1 = (1 + 0) / 2 × 7.5 = 3.75 (50 % < 60 %); P.2 unanswered: 0 projected.
    assert report["by_node"][crit["P.1.a"].parent_id] == D("3.75")
    assert report["projected"] == D("3.75")
    assert report["predikat"] == "B"
    gates = {g.name: g for g in report["gates"]}
    assert gates["Pengawasan"].shortfall == "Pengawasan 50 % < 60 %"
    assert [n.code for n, _g in report["what_if"]] == ["P.2.a"]
    answer_save(worksheet=ws, criterion=crit["P.2.a"], numbers=["4", "3"], actor=people.sekretaris)
    report = worksheet_report(worksheet=ws, viewer=people.sekretaris)
    # + 0.75 × 2.5 = 1.875 → 5.625 → A (left-open above 5)
    assert report["projected"] == D("5.625")
    assert report["predikat"] == "A"
    assert {code for code, kind in [(n.code, k) for n, k in report["gaps"]]} == {
        "P.1.a",
        "P.1.b",
        "P.2.a",
    }


def test_stages_keep_each_answer_and_separate_duties(sheet, people, tree):
    ws, crit = sheet
    answer = answer_save(worksheet=ws, criterion=crit["P.1.b"], value="A", actor=people.sekretaris)
    with pytest.raises(PermissionDenied):
        answer_assess(answer=answer, actor=people.sekretaris)  # not an assessor
    with pytest.raises(EvaluationError):
        answer_assess(answer=answer, actor=people.asesor, value="B")  # a correction needs a note
    answer = answer_assess(answer=answer, actor=people.asesor, value="B", note="Belum lengkap.")
    with pytest.raises(EvaluationError):
        answer_save(worksheet=ws, criterion=crit["P.1.b"], value="A", actor=people.sekretaris)
    with pytest.raises(PermissionDenied):
        answer_review(answer=answer, actor=people.sibling_sekretaris)
    answer = answer_review(answer=answer, actor=people.province_sekretaris)
    assert (answer.unit_value, answer.assessor_value, answer.final_value) == ("A", "B", "B")
    assert answer.stage == "final"
    assert answer.history.count() == 4  # created, then one row per stage


def test_nobody_reviews_an_answer_they_wrote(sheet, people, tree):
    from renaksi.conftest import member
    from renaksi.organisations.models import Membership

    ws, crit = sheet
    member(people.sekretaris, tree.bengkulu_tengah, Membership.Role.ASESOR)
    answer = answer_save(worksheet=ws, criterion=crit["P.1.a"], value="Y", actor=people.sekretaris)
    with pytest.raises(PermissionDenied):
        answer_assess(answer=answer, actor=people.sekretaris)


def test_evidence_is_the_same_library_row_as_plan_cells(sheet, people):
    ws, crit = sheet
    answer = answer_save(worksheet=ws, criterion=crit["P.1.a"], value="Y", actor=people.sekretaris)
    first = answer_evidence_upload(answer=answer, name="sk.pdf", data=PDF, actor=people.sekretaris)
    other = answer_save(worksheet=ws, criterion=crit["P.1.b"], value="A", actor=people.sekretaris)
    second = answer_evidence_upload(
        answer=other, name="salinan.pdf", data=PDF, actor=people.sekretaris
    )
    assert first.evidence_id == second.evidence_id
    assert Evidence.objects.filter(unit=ws.unit).count() == 1
    assert AnswerEvidence.objects.count() == 2
    with pytest.raises(EvaluationError):
        answer_evidence_upload(answer=answer, name="x.exe", data=b"MZ\x00", actor=people.sekretaris)


def test_published_instrument_never_changes(tree):
    instrument = instrument_create(spec=small_spec("T-2"))
    instrument_publish(instrument=instrument)
    with pytest.raises(EvaluationError):
        instrument_publish(instrument=instrument)
    from renaksi.evaluations.models import PublishedInstrumentError

    node = instrument.nodes.get(code="P.1")
    node.weight = D(99)
    with pytest.raises(PublishedInstrumentError):
        node.save()
    instrument.name = "Diubah"
    with pytest.raises(PublishedInstrumentError):
        instrument.save()
    with pytest.raises(PublishedInstrumentError):
        instrument.gates.first().delete()
    assert instrument.nodes.get(code="P.1").weight == D("7.5")


def test_builtin_instruments_load_with_their_trees(db):
    builtin_load()
    builtin_load()  # idempotent
    pmprb = Instrument.objects.get(code="PMPRB-2020")
    zi = Instrument.objects.get(code="LKE-ZI-2023")
    top = {n.code: n.weight for n in pmprb.nodes.filter(parent=None)}
    assert top == {"A": D(60), "B": D(40)}
    assert pmprb.nodes.filter(weight_confirmed=False).exists()
    assert zi.nodes.filter(kind="criterion").count() == 108 + 3  # 108 questions + 3 Hasil items
    assert zi.gates.count() > 20 and pmprb.bands.count() == 7
    assert sum(n.weight for n in zi.nodes.filter(parent=None)) == 100
    assert pmprb_2020()["basis"].endswith("26 Tahun 2020")


def test_ranking_has_a_fixed_query_count(tree, people, django_assert_num_queries):
    instrument = instrument_create(spec=small_spec("T-3"), publish=True)
    for unit, user in [
        (tree.bengkulu_tengah, people.sekretaris),
        (tree.bengkulu_selatan, people.sibling_sekretaris),
    ]:
        ws = worksheet_open(unit=unit, instrument=instrument, year=2022, actor=user)
        for node in instrument.nodes.filter(kind="criterion", answer_type="yes_no"):
            answer_save(
                worksheet=ws,
                criterion=node,
                value="Y" if unit == tree.bengkulu_selatan else "T",
                actor=user,
            )
    with django_assert_num_queries(7):
        rows = ranking(
            viewer=people.province_sekretaris, unit=tree.bengkulu, instrument=instrument, year=2022
        )
    assert [r["unit"].code for r in rows] == ["17.01", "17.09"]
    assert rows[0]["score"] == D("3.75")


def test_export_evaluation_json(sheet, people, tmp_path):
    ws, crit = sheet
    answer_save(worksheet=ws, criterion=crit["P.1.a"], value="Y", actor=people.sekretaris)
    out = tmp_path / "out.json"
    call_command("export_evaluation", unit="17.09", year=2022, output=str(out))
    [data] = json.loads(out.read_text())
    assert data["instrument"]["code"] == "T-1"
    assert set(data) >= {"instrument", "score", "predikat", "components", "gates", "criteria"}
    assert data["components"][0] == {
        "code": "P",
        "name": "Pengungkit",
        "weight": 10.0,
        "score": 3.75,
    }
    assert data["gates"][0] == {
        "name": "WBK Pengawasan",
        "required": 60.0,
        "value": 50.0,
        "pass": False,
    }
    first = data["criteria"][0]
    assert first == {
        "code": "P.1.a",
        "answer": "Y",
        "score": 3.75,
        "stage": "unit",
        "evidence": 0,
        "plan_cells": 0,
    }
    call_command("export_evaluation", unit="17.09", year=2022, instrument="T-1", output=str(out))
    assert json.loads(out.read_text())["score"] == 3.75


def test_stage_windows_count_working_days(sheet, people):
    from datetime import date

    from renaksi.evaluations.models import StageWindow
    from renaksi.evaluations.windows import window_closes, window_refusal
    from renaksi.monitoring.models import Holiday

    ws, crit = sheet
    Holiday.objects.update_or_create(
        date=date(2022, 5, 17), defaults={"name": "Waisak", "kind": "public", "source": "manual"}
    )
    window = StageWindow.objects.create(
        instrument=ws.instrument, year=2022, stage="unit", opens_on=date(2022, 5, 16), workdays=5
    )
    # 16 (Mon), 18, 19, 20, 23: the holiday on the 17th and the weekend are not counted.
    assert window_closes(window) == date(2022, 5, 23)
    kwargs = {"instrument": ws.instrument, "year": 2022, "stage": "unit"}
    assert window_refusal(**kwargs, today=date(2022, 5, 23)) == ""
    assert "23-05-2022" in window_refusal(**kwargs, today=date(2022, 5, 24))
    with pytest.raises(EvaluationError, match="Penilaian mandiri"):
        answer_save(worksheet=ws, criterion=crit["P.1.a"], value="Y", actor=people.sekretaris)


def test_plan_indicators_serving_a_criterion(small_plan, cells, people, tree):
    from renaksi.evaluations.models import Worksheet
    from renaksi.evaluations.selectors import plan_indicators_for
    from renaksi.evaluations.services import instrument_build
    from renaksi.evaluations.tests.test_browser import save  # noqa: F401 - shared helper

    spec = small_spec("T-PLAN")
    spec["nodes"][0]["children"][0].update(reform_area=1, keywords="tim rb")
    instrument = instrument_build(spec=spec, publish=True)
    ws = Worksheet.objects.create(unit=tree.bengkulu_tengah, instrument=instrument, year=2023)
    save(cells.sk, 1, people.sekretaris)
    criterion = instrument.nodes.get(code="P.1.a")
    rows = plan_indicators_for(worksheet=ws, criterion=criterion)
    found = {r["indicator"].text: r["states"] for r in rows}
    assert found == {"SK Tim RB": [], "Tersedianya SK": ["in_progress"]}
    other = instrument.nodes.get(code="P.2.a")  # no mapping: every indicator of the plan
    assert len(plan_indicators_for(worksheet=ws, criterion=other)) == 4
