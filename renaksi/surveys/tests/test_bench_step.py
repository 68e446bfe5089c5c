"""The SKM bench step (bench/surveys.py): answers in every unit, the IKM rolled up over the tree
with a query count that does not grow with the tree."""

from types import SimpleNamespace

from bench.surveys import prepare_surveys, surveys_build, surveys_measure
from renaksi.conftest import UnitFactory
from renaksi.organisations.models import Unit
from renaksi.surveys.models import Answer, Response


def test_the_bench_step_rolls_the_index_up_with_a_fixed_query_count(tree):
    built = surveys_build(per_unit=4)
    assert built == {"questionnaires": 6, "responses": 24, "answers": 24 * 9}
    assert Answer.objects.filter(value__isnull=True).exists()  # some items left unanswered
    small = surveys_measure(unit=tree.ri, repeat=2)
    assert small["respondents"] == 24 and 25 <= small["ikm"] <= 100
    # ten more regencies with their answers: the same number of queries
    for i in range(10):
        UnitFactory(code=f"17.{50 + i}", name=f"KPU Kab {i}", parent=tree.bengkulu)
    surveys_build(per_unit=4)
    large = surveys_measure(unit=tree.ri, repeat=2)
    assert large["respondents"] == Response.objects.count() == 64
    assert large["queries"] == small["queries"] == surveys_measure(unit=tree.palembang)["queries"]


def test_the_step_reports_regency_province_and_nation(tree):
    result = prepare_surveys(SimpleNamespace(per_unit=2, repeat=1))
    assert set(result["rollup"]) == {"regency", "province", "national"}
    assert result["rollup"]["national"]["respondents"] == 2 * Unit.objects.count()
    assert result["rollup"]["province"]["unit"] == "17"


def _has_statistics(table: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema()"
                " AND tablename = %s",
                [table],
            )
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0] > 0


def test_the_steps_give_the_tables_they_fill_statistics(tree):
    """The bench server runs without autovacuum: the surveys and evaluations steps analyze the
    rows they load, or the IKM roll-up and the ranking are planned for empty tables."""
    from argparse import Namespace

    from bench.evaluations import prepare_evaluations

    prepare_surveys(SimpleNamespace(per_unit=2, repeat=1))
    assert _has_statistics("surveys_answer") and _has_statistics("surveys_response")
    prepare_evaluations(Namespace())
    assert _has_statistics("evaluations_answer") and _has_statistics("evaluations_worksheet")
