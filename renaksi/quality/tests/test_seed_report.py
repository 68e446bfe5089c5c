"""The seed plan's quality report, through the selector and through ``plan_quality``."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from renaksi.plans.services import plan_import_file
from renaksi.plans.tests.test_seed_text_parser import seed_path
from renaksi.quality.selectors import plan_quality


@pytest.fixture
def seed_plan(tree, people):
    return plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename="seed.txt",
        data=seed_path().read_bytes(),
        actor=people.sekretaris,
    )


def test_the_seed_report_names_deregulasi_the_validity_and_the_missing_targets(seed_plan):
    report = plan_quality(plan=seed_plan, today=date(2022, 9, 15))
    checks = {c.code: c for c in report.checks}

    assert "Deregulasi" in checks["area-missing"].message
    assert [row.label for row in checks["area-missing"].rows] == ["2. Deregulasi Kebijakan"]

    validity = checks["decree-validity"]
    assert "31 Januari 2022" in validity.message
    assert "31 Desember 2022" in validity.message
    assert validity.rows[0].url == f"/rencana/{seed_plan.pk}/keputusan/ubah/"

    no_target = checks["indicator-no-target"]
    indicators = len(report.facts.indicators)
    assert no_target.row_count == indicators > 100
    assert no_target.rows[0].url.startswith(f"/rencana/{seed_plan.pk}/indikator/")
    assert "decree-number" in checks  # 1709/I vs 1707/1

    grades = {c.code: c.grade for c in report.criteria}
    assert grades["keabsahan"] == "Tidak"
    assert grades["target-output"] == "E"
    assert grades["indikator-output"] == "E"


def test_plan_quality_prints_the_contract_json(seed_plan):
    out = StringIO()
    call_command(
        "plan_quality", unit="17.09", year=2022, format="json", today="2022-09-15", stdout=out
    )
    data = json.loads(out.getvalue())
    assert set(data) == {"criteria", "checks", "strategy_score"}
    assert [set(c) for c in data["criteria"]] == [{"code", "name", "grade", "percent", "rows"}] * 7
    assert all(set(c) == {"code", "message", "rows"} for c in data["checks"])
    by_code = {c["code"]: c for c in data["checks"]}
    assert by_code["area-missing"]["rows"] == 1
    assert by_code["decree-validity"]["rows"] == 1
    keabsahan = next(c for c in data["criteria"] if c["code"] == "keabsahan")
    assert (keabsahan["grade"], keabsahan["percent"], keabsahan["rows"]) == ("Tidak", 0.0, 1)
    assert isinstance(data["strategy_score"], float)
    assert 0 <= data["strategy_score"] <= 10


def test_plan_quality_refuses_an_unknown_plan(seed_plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak ada"):
        call_command("plan_quality", unit="17.09", year=2022, kind="tematik", format="json")
