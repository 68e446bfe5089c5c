"""Hostile and random input never crashes a reader, never half-writes, always explains itself."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.conftest import SEED_FILE
from renaksi.plans.importers.seed_text import PlanParseError, parse_decree_text
from renaksi.plans.interchange import InterchangeError, parsed_from_json, parsed_to_json
from renaksi.plans.models import Area, ImportReport, Indicator, Plan
from renaksi.plans.parsed import ParsedPlan
from renaksi.plans.services import PlanWriteError, plan_import_file, plan_parse_file

SEED_LINES = SEED_FILE.read_text(encoding="utf-8").splitlines()
# Table-like lines: tabs, numbering, ticks and the words the reader looks for.
cell = st.one_of(
    st.sampled_from(["", "√", "1.", "a.", "2", "Manajemen Perubahan", "KEGIATAN", "NO", "##"]),
    st.text(max_size=30),
)
table_line = st.lists(cell, max_size=20).map("\t".join)


def _read_text(text: str):
    try:
        return parse_decree_text(text)
    except PlanParseError as exc:
        assert str(exc).strip()  # an explanation, never an empty message
        return None


@settings(max_examples=150, deadline=None)
@given(st.lists(table_line, max_size=40))
def test_it_reads_random_table_lines_without_crashing(lines):
    result = _read_text("\n".join(SEED_LINES[:75] + lines))
    if result is not None:
        assert isinstance(result, ParsedPlan)
        for ind in result.iter_indicators():
            assert all(1 <= p <= 12 for p in ind.periods)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_it_survives_a_mangled_seed(data):
    lines = list(SEED_LINES)
    for _ in range(data.draw(st.integers(0, 25))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "shift", "garble"]))
        if action == "drop":
            lines.pop(i)
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "shift":
            lines[i] = "\t" * data.draw(st.integers(1, 5)) + lines[i]
        else:
            lines[i] = data.draw(st.text(max_size=80))
        if not lines:
            break
    _read_text("\n".join(lines))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_it_reads_arbitrary_text_without_crashing(text):
    _read_text(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "areas",
                    "activities",
                    "sub_activities",
                    "indicators",
                    "name",
                    "text",
                    "number",
                    "periods",
                    "target",
                    "period_targets",
                    "granularity",
                    "decree",
                    "reform_area",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_it_reads_arbitrary_json_without_crashing(value):
    try:
        parsed = parsed_from_json(value)
    except InterchangeError as exc:
        assert "Kesalahan" in str(exc) or str(exc)
        return
    assert parsed_to_json(parsed) == parsed_to_json(parsed_from_json(parsed_to_json(parsed)))


def _fingerprint():
    return (
        Plan.objects.count(),
        Area.objects.count(),
        Indicator.objects.count(),
        ImportReport.objects.count(),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.binary(max_size=3000) | json_values.map(lambda v: json.dumps(v).encode()))
def test_it_never_half_writes_a_failed_upload(tree, people, small_plan, raw):
    before = _fingerprint()
    try:
        plan_parse_file(filename="acak.bin", data=raw)
        parse_error = None
    except PlanWriteError as exc:
        parse_error = str(exc)
    try:
        plan_import_file(
            unit=tree.bengkulu_tengah,
            year=2023,
            filename="acak.bin",
            data=raw,
            actor=people.sekretaris,
            replace=True,
        )
    except PlanWriteError as exc:
        if parse_error is not None:
            # A file that cannot be read is refused with the reader's message, naming the file.
            assert str(exc) == parse_error
            assert parse_error.startswith("Berkas acak.bin")
        else:
            # A readable file refused by the plan's own checks still says why.
            assert str(exc).strip()
        assert _fingerprint() == before
    except Exception as exc:  # pragma: no cover - this is the failure being looked for
        pytest.fail(f"unexpected {type(exc).__name__}: {exc}")


def test_it_escapes_script_in_every_plan_text_on_the_page(client, tree, people):
    evil = '<script>alert("x")</script>'
    data = {
        "decree": {"number": evil, "about": evil, "signer_name": evil},
        "areas": [
            {
                "name": evil,
                "number": "1",
                "activities": [
                    {
                        "name": evil,
                        "indicators": [{"text": evil, "note": evil, "pic": evil, "periods": [1]}],
                    }
                ],
            }
        ],
    }
    plan = plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2024,
        filename="jahat.json",
        data=json.dumps(data).encode(),
        actor=people.sekretaris,
    )
    client.force_login(people.sekretaris)
    for url in (f"/rencana/{plan.pk}/", "/", f"/rencana/{plan.pk}/dasbor/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
    assert "&lt;script&gt;alert" in client.get(f"/rencana/{plan.pk}/").content.decode()


def test_it_reports_a_row_with_more_cells_than_the_table_has_columns():
    # Found by the random-lines test: six text cells before the ticks used to crash the reader.
    parsed = parse_decree_text("\n".join([*SEED_LINES[:75], "1.\ta.\t1.\t0\t1.\ta."]))
    unreadable = [f for f in parsed.findings if f.code == "unreadable_line"]
    assert unreadable and unreadable[0].line == 76
    assert unreadable[0].params["text"] == "1. | a. | 1. | 0 | 1. | a."
