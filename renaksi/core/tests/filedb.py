"""Real processes on a real SQLite file: the driver behind the concurrency and fault tests.

The test process cannot share its (in-memory) test database with other processes, so these tests
migrate an SQLite file in a temporary folder once per session (``filedb_template``), copy it for
each test, and run each actor as its own process with the project's ordinary settings pointed at
that folder (``DATABASE_URL``, ``RENAKSI_VAR_DIR`` for the huey queue, ``MEDIA_ROOT``). The SQLite
options are the project's own: WAL, ``IMMEDIATE`` transactions and a 20 s busy timeout.

Run as ``python -m renaksi.core.tests.filedb COMMAND ...`` (by ``run()``); each command prints one
JSON line.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
SEED_FILE = BASE_DIR / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
PASSWORD = "rahasia-uji-123"  # noqa: S105 (test-only password)


def file_env(folder: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "RENAKSI_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SETTINGS_MODULE": "renaksi.settings",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "HUEY_WORKERS": "1",
        "PYTHONPATH": str(BASE_DIR),
    }
    for name in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "S3_BUCKET"):
        env.pop(name, None)
    return env


def spawn(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "renaksi.core.tests.filedb", *args],
        cwd=BASE_DIR,
        env=file_env(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def result_of(proc: subprocess.Popen, timeout: float = 120) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def run(folder: Path, *args: str, timeout: float = 120) -> dict:
    return result_of(spawn(folder, *args), timeout)


def sql(folder: Path, query: str, params=()) -> list[tuple]:
    """Read (or poke) the file database directly, as a second SQLite client would."""
    with sqlite3.connect(folder / "db.sqlite3", timeout=20) as conn:
        rows = conn.execute(query, params).fetchall()
    conn.close()
    return rows


@pytest.fixture(scope="session")
def filedb_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("filedb-template")
    run(folder, "setup", timeout=300)
    return folder


@pytest.fixture
def filedb(filedb_template, tmp_path) -> Path:
    folder = tmp_path / "filedb"
    folder.mkdir()
    shutil.copy(filedb_template / "db.sqlite3", folder / "db.sqlite3")
    return folder


# --- the commands, run inside a child process ----------------------------------------------


def _wait_until(start_at: str):
    delay = float(start_at) - time.time()
    if delay > 0:
        time.sleep(delay)


def cmd_setup():
    from django.core.management import call_command

    from renaksi.organisations.models import Membership, Unit, User
    from renaksi.plans.services import plan_import_file

    call_command("migrate", verbosity=0)
    R, L = Membership.Role, Unit.Level
    ri = Unit.objects.create(code="RI", name="KPU Republik Indonesia", level=L.NATIONAL)
    prov = Unit.objects.create(code="17", name="KPU Provinsi Bengkulu", level=L.PROVINCE, parent=ri)
    units = {
        "17.09": Unit.objects.create(
            code="17.09", name="KPU Kabupaten Bengkulu Tengah", level=L.REGENCY, parent=prov
        ),
        "17.01": Unit.objects.create(
            code="17.01", name="KPU Kabupaten Bengkulu Selatan", level=L.REGENCY, parent=prov
        ),
    }
    for username, code, role in [
        ("sekretaris_bt", "17.09", R.SEKRETARIS),
        ("asesor_bt", "17.09", R.ASESOR),
        ("sekretaris_bs", "17.01", R.SEKRETARIS),
    ]:
        user = User.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, unit=units[code], role=role)
    plan = plan_import_file(
        unit=units["17.09"],
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=User.objects.get(username="sekretaris_bt"),
    )
    return {"plan": plan.pk}


def cmd_import(unit_code: str, year: str, start_at: str):
    """Import the seed into a unit, starting at an agreed moment; report what the user sees."""
    from renaksi.organisations.models import Membership, Unit
    from renaksi.plans.services import PlanWriteError, plan_import_file

    unit = Unit.objects.get(code=unit_code)
    actor = Membership.objects.get(unit=unit, role=Membership.Role.SEKRETARIS).user
    data = SEED_FILE.read_bytes()
    _wait_until(start_at)
    try:
        plan = plan_import_file(
            unit=unit, year=int(year), filename=SEED_FILE.name, data=data, actor=actor
        )
    except PlanWriteError as exc:
        return {"outcome": "refused", "message": str(exc)}
    except Exception as exc:  # the failure being looked for: it would reach the user as a 500
        return {"outcome": "crash", "message": f"{type(exc).__name__}: {exc}"}
    return {"outcome": "imported", "plan": plan.pk}


def cmd_write(worker: str, workers: str, count: str, start_at: str):
    """Save ``count`` realisations through the cell page, as the Sekretaris, on its own cells."""
    from django.test import Client

    from renaksi.organisations.models import User
    from renaksi.plans.models import Indicator, Plan

    plan = Plan.objects.get(unit__code="17.09", year=2022)
    indicators = list(
        Indicator.objects.filter(activity__area__plan=plan).order_by("pk").values_list("pk", flat=1)
    )
    cells = [(pk, period) for period in range(1, 13) for pk in indicators]
    client = Client()
    client.force_login(User.objects.get(username="sekretaris_bt"))
    worker, workers, count = int(worker), int(workers), int(count)
    mine = cells[worker::workers][:count]
    statuses, problems = [], []
    _wait_until(start_at)
    for n, (pk, period) in enumerate(mine):
        try:
            response = client.post(
                f"/rencana/{plan.pk}/sel/{pk}/{period}/simpan/",
                {
                    "version": "0",
                    "status": "in_progress",
                    "progress": "50",
                    "narrative": f"pekerja {worker} tulisan {n}",
                },
            )
        except Exception as exc:  # a "database is locked" that escaped would land here
            problems.append(f"{type(exc).__name__}: {exc}")
            continue
        statuses.append(response.status_code)
        if response.status_code != 302:
            problems.append(response.content.decode()[:300])
    return {"statuses": statuses, "problems": problems}


def cmd_request_job(kind: str, fmt: str):
    from renaksi.organisations.models import User
    from renaksi.plans.models import Plan
    from renaksi.reports.services import report_job_request

    plan = Plan.objects.get(unit__code="17.09", year=2022)
    actor = User.objects.get(username="sekretaris_bt")
    job = report_job_request(plan=plan, kind=kind, fmt=fmt, params={}, actor=actor)
    return {"job": job.pk, "plan": plan.pk}


def cmd_reports_page(plan_pk: str):
    """The "Laporan & dokumen" page as the Sekretaris sees it (it only reads)."""
    from django.test import Client

    from renaksi.organisations.models import User

    client = Client()
    client.force_login(User.objects.get(username="sekretaris_bt"))
    response = client.get(f"/rencana/{plan_pk}/laporan/")
    return {"status": response.status_code, "html": response.content.decode()}


def cmd_check_stale():
    """What every worker runs each minute (the periodic task ``report_jobs_check_stale``)."""
    from renaksi.reports.tasks import report_jobs_check_stale

    return {"failed": report_jobs_check_stale.call_local()}


COMMANDS = {
    "check-stale": cmd_check_stale,
    "setup": cmd_setup,
    "import": cmd_import,
    "write": cmd_write,
    "request-job": cmd_request_job,
    "reports-page": cmd_reports_page,
}

if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:]), default=str))
