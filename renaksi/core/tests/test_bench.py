"""The bench suite (bench/, ``./dev bench``) runs end to end, so it cannot rot unnoticed."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from renaksi.core.middleware import ServerTimingMiddleware

ROOT = Path(settings.BASE_DIR)
PAGES = [
    "plan_page",
    "dashboard",
    "plan_page_cold",
    "dashboard_cold",
    "province_rollup",
    "national_rollup",
    "json_export",
    "lampiran_xlsx",
    "lampiran_pdf",
    "seed_import",
    "evidence_upload",
    "api_units",
    "api_plans",
    "api_realisations",
    "api_realisations_year",
    "api_worksheets",
    "api_ikm",
    "api_register_figures",
]


@pytest.mark.django_db
def test_it_reports_the_request_time_and_query_count_in_a_server_timing_header():
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        return HttpResponse("ok")

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))

    header = response["Server-Timing"]
    assert header.startswith("app;dur=")
    assert "db;dur=" in header
    assert header.endswith(';desc="2"')


def _bench_postgres_url() -> str:
    """The bench's own database beside the test database: ``<name>_bench``."""
    if os.environ.get("RENAKSI_BENCH_POSTGRES_URL"):
        return os.environ["RENAKSI_BENCH_POSTGRES_URL"]
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench", query=""))


def test_it_runs_the_quick_bench_and_writes_every_figure(tmp_path):
    kind = "postgres" if connection.vendor == "postgresql" else "sqlite"
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--quick", "--db", kind, "--out", str(out)]
    if kind == "postgres":
        command += ["--postgres-url", _bench_postgres_url()]

    completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        command, cwd=ROOT, capture_output=True, text=True, timeout=600
    )

    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Targets" in completed.stdout  # the terminal table
    results = json.loads(out.read_text())
    assert results["machine"]["cpus"] >= 1
    [run] = results["runs"]
    assert run["database"] == kind
    sizes = {(c["units"], c["scale"]) for c in run["configs"]}
    assert sizes == {(1, 1), (4, 1), (4, 2)}
    main = next(c for c in run["configs"] if (c["units"], c["scale"]) == (4, 1))
    assert main["dataset"]["seconds"] > 0
    assert main["dataset"]["rows"]["plans"] == 4
    for name in PAGES:
        figure = main["measures"][name]
        assert figure["errors"] == 0, (name, figure["error_samples"])
        assert figure["n"] >= 1
        assert figure["median_ms"] > 0 and figure["p95_ms"] >= figure["median_ms"]
        assert figure["queries"] > 0
    # first visits: each of the other plans once, at least as many queries as a cached visit
    assert main["measures"]["plan_page_cold"]["n"] >= 1
    assert main["measures"]["plan_page_cold"]["queries"] > main["measures"]["plan_page"]["queries"]
    for name in ("province_rollup", "national_rollup"):
        raw = main["rollup_raw"][name]
        assert raw["raw_median_ms"] > 0 and raw["page_over_raw"] > 0
    load = main["load"]
    assert load["requests"] > 0 and load["errors"] == 0 and load["p95_ms"] > 0
    _assert_deadline(main["deadline"])
    assert main["memory"]["app"]["total_mb"] > 0 and main["memory"]["worker"]["total_mb"] > 0
    growth = run["growth"]
    assert set(growth["by_units"]["plan_page"]["factor"]) == {"1", "4"}
    assert set(growth["by_scale"]["national_rollup"]["factor"]) == {"x1", "x2"}
    assert growth["queries"]["plan_page"]["constant"]
    # The first round's targets, the second round's, one query count at every size and level
    # for the evaluation ranking, the documents' times and the worker's peak, and the two load
    # targets (mixed reads, deadline). The 10x tree's target appears only with --tree-scale.
    # (The lampiran PDF's 1 s is its render, counted once, among the documents' targets.)
    assert len(run["targets"]) == 20
    plan_page = main["measures"]["plan_page"]
    assert plan_page["encoding"] in ("gzip", "br")
    assert 0 < plan_page["wire_bytes"] < plan_page["bytes"]
    # The --tree-scale dataset's lines (too slow to build here): its figures as the main one's.
    from bench import report

    tree = {**copy.deepcopy(main), "tree_scale": 10, "base_units": 4, "units": 40}
    run["configs"].append(tree)
    table = report.table(results)
    assert "Tree ×10 (40 units" in table and "national roll-up" in table.split("Tree ×10")[1]


def _assert_deadline(deadline: dict) -> None:
    """Every role worked, every write went through (a refused or broken POST is an error; the
    PIC's submit, the last step of a visit, may fall after the run's end in so short a run)."""
    assert deadline["errors"] == 0, deadline["error_samples"]
    assert deadline["requests"] > 0 and deadline["p95_ms"] > 0
    assert deadline["roles"] == {"pic": 1, "asesor": 1, "sekretaris": 1, "pimpinan": 1}
    actions = deadline["by_action"]
    for name in (
        "PIC: Tugas saya",
        "PIC: cell page",
        "PIC: save + PDF evidence",
        "Asesor: verification queue",
        "Asesor: cell page",
    ):
        assert actions[name]["requests"] > 0, name
    judged = [actions.get(n, {}).get("requests", 0) for n in ("Asesor: verify", "Asesor: return")]
    assert sum(judged) > 0
    for role in ("Sekretaris:", "Pimpinan:"):
        assert any(name.startswith(role) for name in actions), role
    for figure in actions.values():
        assert figure["errors"] == 0 and figure["median_ms"] > 0


def test_the_bench_serves_with_local_memory_unless_given_a_redis_url(tmp_path, monkeypatch):
    # The committed figures are local memory per process; --redis-url (production's cache and
    # queue) is an option, named in the report's first line, never the caller's own REDIS_URL.
    from bench import report
    from bench.run import flush_redis, parse_args
    from bench.server import app_env

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("RENAKSI_BENCH_REDIS_URL", raising=False)
    assert "REDIS_URL" not in app_env(database_url="sqlite://", var_dir=tmp_path)
    url = "redis://127.0.0.1:6379/7"
    assert app_env(database_url="sqlite://", var_dir=tmp_path, redis_url=url)["REDIS_URL"] == url
    assert parse_args([]).redis_url is None
    assert parse_args(["--redis-url", url]).redis_url == url
    with pytest.raises(SystemExit):  # database 0 is never emptied
        flush_redis("redis://127.0.0.1:6379/0")
    results = {
        "started": "2026-12-04T00:00:00+00:00",
        "git": {"commit": "0" * 40, "dirty": False},
        "machine": {"cpus": 2, "memory_mb": 1, "python": "3.13"},
        "cache": "redis",
        "runs": [],
    }
    assert "cache redis" in report.table(results).splitlines()[0]
    del results["cache"]  # an older results file
    assert "cache local memory" in report.table(results).splitlines()[0]


def test_the_warm_mixed_reads_are_a_target_beside_the_cold_one_not_instead():
    from bench import report
    from bench.run import mixed_read_paths

    ids = {"plans": [5, 6], "provinces": [2], "national": 1}
    assert mixed_read_paths(ids) == [
        "/rencana/5/",
        "/rencana/6/",
        "/rencana/5/dasbor/",
        "/rencana/6/dasbor/",
        "/rekap/2/2022/",
        "/rekap/1/2022/",
    ]
    cold = {"users": 20, "rps": 10.0, "p95_ms": 3000.0, "errors": 0}
    warm = {**cold, "rps": 70.0, "p95_ms": 250.0, "warmed_pages": 6, "warm_seconds": 1.0}
    rows = report.load_targets({"load": cold})
    assert [r["pass"] for r in rows] == [False, False]  # no warm run: no warm row
    rows = report.load_targets({"load": cold, "load_warm": warm})
    assert [r["pass"] for r in rows] == [False, False, True]
    assert "warm shared cache" in rows[2]["target"] and "70.0 req/s" in rows[2]["value"]
    rows = report.load_targets({"load": cold, "load_warm": {**warm, "errors": 1}})
    assert rows[2]["pass"] is False
