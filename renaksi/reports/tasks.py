"""Background tasks of the reports app (``django.tasks``, run by the huey worker)."""

from __future__ import annotations

from django.tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from renaksi.reports.services import report_job_execute, report_job_fail_stale


@task
def report_job_run(job_id: int) -> str:
    """Make the document of one ``ReportJob``; the job row carries progress, log and result."""
    job = report_job_execute(job_id=job_id)
    return job.status if job is not None else "skipped"


@db_periodic_task(crontab(minute="*"), name="report_jobs_check_stale")
def report_jobs_check_stale() -> int:
    """Every minute, on every worker: fail the jobs whose worker stopped beating."""
    return report_job_fail_stale()
