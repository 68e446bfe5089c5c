"""Gratification reports to the UPG.

UU 31/1999 jo 20/2001 Pasal 12B–12C; Peraturan KPK 2/2019 jo 1/2026.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.organisations.models import Unit


class Occasion(models.TextChoices):
    CEREMONY = "upacara", _("Pernikahan, upacara adat atau keagamaan")
    COLLEAGUE = "rekan", _("Pemberian sesama rekan kerja (bukan uang)")
    FAREWELL = "pisah_sambut", _("Pisah sambut, pensiun, promosi, ulang tahun (rekan kerja)")
    OTHER = "lainnya", _("Lainnya")


class GratificationThreshold(models.Model):
    """A not-to-report threshold of one regulation for one occasion, as data.

    The regulation in force on the receipt date applies (the row with the latest
    ``in_force_from`` not after it).
    """

    regulation = models.CharField(_("peraturan"), max_length=100)
    in_force_from = models.DateField(_("berlaku sejak"))
    occasion = models.CharField(_("peristiwa"), max_length=20, choices=Occasion.choices)
    per_giver = models.DecimalField(_("batas per pemberi (Rp)"), max_digits=14, decimal_places=0)
    per_year = models.DecimalField(
        _("batas setahun dari pemberi yang sama (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
    )
    non_cash_only = models.BooleanField(_("hanya bukan uang"), default=False)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["in_force_from", "occasion"]
        verbose_name = _("batas gratifikasi tidak wajib lapor")
        verbose_name_plural = _("batas gratifikasi tidak wajib lapor")
        constraints = [
            models.UniqueConstraint(
                fields=["in_force_from", "occasion"], name="registers_threshold_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.regulation} · {self.get_occasion_display()}"


class Gratification(models.Model):
    class Relation(models.TextChoices):
        SUPERIOR = "atasan", _("Atasan")
        SUBORDINATE = "bawahan", _("Bawahan")
        COLLEAGUE = "rekan", _("Rekan kerja")
        VENDOR = "rekanan", _("Rekanan atau penyedia")
        SERVICE_USER = "pengguna_layanan", _("Pengguna layanan")
        FAMILY = "keluarga", _("Keluarga")
        OTHER = "lainnya", _("Lainnya")

    class Form(models.TextChoices):
        MONEY = "uang", _("Uang atau setara uang")
        GOODS = "barang", _("Barang")
        FOOD = "makanan", _("Makanan atau minuman")
        FACILITY = "fasilitas", _("Fasilitas, perjalanan, penginapan")
        DISCOUNT = "diskon", _("Diskon atau komisi")
        OTHER = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        REPORTED = "dilaporkan", _("Dilaporkan ke UPG")
        REVIEWED = "ditelaah", _("Ditelaah UPG")
        INCOMPLETE = "belum_lengkap", _("Menunggu kelengkapan dari pelapor")
        LAPSED = "tidak_diproses", _("Tidak diproses (tidak dilengkapi tepat waktu)")
        NOT_REQUIRED = "tidak_wajib", _("Tidak wajib lapor (di bawah batas)")
        FORWARDED = "diteruskan", _("Diteruskan ke KPK")
        STATE = "milik_negara", _("Ditetapkan KPK milik negara")
        RECIPIENT = "milik_penerima", _("Ditetapkan KPK milik penerima")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="gratifications",
        verbose_name=_("satuan kerja"),
    )
    number = models.CharField(_("nomor register"), max_length=40, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="gratifications_reported",
        verbose_name=_("pelapor"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    received_on = models.DateField(_("tanggal penerimaan"))
    reported_on = models.DateField(_("tanggal lapor ke UPG"))
    giver_name = models.CharField(_("nama pemberi"), max_length=200)
    giver_relation = models.CharField(
        _("hubungan dengan pemberi"), max_length=20, choices=Relation.choices
    )
    occasion = models.CharField(_("peristiwa"), max_length=20, choices=Occasion.choices)
    form = models.CharField(_("bentuk"), max_length=20, choices=Form.choices)
    description = models.TextField(_("uraian"))
    estimated_value = models.DecimalField(_("taksiran nilai (Rp)"), max_digits=14, decimal_places=0)
    under_threshold = models.BooleanField(_("di bawah batas wajib lapor"), default=False)
    threshold_regulation = models.CharField(_("peraturan batas"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    incomplete_on = models.DateField(_("tanggal diminta melengkapi"), null=True, blank=True)
    incomplete_note = models.TextField(_("kekurangan laporan"), blank=True)
    completed_on = models.DateField(_("tanggal dilengkapi"), null=True, blank=True)
    forwarded_on = models.DateField(_("tanggal diteruskan ke KPK"), null=True, blank=True)
    kpk_number = models.CharField(_("nomor tanda terima KPK"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal penetapan KPK"), null=True, blank=True)
    closed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("laporan gratifikasi")
        verbose_name_plural = _("laporan gratifikasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0), name="registers_gratification_value_positive"
            ),
            models.CheckConstraint(
                condition=Q(reported_on__gte=models.F("received_on")),
                name="registers_gratification_reported_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(incomplete_on__isnull=False, completed_on__gte=models.F("incomplete_on")),
                name="registers_gratification_completed_after_asked",
            ),
            models.CheckConstraint(
                condition=~Q(status="belum_lengkap")
                | (Q(incomplete_on__isnull=False) & ~Q(incomplete_note="")),
                name="registers_gratification_incomplete_says_what",
            ),
        ]

    def __str__(self) -> str:
        return self.number
