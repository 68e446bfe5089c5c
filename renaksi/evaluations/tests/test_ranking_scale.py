"""The ranking's query count is flat in the number of units (what bench/ measures at 553)."""

from argparse import Namespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.evaluations import measure_ranking
from renaksi.conftest import UnitFactory
from renaksi.evaluations.models import Answer, Node, Worksheet
from renaksi.evaluations.selectors import ranking
from renaksi.evaluations.services import instrument_create
from renaksi.evaluations.tests.test_worksheet import small_spec
from renaksi.organisations.models import Unit


def _answered(instrument, units):
    sheets = Worksheet.objects.bulk_create(
        [Worksheet(unit=u, instrument=instrument, year=2022) for u in units]
    )
    criteria = list(instrument.nodes.filter(kind=Node.Kind.CRITERION, answer_type="yes_no"))
    Answer.objects.bulk_create(
        [
            Answer(worksheet=ws, criterion=c, unit_value="Y" if i % 2 else "T")
            for i, ws in enumerate(sheets)
            for c in criteria
        ]
    )


def test_ranking_query_count_is_flat_in_the_number_of_units(tree, admin_user, client):
    instrument = instrument_create(spec=small_spec("T-SCALE"), publish=True)
    # Sumatera Selatan: 1 regency. Bengkulu: 2 + 30 regencies. RI: everything.
    extra = [
        UnitFactory(code=f"17.{50 + i}", name=f"KPU Kabupaten Uji {i}", parent=tree.bengkulu)
        for i in range(30)
    ]
    _answered(instrument, [tree.palembang, tree.bengkulu_tengah, tree.bengkulu_selatan, *extra])
    counts = {}
    for unit in (tree.sumsel, tree.bengkulu, tree.ri):
        with CaptureQueriesContext(connection) as ctx:
            rows = ranking(viewer=None, unit=unit, instrument=instrument, year=2022)
        counts[unit.code] = (len(rows), len(ctx.captured_queries))
    assert counts["16"][0] == 1 and counts["17"][0] == 32 and counts["RI"][0] == 33
    assert len({queries for _rows, queries in counts.values()}) == 1, counts

    # The page too: the same number of queries for 1 regency and for 33.
    client.force_login(admin_user)
    pages = {}
    for unit in (tree.sumsel, tree.ri):
        url = reverse("evaluation_ranking", args=[unit.pk, instrument.pk, 2022])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        pages[unit.code] = len(ctx.captured_queries)
    assert pages["16"] == pages["RI"], pages


def test_bench_step_scores_the_ranking_and_reports_a_flat_query_count(tree):
    instrument = instrument_create(spec=small_spec("T-BENCH"), publish=True)
    for i in range(12):
        UnitFactory(code=f"16.{10 + i}", name=f"KPU Kota Uji {i}", parent=tree.sumsel)
    _answered(instrument, list(Unit.objects.filter(parent__parent=tree.ri)))
    result = measure_ranking(
        Namespace(
            instrument=instrument.pk, units=[tree.bengkulu.pk, tree.ri.pk], year=2022, repeat=2
        )
    )
    by_code = {v["code"]: v for v in result["units"].values()}
    assert by_code["17"]["ranked"] == 2
    assert by_code["RI"]["ranked"] == Worksheet.objects.count() == 15
    assert by_code["17"]["queries"] == by_code["RI"]["queries"] > 0
    assert result["flat"] is True
