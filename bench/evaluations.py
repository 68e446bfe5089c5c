"""Bench step for the evaluations app: a PMPRB 2022 worksheet for every unit of the dataset,
answered deterministically (bulk), so the national and province rankings can be timed."""

from __future__ import annotations

import time


def prepare_evaluations(args) -> dict:
    from renaksi.evaluations.models import Answer, Instrument, Node, Worksheet
    from renaksi.evaluations.services import builtin_load
    from renaksi.organisations.models import Unit

    started = time.perf_counter()
    builtin_load(codes={"PMPRB-2020"})
    instrument = Instrument.objects.get(code="PMPRB-2020")
    criteria = list(
        instrument.nodes.filter(kind=Node.Kind.CRITERION).values_list("pk", "answer_type")
    )
    have = set(
        Worksheet.objects.filter(instrument=instrument, year=2022).values_list("unit_id", flat=True)
    )
    units = [u for u in Unit.objects.values_list("pk", flat=True) if u not in have]
    sheets = Worksheet.objects.bulk_create(
        [Worksheet(unit_id=u, instrument=instrument, year=2022) for u in units], batch_size=500
    )
    answers = []
    for ws in sheets:
        for i, (pk, answer_type) in enumerate(criteria):
            if (ws.pk + i) % 6 == 0:
                continue  # unanswered
            if answer_type == "percent":
                value = str(50 + (ws.pk * 7 + i) % 50)
            else:
                value = "ABCD"[(ws.pk + i) % (3 if answer_type == "abc" else 4)]
                value = {"yes_no": "Y"}.get(answer_type, value)
            answers.append(Answer(worksheet=ws, criterion_id=pk, unit_value=value))
    Answer.objects.bulk_create(answers, batch_size=2000)
    # Statistics for the rows just loaded, as a live database (autovacuum) has them.
    from bench.djangoside import _analyze

    _analyze(("evaluations_",))
    return {
        "instrument": instrument.pk,
        "worksheets": len(sheets),
        "answers": len(answers),
        "seconds": round(time.perf_counter() - started, 2),
    }


def measure_ranking(args) -> dict:
    """Score the ranking selector (``evaluations.selectors.ranking``) straight, without HTTP, for
    each unit given (the province with most regencies and KPU RI: 553 units at full size).

    Reports the units ranked, the query count and the median/p95 time of ``--repeat`` calls after
    one warm-up. ``flat`` says whether every unit's ranking ran the same number of queries: it
    must, whatever the number of worksheets under it.
    """
    from statistics import median

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renaksi.evaluations.models import Instrument
    from renaksi.evaluations.selectors import ranking
    from renaksi.organisations.models import Unit

    instrument = Instrument.objects.get(pk=args.instrument)
    out: dict = {"units": {}}
    for unit_pk in args.units:
        unit = Unit.objects.get(pk=unit_pk)

        def run(unit=unit):
            return ranking(viewer=None, unit=unit, instrument=instrument, year=args.year)

        run()
        with CaptureQueriesContext(connection) as ctx:
            rows = run()
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out["units"][str(unit_pk)] = {
            "code": unit.code,
            "ranked": len(rows),
            "queries": len(ctx.captured_queries),
            "median_ms": round(median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
        }
    out["flat"] = len({v["queries"] for v in out["units"].values()}) <= 1
    return out
