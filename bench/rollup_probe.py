"""The roll-up's figures at the deadline: cold, cached, and after one regency's write.

A probe of ``rollup.page_cache`` (stamp + figures, no page rendering) beside the full bench, on a
database that already holds the national dataset (``generate_national_dataset``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renaksi_probe \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py generate_national_dataset
    PYTHONPATH=. DATABASE_URL=... nice -n 10 .venv/bin/python bench/rollup_probe.py --deadline 7

``--deadline`` first saves one scheduled cell of every regency plan that has none changed after
the day viewed (the real write service), as at the deadline: every plan is then counted as it
stood on 2022-09-15 (``rollup.as_of``). Each "after a write" view follows one more save in a
regency of Jawa Timur. Medians of N runs: this process's CPU, the SQL time Django measured, the
wall time and the queries. The writes stay in the database.
"""

# ruff: noqa: E402 - Django is set up before the models are imported
import datetime
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import realisation_save
from renaksi.organisations.models import Unit, User
from renaksi.plans.models import Indicator, Plan, Target
from renaksi.rollup import page_cache
from renaksi.rollup.models import PlanPeriodSummary

PER = datetime.date(2022, 9, 15)
OPEN = ("draft", "returned")


def _save(indicator: Indicator, period: int) -> None:
    existing = Realisation.objects.filter(indicator=indicator, period=period).first()
    realisation_save(
        indicator=indicator,
        period=period,
        actor=None,
        expected_version=existing.version if existing else 0,
        status="in_progress",
        progress=20,
        narrative="tenggat",
    )


def deadline() -> None:
    """One scheduled, unlocked cell saved in every regency plan not yet changed after PER."""
    end = datetime.datetime.combine(PER, datetime.time.max, tzinfo=timezone.get_current_timezone())
    later = set(
        PlanPeriodSummary.objects.filter(last_activity__gt=end).values_list("plan_id", flat=True)
    )
    plans = Plan.objects.filter(year=2022, kind="general", unit__level="regency")
    for plan in plans.exclude(pk__in=later).order_by("pk"):
        targets = Target.objects.filter(indicator__activity__area__plan=plan).order_by("-period")
        for target in targets.select_related("indicator")[:50]:
            r = Realisation.objects.filter(indicator=target.indicator, period=target.period)
            if not r.exclude(review_state__in=OPEN).exists():
                _save(target.indicator, target.period)
                break
    n = PlanPeriodSummary.objects.filter(last_activity__gt=end).values("plan_id").distinct()
    print(f"plans changed after {PER}: {n.count()}")


def main(runs: int) -> None:
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "probe_admin", "probe@x.example", None
    )
    cells = []
    for target in Target.objects.filter(
        indicator__activity__area__plan__unit__parent__code="35",
        indicator__activity__area__plan__year=2022,
    ).select_related("indicator")[:200]:
        r = Realisation.objects.filter(indicator=target.indicator, period=target.period)
        if not r.exclude(review_state__in=OPEN).exists():
            cells.append((target.indicator, target.period))

    def view(unit):
        cpu, wall = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            stamp = page_cache.subtree_stamp(parent=unit, year=2022)
            page_cache.rollup_cached(user=user, parent=unit, year=2022, today=PER, stamp=stamp)
        sql = sum(float(x["time"]) for x in q.captured_queries) * 1000
        done = ((time.process_time() - cpu) * 1000, sql, (time.perf_counter() - wall) * 1000)
        return (*done, len(q.captured_queries))

    def report(name, rows):
        cpu, sql, wall = (statistics.median(r[i] for r in rows) for i in range(3))
        queries = sorted({r[3] for r in rows})
        print(
            f"{name:34s} cpu {cpu:7.1f} ms  sql {sql:7.1f} ms  wall {wall:7.1f} ms  "
            f"queries {queries}  (n={len(rows)})"
        )

    for code in ("RI", "35"):
        unit = Unit.objects.get(code=code)
        cold, warm, after = [], [], []
        for _run in range(runs):
            cache.clear()
            cold.append(view(unit))
            warm.append(view(unit))
        for i in range(runs):
            _save(*cells[i % len(cells)])
            after.append(view(unit))
        report(f"{code} cold", cold)
        report(f"{code} cached", warm)
        report(f"{code} after one regency write", after)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--deadline" in args:
        args.remove("--deadline")
        deadline()
    main(int(args[0]) if args else 5)
