import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.organisations.models import Unit


class ReformArea(models.Model):
    """One of the 8 national Road Map RB areas (PermenPAN-RB 25/2020); seeded by migration."""

    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("area perubahan nasional")
        verbose_name_plural = _("area perubahan nasional")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Granularity(models.TextChoices):
    MONTH = "month", _("Bulanan (1–12)")
    QUARTER = "quarter", _("Triwulanan (TW I–IV)")


class PlanKind(models.TextChoices):
    GENERAL = "general", _("RB General")
    TEMATIK = "tematik", _("RB Tematik")


class Decree(models.Model):
    """The signed decision (Keputusan) that sets a plan, with its lampiran number."""

    issuer = models.CharField(_("penerbit"), max_length=300, blank=True)
    number = models.CharField(_("nomor keputusan"), max_length=200, blank=True)
    lampiran_number = models.CharField(_("nomor lampiran"), max_length=200, blank=True)
    about = models.TextField(_("tentang"), blank=True)
    place = models.CharField(_("ditetapkan di"), max_length=100, blank=True)
    date_set = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=300, blank=True)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    validity_text = models.TextField(_("rumusan masa berlaku"), blank=True)
    considering = models.TextField(_("menimbang"), blank=True)
    observing = models.TextField(_("mengingat"), blank=True)
    deciding = models.TextField(_("memutuskan"), blank=True)

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        verbose_name = _("keputusan")
        verbose_name_plural = _("keputusan")

    def __str__(self):
        return self.number or str(_("(tanpa nomor)"))


class Plan(models.Model):
    """One unit's RB action plan (Rencana Aksi RB) for one year."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("satuan kerja")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=300, blank=True)
    granularity = models.CharField(
        _("periode pelaksanaan"),
        max_length=10,
        choices=Granularity.choices,
        default=Granularity.MONTH,
    )
    decree = models.OneToOneField(
        Decree,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("keputusan"),
    )
    kind = models.CharField(
        _("jenis rencana"), max_length=10, choices=PlanKind.choices, default=PlanKind.GENERAL
    )
    # RB Tematik only: the year's theme (e.g. Pengentasan Kemiskinan) and its fokus intervensi.
    theme = models.CharField(_("tema"), max_length=200, blank=True)
    focus = models.CharField(_("fokus intervensi"), max_length=200, blank=True)
    # A plan made by "Rencana tahun berikutnya" stays a draft until the Sekretaris confirms it.
    is_draft = models.BooleanField(_("draf"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # New at every write to what the plan's pages show (plans.stamps); keys their caches and ETags.
    change_stamp = models.UUIDField(_("penanda perubahan"), default=uuid.uuid4, editable=False)

    history = HistoricalRecords(excluded_fields=["change_stamp"])
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["-year", "unit__code"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind"], name="plan_unique_unit_year_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["general", "tematik"]), name="plan_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"

    @property
    def period_count(self) -> int:
        return 4 if self.granularity == Granularity.QUARTER else 12


class Area(models.Model):
    """An area perubahan as written in the plan, mapped to a national ``ReformArea``."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("rencana aksi")
    )
    position = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    name = models.CharField(_("nama"), max_length=300)
    reform_area = models.ForeignKey(
        ReformArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area Road Map"),
    )
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("area perubahan")
        verbose_name_plural = _("area perubahan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="area_unique_position"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}".strip()


class Activity(models.Model):
    """A kegiatan within an area."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="activities", verbose_name=_("area perubahan")
    )
    position = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    name = models.TextField(_("nama"))
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["area", "position"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["area", "position"], name="activity_unique_position"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}".strip()


class SubActivity(models.Model):
    """A sub kegiatan; lettered children (a, b, c) point to their numbered parent."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="sub_activities",
        verbose_name=_("kegiatan"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("sub kegiatan induk"),
    )
    position = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    name = models.TextField(_("nama"))
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["activity", "position"]
        verbose_name = _("sub kegiatan")
        verbose_name_plural = _("sub kegiatan")
        # Position is unique among the sub kegiatan of one activity (children included), so the
        # whole activity keeps a single source order.
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="subactivity_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}".strip()


class TargetKind(models.TextChoices):
    """How period targets add up: each period on its own, or a running total (25/50/75/100)."""

    PER_PERIOD = "per_period", _("Per periode")
    CUMULATIVE = "cumulative", _("Kumulatif")


class TargetScale(models.TextChoices):
    """What a target number means."""

    PERCENT = "percent", _("Persen (0–100)")
    FRACTION = "fraction", _("Pecahan (0–1)")
    COUNT = "count", _("Jumlah")
    CURRENCY = "currency", _("Rupiah")


class Indicator(models.Model):
    """An indikator keberhasilan, under a kegiatan or one of its sub kegiatan."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("kegiatan")
    )
    sub_activity = models.ForeignKey(
        SubActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("sub kegiatan"),
    )
    position = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    text = models.TextField(_("indikator keberhasilan"))
    target_value = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=50, blank=True)
    # Last year's realisation of the same indicator, and this year's target against it.
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    yearly_target = models.DecimalField(
        _("target tahunan"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    pic = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("penanggung jawab (PIC)"),
    )
    # The PIC as written in a source document, kept when no account matches it.
    pic_name = models.CharField(_("nama penanggung jawab"), max_length=200, blank=True)
    pic2 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators_second",
        verbose_name=_("penanggung jawab kedua"),
    )
    pic2_name = models.CharField(_("nama penanggung jawab kedua"), max_length=200, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    budget = models.DecimalField(
        _("anggaran (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    # Links to evidence named in the source (one URL each), not uploaded files.
    evidence_links = models.JSONField(_("tautan bukti"), default=list, blank=True)
    target_kind = models.CharField(
        _("jenis target"), max_length=12, choices=TargetKind.choices, blank=True
    )
    target_scale = models.CharField(
        _("skala target"), max_length=10, choices=TargetScale.choices, blank=True
    )
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any
    # Set on the plan table's indicators by ``plans.selectors.plan_tree``, not stored.
    period_values: dict[int, Decimal | None]
    period_set: set[int]

    class Meta:
        ordering = ["activity", "position"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="indicator_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.text}".strip()


class Target(models.Model):
    """One planned delivery: an indicator in one period (month 1–12 or quarter 1–4)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indikator")
    )
    period = models.PositiveSmallIntegerField(_("periode"))
    value = models.DecimalField(
        _("target periode"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    history = HistoricalRecords()
    # Set by the services before save(), read by simple_history for the row's history user.
    _history_user: Any

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("target periode")
        verbose_name_plural = _("target periode")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique_period"),
            models.CheckConstraint(
                condition=Q(period__gte=1) & Q(period__lte=12), name="target_period_range"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id}:{self.period}"


class ImportReport(models.Model):
    """What an import read, assumed and could not read; kept with the plan and shown beside it."""

    class Format(models.TextChoices):
        TEXT = "text", _("Teks keputusan")
        JSON = "json", _("JSON Renaksi")
        XLSX = "xlsx", _("Excel (XLSX)")
        CSV = "csv", _("CSV")
        DOCX = "docx", _("Word (DOCX)")
        PDF = "pdf", _("PDF")
        PDF_OCR = "pdf_ocr", _("PDF hasil pindai (OCR)")
        XLSX_WORK = "xlsx_work", _("XLSX kerja Renaksi")

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="import_reports",
        verbose_name=_("rencana aksi"),
    )
    source_name = models.CharField(_("nama berkas"), max_length=255)
    source_sha256 = models.CharField(_("SHA-256 berkas"), max_length=64)
    source_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # List of {"code", "severity", "line", "params"} as produced by the parser.
    findings = models.JSONField(_("temuan"), default=list)
    summary = models.JSONField(_("ringkasan"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diimpor oleh"),
    )
    created_at = models.DateTimeField(_("waktu impor"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("laporan impor")
        verbose_name_plural = _("laporan impor")

    def __str__(self):
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})"
