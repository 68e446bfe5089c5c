"""The reporting chain: a unit sends its period monitoring report (laporan monev) to its parent.

- ``ReportingSchedule``: what a parent unit asks of its children in one year (the kind of period
  and the rule for due dates), with one ``ReportingDeadline`` per period holding the concrete,
  editable due date.
- ``MonitoringReport``: one child plan's report for one period, with its state in the loop
  (submitted → acknowledged, or returned → resubmitted …) and an optimistic ``version``.
- ``MonitoringReportSubmission``: what was sent each time, never changed afterwards: the report's
  figures as JSON, and the PDF laid out from that very JSON in the background.
- ``MonitoringReportEvent``: every step of the loop, with who and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renaksi.core.periods import PERIODS_PER_KIND, PeriodKind  # noqa: F401 (re-exported)
from renaksi.organisations.models import Unit
from renaksi.plans.models import Plan

# The values are ``reports.monev_data.Span`` kinds; one vocabulary in core.periods.


class ReportingSchedule(models.Model):
    """The reporting periods a parent unit asks of its children for one year."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="reporting_schedules",
        verbose_name=_("satuan kerja induk"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis periode"), max_length=10, choices=PeriodKind.choices)
    grace_workdays = models.PositiveSmallIntegerField(
        _("tenggat (hari kerja setelah akhir periode)"), default=10
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("jadwal pelaporan")
        verbose_name_plural = _("jadwal pelaporan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="chain_schedule_unit_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="chain_schedule_year_range"
            ),
            models.CheckConstraint(
                condition=Q(grace_workdays__lte=120), name="chain_schedule_grace_max"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} ({self.get_kind_display()})"


class ReportingDeadline(models.Model):
    """The due date of one period of a schedule (computed from the rule, editable)."""

    schedule = models.ForeignKey(
        ReportingSchedule,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("jadwal pelaporan"),
    )
    number = models.PositiveSmallIntegerField(_("periode ke-"))
    due_on = models.DateField(_("batas waktu"))
    edited = models.BooleanField(_("diubah manual"), default=False)

    class Meta:
        ordering = ["schedule", "number"]
        verbose_name = _("batas waktu laporan")
        verbose_name_plural = _("batas waktu laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "number"], name="chain_deadline_schedule_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=12), name="chain_deadline_number_range"
            ),
        ]

    def __str__(self):
        return f"{self.schedule} #{self.number}: {self.due_on}"


class MonitoringReport(models.Model):
    """One plan's monitoring report for one period, sent to the parent unit."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        ACKNOWLEDGED = "acknowledged", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")
        RESUBMITTED = "resubmitted", _("Diajukan ulang")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
        verbose_name=_("rencana aksi"),
    )
    recipient = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="received_monitoring_reports",
        verbose_name=_("dikirim kepada"),
    )
    kind = models.CharField(_("jenis periode"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(_("periode ke-"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    due_on = models.DateField(_("batas waktu"))
    late = models.BooleanField(
        _("terlambat"), default=False, help_text=_("Pengajuan pertama melewati batas waktu.")
    )
    first_submitted_at = models.DateTimeField(_("pertama diajukan"))
    submitted_at = models.DateTimeField(_("terakhir diajukan"))
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)

    class Meta:
        ordering = ["plan", "kind", "number"]
        verbose_name = _("laporan monev berjenjang")
        verbose_name_plural = _("laporan monev berjenjang")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "number"], name="chain_report_plan_period"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1)
                & (
                    Q(kind="month", number__lte=12)
                    | Q(kind="quarter", number__lte=4)
                    | Q(kind="semester", number__lte=2)
                    | Q(kind="year", number=1)
                ),
                name="chain_report_number_range",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="chain_report_version_min"),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "acknowledged", "returned", "resubmitted"]),
                name="chain_report_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "status"], name="chain_report_recipient_idx")]

    def __str__(self):
        return f"{self.plan} {self.kind} {self.number} ({self.get_status_display()})"

    @property
    def awaiting_decision(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.RESUBMITTED)


class MonitoringReportSubmission(models.Model):
    """What the unit sent, once: the figures as JSON and the PDF made from them. Never changed."""

    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("laporan"),
    )
    sequence = models.PositiveSmallIntegerField(_("pengajuan ke-"))
    as_of = models.DateField(_("keadaan per"))
    snapshot = models.JSONField(_("data laporan"))
    # Made in the background from ``snapshot`` (``chain.tasks``); empty until then. Set once.
    pdf = models.FileField(
        _("berkas PDF"), max_length=255, upload_to="laporan-berjenjang/", blank=True
    )
    pdf_error = models.TextField(_("kesalahan pembuatan PDF"), blank=True)
    cover_note = models.TextField(_("surat pengantar"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    submitted_at = models.DateTimeField(_("diajukan"))

    class Meta:
        ordering = ["report", "sequence"]
        verbose_name = _("pengajuan laporan")
        verbose_name_plural = _("pengajuan laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sequence"], name="chain_submission_report_sequence"
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1), name="chain_submission_sequence_min"
            ),
        ]

    def __str__(self):
        return f"{self.report} #{self.sequence}"


class MonitoringReportEvent(models.Model):
    """One step of a report's life, with who and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        ACKNOWLEDGED = "acknowledged", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")
        RESUBMITTED = "resubmitted", _("Diajukan ulang")

    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("laporan"),
    )
    submission = models.ForeignKey(
        MonitoringReportSubmission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengajuan"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    action = models.CharField(_("tindakan"), max_length=15, choices=Action.choices)
    from_status = models.CharField(
        _("status sebelum"), max_length=15, choices=MonitoringReport.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("status sesudah"), max_length=15, choices=MonitoringReport.Status.choices
    )
    note = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi"))
    created_at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(note=""),
                name="chain_event_return_note_required",
            )
        ]

    def __str__(self):
        return f"{self.report_id} {self.action} v{self.version}"
