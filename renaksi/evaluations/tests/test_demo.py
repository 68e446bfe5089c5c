import json

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_seed_demo_fills_a_pmprb_self_assessment_and_a_failing_zi_worksheet(tmp_path):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    out = tmp_path / "out.json"
    call_command("export_evaluation", unit="17.09", year=2022, output=str(out))
    sheets = {w["instrument"]["code"]: w for w in json.loads(out.read_text())}
    pmprb, zi = sheets["PMPRB-2020"], sheets["LKE-ZI-2023"]
    stages = {c["stage"] for c in pmprb["criteria"]}
    assert {"unit", "assessor", "final", None} <= stages  # partly reviewed, partly unanswered
    assert any(c["plan_cells"] for c in pmprb["criteria"])  # evidence shared with plan cells
    assert pmprb["predikat"]
    failed = {g["name"] for g in zi["gates"] if not g["pass"]}
    assert failed and all("Pengawasan (Pemenuhan)" in name for name in failed)
