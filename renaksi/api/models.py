"""API tokens and webhooks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renaksi.organisations.models import Unit


class ApiToken(models.Model):
    """A personal or integration token. Only its SHA-256 is stored; the token is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Baca")
        WRITE = "write", _("Baca dan tulis")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("pengguna"),
    )
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(_("awalan"), max_length=16, db_index=True)
    token_hash = models.CharField(_("hash token"), max_length=64, unique=True)
    scope = models.CharField(_("cakupan"), max_length=10, choices=Scope.choices, default="read")
    # Limits the token to this unit and everything below it (within what the user may see).
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("satuan kerja"),
    )
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class WebhookEvent(models.TextChoices):
    REALISATION_VERIFIED = "realisation.verified", _("Realisasi diverifikasi")
    REPORT_SUBMITTED = "report.submitted", _("Laporan berjenjang diajukan")
    REPORT_ACKNOWLEDGED = "report.acknowledged", _("Laporan berjenjang diterima")
    REPORT_RETURNED = "report.returned", _("Laporan berjenjang dikembalikan")
    PLAN_IMPORTED = "plan.imported", _("Rencana aksi diimpor")


class Webhook(models.Model):
    """A receiver URL for the events of a unit and every unit below it."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("satuan kerja")
    )
    url = models.URLField(_("alamat URL"), max_length=500)
    secret = models.CharField(_("rahasia penandatanganan"), max_length=100)
    events = models.JSONField(_("peristiwa"), default=list)
    active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["unit__code", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhook")

    def __str__(self):
        return f"{self.unit.code} → {self.url}"


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one webhook, with every attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        DELIVERED = "delivered", _("Terkirim")
        FAILED = "failed", _("Gagal")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("peristiwa"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("muatan"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("status HTTP"), null=True, blank=True)
    log = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="webhook_delivery_delivered_has_time",
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.webhook_id} ({self.status})"
