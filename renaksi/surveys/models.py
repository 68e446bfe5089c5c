from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Weighting(models.TextChoices):
    EXACT = "exact", _("tepat (1/9)")
    LITERAL = "0.11", _("0,11 (templat Excel resmi)")
    CUSTOM = "custom", _("bobot per unsur")


class Service(models.Model):
    """A service a unit delivers to the public (jenis layanan)."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        related_name="survey_services",
        verbose_name=_("satuan kerja"),
    )
    name = models.CharField(_("nama layanan"), max_length=200)
    population = models.PositiveIntegerField(
        _("populasi dilayani per tahun"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="surveys_service_unique_name")
        ]

    def __str__(self):
        return self.name


class Questionnaire(models.Model):
    """One version of a unit's SKM questionnaire for a period; published versions never change."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("satuan kerja"),
    )
    code = models.SlugField(_("kode tautan"), max_length=16, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    version = models.PositiveIntegerField(_("versi"), default=1)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    weighting = models.CharField(
        _("pembobotan"), max_length=8, choices=Weighting.choices, default=Weighting.EXACT
    )

    class Meta:
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "start", "version"], name="surveys_questionnaire_version"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="surveys_questionnaire_period"
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"


class Unsur(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="unsur", verbose_name=_("kuesioner")
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    key = models.CharField(_("kunci"), max_length=32)
    name = models.CharField(_("unsur"), max_length=200)
    question = models.TextField(_("pertanyaan"))
    label_1 = models.CharField(_("jawaban 1"), max_length=100)
    label_2 = models.CharField(_("jawaban 2"), max_length=100)
    label_3 = models.CharField(_("jawaban 3"), max_length=100)
    label_4 = models.CharField(_("jawaban 4"), max_length=100)
    weight = models.DecimalField(_("bobot"), max_digits=7, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("unsur")
        verbose_name_plural = _("unsur")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="surveys_unsur_key"),
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="surveys_unsur_position"
            ),
        ]

    def __str__(self):
        return f"U{self.position} {self.name}"

    @property
    def labels(self):
        return [self.label_1, self.label_2, self.label_3, self.label_4]


class Source(models.TextChoices):
    TYPED = "typed", _("diketik petugas")
    IMPORTED = "imported", _("diimpor")
    PUBLIC = "public", _("formulir publik")


class Response(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("kuesioner"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("layanan"),
        null=True,
        blank=True,
    )
    date = models.DateField(_("tanggal survei"))
    source = models.CharField(_("sumber"), max_length=8, choices=Source.choices)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    age_band = models.CharField(_("usia"), max_length=20, blank=True)
    education = models.CharField(_("pendidikan"), max_length=20, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=60, blank=True)
    suggestion = models.TextField(_("saran dan masukan"), blank=True, max_length=2000)
    fingerprint = models.CharField(_("sidik duplikat"), max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("dicatat oleh"),
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("jawaban responden")
        verbose_name_plural = _("jawaban responden")
        indexes = [models.Index(fields=["questionnaire", "date"])]

    def __str__(self):
        return f"{self.questionnaire_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("responden")
    )
    unsur = models.ForeignKey(
        Unsur, on_delete=models.PROTECT, related_name="answers", verbose_name=_("unsur")
    )
    value = models.PositiveSmallIntegerField(_("nilai"), null=True, blank=True)

    class Meta:
        verbose_name = _("jawaban unsur")
        verbose_name_plural = _("jawaban unsur")
        constraints = [
            models.UniqueConstraint(fields=["response", "unsur"], name="surveys_answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=4),
                name="surveys_answer_range",
            ),
        ]

    def __str__(self):
        return f"{self.unsur_id}={self.value}"


class SurveyIndicatorLink(models.Model):
    """A plan indicator whose realisation is proposed from a unit's (or a service's) IKM."""

    indicator = models.OneToOneField(
        "plans.Indicator",
        on_delete=models.CASCADE,
        related_name="survey_link",
        verbose_name=_("indikator"),
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.CASCADE, verbose_name=_("satuan kerja")
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("layanan")
    )

    class Meta:
        verbose_name = _("tautan indikator survei")
        verbose_name_plural = _("tautan indikator survei")

    def __str__(self):
        return f"{self.indicator_id} <- {self.unit_id}"
