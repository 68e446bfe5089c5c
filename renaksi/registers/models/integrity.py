"""Conflict-of-interest declarations and integrity pacts (PermenPAN-RB 17/2024)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.organisations.models import Unit


class IntegrityCampaign(models.Model):
    """One yearly call to every member of a unit to sign the pact and declare their interests."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="integrity_campaigns",
        verbose_name=_("satuan kerja"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=200)
    opened_on = models.DateField(_("dibuka"))
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__code"]
        verbose_name = _("kampanye integritas")
        verbose_name_plural = _("kampanye integritas")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="registers_campaign_unit_year")
        ]

    def __str__(self) -> str:
        return self.title


class Declaration(models.Model):
    """One member's signed integrity pact and conflict-of-interest declaration."""

    class ConflictKind(models.TextChoices):
        NONE = "", _("Tidak ada")
        ACTUAL = "aktual", _("Aktual")
        POTENTIAL = "potensial", _("Potensial")

    class Handling(models.TextChoices):
        NONE = "", _("Tidak perlu")
        OPEN = "terbuka", _("Perlu pengendalian")
        HANDLED = "dikendalikan", _("Sudah dikendalikan")

    campaign = models.ForeignKey(
        IntegrityCampaign,
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("kampanye"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integrity_declarations",
        verbose_name=_("pegawai"),
    )
    signed_on = models.DateField(_("tanggal tanda tangan"))
    pact_signed = models.BooleanField(_("pakta integritas ditandatangani"), default=True)
    conflict_kind = models.CharField(
        _("benturan kepentingan"), max_length=10, choices=ConflictKind.choices, blank=True
    )
    conflict_source = models.CharField(_("sumber benturan"), max_length=200, blank=True)
    conflict_description = models.TextField(_("uraian benturan"), blank=True)
    handling = models.CharField(
        _("pengendalian"), max_length=15, choices=Handling.choices, blank=True
    )
    handling_note = models.TextField(_("catatan pengendalian"), blank=True)
    handled_on = models.DateField(_("tanggal dikendalikan"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "user__username"]
        verbose_name = _("deklarasi")
        verbose_name_plural = _("deklarasi")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="registers_declaration_once"),
            models.CheckConstraint(
                condition=Q(conflict_kind="") | ~Q(conflict_description=""),
                name="registers_declaration_conflict_described",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.user_id}"
