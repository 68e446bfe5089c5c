"""A running job's heartbeat: proof that its worker is alive.

While a worker renders a document, a small thread stamps ``ReportJob.heartbeat_at`` every
``HEARTBEAT_SECONDS``. A running job whose stamp is older than ``STALE_AFTER_SECONDS`` has lost its
worker (killed, out of memory, machine restarted): the worker's own minute task
(``reports.tasks.report_jobs_check_stale``), on any surviving or restarted worker, fails it within
a minute instead of after half an hour.
"""

from __future__ import annotations

import contextlib
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

HEARTBEAT_SECONDS = 10
STALE_AFTER_SECONDS = 60


def beat(job_id: int) -> None:
    from renaksi.reports.models import ReportJob

    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


@contextlib.contextmanager
def heartbeat(job_id: int, every: float = HEARTBEAT_SECONDS):
    """Stamp the job now and every ``every`` seconds until the block ends."""
    beat(job_id)
    stop = threading.Event()

    def run():
        try:
            while not stop.wait(every):
                try:
                    beat(job_id)
                except Exception:  # noqa: BLE001,S110 - a missed beat only makes the job look older
                    close_old_connections()
        finally:
            connection.close()  # the thread's own database connection

    thread = threading.Thread(target=run, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(every + 5)
