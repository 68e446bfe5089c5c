"""Evaluation instruments (versioned data) and the worksheets units fill against them.

An ``Instrument`` is a tree of ``Node`` rows: components → sub-components → criteria (any depth;
a node whose children are criteria is scored as mean of converted answers × its weight). Its
conversion table, result bands and ZI gates are data. A published instrument never changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.monitoring.models import Evidence
from renaksi.organisations.models import Unit


class PublishedInstrumentError(ValueError):
    """A published instrument never changes: make a new version instead."""


def refuse_published(instrument_id) -> None:
    if (
        instrument_id
        and Instrument.objects.filter(pk=instrument_id, status=Instrument.Status.PUBLISHED).exists()
    ):
        raise PublishedInstrumentError(
            _("Instrumen sudah terbit dan tidak dapat diubah; buat versi baru.")
        )


class _FrozenWhenPublished:
    """Rows of a published instrument refuse to be saved or deleted."""

    def save(self, *args, **kwargs):
        refuse_published(self.instrument_id)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_published(self.instrument_id)
        return super().delete(*args, **kwargs)


class Instrument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    class Kind(models.TextChoices):
        RB = "rb", _("Evaluasi RB (PMPRB)")
        ZI = "zi", _("Zona Integritas")
        OTHER = "other", _("Lainnya")

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.RB)
    basis = models.CharField(_("dasar hukum"), max_length=255, blank=True)
    source = models.TextField(_("sumber data"), blank=True)
    year_from = models.PositiveSmallIntegerField(_("berlaku dari tahun"))
    year_to = models.PositiveSmallIntegerField(_("berlaku sampai tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("waktu terbit"), null=True, blank=True)
    # Conversion table: answer type → {option: value 0..1}.
    conversion = models.JSONField(_("tabel konversi"), default=dict, blank=True)
    score_formula = models.CharField(
        _("rumus nilai sub-komponen"),
        max_length=100,
        default="mean(konversi) * bobot",
        help_text=_("Rumus yang dipakai: rata-rata nilai konversi jawaban × bobot."),
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrumen evaluasi")
        verbose_name_plural = _("instrumen evaluasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")), name="instrument_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        refuse_published(self.pk)
        return super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Node(_FrozenWhenPublished, models.Model):
    class Kind(models.TextChoices):
        COMPONENT = "component", _("Komponen")
        SUBCOMPONENT = "subcomponent", _("Sub-komponen")
        CRITERION = "criterion", _("Kriteria")

    class AnswerType(models.TextChoices):
        YES_NO = "yes_no", _("Ya/Tidak")
        ABC = "abc", "A/B/C"
        ABCD = "abcd", "A/B/C/D"
        ABCDE = "abcde", "A/B/C/D/E"
        NUMBER = "number", _("Angka (dengan rumus)")
        PERCENT = "percent", _("Persentase")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("instrumen")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=40)
    name = models.TextField(_("nama / pertanyaan"))
    position = models.PositiveIntegerField(_("urutan"), default=0)
    weight = models.DecimalField(_("bobot"), max_digits=8, decimal_places=3, null=True, blank=True)
    weight_confirmed = models.BooleanField(_("bobot terkonfirmasi"), default=True)
    answer_type = models.CharField(
        _("jenis jawaban"), max_length=10, choices=AnswerType.choices, blank=True
    )
    # Options with their own values (when they differ from the conversion table), e.g. IPAK.
    options = models.JSONField(_("pilihan jawaban"), default=list, blank=True)
    inputs = models.JSONField(_("isian angka"), default=list, blank=True)
    formula = models.CharField(_("rumus"), max_length=200, blank=True)
    guidance = models.TextField(_("petunjuk"), blank=True)
    evidence_asked = models.JSONField(_("data dukung yang diminta"), default=list, blank=True)
    # Mapping to plan indicators: reform area (1–8) + keywords (comma-separated).
    reform_area = models.PositiveSmallIntegerField(_("area perubahan"), null=True, blank=True)
    keywords = models.CharField(_("kata kunci rencana aksi"), max_length=255, blank=True)
    source_row = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    class Meta:
        ordering = ["instrument", "position", "id"]
        verbose_name = _("butir instrumen")
        verbose_name_plural = _("butir instrumen")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="node_code_unique"),
            models.CheckConstraint(
                condition=Q(kind="criterion", answer_type__gt="")
                | (~Q(kind="criterion") & Q(answer_type="")),
                name="node_criterion_has_answer_type",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name[:60]}"


class ResultBand(_FrozenWhenPublished, models.Model):
    """A predikat: score > lower (left-open) and ≤ upper; a null lower is the floor (≥ 0)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="bands", verbose_name=_("instrumen")
    )
    label = models.CharField(_("predikat"), max_length=10)
    description = models.CharField(_("keterangan"), max_length=100, blank=True)
    lower = models.DecimalField(_("batas bawah (>)"), max_digits=7, decimal_places=2, null=True)
    upper = models.DecimalField(_("batas atas (≤)"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["instrument", "-upper"]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "label"], name="band_label_unique"),
        ]

    def __str__(self):
        return self.label


class Gate(_FrozenWhenPublished, models.Model):
    """A minimum a ZI worksheet must reach: on the total (no node) or on one node."""

    class Level(models.TextChoices):
        WBK = "WBK", _("Menuju WBK")
        WBBM = "WBBM", _("Menuju WBBM")

    class Measure(models.TextChoices):
        ABSOLUTE = "absolute", _("nilai")
        PERCENT = "percent", _("persen dari bobot")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="gates", verbose_name=_("instrumen")
    )
    level = models.CharField(_("tingkat"), max_length=5, choices=Level.choices)
    name = models.CharField(_("nama"), max_length=120)
    node = models.ForeignKey(
        Node,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="gates",
        verbose_name=_("butir"),
    )
    measure = models.CharField(_("ukuran"), max_length=10, choices=Measure.choices)
    threshold = models.DecimalField(_("minimal"), max_digits=7, decimal_places=2)
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["instrument", "level", "position", "id"]
        verbose_name = _("syarat minimal ZI")
        verbose_name_plural = _("syarat minimal ZI")

    def __str__(self):
        return f"{self.level} {self.name}"


class StageWindow(models.Model):
    """When a review stage is open for an instrument and year, in working days."""

    class Stage(models.TextChoices):
        UNIT = "unit", _("Penilaian mandiri unit")
        ASSESSOR = "assessor", _("Tim Asesor")
        PARENT = "parent", _("Reviu unit induk")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="windows", verbose_name=_("instrumen")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    opens_on = models.DateField(_("dibuka"))
    workdays = models.PositiveSmallIntegerField(_("lama (hari kerja)"))

    class Meta:
        verbose_name = _("jadwal tahap")
        verbose_name_plural = _("jadwal tahap")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "year", "stage"], name="stage_window_unique"
            ),
            models.CheckConstraint(condition=Q(workdays__gt=0), name="stage_window_positive"),
        ]

    def __str__(self):
        return f"{self.instrument_id} {self.year} {self.stage}"


class Worksheet(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="worksheets", verbose_name=_("satuan kerja")
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="worksheets",
        verbose_name=_("instrumen"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    prior_wbk = models.BooleanField(_("sudah berpredikat WBK"), default=False)
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
        ordering = ["unit", "year", "instrument"]
        verbose_name = _("lembar kerja evaluasi")
        verbose_name_plural = _("lembar kerja evaluasi")
        constraints = [
            models.UniqueConstraint(fields=["unit", "instrument", "year"], name="worksheet_unique"),
        ]

    def __str__(self):
        return f"{self.unit} {self.instrument.code} {self.year}"


class Answer(models.Model):
    """One criterion's answer, kept per stage: the unit's, the assessor's, and the final one."""

    class Stage(models.TextChoices):
        UNIT = "unit", _("Penilaian mandiri")
        ASSESSOR = "assessor", _("Dinilai Tim Asesor")
        FINAL = "final", _("Direviu unit induk")

    worksheet = models.ForeignKey(
        Worksheet,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("lembar kerja"),
    )
    criterion = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="answers", verbose_name=_("kriteria")
    )
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices, default=Stage.UNIT)
    # A value is an option letter (Y/T, A–E) or a number written as text; numbers holds the
    # inputs of a formula criterion.
    unit_value = models.CharField(_("jawaban unit"), max_length=40, blank=True)
    unit_numbers = models.JSONField(_("isian unit"), default=list, blank=True)
    unit_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diisi oleh"),
    )
    explanation = models.TextField(_("penjelasan"), blank=True)
    assessor_value = models.CharField(_("jawaban Tim Asesor"), max_length=40, blank=True)
    assessor_numbers = models.JSONField(_("isian Tim Asesor"), default=list, blank=True)
    assessor_note = models.TextField(_("catatan Tim Asesor"), blank=True)
    assessor_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dinilai oleh"),
    )
    final_value = models.CharField(_("jawaban akhir"), max_length=40, blank=True)
    final_numbers = models.JSONField(_("isian akhir"), default=list, blank=True)
    parent_note = models.TextField(_("catatan unit induk"), blank=True)
    final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direviu oleh"),
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["worksheet", "criterion__position"]
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "criterion"], name="answer_unique"),
        ]

    def __str__(self):
        return f"{self.worksheet_id}:{self.criterion_id}"

    def current(self) -> tuple[str, list]:
        """The answer that counts: final, else the assessor's, else the unit's."""
        if self.stage == self.Stage.FINAL:
            return self.final_value, self.final_numbers
        if self.stage == self.Stage.ASSESSOR:
            return self.assessor_value, self.assessor_numbers
        return self.unit_value, self.unit_numbers


class AnswerEvidence(models.Model):
    """A library evidence item (stored once per unit) backing an answer; never a copy."""

    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        related_name="evidence_links",
        verbose_name=_("jawaban"),
    )
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.PROTECT,
        related_name="answer_links",
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
        verbose_name = _("data dukung jawaban")
        verbose_name_plural = _("data dukung jawaban")
        constraints = [
            models.UniqueConstraint(fields=["answer", "evidence"], name="answer_evidence_unique"),
        ]

    def __str__(self):
        return f"{self.answer_id}→{self.evidence_id}"


class EvaluationDocument(models.Model):
    """A summary (PDF/DOCX) or the worksheet (XLSX) made by the background worker."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")
        XLSX = "xlsx", _("Excel (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antri")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    worksheet = models.ForeignKey(
        Worksheet,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("lembar kerja"),
    )
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("berkas"), max_length=255, blank=True)
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

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dokumen evaluasi")
        verbose_name_plural = _("dokumen evaluasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done") | Q(file=""), name="evaluation_document_file_when_done"
            ),
        ]

    def __str__(self):
        return f"{self.worksheet_id} {self.format} {self.status}"
