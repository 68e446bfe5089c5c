from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.organisations.models import Unit
from renaksi.plans.models import Indicator


class Timeliness(models.TextChoices):
    """How a cell's report stands against its due date (derived, never stored)."""

    ON_TIME = "on_time", _("Tepat waktu")
    LATE = "late", _("Terlambat")
    MISSED = "missed", _("Tidak dilaporkan")
    PENDING = "pending", _("Belum jatuh tempo")
    NOT_REQUIRED = "not_required", _("Tidak dijadwalkan")


class Realisation(models.Model):
    """What was done for one cell of a plan: an indicator in one period (realisasi).

    Keyed by indicator and period, not by ``Target``, so work done in an unscheduled period can be
    recorded too; whether the cell was scheduled is derived from the plan's targets.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Belum dimulai")
        IN_PROGRESS = "in_progress", _("Dalam proses")
        DONE = "done", _("Selesai")
        NOT_DONE = "not_done", _("Tidak terlaksana")

    class ReviewState(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Terverifikasi")

    # PROTECT: rebuilding or deleting a plan must not silently erase reported (and verified) work.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="realisations",
        verbose_name=_("indikator"),
    )
    period = models.PositiveSmallIntegerField(_("periode"))
    status = models.CharField(
        _("status pelaksanaan"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    value = models.DecimalField(
        _("realisasi angka"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    narrative = models.TextField(_("uraian realisasi"), blank=True)
    obstacles = models.TextField(_("kendala"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    review_state = models.CharField(
        _("status verifikasi"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
    )
    # Timeliness is judged on the first submission: a later return by the assessor does not make
    # an on-time report late.
    first_submitted_at = models.DateTimeField(_("pertama diajukan"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("terakhir diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    # Optimistic locking: every write compares and bumps it in one filtered UPDATE.
    version = models.PositiveIntegerField(_("versi"), default=1)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    evidence: "models.ManyToManyField[Evidence, RealisationEvidence]" = models.ManyToManyField(
        "Evidence",
        through="RealisationEvidence",
        related_name="realisations",
        verbose_name=_("data dukung"),
    )

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="realisation_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1) & Q(period__lte=12), name="realisation_period_range"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="realisation_progress_range",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="realisation_version_min"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100),
                name="realisation_done_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_started") | Q(progress=0),
                name="realisation_not_started_is_zero",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(status="done"),
                name="realisation_done_on_only_when_done",
            ),
            models.CheckConstraint(
                condition=Q(review_state="draft")
                | (Q(submitted_at__isnull=False) & Q(first_submitted_at__isnull=False)),
                name="realisation_reviewed_was_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(review_state="verified") | Q(verified_at__isnull=False),
                name="realisation_verified_has_time",
            ),
        ]
        indexes = [models.Index(fields=["review_state"], name="realisation_review_idx")]

    def __str__(self):
        return f"{self.indicator_id}:{self.period}"

    @property
    def is_locked(self) -> bool:
        """Submitted cells wait for the assessor and verified ones are final: neither is edited."""
        return self.review_state in (self.ReviewState.SUBMITTED, self.ReviewState.VERIFIED)


class Evidence(models.Model):
    """A data dukung item in a unit's library: one stored file or one link, used by many cells."""

    class Kind(models.TextChoices):
        FILE = "file", _("Berkas")
        LINK = "link", _("Tautan")

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        GIF = "gif", "GIF"
        WEBP = "webp", "WebP"
        DOCX = "docx", _("Word (.docx)")
        XLSX = "xlsx", _("Excel (.xlsx)")
        PPTX = "pptx", _("PowerPoint (.pptx)")
        DOC = "doc", _("Word 97–2003 (.doc)")
        XLS = "xls", _("Excel 97–2003 (.xls)")
        PPT = "ppt", _("PowerPoint 97–2003 (.ppt)")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("satuan kerja")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    # Stored under a path derived from the SHA-256, never from the uploaded name.
    file = models.FileField(_("berkas"), max_length=255, blank=True)
    url = models.URLField(_("tautan"), max_length=2000, blank=True)
    display_name = models.CharField(_("nama"), max_length=255)
    description = models.TextField(_("keterangan"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    # The type read from the content (magic bytes), not from the name or the browser.
    content_type = models.CharField(
        _("jenis berkas"), max_length=10, choices=FileType.choices, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    uploaded_at = models.DateTimeField(_("waktu unggah"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("data dukung")
        verbose_name_plural = _("data dukung")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "sha256"],
                condition=Q(kind="file"),
                name="evidence_unique_file_per_unit",
            ),
            models.UniqueConstraint(
                fields=["unit", "url"],
                condition=Q(kind="link"),
                name="evidence_unique_link_per_unit",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="file")
                    & ~Q(file="")
                    & ~Q(sha256="")
                    & Q(size__gt=0)
                    & ~Q(content_type="")
                    & Q(url="")
                )
                | (Q(kind="link") & ~Q(url="") & Q(file="") & Q(sha256="")),
                name="evidence_file_or_link",
            ),
        ]

    def __str__(self):
        return self.display_name


class RealisationEvidence(models.Model):
    """One evidence item backing one realisation."""

    realisation = models.ForeignKey(
        Realisation,
        on_delete=models.CASCADE,
        related_name="evidence_links",
        verbose_name=_("realisasi"),
    )
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.PROTECT,
        related_name="realisation_links",
        verbose_name=_("data dukung"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditambahkan oleh"),
    )
    added_at = models.DateTimeField(_("waktu ditambahkan"), auto_now_add=True)

    class Meta:
        ordering = ["realisation", "added_at", "id"]
        verbose_name = _("data dukung realisasi")
        verbose_name_plural = _("data dukung realisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["realisation", "evidence"], name="realisation_evidence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.realisation_id}→{self.evidence_id}"


class RealisationEvent(models.Model):
    """One step in a cell's life (saved, submitted, verified, returned …), with who and why."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Disimpan")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Diverifikasi")
        RETURNED = "returned", _("Dikembalikan")
        REOPENED = "reopened", _("Dibuka kembali")
        EVIDENCE_ADDED = "evidence_added", _("Data dukung ditambahkan")
        EVIDENCE_REMOVED = "evidence_removed", _("Data dukung dilepas")

    # Writing a cell: whoever did any of these may not verify it (monitoring.rules, and the
    # verifier selector monitoring.selectors.realisation_verifiers).
    AUTHORING = (Action.SAVED, Action.SUBMITTED, Action.EVIDENCE_ADDED, Action.EVIDENCE_REMOVED)

    realisation = models.ForeignKey(
        Realisation, on_delete=models.CASCADE, related_name="events", verbose_name=_("realisasi")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    note = models.TextField(_("catatan"), blank=True)
    from_state = models.CharField(
        _("status verifikasi sebelum"), max_length=20, choices=Realisation.ReviewState.choices
    )
    to_state = models.CharField(
        _("status verifikasi sesudah"), max_length=20, choices=Realisation.ReviewState.choices
    )
    version = models.PositiveIntegerField(_("versi"))
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data dukung"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["realisation", "created_at", "id"]
        verbose_name = _("riwayat realisasi")
        verbose_name_plural = _("riwayat realisasi")
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=["returned", "reopened"]) | ~Q(note=""),
                name="realisation_event_note_required",
            ),
        ]

    def __str__(self):
        return f"{self.realisation_id} {self.action}"


class Holiday(models.Model):
    """A non-working day: national holiday, cuti bersama or a local closure; edited by admins.

    Seeded from the ``holidays`` package by ``seed_holidays``; rows an administrator added or
    changed (``source = manual``) are never overwritten by a later seed.
    """

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Hari libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        LOCAL = "local", _("Libur lokal")

    class Source(models.TextChoices):
        LIBRARY = "library", _("Pustaka holidays")
        MANUAL = "manual", _("Diisi administrator")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    source = models.CharField(
        _("sumber"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    # Switched off rather than deleted, so a later seed does not bring it back.
    active = models.BooleanField(_("berlaku"), default=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class ReminderLog(models.Model):
    """One reminder digest e-mailed to one person on one day: at most one per kind and day.

    Written before the e-mail leaves (and removed again if sending fails), so a second run on the
    same day, or two workers at once, never send the same digest twice.
    """

    class Kind(models.TextChoices):
        PIC = "pic", _("Penanggung jawab")
        ASESOR = "asesor", _("Tim Asesor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("penerima"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    # The cells listed, as [indicator id, period] pairs.
    cells = models.JSONField(_("sel"), default=list)
    sent_at = models.DateTimeField(_("waktu kirim"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "user", "kind"]
        verbose_name = _("log pengingat")
        verbose_name_plural = _("log pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "date"], name="reminder_log_unique_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.kind} {self.user_id}"
