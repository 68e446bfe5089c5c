"""The evaluators' grading of a plan as versioned data: one criteria set per evaluation year.

A set is edited as a draft and published once; a published set never changes (its criteria
and kegiatan utama neither), so a grade computed under it can always be explained again.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CriteriaSetStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")


class PublishedImmutable(ValidationError):
    pass


def _refuse_if_published(criteria_set_id):
    if (
        criteria_set_id
        and CriteriaSet.objects.filter(
            pk=criteria_set_id, status=CriteriaSetStatus.PUBLISHED
        ).exists()
    ):
        raise PublishedImmutable(_("Kriteria yang sudah terbit tidak dapat diubah."))


class CriteriaSet(models.Model):
    """The criteria, grade thresholds and national kegiatan utama of one evaluation year."""

    year = models.PositiveSmallIntegerField(_("tahun evaluasi"))
    name = models.CharField(_("nama"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CriteriaSetStatus.choices,
        default=CriteriaSetStatus.DRAFT,
    )
    # Grade thresholds in percent: A needs grade_a, B at least grade_b, … E below grade_d.
    grade_a = models.DecimalField(_("batas A (%)"), max_digits=5, decimal_places=2, default=100)
    grade_b = models.DecimalField(_("batas B (%)"), max_digits=5, decimal_places=2, default=75)
    grade_c = models.DecimalField(_("batas C (%)"), max_digits=5, decimal_places=2, default=50)
    grade_d = models.DecimalField(_("batas D (%)"), max_digits=5, decimal_places=2, default=10)
    # Strategi Pelaksanaan: points for the plan's quality and for carrying it out.
    plan_points = models.DecimalField(_("bobot mutu rencana"), max_digits=5, decimal_places=2)
    implementation_points = models.DecimalField(
        _("bobot implementasi"), max_digits=5, decimal_places=2
    )
    source = models.TextField(_("sumber"), blank=True)
    source_confirmed = models.BooleanField(_("sumber terkonfirmasi"), default=False)
    source_note = models.TextField(_("catatan sumber"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("kriteria mutu rencana")
        verbose_name_plural = _("kriteria mutu rencana")
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status="published"),
                name="criteriaset_one_published_per_year",
            ),
            models.CheckConstraint(
                condition=Q(grade_a__gte=models.F("grade_b"))
                & Q(grade_b__gte=models.F("grade_c"))
                & Q(grade_c__gte=models.F("grade_d"))
                & Q(grade_d__gte=0),
                name="criteriaset_thresholds_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.name}"

    def save(self, *args, **kwargs):
        # Publishing itself (draft → published) is the one allowed write.
        if self.pk:
            _refuse_if_published(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.pk)
        return super().delete(*args, **kwargs)


class Method(models.TextChoices):
    """How Renaksi measures a criterion on a plan (see ``renaksi.quality.grading``)."""

    KEGIATAN_UTAMA = "kegiatan_utama", _("Kegiatan utama nasional yang diadopsi")
    KEGIATAN_UTAMA_TARGET = "kegiatan_utama_target", _("Target indikator kegiatan utama")
    VALIDITY = "validity", _("Keabsahan rencana aksi")
    LOGIC = "logic", _("Kelogisan rencana aksi")
    OUTPUT_INDICATORS = "output_indicators", _("Relevansi dan kecukupan indikator output")
    OUTPUT_TARGETS = "output_targets", _("Ketepatan target indikator output")
    BUDGET = "budget", _("Anggaran")


class AnswerType(models.TextChoices):
    GRADE = "A-E", _("A–E")
    YES_NO = "Y/T", _("Ya/Tidak")


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("kriteria mutu rencana"),
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    code = models.SlugField(_("kode"), max_length=40)
    group = models.CharField(_("kelompok"), max_length=300)
    name = models.CharField(_("nama"), max_length=300)
    answer = models.CharField(
        _("jenis jawaban"), max_length=5, choices=AnswerType.choices, default=AnswerType.GRADE
    )
    method = models.CharField(_("cara ukur"), max_length=30, choices=Method.choices)
    condition = models.TextField(_("kondisi penilaian"), blank=True)
    advice = models.TextField(_("cara menaikkan nilai"), blank=True)
    source_confirmed = models.BooleanField(_("sumber terkonfirmasi"), default=False)

    class Meta:
        ordering = ["criteria_set", "position"]
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code"),
            models.UniqueConstraint(
                fields=["criteria_set", "position"], name="criterion_unique_position"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        _refuse_if_published(self.criteria_set_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.criteria_set_id)
        return super().delete(*args, **kwargs)


class KegiatanUtama(models.Model):
    """A national Road Map RB kegiatan utama; ``keywords`` recognise it in a plan's texts."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="kegiatan_utama",
        verbose_name=_("kriteria mutu rencana"),
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=300)
    reform_area = models.PositiveSmallIntegerField(_("area Road Map"), null=True, blank=True)
    # One keyword or phrase per line, matched case-insensitively in activity and indicator texts.
    keywords = models.TextField(_("kata kunci"), blank=True)
    # Whether it applies to vertical satker such as KPU offices (pemda-only ones do not).
    for_vertical = models.BooleanField(_("berlaku untuk instansi vertikal (KPU)"), default=True)
    source_confirmed = models.BooleanField(_("sumber terkonfirmasi"), default=False)

    class Meta:
        ordering = ["criteria_set", "position"]
        verbose_name = _("kegiatan utama nasional")
        verbose_name_plural = _("kegiatan utama nasional")
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="kegiatanutama_unique_code"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        _refuse_if_published(self.criteria_set_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self.criteria_set_id)
        return super().delete(*args, **kwargs)

    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.splitlines() if k.strip()]
