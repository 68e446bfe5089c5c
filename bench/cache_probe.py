"""Plan page and dashboard: bytes (raw, gzip, br), queries and time, cold vs cached vs 304.

A quick probe through Django's test client, beside the full bench (README "Benchmarks"):

    rm -f /tmp/probe.sqlite3
    PYTHONPATH=. DATABASE_URL=sqlite:////tmp/probe.sqlite3 RENAKSI_VAR_DIR=/tmp/probe \\
        .venv/bin/python bench/cache_probe.py

It migrates that database, builds a small national dataset (1 province, 3 regencies) once, and
signs in as the Sekretaris of the first regency. "cold" empties the cache before each request.
"""

# ruff: noqa: E402 - Django is set up before the models are imported
import datetime
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
django.setup()
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renaksi.organisations.models import Unit, User
from renaksi.plans.models import Plan
from renaksi.rollup.dataset import national_dataset_build

call_command("migrate", verbosity=0)
TODAY = datetime.date(2022, 9, 15)
if not Plan.objects.exists():
    national_dataset_build(year=2022, provinces=1, regencies_per_province=3, today=TODAY)
from renaksi.organisations.models import Membership

plan = Plan.objects.filter(unit__level=Unit.Level.REGENCY).first()
admin = User.objects.filter(username="m").first()
if admin is None:
    admin = User.objects.create_user("m", "m@x.example", "x")
    Membership.objects.create(user=admin, unit=plan.unit, role=Membership.Role.SEKRETARIS)
c = Client(HTTP_HOST="localhost")
c.force_login(admin)
assert c.get(f"/rencana/{plan.pk}/").status_code == 200
for name, url in (
    ("plan page", f"/rencana/{plan.pk}/"),
    ("dashboard", f"/rencana/{plan.pk}/dasbor/?per=2022-09-15"),
):
    raw = c.get(url).content
    gz = c.get(url, HTTP_ACCEPT_ENCODING="gzip")
    br = c.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    res = {}
    for mode in ("cold", "cached"):
        times, qs = [], []
        for _ in range(15):
            if mode == "cold":
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                r = c.get(url)
                times.append((time.perf_counter() - t) * 1000)
            qs.append(len(ctx))
        res[mode] = (statistics.median(times), max(qs))
    etag = c.get(url)["ETag"]
    times = []
    for _ in range(15):
        t = time.perf_counter()
        r = c.get(url, HTTP_IF_NONE_MATCH=etag)
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"{name}: {len(raw):,} B raw, {len(gz.content):,} B gzip, {len(br.content):,} B br; "
        f"cold {res['cold'][0]:.1f} ms / {res['cold'][1]} q; "
        f"cached {res['cached'][0]:.1f} ms / {res['cached'][1]} q; "
        f"304 {statistics.median(times):.1f} ms (status {r.status_code})"
    )
