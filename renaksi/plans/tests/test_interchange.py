import json

import pytest
from django.core.management import call_command

from renaksi.conftest import SEED_FILE, small_parsed_plan
from renaksi.plans.interchange import (
    InterchangeError,
    parsed_from_json,
    parsed_from_json_bytes,
    parsed_to_json,
)
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import plan_import_file


def test_it_round_trips_the_small_plan_through_json_without_the_database():
    data = parsed_to_json(small_parsed_plan())
    again = parsed_to_json(parsed_from_json(json.loads(json.dumps(data))))
    assert again == data
    indicator = data["areas"][1]["activities"][0]["sub_activities"][0]["indicators"][0]
    assert indicator["period_targets"] == {"1": "2.5", "4": 10}


def test_it_writes_the_documented_shape(small_plan):
    data = parsed_to_json(plan_to_parsed(plan=small_plan))
    assert set(data) >= {"decree", "granularity", "areas"}
    activity = data["areas"][0]["activities"][0]
    assert set(activity) == {"number", "name", "sub_activities", "indicators"}
    sub = activity["sub_activities"][0]
    assert set(sub) == {"number", "name", "sub_activities", "indicators"}
    assert sub["sub_activities"][0]["number"] == "a"
    assert set(sub["indicators"][0]) >= {
        "number",
        "text",
        "periods",
        "note",
        "target",
        "unit",
        "pic",
    }
    assert sub["indicators"][0]["target"] == 100 and sub["indicators"][0]["unit"] == "%"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ([], "objek"),
        ({"areas": "x"}, "areas"),
        ({"granularity": "week", "areas": []}, "granularity"),
        ({"areas": [{"name": ""}]}, "areas[0].name"),
        (
            {
                "areas": [
                    {
                        "name": "A",
                        "activities": [
                            {"name": "K", "indicators": [{"text": "I", "periods": [13]}]}
                        ],
                    }
                ]
            },
            "areas[0].activities[0].indicators[0].periods[0]",
        ),
        (
            {
                "granularity": "quarter",
                "areas": [
                    {
                        "name": "A",
                        "activities": [
                            {"name": "K", "indicators": [{"text": "I", "periods": [5]}]}
                        ],
                    }
                ],
            },
            "periods[0]",
        ),
        (
            {
                "areas": [
                    {
                        "name": "A",
                        "activities": [
                            {"name": "K", "indicators": [{"text": "I", "target": "banyak"}]}
                        ],
                    }
                ]
            },
            "target",
        ),
        ({"areas": [{"name": "A", "reform_area": 9}]}, "reform_area"),
        ({"decree": {"date_set": "10 Januari"}, "areas": []}, "decree.date_set"),
    ],
)
def test_it_rejects_malformed_json_saying_where(payload, where):
    with pytest.raises(InterchangeError) as exc:
        parsed_from_json(payload)
    assert where in str(exc.value)


def test_it_reports_the_line_of_broken_json():
    with pytest.raises(InterchangeError, match="baris 2"):
        parsed_from_json_bytes(b'{"areas": [\n  oops]}')


def _export(unit_code, year, tmp_path):
    out = tmp_path / f"{unit_code}-{year}.json"
    call_command("export_plan", unit=unit_code, year=year, format="json", output=str(out))
    return out


def test_it_round_trips_the_seed_plan_through_export_and_import_exactly(tree, people, tmp_path):
    plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=people.sekretaris,
    )
    first = _export("17.09", 2022, tmp_path)
    call_command("import_plan", str(first), unit="17.01", year=2022, verbosity=0)
    second = _export("17.01", 2022, tmp_path)
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert a.pop("unit")["code"] == "17.09" and b.pop("unit")["code"] == "17.01"
    assert a == b
    assert (
        sum(1 for _ in plan_to_parsed(plan=Plan.objects.get(unit__code="17.01")).iter_indicators())
        > 100
    )


def test_it_keeps_the_existing_plan_when_a_reimport_fails(small_plan, people, tree):
    before = parsed_to_json(plan_to_parsed(plan=small_plan))
    broken = parsed_to_json(small_parsed_plan())
    broken["areas"][1]["activities"][0]["sub_activities"][0]["indicators"][0]["number"] = "x" * 30
    from renaksi.plans.services import PlanWriteError

    with pytest.raises(PlanWriteError, match="terlalu panjang"):
        plan_import_file(
            unit=tree.bengkulu_tengah,
            year=2023,
            filename="rusak.json",
            data=json.dumps(broken).encode(),
            actor=people.sekretaris,
            replace=True,
        )
    small_plan.refresh_from_db()
    assert parsed_to_json(plan_to_parsed(plan=small_plan)) == before


def test_it_reads_a_null_period_target_as_no_target():
    data = parsed_to_json(small_parsed_plan())
    indicator = data["areas"][1]["activities"][0]["sub_activities"][0]["indicators"][0]
    indicator["period_targets"] = {"1": None, "4": "10"}
    parsed = parsed_from_json(data)
    read = next(ind for ind in parsed.iter_indicators() if ind.text == indicator["text"])
    assert read.period_targets == {4: 10}
