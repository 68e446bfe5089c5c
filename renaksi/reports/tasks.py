"""Background tasks of the reports app (``django.tasks``, run by the huey worker)."""

from __future__ import annotations

from django.tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from renaksi.reports.queue import next_job_id
from renaksi.reports.services import report_job_execute, report_job_fail_stale


@task
def report_job_run(job_id: int) -> str:
    """Make the next document in the fair order (renaksi/reports/queue.py).

    Every request queues one run, so every queued job is taken by some run; which one a run
    takes is the fair order's choice, not the order of arrival.
    """
    for _attempt in range(5):
        next_id = next_job_id()
        if next_id is None:
            break  # nothing queued: this run's job was taken by another run
        job = report_job_execute(job_id=next_id)
        if job is not None:
            return job.status
        # Another run took that job at the same moment: pick again.
    return "skipped"


@db_periodic_task(crontab(minute="*"), name="report_jobs_check_stale")
def report_jobs_check_stale() -> int:
    """Every minute, on every worker: fail the jobs whose worker stopped beating."""
    return report_job_fail_stale()
