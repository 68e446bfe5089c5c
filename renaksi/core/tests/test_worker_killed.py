"""A real huey worker (`manage.py run_huey`) killed with SIGKILL in the middle of a PDF export.

What the code does: huey takes a message off its queue before running it, so a job whose worker
died is not run again by the next worker. It stays "running" until the stale check (which every
worker runs each minute: after 30 minutes, or a silent heartbeat) fails it with a message that
says the worker stopped and asks the user to request it again; anything the dead worker had
half-saved in the job's folder is removed. The retry then runs on a new worker. Nothing else is
lost or changed.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from renaksi.core.tests.filedb import (  # noqa: F401
    BASE_DIR,
    file_env,
    filedb,
    filedb_template,
    run,
    sql,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="real processes on an SQLite file; runs in the SQLite pass",
)


def _start_worker(folder, name):
    log = open(folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the worker)
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_huey"],
        cwd=BASE_DIR,
        env=file_env(folder),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc.log = log
    return proc


def _stop(proc, sig=signal.SIGTERM):
    if proc.poll() is None:
        os.kill(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    proc.log.close()


def _job(folder, pk):
    row = sql(
        folder,
        "SELECT status, progress, error, file, log FROM reports_reportjob WHERE id = ?",
        (pk,),
    )[0]
    return dict(zip(("status", "progress", "error", "file", "log"), row, strict=True))


def _wait_for(folder, pk, predicate, what, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _job(folder, pk)
        if predicate(job):
            return job
        time.sleep(0.05)
    pytest.fail(f"job {pk} never {what}: {job}")


def _files(folder):
    media = folder / "media"
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_it_fails_a_job_whose_worker_was_killed_cleanly_and_runs_the_retry(filedb):  # noqa: F811
    audit_before = sql(filedb, "SELECT count(*) FROM audit_auditevent")[0][0]
    job = run(filedb, "request-job", "lampiran", "pdf")
    pk, plan = job["job"], job["plan"]
    worker = _start_worker(filedb, "worker-1")
    try:
        # The seed lampiran PDF takes seconds to lay out: kill the worker in the middle of it.
        running = _wait_for(
            filedb, pk, lambda j: j["status"] == "running" and j["progress"] >= 20, "ran"
        )
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        _stop(worker)
    assert worker.returncode == -signal.SIGKILL
    time.sleep(0.5)
    assert _job(filedb, pk)["status"] == "running" and running["file"] == ""
    # The worst moment to die is inside the file write: leave what such a death would leave.
    partial = filedb / "media" / "laporan" / str(pk) / "Lampiran_RB_17.09_2022.pdf"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"%PDF-1.7\n% terpotong")

    # A new worker starts; the dead worker's message is gone, so it leaves the job alone.
    worker = _start_worker(filedb, "worker-2")
    try:
        time.sleep(3)
        assert worker.poll() is None
        assert _job(filedb, pk)["status"] == "running"

        # Half an hour later (moved back in time here), the workers' periodic check fails the
        # job (the reports page only reads: issue 11), and the page shows why.
        sql(filedb, "UPDATE reports_reportjob SET started_at = ? WHERE id = ?", ("2000-01-01", pk))
        # The running worker's own minute check may get there first; either way one check fails it.
        assert run(filedb, "check-stale")["failed"] in (0, 1)
        page = run(filedb, "reports-page", str(plan))
        assert page["status"] == 200
        failed = _job(filedb, pk)
        assert failed["status"] == "failed" and failed["file"] == ""
        assert "pekerja latar belakang mati" in failed["error"]
        assert "Silakan minta ulang" in failed["error"]
        assert failed["error"] in failed["log"]
        assert "pekerja latar belakang mati" in page["html"]
        assert _files(filedb) == []  # the half-written file is gone

        # The user asks again; the running worker makes the document.
        retry = run(filedb, "request-job", "lampiran", "pdf")["job"]
        done = _wait_for(filedb, retry, lambda j: j["status"] in ("done", "failed"), "finished")
        assert done["status"] == "done", done
    finally:
        _stop(worker)
    (name,) = _files(filedb)
    assert name == done["file"] and name.startswith(f"laporan/{retry}/")
    pdf = (filedb / "media" / name).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(filedb / "media" / name), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "Halaman 1 dari" in text and "Perubahan" in text  # a whole, readable document
    # Nothing else moved: two requests audited, the plan untouched.
    requests = sql(
        filedb, "SELECT count(*) FROM audit_auditevent WHERE action = 'report_job.request'"
    )[0][0]
    assert requests == 2
    assert sql(filedb, "SELECT count(*) FROM audit_auditevent")[0][0] >= audit_before + 2
    assert sql(filedb, "SELECT status FROM reports_reportjob ORDER BY id") == [
        ("failed",),
        ("done",),
    ]
