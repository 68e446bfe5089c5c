"""The JSON export carries each indicator's realisations; an import ignores them."""

import json

import pytest
from django.core.management import call_command

from renaksi.conftest import small_parsed_plan
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    evidence_link_add,
    evidence_upload,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import PDF, upload
from renaksi.plans.interchange import parsed_from_json, parsed_to_json
from renaksi.plans.models import Plan

Status = Realisation.Status


def export(tmp_path, unit: str, *extra) -> dict:
    out = tmp_path / f"{unit}-{len(extra)}.json"
    call_command("export_plan", *extra, unit=unit, year=2023, output=str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def indicators_by_text(data: dict) -> dict:
    found = {}

    def walk_sub(sub):
        for ind in sub["indicators"]:
            found[ind["text"]] = ind
        for child in sub["sub_activities"]:
            walk_sub(child)

    for area in data["areas"]:
        for activity in area["activities"]:
            for ind in activity["indicators"]:
                found[ind["text"]] = ind
            for sub in activity["sub_activities"]:
                walk_sub(sub)
    return found


@pytest.fixture
def realised(people, cells):
    """ "Tersedianya SK" month 1 verified with two evidence items; PPID month 2 in progress."""
    r = save(cells.sk, 1, people.pelaksana, status=Status.DONE, progress=100)
    evidence_upload(realisation=r, upload=upload("sk.pdf", PDF), actor=people.pelaksana)
    evidence_link_add(realisation=r, url="https://kpu.example/sk", actor=people.pelaksana)
    r = realisation_submit(realisation=r, actor=people.pelaksana)
    realisation_verify(realisation=r, actor=people.asesor)
    save(cells.ppid, 2, people.sekretaris, status=Status.IN_PROGRESS, progress=40)


def test_it_exports_each_indicators_realisations(realised, tmp_path):
    indicators = indicators_by_text(export(tmp_path, "17.09"))

    assert indicators["Tersedianya SK"]["realisations"] == [
        {"period": 1, "status": "done", "progress": 100, "verified": True, "evidence": 2}
    ]
    assert indicators["Jumlah permohonan informasi"]["realisations"] == [
        {"period": 2, "status": "in_progress", "progress": 40, "verified": False, "evidence": 0}
    ]
    # Every indicator has the list, empty when nothing was realised.
    assert indicators["SK Tim RB"]["realisations"] == []
    assert indicators["SK Pengarah"]["realisations"] == []


def test_it_exports_the_plan_only_when_asked(realised, tmp_path):
    indicators = indicators_by_text(export(tmp_path, "17.09", "--no-realisations"))
    assert all("realisations" not in ind for ind in indicators.values())


def test_it_reimports_an_export_with_realisations_to_the_same_plan(realised, tmp_path, tree):
    exported = export(tmp_path, "17.09")
    path = tmp_path / "with-realisations.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")

    call_command("import_plan", str(path), unit="17.01", year=2023, verbosity=0)

    copy = Plan.objects.get(unit=tree.bengkulu_selatan, year=2023)
    # The import creates the plan only: realisations are never imported.
    assert not Realisation.objects.filter(indicator__activity__area__plan=copy).exists()
    original = export(tmp_path, "17.09", "--no-realisations")
    again = export(tmp_path, "17.01", "--no-realisations")
    assert original.pop("unit")["code"] == "17.09" and again.pop("unit")["code"] == "17.01"
    assert again == original
    # Exported with realisations, the copy lists none.
    copy_indicators = indicators_by_text(export(tmp_path, "17.01"))
    assert all(ind["realisations"] == [] for ind in copy_indicators.values())


def test_it_reads_json_with_realisations_as_the_plan_alone():
    plain = parsed_to_json(small_parsed_plan())
    count = sum(1 for _ in small_parsed_plan().iter_indicators())
    rows = [[{"period": 1, "status": "done", "progress": 100, "verified": True, "evidence": 3}]]
    with_rows = parsed_to_json(small_parsed_plan(), realisations=rows * count)

    assert with_rows != plain
    assert parsed_from_json(with_rows) == parsed_from_json(plain)
    # Even a malformed realisations value is no business of the plan import.
    with_rows["areas"][0]["activities"][0]["indicators"][0]["realisations"] = "rusak"
    assert parsed_from_json(with_rows) == parsed_from_json(plain)


def test_it_refuses_realisations_that_do_not_match_the_indicators():
    with pytest.raises(ValueError, match="indicators"):
        parsed_to_json(small_parsed_plan(), realisations=[[]])
