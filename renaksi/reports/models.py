from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renaksi.plans.models import Plan


class ReportJob(models.Model):
    """One document made in the background: what was asked, how far it got, and the file."""

    class Kind(models.TextChoices):
        LAMPIRAN = "lampiran", _("Lampiran rencana aksi")
        DECREE = "decree", _("Keputusan")
        MONEV = "monev", _("Laporan monev")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", _("Excel (XLSX)")
        DOCX = "docx", _("Word (DOCX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antri")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="report_jobs", verbose_name=_("rencana aksi")
    )
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    # queue.document_key: a finished job with the same key is the same file (served again).
    cache_key = models.CharField(_("kunci tembolok"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    log = models.TextField(_("catatan proses"), blank=True)
    file = models.FileField(_("berkas"), max_length=255, upload_to="laporan/%Y/%m/", blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    error = models.TextField(_("pesan kesalahan"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    # Stamped by the worker every few seconds while it runs the job (reports.heartbeat).
    heartbeat_at = models.DateTimeField(_("tanda hidup pekerja"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pembuatan laporan")
        verbose_name_plural = _("pembuatan laporan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_max"),
            models.CheckConstraint(
                condition=Q(status="done") | Q(file=""), name="report_job_file_only_when_done"
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="report_job_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.plan_id} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
