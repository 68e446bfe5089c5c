"""Documents made in the background: ask for one, run it, find the ones whose worker died.

``report_job_request`` checks and records the request and queues ``report_job_run`` after the
commit; the task calls ``report_job_execute``, which renders the document, stores the file and
writes progress and a log on the job row as it goes. The reads for the pages are at the end.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_get
from renaksi.reports import queue
from renaksi.reports.common import DocumentError, download_name
from renaksi.reports.heartbeat import STALE_AFTER_SECONDS, heartbeat
from renaksi.reports.kinds import document_kind
from renaksi.reports.models import ReportJob

logger = logging.getLogger(__name__)

Status = ReportJob.Status


def report_job_request(
    *, plan: Plan, kind: str, fmt: str, params: dict, actor, cached: bool = True
) -> ReportJob:
    """Queue a document of a plan the actor may see; ``DocumentError`` if it cannot be made.

    An identical pending request is returned instead of queued again, and quotas apply
    (renaksi/reports/queue.py). A finished document of the same plan version, language,
    format, release and parameters (``queue.document_key``) is returned as it is, with no new
    job; ``cached=False`` makes it again.
    """
    plan = plan_get(user=actor, pk=plan.pk)  # 404 when the actor may not see the plan; fresh
    entry = document_kind(kind)
    clean = entry.clean_params(fmt, params or {})
    if entry.check is not None:
        entry.check(plan, clean)
    key = queue.document_key(
        plan=plan, kind=kind, fmt=fmt, params=clean, today_matters=entry.today_matters
    )
    if cached:
        done = queue.cached_document(key=key)
        if done is not None:
            return done
    duplicate = queue.pending_duplicate(plan=plan, kind=kind, fmt=fmt, params=clean)
    if duplicate is not None:
        return duplicate
    queue.check_quota(plan=plan, actor=actor)
    with transaction.atomic(durable=True):
        job = ReportJob.objects.create(
            plan=plan, kind=kind, format=fmt, params=clean, cache_key=key, requested_by=actor
        )
        _append(job, _("Permintaan diterima; menunggu giliran."))
        job.save(update_fields=["log"])
        audit_record(
            actor=actor,
            action="report_job.request",
            obj=job,
            unit=plan.unit,
            summary=_("Meminta %(kind)s (%(format)s)")
            % {"kind": job.get_kind_display(), "format": fmt.upper()},
            data={"plan": plan.pk, "kind": kind, "format": fmt, "params": clean},
        )
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(job_id))
    return job


def _enqueue(job_id: int) -> None:
    from renaksi.reports.tasks import report_job_run

    report_job_run.enqueue(job_id)


def _append(job: ReportJob, line: str) -> None:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    job.log = f"{job.log}{stamp}  {line}\n"


def _step(job: ReportJob, progress: int, line: str, **fields) -> None:
    job.progress = progress
    _append(job, line)
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["progress", "log", *fields])


def _render(job: ReportJob, plan: Plan) -> tuple[bytes, str]:
    entry = document_kind(job.kind)
    content = entry.render(plan, job.format, job.params)
    return content, download_name(entry.file_prefix(job.params), plan, job.format)


def report_job_file_name(job: ReportJob) -> str:
    """The name a finished document downloads under, in the downloader's language: the one
    stored was made by the worker, in the default language."""
    stored = job.file_name or (job.file.name or "").rsplit("/", 1)[-1]
    try:
        entry = document_kind(job.kind)
        prefix = entry.file_prefix(job.params or {})
    except (DocumentError, KeyError, TypeError, ValueError):
        return stored
    return download_name(prefix, job.plan, job.format)


def report_job_execute(*, job_id: int) -> ReportJob | None:
    """Render the job's document; on any error mark it failed, with no file left behind."""
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .filter(pk=job_id, status=Status.QUEUED)
            .select_related("plan__unit", "plan__decree")
            .first()
        )
        if job is None:  # already taken, finished, or gone
            return None
        _step(job, 5, _("Mulai membuat dokumen."), status=Status.RUNNING, started_at=timezone.now())
    stored = ""
    try:
        _step(job, 20, _("Mengumpulkan data rencana aksi dan realisasi."))
        with heartbeat(job.pk):
            content, name = _render(job, job.plan)
        _step(
            job,
            80,
            _("Dokumen selesai disusun (%(size)s bita); menyimpan berkas.")
            % {"size": len(content)},
        )
        stored = job.file.storage.save(f"laporan/{job.pk}/{name}", ContentFile(content))
        job.file.name = stored
        _step(
            job,
            100,
            _("Selesai."),
            status=Status.DONE,
            file=job.file,
            file_name=name,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("Report job %s failed", job_id)
        if stored:
            job.file.storage.delete(stored)
        job.file = ""
        if isinstance(exc, DocumentError):
            message = _("Dokumen tidak dapat dibuat: %(reason)s") % {"reason": exc}
        else:
            message = _(
                "Dokumen gagal dibuat karena kesalahan sistem (%(error)s). Silakan minta ulang; "
                "jika terulang, hubungi administrator."
            ) % {"error": type(exc).__name__}
        _step(
            job,
            job.progress,
            _("Gagal: %(message)s") % {"message": message},
            status=Status.FAILED,
            error=message,
            file="",
            finished_at=timezone.now(),
        )
    return job


def report_job_fail_stale(
    *, older_than_minutes: int = 30, silent_seconds: int = STALE_AFTER_SECONDS
) -> int:
    """Mark as failed the running jobs whose worker has died.

    A job is stale when its heartbeat (stamped every few seconds by the worker running it) is
    older than ``silent_seconds``, or when it started more than ``older_than_minutes`` ago (no
    document takes that long; a job that never beat is caught here).
    """
    now = timezone.now()
    silent_since = now - timedelta(seconds=silent_seconds)
    cutoff = now - timedelta(minutes=older_than_minutes)
    too_long = _(
        "Proses pembuatan dokumen terhenti: tidak selesai dalam %(minutes)s menit (pekerja latar "
        "belakang mati atau dimulai ulang). Silakan minta ulang."
    ) % {"minutes": older_than_minutes}
    died = _(
        "Proses pembuatan dokumen terhenti: pekerja latar belakang mati atau dimulai ulang (tidak "
        "ada tanda hidup selama %(seconds)s detik). Silakan minta ulang."
    ) % {"seconds": silent_seconds}
    failed = []
    with transaction.atomic():
        stale = ReportJob.objects.select_for_update().filter(
            Q(heartbeat_at__lt=silent_since) | Q(started_at__lt=cutoff),
            status=Status.RUNNING,
        )
        for job in stale:
            message = too_long if job.started_at and job.started_at < cutoff else died
            _step(
                job,
                job.progress,
                message,
                status=Status.FAILED,
                error=message,
                finished_at=timezone.now(),
            )
            failed.append(job.pk)
    for pk in failed:
        _discard_partial_files(pk)
    return len(failed)


def report_job_retry(*, job: ReportJob, actor) -> ReportJob:
    """Queue a failed job again (the administrators' *Ulangi*): same document, same parameters."""
    with transaction.atomic(durable=True):
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != Status.FAILED:
            raise DocumentError(_("Hanya pekerjaan yang gagal yang dapat diulang."))
        job.status, job.progress, job.error = Status.QUEUED, 0, ""
        job.started_at = job.finished_at = job.heartbeat_at = None
        job.log = (job.log + "\n" if job.log else "") + _("Diulang oleh %(who)s.") % {
            "who": getattr(actor, "username", "sistem")
        }
        job.save()
        audit_record(
            actor=actor,
            action="report_job.retry",
            obj=job,
            unit=job.plan.unit,
            summary=_("Pembuatan dokumen diulang"),
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _discard_partial_files(job_pk: int) -> None:
    """Remove whatever a worker killed while saving left in the job's folder."""
    storage = ReportJob._meta.get_field("file").storage
    folder = f"laporan/{job_pk}"
    try:
        _dirs, names = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in names:
        storage.delete(f"{folder}/{name}")


# --- reads -----------------------------------------------------------------------------------


def report_job_list_for_plan(*, user, plan: Plan, limit: int = 30) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(
        plan=plan, plan__unit__in=unit_list_visible(user=user)
    ).select_related("requested_by")[:limit]


def report_job_get(*, user, pk: int) -> ReportJob:
    """The job if the user may see its plan; 404 otherwise."""
    job = (
        ReportJob.objects.filter(pk=pk, plan__unit__in=unit_list_visible(user=user))
        .select_related("plan__unit", "requested_by")
        .first()
    )
    if job is None:
        raise Http404
    return job
