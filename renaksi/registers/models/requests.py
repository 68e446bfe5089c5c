"""Public information requests to the PPID (UU 14/2008; Perki 1/2021)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.organisations.models import Unit


class InfoRequest(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Formulir daring")
        VISIT = "langsung", _("Datang langsung")
        LETTER = "surat", _("Surat")
        EMAIL = "email", _("Surel")

    class Status(models.TextChoices):
        RECEIVED = "diterima", _("Diterima")
        EXTENDED = "diperpanjang", _("Diperpanjang")
        ANSWERED = "dijawab", _("Dijawab")
        OBJECTION = "keberatan", _("Keberatan diajukan")
        OBJECTION_ANSWERED = "keberatan_dijawab", _("Keberatan dijawab")
        DISPUTE = "sengketa", _("Sengketa di Komisi Informasi")
        CLOSED = "selesai", _("Selesai")

    class Decision(models.TextChoices):
        GRANTED = "dikabulkan", _("Dikabulkan seluruhnya")
        PARTLY = "sebagian", _("Dikabulkan sebagian")
        REFUSED = "ditolak", _("Ditolak")

    class Ground(models.TextChoices):
        """Pasal 35 ayat (1) UU 14/2008."""

        A = "a", _("a. penolakan berdasarkan alasan pengecualian (Pasal 17)")
        B = "b", _("b. tidak disediakannya informasi berkala")
        C = "c", _("c. tidak ditanggapinya permintaan informasi")
        D = "d", _("d. permintaan ditanggapi tidak sebagaimana yang diminta")
        E = "e", _("e. tidak dipenuhinya permintaan informasi")
        F = "f", _("f. pengenaan biaya yang tidak wajar")
        G = "g", _("g. penyampaian informasi melebihi jangka waktu")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="info_requests", verbose_name=_("satuan kerja")
    )
    number = models.CharField(_("nomor register"), max_length=40, unique=True)
    tracking_code = models.CharField(_("kode pelacakan"), max_length=20, unique=True)
    channel = models.CharField(
        _("saluran"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    received_on = models.DateField(_("tanggal diterima"))
    requester_name = models.CharField(_("nama pemohon"), max_length=200)
    requester_id = models.CharField(_("nomor identitas (NIK)"), max_length=30, blank=True)
    contact = models.CharField(_("kontak pemohon"), max_length=200)
    information = models.TextField(_("rincian informasi yang diminta"))
    purpose = models.TextField(_("tujuan penggunaan informasi"))
    fingerprint = models.CharField(_("sidik isi"), max_length=64, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_requests_assigned",
        verbose_name=_("petugas"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    extended_on = models.DateField(_("tanggal perpanjangan"), null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True)
    decision = models.CharField(_("keputusan"), max_length=12, choices=Decision.choices, blank=True)
    exemption_article = models.CharField(_("pasal pengecualian"), max_length=200, blank=True)
    decision_note = models.TextField(_("isi jawaban"), blank=True)
    answered_on = models.DateField(_("tanggal pemberitahuan tertulis"), null=True, blank=True)
    objection_on = models.DateField(_("tanggal keberatan"), null=True, blank=True)
    objection_ground = models.CharField(
        _("alasan keberatan"), max_length=1, choices=Ground.choices, blank=True
    )
    objection_note = models.TextField(_("uraian keberatan"), blank=True)
    objection_answered_on = models.DateField(
        _("tanggal tanggapan atasan PPID"), null=True, blank=True
    )
    objection_answer = models.TextField(_("tanggapan atasan PPID"), blank=True)
    dispute_on = models.DateField(_("tanggal sengketa diajukan"), null=True, blank=True)
    closed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="ditolak") | ~Q(exemption_article=""),
                name="registers_request_refusal_names_article",
            ),
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True) | ~Q(extension_reason=""),
                name="registers_request_extension_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="registers_request_closed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.number
