"""Time a roll-up: the selector, the page (Django test client) and the raw SQL it runs.

For the national dataset (``generate_national_dataset``); nothing is left in the database: the
measuring user and its session live in a transaction that is rolled back.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.organisations.models import Unit, User
from renaksi.plans.models import Plan
from renaksi.rollup.selectors import rollup_for_unit


class _Rollback(Exception):
    pass


def _median_ms(fn, runs: int) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` calls, and every call's; ``_cpu`` keeps this process's CPU."""
    times, cpu = [], []
    for _run in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    _cpu[:] = [statistics.median(cpu)]
    return statistics.median(times), times


_cpu: list[float] = [0.0]  # this process's CPU time of the last measurement (median, ms)


class Command(BaseCommand):
    help = "Ukur waktu rekap berjenjang (selector, halaman, SQL mentah); median dari N kali."

    def add_arguments(self, parser):
        parser.add_argument("--unit", action="append", help="kode satuan kerja (boleh berulang)")
        parser.add_argument("--year", type=int, default=2022)
        parser.add_argument("--today", help="tanggal acuan TTTT-BB-HH (bawaan: hari ini)")
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--profile", action="store_true", help="profil pyinstrument selector")
        parser.add_argument(
            "--plan-of",
            action="append",
            default=[],
            help="kode satuan kerja: ukur juga halaman rencana dan dasbor rencananya",
        )

    def handle(self, *args, **opts):
        today = (
            datetime.date.fromisoformat(opts["today"]) if opts["today"] else timezone.localdate()
        )
        codes = opts["unit"] or ["RI", "33"]
        try:
            with transaction.atomic():
                user = User.objects.create_superuser("rollup_timing", "t@x.invalid", None)
                for code in codes:
                    unit = Unit.objects.filter(code=code).first()
                    if unit is None:
                        raise CommandError(_("Satuan kerja %(code)s tidak ada.") % {"code": code})
                    self._measure(user, unit, opts["year"], today, opts["runs"], opts["profile"])
                for code in opts["plan_of"]:
                    self._plan_pages(user, code, opts["year"], today, opts["runs"])
                raise _Rollback
        except _Rollback:
            pass

    def _plan_pages(self, user, code, year, today, runs):
        plan = Plan.objects.filter(unit__code=code, year=year, kind="general").first()
        if plan is None:
            raise CommandError(
                _("Rencana aksi %(code)s tahun %(year)s tidak ada.") % {"code": code, "year": year}
            )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for name in ("plan_detail", "plan_dashboard"):
            url = reverse(name, args=[plan.pk]) + f"?per={today.isoformat()}"

            def page(url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            page()
            ms, _times = _median_ms(page, runs)
            with CaptureQueriesContext(connection) as ctx:
                page()
            self.stdout.write(
                f"{connection.vendor} {name} {code} {year}: page {ms:.1f} ms "
                f"({len(ctx.captured_queries)} queries)"
            )

    def _measure(self, user, unit, year, today, runs, profile):
        def selector():
            return rollup_for_unit(user=user, parent=unit, year=year, today=today)

        selector()  # warm caches (translations, holiday lookups, the database's pages)
        sel_ms, sel_all = _median_ms(selector, runs)
        sel_cpu = _cpu[0]
        with CaptureQueriesContext(connection) as ctx:
            selector()
        queries = [q["sql"] for q in ctx.captured_queries]

        def raw(statements=queries):
            with connection.cursor() as cursor:
                for sql in statements:
                    # Savepoints of the session machinery are not part of the read.
                    if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                        cursor.execute(sql)
                        cursor.fetchall()

        raw_ms, _times = _median_ms(raw, runs)

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        url = reverse("unit_rollup", args=[unit.pk, year]) + f"?per={today.isoformat()}"

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        page()
        page_ms, _times = _median_ms(page, runs)
        page_cpu = _cpu[0]
        with CaptureQueriesContext(connection) as page_ctx:
            page()
        page_sql = [q["sql"] for q in page_ctx.captured_queries]
        page_raw_ms, _times = _median_ms(lambda: raw(page_sql), runs)
        self.stdout.write(
            f"{connection.vendor} {unit.code} {year} per {today}: selector {sel_ms:.1f} ms "
            f"(cpu {sel_cpu:.1f}; {len(queries)} queries; runs "
            f"{', '.join(f'{t:.0f}' for t in sel_all)}), raw SQL {raw_ms:.1f} ms, "
            f"page {page_ms:.1f} ms (cpu {page_cpu:.1f}; {len(page_ctx.captured_queries)} "
            f"queries), page/raw {page_ms / raw_ms:.1f}×; all the page's SQL {page_raw_ms:.1f} ms, "
            f"page/its SQL {page_ms / page_raw_ms:.1f}×"
        )
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            selector()
            profiler.stop()
            self.stdout.write(profiler.output_text(unicode=True, color=False, show_all=False))
