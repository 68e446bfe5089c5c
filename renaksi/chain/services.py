"""Writes of the reporting chain: the parent's schedule, and a report's loop.

A report goes ``submitted`` → ``acknowledged``, or ``submitted`` → ``returned`` (with a note) →
``resubmitted`` → … Each submission keeps an immutable snapshot: the monitoring report's figures
(``reports.monev_data.monev_data``, read in the submit's transaction, about 0.1 s for the seed plan)
as JSON. Its PDF is laid out from that JSON by a background task queued after the commit
(``chain.snapshot``, ``chain.tasks``): WeasyPrint takes 7–14 s for the seed plan's quarter on a
busy 2-core machine, too long for a request, and the file shows exactly the figures that were
sent, however the plan changes before the worker runs. Every transition compares and bumps
``version`` in one filtered UPDATE, adds an event row and an audit event in the same durable
transaction, and e-mails the other side after the commit.

Lateness: a report is late when its *first* submission falls on a (local) calendar day after the
period's due date; the due date itself is counted in working days (see ``selectors``). A report
sent back and resubmitted keeps the lateness of its first submission.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.chain import notices
from renaksi.chain.models import (
    PERIODS_PER_KIND,
    MonitoringReport,
    MonitoringReportEvent,
    MonitoringReportSubmission,
    PeriodKind,
    ReportingDeadline,
    ReportingSchedule,
)
from renaksi.chain.selectors import PeriodDue, period_label, rule_due_dates, schedule_get
from renaksi.chain.snapshot import enqueue_pdf, snapshot_of
from renaksi.core.actors import require_perm, user_or_none
from renaksi.organisations.models import Unit
from renaksi.plans.models import Plan
from renaksi.reports.common import DocumentError, document_language
from renaksi.reports.monev_data import Span, monev_data

Status = MonitoringReport.Status
Action = MonitoringReportEvent.Action
COVER_NOTE_MAX = 4000
GRACE_MAX = 120


class ChainError(ValueError):
    """A chain write that cannot be done; the message is for the user."""


class ChainConflictError(ChainError):
    """Someone acted on the report since the actor read it."""


# --- the schedule -----------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ChainError(_("Tahun %(year)s di luar rentang 2000–2100.") % {"year": year})


@transaction.atomic(durable=True)
def schedule_set_rule(
    *, unit: Unit, year: int, kind: str, grace_workdays: int, actor
) -> ReportingSchedule:
    """Set the kind of period and the rule "N working days after the period ends" for ``year``;
    every due date is computed again from the rule (dates edited by hand are replaced)."""
    require_perm(actor, "chain.configure_schedule", unit)
    _check_year(year)
    if kind not in PeriodKind.values:
        raise ChainError(_("Jenis periode laporan tidak dikenal."))
    if not 0 <= grace_workdays <= GRACE_MAX:
        raise ChainError(
            _("Tenggat harus antara 0 dan %(max)s hari kerja setelah akhir periode.")
            % {"max": GRACE_MAX}
        )
    schedule = ReportingSchedule.objects.select_for_update().filter(unit=unit, year=year).first()
    current_kind = schedule.kind if schedule else schedule_get(unit=unit, year=year).kind
    if kind != current_kind:
        sent = MonitoringReport.objects.filter(
            recipient=unit, plan__year=year, kind=current_kind
        ).exists()
        if sent:
            raise ChainError(
                _(
                    "Jenis periode tidak dapat diubah: satuan kerja bawahan sudah mengirim laporan "
                    "%(kind)s tahun ini. Batas waktunya masih dapat diubah."
                )
                % {"kind": PeriodKind(current_kind).label.lower()}
            )
    if schedule is None:
        schedule = ReportingSchedule(unit=unit, year=year)
    schedule.kind = kind
    schedule.grace_workdays = grace_workdays
    schedule.updated_by = user_or_none(actor)
    schedule.save()
    dues = rule_due_dates(kind=kind, year=year, grace_workdays=grace_workdays)
    ReportingDeadline.objects.filter(schedule=schedule).delete()
    ReportingDeadline.objects.bulk_create(
        [ReportingDeadline(schedule=schedule, number=n, due_on=d) for n, d in dues.items()]
    )
    audit_record(
        actor=actor,
        action="chain.schedule_rule",
        obj=schedule,
        unit=unit,
        summary=_("Jadwal laporan %(year)s: %(kind)s, %(days)s hari kerja setelah akhir periode")
        % {"year": year, "kind": PeriodKind(kind).label, "days": grace_workdays},
        data={
            "year": year,
            "kind": kind,
            "grace_workdays": grace_workdays,
            "due": {str(n): d.isoformat() for n, d in dues.items()},
        },
    )
    return schedule


@transaction.atomic(durable=True)
def schedule_set_dates(
    *, unit: Unit, year: int, dates: dict[int, date], actor
) -> ReportingSchedule:
    """Change single due dates; a year without a schedule gets the default one first."""
    require_perm(actor, "chain.configure_schedule", unit)
    _check_year(year)
    schedule = ReportingSchedule.objects.select_for_update().filter(unit=unit, year=year).first()
    if schedule is None:
        current = schedule_get(unit=unit, year=year)
        schedule = ReportingSchedule.objects.create(
            unit=unit,
            year=year,
            kind=current.kind,
            grace_workdays=current.grace_workdays,
            updated_by=user_or_none(actor),
        )
        ReportingDeadline.objects.bulk_create(
            [
                ReportingDeadline(schedule=schedule, number=p.number, due_on=p.due_on)
                for p in current.periods
            ]
        )
    deadlines = {d.number: d for d in ReportingDeadline.objects.filter(schedule=schedule)}
    changed = {}
    for number, due_on in sorted(dates.items()):
        deadline = deadlines.get(number)
        if deadline is None:
            raise ChainError(_("Periode %(n)s tidak ada pada jadwal ini.") % {"n": number})
        period_end = schedule_period_end(schedule.kind, number, year)
        if due_on < period_end:
            raise ChainError(
                _("Batas waktu %(period)s tidak boleh sebelum akhir periodenya (%(end)s).")
                % {"period": number, "end": period_end.isoformat()}
            )
        if due_on.year > year + 1:
            raise ChainError(_("Batas waktu terlalu jauh: paling lambat akhir tahun berikutnya."))
        if deadline.due_on != due_on:
            changed[str(number)] = [deadline.due_on.isoformat(), due_on.isoformat()]
            deadline.due_on = due_on
            deadline.edited = True
            deadline.save(update_fields=["due_on", "edited"])
    schedule.updated_by = user_or_none(actor)
    schedule.save(update_fields=["updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="chain.schedule_dates",
        obj=schedule,
        unit=unit,
        summary=_("Batas waktu laporan %(year)s diubah (%(count)s periode)")
        % {"year": year, "count": len(changed)},
        data={"year": year, "changed": changed},
    )
    return schedule


def schedule_period_end(kind: str, number: int, year: int) -> date:
    return Span(kind, number).last_day(year)


# --- the snapshot


def _snapshot(plan: Plan, period: PeriodDue, today: date) -> dict:
    try:
        with document_language(None):
            return snapshot_of(monev_data(plan=plan, span=period.span, today=today))
    except DocumentError as exc:
        raise ChainError(str(exc)) from exc


# --- the loop ---------------------------------------------------------------------------------


def _conflict() -> ChainConflictError:
    return ChainConflictError(
        _(
            "Laporan ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman dan "
            "periksa statusnya."
        )
    )


def _claim(report: MonitoringReport, expected_version: int | None) -> None:
    """Compare and bump the version in one UPDATE: two people on one version cannot both act."""
    expected = report.version if expected_version is None else expected_version
    claimed = MonitoringReport.objects.filter(pk=report.pk, version=expected).update(
        version=expected + 1
    )
    if claimed != 1:
        raise _conflict()
    report.version = expected + 1


def _step(report, *, actor, action, from_status, note="", submission=None, now=None):
    MonitoringReportEvent.objects.create(
        report=report,
        submission=submission,
        actor=user_or_none(actor),
        action=action,
        from_status=from_status,
        to_status=report.status,
        note=note,
        version=report.version,
        created_at=now or timezone.now(),
    )
    audit_record(
        actor=actor,
        action=f"chain.report_{action}",
        obj=report,
        unit=report.plan.unit,
        summary=_("Laporan %(period)s %(unit)s: %(status)s")
        % {
            "period": f"{period_label(report.kind, report.number)} {report.plan.year}",
            "unit": report.plan.unit.code,
            "status": report.get_status_display(),
        },
        data={
            "plan": report.plan_id,
            "recipient": report.recipient_id,
            "kind": report.kind,
            "number": report.number,
            "from": from_status,
            "to": report.status,
            "version": report.version,
            **({"note": note} if note else {}),
            **({"submission": submission.pk} if submission is not None else {}),
        },
    )


@transaction.atomic(durable=True)
def monitoring_report_submit(
    *,
    plan: Plan,
    number: int,
    actor,
    cover_note: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> MonitoringReport:
    """Send the plan's monitoring report for period ``number`` of the parent's schedule.

    A first submission creates the report; a returned report is submitted again (pass the
    ``expected_version`` read with it). Anything else raises ``ChainError``. The snapshot is taken
    here; its PDF is queued after the commit.
    """
    plan = Plan.objects.select_related("unit__parent", "decree").get(pk=plan.pk)
    require_perm(actor, "chain.submit_report", plan)
    parent = plan.unit.parent
    if parent is None:
        raise ChainError(_("Satuan kerja ini tidak memiliki satuan kerja induk untuk dilapori."))
    today = today or timezone.localdate()
    cover_note = (cover_note or "").strip()
    if len(cover_note) > COVER_NOTE_MAX:
        raise ChainError(
            _("Surat pengantar paling panjang %(max)s karakter.") % {"max": COVER_NOTE_MAX}
        )
    schedule = schedule_get(unit=parent, year=plan.year)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 0
    period = schedule.period(number)
    if period is None:
        raise ChainError(
            _(
                "Periode laporan tidak dikenal: jadwal tahun %(year)s memakai %(count)s "
                "periode %(kind)s."
            )
            % {
                "year": plan.year,
                "count": PERIODS_PER_KIND[schedule.kind],
                "kind": schedule.kind_label.lower(),
            }
        )
    if today < period.ends_on:
        raise ChainError(
            _("Laporan %(period)s baru dapat diajukan setelah periodenya berakhir (%(end)s).")
            % {"period": period.label, "end": period.ends_on.strftime("%d-%m-%Y")}
        )
    existing = (
        MonitoringReport.objects.select_for_update()
        .filter(plan=plan, kind=period.kind, number=number)
        .first()
    )
    if existing is not None and existing.status != Status.RETURNED:
        raise ChainError(
            _("Laporan %(period)s sudah diajukan (status: %(status)s).")
            % {"period": period.label, "status": existing.get_status_display()}
        )
    snapshot = _snapshot(plan, period, today)
    now = timezone.now()
    if existing is None:
        report = MonitoringReport(
            plan=plan,
            recipient=parent,
            kind=period.kind,
            number=period.number,
            status=Status.SUBMITTED,
            due_on=period.due_on,
            late=today > period.due_on,
            first_submitted_at=now,
            submitted_at=now,
        )
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # Submitted by someone else at this very moment: theirs stands.
            raise ChainError(
                _("Laporan %(period)s sudah diajukan (status: %(status)s).")
                % {"period": period.label, "status": Status.SUBMITTED.label}
            ) from None
        from_status, action = "", Action.SUBMITTED
    else:
        report = existing
        _claim(report, expected_version)
        from_status, action = report.status, Action.RESUBMITTED
        report.status = Status.RESUBMITTED
        report.submitted_at = now
        report.decided_at = None
        report.save(update_fields=["status", "submitted_at", "decided_at", "version"])
    report.plan = plan
    submission = MonitoringReportSubmission.objects.create(
        report=report,
        sequence=report.submissions.count() + 1,
        as_of=today,
        snapshot=snapshot,
        cover_note=cover_note,
        submitted_by=user_or_none(actor),
        submitted_at=now,
    )
    _step(
        report,
        actor=actor,
        action=action,
        from_status=from_status,
        note=cover_note,
        submission=submission,
        now=now,
    )
    report_id, submission_id = report.pk, submission.pk
    transaction.on_commit(lambda: enqueue_pdf(submission_id))
    notices.send_after_commit(report_id=report_id, action=action)
    return report


def _decide(*, report, actor, expected_version, action, to_status, note) -> MonitoringReport:
    fresh = MonitoringReport.objects.select_related("plan__unit", "recipient").get(pk=report.pk)
    require_perm(actor, "chain.review_report", fresh)
    if fresh.status == Status.ACKNOWLEDGED:
        raise ChainError(_("Laporan ini sudah diterima."))
    if fresh.status == Status.RETURNED:
        raise ChainError(_("Laporan ini sudah dikembalikan dan menunggu pengajuan ulang."))
    from_status = fresh.status
    _claim(fresh, expected_version)
    now = timezone.now()
    fresh.status = to_status
    fresh.decided_at = now
    fresh.save(update_fields=["status", "decided_at", "version"])
    _step(fresh, actor=actor, action=action, from_status=from_status, note=note, now=now)
    report_id = fresh.pk
    notices.send_after_commit(report_id=report_id, action=action)
    return fresh


@transaction.atomic(durable=True)
def monitoring_report_acknowledge(
    *, report: MonitoringReport, actor, expected_version: int | None = None, note: str = ""
) -> MonitoringReport:
    """The parent unit accepts a submitted report."""
    return _decide(
        report=report,
        actor=actor,
        expected_version=expected_version,
        action=Action.ACKNOWLEDGED,
        to_status=Status.ACKNOWLEDGED,
        note=(note or "").strip()[:COVER_NOTE_MAX],
    )


@transaction.atomic(durable=True)
def monitoring_report_return(
    *, report: MonitoringReport, actor, note: str, expected_version: int | None = None
) -> MonitoringReport:
    """The parent unit sends a submitted report back with a note (required)."""
    note = (note or "").strip()
    if not note:
        raise ChainError(_("Tulis catatan untuk satuan kerja: apa yang perlu diperbaiki."))
    if len(note) > COVER_NOTE_MAX:
        raise ChainError(_("Catatan paling panjang %(max)s karakter.") % {"max": COVER_NOTE_MAX})
    return _decide(
        report=report,
        actor=actor,
        expected_version=expected_version,
        action=Action.RETURNED,
        to_status=Status.RETURNED,
        note=note,
    )
