"""Many processes writing one SQLite file at once (WAL, IMMEDIATE, busy timeout): nothing is lost.

Each actor is its own Python process using the project's ordinary settings on a migrated SQLite
file (see filedb.py). These tests do not use the test database, so they run once, in the SQLite
pass; the same races on PostgreSQL are in plans/tests/test_parallel_import.py.
"""

import time

import pytest
from django.db import connection

from renaksi.core.tests.filedb import filedb, filedb_template, result_of, spawn, sql  # noqa: F401

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="real processes on an SQLite file; runs in the SQLite pass",
)

WORKERS, WRITES = 6, 20


def _start_together(folder, commands, lead=4.0):
    """Start every process now; each waits for the same moment before its write."""
    start_at = f"{time.time() + lead:.3f}"
    procs = [spawn(folder, *command, start_at) for command in commands]
    return [result_of(p, timeout=180) for p in procs]


def test_it_runs_the_file_database_in_wal_with_a_busy_timeout(filedb):  # noqa: F811
    assert sql(filedb, "PRAGMA journal_mode") == [("wal",)]
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    assert options["timeout"] >= 20 and options["transaction_mode"] == "IMMEDIATE"


def test_it_keeps_every_write_of_six_processes_saving_cells_at_once(filedb):  # noqa: F811
    audits = "SELECT count(*) FROM audit_auditevent WHERE action NOT LIKE 'auth.%'"
    before_audit = sql(filedb, audits)[0][0]
    results = _start_together(
        filedb, [("write", str(w), str(WORKERS), str(WRITES)) for w in range(WORKERS)]
    )
    # Every save answered as a save does (a redirect back to the cell); no "database is locked"
    # or any other error reached a user.
    assert [r["problems"] for r in results] == [[]] * WORKERS
    assert [r["statuses"] for r in results] == [[302] * WRITES] * WORKERS
    total = WORKERS * WRITES
    assert sql(filedb, "SELECT count(*) FROM monitoring_realisation") == [(total,)]
    assert sql(filedb, "SELECT count(DISTINCT narrative) FROM monitoring_realisation") == [(total,)]
    assert sql(filedb, "SELECT count(*) FROM monitoring_realisationevent") == [(total,)]
    saved = sql(filedb, "SELECT count(*) FROM audit_auditevent WHERE action = 'realisation.saved'")[
        0
    ][0]
    assert saved == total
    assert sql(filedb, audits)[0][0] == before_audit + total  # and nothing else changed
    assert sql(filedb, "PRAGMA integrity_check") == [("ok",)]


def test_it_imports_one_unit_and_year_once_when_three_import_it_at_once(filedb):  # noqa: F811
    results = _start_together(filedb, [("import", "17.01", "2022")] * 3)
    outcomes = sorted(r["outcome"] for r in results)
    assert outcomes == ["imported", "refused", "refused"], results
    for r in results:
        if r["outcome"] == "refused":
            assert "sudah ada" in r["message"] and "Bengkulu Selatan" in r["message"]
    _assert_no_orphans(filedb)
    assert sql(
        filedb,
        "SELECT count(*) FROM plans_plan p JOIN organisations_unit u ON u.id = p.unit_id "
        "WHERE u.code = '17.01' AND p.year = 2022",
    ) == [(1,)]


def test_it_lets_two_units_import_the_same_year_at_once(filedb):  # noqa: F811
    results = _start_together(filedb, [("import", "17.01", "2023"), ("import", "17.09", "2023")])
    assert [r["outcome"] for r in results] == ["imported", "imported"], results
    assert sql(filedb, "SELECT count(*) FROM plans_plan WHERE year = 2023") == [(2,)]
    _assert_no_orphans(filedb)
    # Both plans are whole: the same number of indicators as the seed plan of 2022.
    counts = sql(
        filedb,
        "SELECT p.year, count(i.id) FROM plans_plan p JOIN plans_area a ON a.plan_id = p.id "
        "JOIN plans_activity c ON c.area_id = a.id JOIN plans_indicator i ON i.activity_id = c.id "
        "GROUP BY p.id ORDER BY p.id",
    )
    assert len({n for _, n in counts}) == 1 and len(counts) == 3


def _assert_no_orphans(folder):
    # One decree and one import report per plan; nothing from a refused import left behind.
    plans = sql(folder, "SELECT count(*) FROM plans_plan")[0][0]
    assert sql(folder, "SELECT count(*) FROM plans_decree") == [(plans,)]
    assert sql(folder, "SELECT count(*) FROM plans_importreport") == [(plans,)]
    imports = sql(
        folder,
        "SELECT count(*) FROM audit_auditevent "
        "WHERE action IN ('plan.imported', 'plan.reimported')",
    )
    assert imports == [(plans,)]
    assert sql(folder, "PRAGMA foreign_key_check") == []
