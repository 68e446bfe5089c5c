"""The parts of the bench that run inside Django, against one bench database.

Called by ``bench.run`` as ``python -m bench.djangoside <step> ...`` with the bench database in
``DATABASE_URL``; each step prints one JSON object on the last line of its standard output.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_USER = "bench"
BENCH_PASSWORD = "renaksi-bench-only"  # noqa: S105 - a local benchmark account, never deployed
IMPORT_UNIT = "BENCH"
YEAR = 2022
TODAY = datetime.date(2022, 9, 15)
UPLOAD_YEAR = 2000  # the bench unit's plan that receives the evidence uploads
ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def shape_for(units: int) -> tuple[int | None, int | None]:
    """(provinces, regencies per province) giving exactly ``units`` units (KPU RI included)."""
    from renaksi.rollup.national import PROVINCES

    if units >= 1 + len(PROVINCES) + sum(c for _code, _name, c in PROVINCES):
        return None, None
    for provinces in range(0, len(PROVINCES) + 1):
        counts = [c for _code, _name, c in PROVINCES[:provinces]]
        for regencies in range(0, max(counts, default=0) + 1):
            if 1 + provinces + sum(min(regencies, c) for c in counts) == units:
                return provinces, regencies
    raise ValueError(f"no dataset shape has exactly {units} units")


def _analyze(prefixes: tuple[str, ...] = ()) -> None:
    """Fresh statistics (and visibility maps) for the dataset's tables, or for those whose name
    starts with one of ``prefixes``: the bench server runs without autovacuum, so a table filled
    by a later step (surveys, evaluations) has none and the planner guesses its size."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        tables = [row[0] for row in cursor.fetchall()]
    if prefixes:
        tables = [t for t in tables if t.startswith(prefixes)]
    if connection.in_atomic_block:  # a test's transaction: no VACUUM there, ANALYZE is fine
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'ANALYZE "{schema}"."{table}"')
        return
    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    try:
        with connection.cursor() as cursor:
            for table in tables:  # VACUUM cannot run in a transaction
                cursor.execute(f'VACUUM (ANALYZE) "{schema}"."{table}"')
    finally:
        connection.set_autocommit(autocommit)


def prepare(args) -> dict:
    """Migrate, build the dataset (timed), make the bench account and the import unit."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - started

    from renaksi.organisations.models import Unit, User
    from renaksi.plans.models import Plan
    from renaksi.rollup.dataset import national_dataset_build

    provinces, regencies = shape_for(args.units)
    started = time.perf_counter()
    summary = national_dataset_build(
        year=YEAR,
        provinces=provinces,
        regencies_per_province=regencies,
        plan_scale=args.scale,
        unit_scale=args.tree_scale,
        today=TODAY,
    )
    build_s = time.perf_counter() - started

    # Fresh statistics, as autovacuum (or SQLite's ANALYZE) would give a live database: without
    # them PostgreSQL plans the plan page's joins over 300,000 unanalysed rows badly (bench
    # README, "PostgreSQL statistics").
    started = time.perf_counter()
    _analyze()
    analyze_s = time.perf_counter() - started

    user = User.objects.filter(username=BENCH_USER).first() or User(username=BENCH_USER)
    user.is_superuser = user.is_staff = user.is_active = True
    user.set_password(BENCH_PASSWORD)
    user.save()

    bench_unit, _created = Unit.objects.get_or_create(
        code=IMPORT_UNIT, defaults={"name": "Satuan kerja uji beban", "level": Unit.Level.OTHER}
    )
    # A reused dataset (--reuse) starts with no finished documents, as a fresh one: an earlier
    # run's jobs would otherwise answer this run's requests from their cache (same plan version)
    # and the worker would render nothing while its memory is measured.
    from renaksi.reports.models import ReportJob

    ReportJob.objects.all().delete()
    # Each timed import makes a new plan (years 2001…); earlier runs' plans are removed first.
    Plan.objects.filter(unit=bench_unit).exclude(year=UPLOAD_YEAR).delete()
    upload_plan = Plan.objects.filter(unit=bench_unit, year=UPLOAD_YEAR).first()
    if upload_plan is None:
        from renaksi.plans.services import plan_import_file

        seed = ROOT / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
        upload_plan = plan_import_file(
            unit=bench_unit,
            year=UPLOAD_YEAR,
            filename=seed.name,
            data=seed.read_bytes(),
            actor=user,
            replace=False,
        )
    from renaksi.plans.models import Target

    cells = list(
        Target.objects.filter(indicator__activity__area__plan=upload_plan)
        .order_by("indicator_id", "period")
        .values_list("indicator_id", "period")[:20]
    )

    # An upload needs a realisation to attach to: one in progress on each of those cells.
    from renaksi.monitoring.models import Realisation
    from renaksi.monitoring.services.realisations import realisation_save
    from renaksi.plans.models import Indicator

    have = set(
        Realisation.objects.filter(indicator__activity__area__plan=upload_plan).values_list(
            "indicator_id", "period"
        )
    )
    for indicator_id, period in cells:
        if (indicator_id, period) not in have:
            realisation_save(
                indicator=Indicator(pk=indicator_id),
                period=period,
                actor=user,
                expected_version=0,
                status="in_progress",
                progress=50,
            )

    national = Unit.objects.get(code="RI")
    provinces = list(
        Unit.objects.filter(parent=national, level=Unit.Level.PROVINCE)
        .order_by("code")
        .values_list("pk", "code")
    )
    sizes = {
        pk: Unit.objects.filter(parent_id=pk).count() for pk, _code in provinces
    }  # a few dozen rows at most: fine outside a request
    province = max(provinces, key=lambda p: (sizes[p[0]], p[1]))[0] if provinces else None
    plans = dict(Plan.objects.filter(year=YEAR).values_list("unit_id", "pk"))
    regencies = list(
        Unit.objects.filter(level=Unit.Level.REGENCY, pk__in=plans)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    unit = (
        Unit.objects.filter(parent_id=province).order_by("code").first() if province else national
    )
    return {
        "shape": {"provinces": provinces, "regencies_per_province": regencies},
        "migrate_seconds": migrate_s,
        "analyze_seconds": analyze_s,
        "build_seconds": build_s,
        "build_steps": summary.seconds,
        "created": {
            "units": summary.units_created,
            "plans": summary.plans_created,
            "realisations": summary.realisations_created,
        },
        "rows": {
            "units": Unit.objects.exclude(code=IMPORT_UNIT).count(),
            "plans": Plan.objects.filter(year=YEAR).count(),
            "targets": Target.objects.filter(indicator__activity__area__plan__year=YEAR).count(),
            "realisations": Realisation.objects.count(),
        },
        "ids": {
            "national": national.pk,
            "province": province,
            "unit": unit.pk,
            "unit_plan": plans[unit.pk],
            "unit_level": unit.level,
            "plans": [plans[pk] for pk in regencies] or [plans[national.pk]],
            "provinces": [pk for pk, _code in provinces],
            "import_unit": bench_unit.pk,
            "upload_plan": upload_plan.pk,
            "upload_cells": cells,
        },
    }


def _rawsql(args, unit_pk: int) -> dict:
    """Time the roll-up selector, then the SQL it ran, re-executed straight on a cursor."""
    from django.db import connection

    from renaksi.organisations.models import Unit, User
    from renaksi.rollup.selectors import rollup_for_unit

    user = User.objects.get(username=BENCH_USER)
    unit = Unit.objects.get(pk=unit_pk)
    today = datetime.date.fromisoformat(args.today)

    def selector():
        return rollup_for_unit(user=user, parent=unit, year=args.year, today=today)

    selector()  # warm caches (both ours and the database's)
    captured: list[tuple[str, object]] = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        selector()
    selects = [
        (sql, params)
        for sql, params in captured
        if sql.lstrip().upper().startswith(("SELECT", "WITH"))
    ]

    selector_ms, raw_ms, rows = [], [], 0
    for _n in range(args.repeat):
        started = time.perf_counter()
        selector()
        selector_ms.append((time.perf_counter() - started) * 1000)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's cursor: no Django wrapping in the timing
        for _n in range(args.repeat):
            rows = 0
            started = time.perf_counter()
            for sql, params in selects:
                raw.execute(sql, params)
                rows += len(raw.fetchall())
            raw_ms.append((time.perf_counter() - started) * 1000)
    return {
        "queries": len(captured),
        "select_queries": len(selects),
        "rows_returned": rows,
        "selector_median_ms": statistics.median(selector_ms),
        "raw_median_ms": statistics.median(raw_ms),
        "raw_p95_ms": _percentile(raw_ms, 95),
        "n": args.repeat,
        "sql": [sql for sql, _params in selects],
    }


def rawsql(args) -> dict:
    return {str(pk): _rawsql(args, pk) for pk in args.units}


def enqueue(args) -> dict:
    """Queue background report jobs for the worker to chew on during the load test."""
    from renaksi.organisations.models import User
    from renaksi.plans.models import Plan
    from renaksi.reports.services import report_job_request

    user = User.objects.get(username=BENCH_USER)
    jobs = []
    for plan in Plan.objects.filter(pk__in=args.plans).select_related("unit"):
        for kind, fmt in (("lampiran", "pdf"), ("lampiran", "xlsx"), ("monev", "pdf")):
            params = {"span": "year", "number": None} if kind == "monev" else {}
            job = report_job_request(plan=plan, kind=kind, fmt=fmt, params=params, actor=user)
            jobs.append(job.pk)
    return {"jobs": jobs}


def jobs(args) -> dict:
    from django.db.models import Count

    from renaksi.reports.models import ReportJob

    rows = ReportJob.objects.filter(pk__in=args.jobs).values("status").annotate(n=Count("id"))
    return {"status": {row["status"]: row["n"] for row in rows}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.djangoside")
    steps = parser.add_subparsers(dest="step", required=True)
    p = steps.add_parser("prepare")
    p.add_argument("--units", type=int, required=True)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--tree-scale", type=int, default=1, help="the tree N times larger, deeper")
    p = steps.add_parser("rawsql")
    p.add_argument("--units", type=int, nargs="+", required=True)
    p.add_argument("--year", type=int, default=YEAR)
    p.add_argument("--today", default=TODAY.isoformat())
    p.add_argument("--repeat", type=int, default=20)
    p = steps.add_parser("enqueue")
    p.add_argument("--plans", type=int, nargs="+", required=True)
    steps.add_parser("evaluations")
    p = steps.add_parser("surveys")
    p.add_argument("--per-unit", type=int, default=30)
    p.add_argument("--repeat", type=int, default=10)
    p = steps.add_parser("evalrank")
    p.add_argument("--instrument", type=int, required=True)
    p.add_argument("--units", type=int, nargs="+", required=True)
    p.add_argument("--year", type=int, default=YEAR)
    p.add_argument("--repeat", type=int, default=20)
    p = steps.add_parser("jobs")
    p.add_argument("--jobs", type=int, nargs="*", default=[])
    # Load: the deadline scenario's accounts and sessions (bench/deadline.py).
    p = steps.add_parser("deadline")
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--year", type=int, default=YEAR)
    args = parser.parse_args(argv)
    _setup()
    from bench.evaluations import measure_ranking, prepare_evaluations

    steps_run = {"prepare": prepare, "rawsql": rawsql, "enqueue": enqueue, "jobs": jobs}
    steps_run["evaluations"] = prepare_evaluations
    from bench.surveys import prepare_surveys

    steps_run["surveys"] = prepare_surveys
    steps_run["evalrank"] = measure_ranking
    from bench.deadline import prepare_deadline

    steps_run["deadline"] = prepare_deadline
    result = steps_run[args.step](args)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
