"""Bounds on document work: de-duplication, quotas, a fair order, and a cache per plan version.

- An identical request (same plan, document, format and parameters) that is still queued or
  running is not queued again: the requester gets the existing job.
- Quotas on pending (queued or running) jobs: ``REPORT_JOBS_PER_USER`` per person,
  ``REPORT_JOBS_PER_UNIT`` per unit, and ``REPORT_JOBS_PER_READER`` for people who only read
  (no role other than Pembaca anywhere): they download finished documents but cannot flood.
- A fair order: the worker takes the queued job whose requester was served least in the last
  hour, counting their earlier queued jobs too (round robin between people, oldest first within
  one person), so one person's flood never pushes another unit's Sekretaris to the back.
- Every document is cached per plan version and format: each job records its ``cache_key``
  (``document_key``: the plan's change stamp, bumped by every write to the plan, its
  realisations, evidence or calendar (``plans.stamps``), the language, the format, the release
  and the parameters), and a finished job with the same key is served again instead of being
  rendered again.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.organisations.models import Membership
from renaksi.plans.page_cache import release_token
from renaksi.reports.common import DocumentError
from renaksi.reports.models import ReportJob

Status = ReportJob.Status
PENDING = (Status.QUEUED, Status.RUNNING)


def document_key(*, plan, kind: str, fmt: str, params: dict, today_matters: bool) -> str:
    """The cache key of a document: kind, plan, the plan's change stamp and ``updated_at``, the
    language documents are written in, the format, the release (code, templates,
    translations) and the parameters; the day too when the document reads "today" (a
    monitoring report without an "as of" date). ``plan`` must be fresh from the database."""
    parts = (
        kind,
        plan.pk,
        str(plan.change_stamp),
        plan.updated_at.isoformat() if plan.updated_at else "",
        settings.LANGUAGE_CODE,
        fmt,
        release_token(),
        sorted((str(k), str(v)) for k, v in params.items()),
        timezone.localdate().isoformat() if today_matters and not params.get("as_of") else "",
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def pending_duplicate(*, plan, kind, fmt, params) -> ReportJob | None:
    return (
        ReportJob.objects.filter(
            plan=plan, kind=kind, format=fmt, params=params, status__in=PENDING
        )
        .order_by("id")
        .first()
    )


def cached_document(*, key: str) -> ReportJob | None:
    return (
        ReportJob.objects.filter(cache_key=key, status=Status.DONE)
        .exclude(file="")
        .order_by("-id")
        .first()
    )


def _reader_only(user) -> bool:
    if user is None or user.is_superuser:
        return False
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return not roles or roles == {Membership.Role.VIEWER}


def check_quota(*, plan, actor) -> None:
    """Refuse a new job beyond the actor's or the unit's share of pending work."""
    if actor is None:
        return
    mine = ReportJob.objects.filter(requested_by=actor, status__in=PENDING).count()
    limit = (
        settings.REPORT_JOBS_PER_READER if _reader_only(actor) else settings.REPORT_JOBS_PER_USER
    )
    if mine >= limit:
        raise DocumentError(
            _(
                "Anda sudah punya %(count)s dokumen yang sedang dibuat (batas %(limit)s). "
                "Tunggu sampai selesai, lalu minta lagi."
            )
            % {"count": mine, "limit": limit}
        )
    unit_pending = ReportJob.objects.filter(plan__unit_id=plan.unit_id, status__in=PENDING).count()
    if unit_pending >= settings.REPORT_JOBS_PER_UNIT:
        raise DocumentError(
            _(
                "Satuan kerja ini sudah punya %(count)s dokumen yang sedang dibuat. Tunggu "
                "beberapa saat, lalu minta lagi."
            )
            % {"count": unit_pending}
        )


def next_job_id() -> int | None:
    """The queued job to run next: fewest earlier pending jobs of the same requester, then age."""
    queued = list(
        ReportJob.objects.filter(status=Status.QUEUED)
        .order_by("id")
        .values_list("id", "requested_by_id")[:500]
    )
    if not queued:
        return None
    # Jobs each requester had started in the last hour (running or finished): whoever was served
    # least lately goes first, so the order rotates between people instead of following arrival.
    since = timezone.now() - timedelta(hours=1)
    running = dict(
        ReportJob.objects.filter(started_at__gte=since)
        .values_list("requested_by_id")
        .annotate(n=Count("id"))
        .values_list("requested_by_id", "n")
    )
    seen: dict = {}
    best = None
    for job_id, requester in queued:
        rank = running.get(requester, 0) + seen.get(requester, 0)
        seen[requester] = seen.get(requester, 0) + 1
        if best is None or rank < best[0]:
            best = (rank, job_id)
    return best[1]


def jobs_ahead(job: ReportJob) -> int:
    """How many queued jobs the fair order runs before this one (for tests and the page)."""
    ahead = 0
    order = []
    pending = list(
        ReportJob.objects.filter(status=Status.QUEUED)
        .order_by("id")
        .values_list("id", "requested_by_id")
    )
    seen: dict = {}
    for job_id, requester in pending:
        order.append((seen.get(requester, 0), job_id))
        seen[requester] = seen.get(requester, 0) + 1
    for _rank, job_id in sorted(order):
        if job_id == job.pk:
            return ahead
        ahead += 1
    return ahead
