"""Complaints (pengaduan masyarakat, UU 25/2009, PermenPAN-RB 62/2018)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.organisations.models import Unit


class Complaint(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Formulir daring")
        DIRECT = "langsung", _("Datang langsung")
        LETTER = "surat", _("Surat")
        LAPOR = "lapor", _("SP4N-LAPOR!")

    class Classification(models.TextChoices):
        RINGAN = "ringan", _("Ringan")
        NORMATIF = "normatif", _("Normatif")
        PENGAWASAN = "pengawasan", _("Tidak berkadar pengawasan lapangan")
        LAPANGAN = "lapangan", _("Perlu pemeriksaan lapangan")

    class Status(models.TextChoices):
        RECEIVED = "diterima", _("Diterima")
        IN_PROCESS = "diproses", _("Diproses")
        ANSWERED = "dijawab", _("Dijawab")
        CLOSED = "selesai", _("Selesai")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("satuan kerja")
    )
    number = models.CharField(_("nomor register"), max_length=40, unique=True)
    tracking_code = models.CharField(_("kode pelacakan"), max_length=20, unique=True)
    channel = models.CharField(
        _("saluran"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    received_on = models.DateField(_("tanggal diterima"))
    subject = models.CharField(_("perihal"), max_length=200)
    body = models.TextField(_("isi pengaduan"))
    anonymous = models.BooleanField(_("tanpa identitas"), default=False)
    name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    contact = models.CharField(_("kontak pelapor"), max_length=200, blank=True)
    # sha256 of unit + normalised body + contact: refuses the same complaint twice in a day.
    fingerprint = models.CharField(_("sidik isi"), max_length=64, db_index=True)
    classification = models.CharField(
        _("klasifikasi"), max_length=12, choices=Classification.choices, blank=True
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_assigned",
        verbose_name=_("petugas"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    first_response_on = models.DateField(_("tanggapan pertama"), null=True, blank=True)
    first_response = models.TextField(_("isi tanggapan pertama"), blank=True)
    answered_on = models.DateField(_("tanggal jawaban"), null=True, blank=True)
    answer = models.TextField(_("jawaban"), blank=True)
    closed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("penilaian pelapor"), null=True, blank=True)
    rating_note = models.TextField(_("catatan penilaian"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="registers_complaint_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="registers_complaint_closed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(name="", contact=""),
                name="registers_complaint_anonymous_has_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ComplaintAttachment(models.Model):
    """A file sent with a complaint, its type judged by its content like evidence."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("pengaduan")
    )
    file = models.FileField(_("berkas"), max_length=300)
    display_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=10)
    size = models.PositiveIntegerField(_("ukuran"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")

    def __str__(self) -> str:
        return self.display_name
