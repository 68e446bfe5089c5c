"""A running job's heartbeat: a dead worker's job fails within a minute, and can be retried."""

import time
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from renaksi.audit.models import AuditEvent
from renaksi.reports.heartbeat import heartbeat
from renaksi.reports.models import ReportJob
from renaksi.reports.services import report_job_fail_stale, report_job_retry

Status = ReportJob.Status


def _job(plan, **fields):
    return ReportJob.objects.create(plan=plan, kind="lampiran", format="pdf", **fields)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_stamps_a_running_job_while_it_works(small_plan):
    job = _job(small_plan, status=Status.RUNNING, started_at=timezone.now())
    with heartbeat(job.pk, every=0.2):
        job.refresh_from_db()
        first = job.heartbeat_at
        assert first is not None
        time.sleep(0.7)
        job.refresh_from_db()
        assert job.heartbeat_at > first


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_beating_fails_within_a_minute(small_plan):
    now = timezone.now()
    dead = _job(
        small_plan,
        status=Status.RUNNING,
        started_at=now - timedelta(seconds=90),
        heartbeat_at=now - timedelta(seconds=61),
    )
    alive = _job(
        small_plan,
        status=Status.RUNNING,
        started_at=now - timedelta(minutes=20),
        heartbeat_at=now - timedelta(seconds=5),
    )
    assert report_job_fail_stale() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Status.FAILED
    assert "tidak ada tanda hidup selama 60 detik" in dead.error
    assert alive.status == Status.RUNNING


@pytest.mark.django_db
def test_an_administrator_retries_a_failed_job(
    small_plan, people, django_capture_on_commit_callbacks
):
    job = _job(small_plan, status=Status.FAILED, error="pekerja mati", progress=40)
    admin_user = people.national_admin
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    request = RequestFactory().post("/admin/reports/reportjob/")
    request.user = admin_user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    model_admin = site._registry[ReportJob]
    with django_capture_on_commit_callbacks() as callbacks:
        model_admin.retry_failed(request, ReportJob.objects.filter(pk=job.pk))
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (Status.QUEUED, 0, "")
    assert len(callbacks) == 1  # the job is queued again after the commit
    assert AuditEvent.objects.filter(action="report_job.retry", object_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_only_a_failed_job_can_be_retried(small_plan, people):
    from renaksi.reports.common import DocumentError

    job = _job(small_plan, status=Status.DONE)
    with pytest.raises(DocumentError):
        report_job_retry(job=job, actor=people.national_admin)


def test_every_worker_checks_for_stale_jobs_each_minute():
    from django.utils.module_loading import autodiscover_modules

    from renaksi.core.tasks import default_huey

    autodiscover_modules("tasks")
    periodic = {f"{t.__module__}.{t.__name__}" for t in default_huey()._registry._periodic_tasks}
    assert "renaksi.reports.tasks.report_jobs_check_stale" in periodic
