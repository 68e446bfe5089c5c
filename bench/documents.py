"""The official PDFs rendered in one process: median seconds and peak resident memory.

    python -m bench.documents                     # SQLite file var/bench/documents.sqlite3
    python -m bench.documents --repeat 5 --profile var/bench/monev.prof

The database (``DATABASE_URL``, default an SQLite file of its own, built once and reused) holds
the bench's national dataset at three units (KPU RI, one province, one regency), year 2022 with
realisations up to 15 September 2022; the regency's plan is rendered as the worker renders it
(``DocumentKind.render``): the lampiran PDF and the yearly monitoring report PDF, A4. Prints one
JSON object: for each document the median and the runs' seconds, its pages and size, and the
process's peak RSS (a psutil poller every 20 ms) measured after the first render of that
document (the worker's steady state, fonts and templates loaded). ``median_cpu_s`` is the
CPU time per render of the process and its children (Typst runs in one), steadier than wall
time on a shared machine; the peak RSS counts the children too.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = 3


class PeakRss:
    """The largest resident set size of this process seen while the block runs."""

    def __init__(self, every: float = 0.02):
        import psutil

        self.process = psutil.Process()
        self.every = every
        self.peak = 0
        self._stop = threading.Event()

    def rss(self) -> int:
        """This process and its children (the typesetter's child process) together."""
        import psutil

        total = self.process.memory_info().rss
        for child in self.process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            self._stop.wait(self.every)

    def __enter__(self):
        self.peak = self.rss()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a render's child process)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def _setup(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / "documents.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _plan(build: bool = True):
    """The first regency's plan of the dataset (built on first use when ``build``), else the
    first plan of the year."""
    from django.core.management import call_command

    from bench.djangoside import TODAY, YEAR, shape_for
    from renaksi.organisations.models import Unit
    from renaksi.plans.models import Plan

    call_command("migrate", verbosity=0, interactive=False)
    plan = Plan.objects.filter(year=YEAR, unit__level=Unit.Level.REGENCY).order_by("pk").first()
    if plan is None and not build:
        plan = Plan.objects.filter(year=YEAR).order_by("pk").first()
        if plan is None:
            raise SystemExit(f"no plan of {YEAR} in this database")
    if plan is None:
        from renaksi.rollup.dataset import national_dataset_build

        provinces, regencies = shape_for(UNITS)
        national_dataset_build(
            year=YEAR, provinces=provinces, regencies_per_province=regencies, today=TODAY
        )
        plan = Plan.objects.filter(year=YEAR, unit__level=Unit.Level.REGENCY).order_by("pk")[0]
    return Plan.objects.select_related("unit", "decree").get(pk=plan.pk)


def _pages(data: bytes) -> int:
    """The page count as poppler's pdfinfo reads it (0 when poppler-utils is missing)."""
    import re
    import shutil
    import subprocess
    import tempfile

    if not shutil.which("pdfinfo"):
        return 0
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(  # noqa: S603 - a fixed program on our own file
            ["pdfinfo", handle.name],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found[1]) if found else 0


def measure(plan, kind: str, params: dict, repeat: int, profile: str | None) -> dict:
    from bench.djangoside import TODAY
    from renaksi.reports.kinds import document_kind

    entry = document_kind(kind)
    clean = entry.clean_params("pdf", params)
    if kind == "monev":
        clean["as_of"] = TODAY.isoformat()
    with PeakRss() as first_rss:
        started = time.perf_counter()
        data = entry.render(plan, "pdf", clean)
        first = time.perf_counter() - started
    runs, cpu = [], []
    with PeakRss() as rss:
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), cpu_seconds()
            data = entry.render(plan, "pdf", clean)
            runs.append(time.perf_counter() - started)
            cpu.append(cpu_seconds() - cpu_started)
    if profile:
        cProfile.runctx(
            "entry.render(plan, 'pdf', clean)", globals(), locals(), f"{profile}.{kind}"
        )
    return {
        "median_s": round(statistics.median(runs), 3),
        "runs_s": [round(r, 3) for r in runs],
        # CPU seconds of this process: what the render costs on a busy machine too.
        "median_cpu_s": round(statistics.median(cpu), 3),
        "first_s": round(first, 3),
        "pages": _pages(data),
        "bytes": len(data),
        "peak_rss_mb_first": round(first_rss.peak / 2**20, 1),
        "peak_rss_mb": round(rss.peak / 2**20, 1),
    }


def concurrent(plan, kind: str, params: dict, threads: int) -> dict:
    """``threads`` renders of one document at once in this process, as the worker's threads
    (``HUEY_WORKERS``, two) would run two jobs: the seconds until all are done, the peak RSS."""
    from bench.djangoside import TODAY
    from renaksi.reports.kinds import document_kind

    entry = document_kind(kind)
    clean = entry.clean_params("pdf", params)
    if kind == "monev":
        clean["as_of"] = TODAY.isoformat()
    entry.render(plan, "pdf", clean)  # warm: fonts, templates

    def render() -> None:
        from django.db import connection

        entry.render(plan, "pdf", clean)
        connection.close()

    with PeakRss() as rss:
        started = time.perf_counter()
        workers = [threading.Thread(target=render) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - started
    return {
        "threads": threads,
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(rss.peak / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.documents")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", help="default: DATABASE_URL or an SQLite file")
    parser.add_argument("--profile", help="write cProfile stats to PREFIX.lampiran/.monev")
    parser.add_argument("--save", help="write the PDFs to DIR (lampiran.pdf, monev.pdf)")
    parser.add_argument("--only", choices=["lampiran", "monev"])
    parser.add_argument(
        "--no-build", action="store_true", help="use the database's plans (the bench's dataset)"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="also render the monev PDF N times at once"
    )
    args = parser.parse_args(argv)
    _setup(args.database_url)
    plan = _plan(build=not args.no_build)
    result: dict = {"plan": plan.pk, "indicators": plan_size(plan)}
    documents = {"lampiran": {}, "monev": {"span": "year"}}
    for kind, params in documents.items():
        if args.only and kind != args.only:
            continue
        result[kind] = measure(plan, kind, params, args.repeat, args.profile)
        if args.save:
            _save(plan, kind, params, Path(args.save))
    if args.threads:
        result["monev_concurrent"] = concurrent(plan, "monev", {"span": "year"}, args.threads)
    print(json.dumps(result))


def plan_size(plan) -> int:
    from renaksi.plans.models import Indicator

    return Indicator.objects.filter(sub_activity__activity__area__plan=plan).count()


def _save(plan, kind: str, params: dict, folder: Path) -> None:
    from bench.djangoside import TODAY
    from renaksi.reports.kinds import document_kind

    entry = document_kind(kind)
    clean = entry.clean_params("pdf", params)
    if kind == "monev":
        clean["as_of"] = TODAY.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}.pdf").write_bytes(entry.render(plan, "pdf", clean))


if __name__ == "__main__":
    main()
