"""Background tasks of the reports app (``django.tasks``, run by the huey worker)."""

from __future__ import annotations

from django.tasks import task

from renaksi.reports.services import report_job_execute


@task
def report_job_run(job_id: int) -> str:
    """Make the document of one ``ReportJob``; the job row carries progress, log and result."""
    job = report_job_execute(job_id=job_id)
    return job.status if job is not None else "skipped"
