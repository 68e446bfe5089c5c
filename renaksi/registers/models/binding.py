"""A plan indicator whose realisation is counted from a register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renaksi.plans.models import Indicator
from renaksi.registers.models.common import RegisterKind


class IndicatorBinding(models.Model):
    class Figure(models.TextChoices):
        RECEIVED = "received", _("Jumlah diterima")
        ON_TIME_PCT = "on_time_pct", _("Persentase selesai tepat waktu")
        SIGNED_PCT = "signed_pct", _("Persentase pegawai menandatangani")

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="register_binding",
        verbose_name=_("indikator"),
    )
    register = models.CharField(_("register"), max_length=20, choices=RegisterKind.choices)
    figure = models.CharField(_("angka"), max_length=20, choices=Figure.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("indikator dari register")
        verbose_name_plural = _("indikator dari register")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.register} {self.figure}"
