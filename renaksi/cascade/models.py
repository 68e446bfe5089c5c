"""A plan template a unit publishes to the units below it, who adopts it, and what came of it.

A ``PlanTemplate`` is a frozen snapshot of the publisher's plan for a year: one ``TemplateItem``
per area, kegiatan, sub kegiatan and indicator, each with a ``key`` that stays the same when the
publisher publishes a new version from the same plan (it is derived from the plan row). Each
recipient unit has a ``TemplateRecipient`` row (pending, adopted, declined); adopting creates the
recipient's plan and one ``AdoptedItem`` per created row, pointing back to the template key, so
the recipient's later corrections and additions can be compared with the template.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renaksi.organisations.models import Unit
from renaksi.plans.models import Activity, Area, Granularity, Indicator, Plan, SubActivity


class ItemKind(models.TextChoices):
    AREA = "area", _("Area perubahan")
    ACTIVITY = "activity", _("Kegiatan")
    SUB_ACTIVITY = "sub_activity", _("Sub kegiatan")
    INDICATOR = "indicator", _("Indikator")


class PlanTemplate(models.Model):
    """One published version of a unit's plan template for a year."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="plan_templates",
        verbose_name=_("satuan kerja penerbit"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveIntegerField(_("versi"))
    source_plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_templates",
        verbose_name=_("rencana aksi sumber"),
    )
    granularity = models.CharField(
        _("periode pelaksanaan"), max_length=10, choices=Granularity.choices
    )
    note = models.TextField(_("catatan"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    published_at = models.DateTimeField(_("waktu terbit"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "-year", "-version"]
        verbose_name = _("templat rencana aksi")
        verbose_name_plural = _("templat rencana aksi")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "version"], name="plantemplate_unique_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="plantemplate_version_min"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plantemplate_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} v{self.version}"

    @property
    def period_count(self) -> int:
        return 4 if self.granularity == Granularity.QUARTER else 12


class TemplateItem(models.Model):
    """One row of a template: an area, kegiatan, sub kegiatan or indicator, in source order."""

    template = models.ForeignKey(
        PlanTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("templat")
    )
    # Stable across versions published from the same plan: "ind-<indicator id>" and so on.
    key = models.CharField(_("kunci"), max_length=40)
    parent_key = models.CharField(_("kunci induk"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=ItemKind.choices)
    position = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    name = models.TextField(_("nama"))
    reform_area = models.PositiveSmallIntegerField(_("area Road Map"), null=True, blank=True)
    periods = models.JSONField(_("pelaksanaan"), default=list, blank=True)
    # {"<period>": "<decimal>"}: numeric target per period, when the plan carries numbers.
    period_targets = models.JSONField(_("target periode"), default=dict, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=50, blank=True)
    note = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("butir templat")
        verbose_name_plural = _("butir templat")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="templateitem_unique_key"),
            models.UniqueConstraint(
                fields=["template", "position"], name="templateitem_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}".strip()

    @property
    def target_shown(self) -> Decimal | None:
        """The target without trailing zeros (100, 2.5), for display."""
        return _plain(self.target_value)

    @property
    def period_target_rows(self) -> list[tuple[int, Decimal | None]]:
        return sorted((int(p), _plain(Decimal(v))) for p, v in self.period_targets.items())


def _plain(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class TemplateRecipient(models.Model):
    """A unit a template version was sent to, and its answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Belum merespons")
        ADOPTED = "adopted", _("Diadopsi")
        DECLINED = "declined", _("Ditolak")

    template = models.ForeignKey(
        PlanTemplate,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("templat"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="template_receipts",
        verbose_name=_("satuan kerja penerima"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="template_adoptions",
        verbose_name=_("rencana aksi hasil adopsi"),
    )
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direspons oleh"),
    )
    responded_at = models.DateTimeField(_("waktu respons"), null=True, blank=True)

    class Meta:
        ordering = ["template", "unit__code"]
        verbose_name = _("penerima templat")
        verbose_name_plural = _("penerima templat")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "unit"], name="templaterecipient_unique_unit"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", responded_at__isnull=True)
                | (~Q(status="pending") & Q(responded_at__isnull=False)),
                name="templaterecipient_responded_when_answered",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="templaterecipient_decline_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.template} → {self.unit}"


class AdoptedItem(models.Model):
    """A row of an adopted plan and the template item (by key) it came from."""

    recipient = models.ForeignKey(
        TemplateRecipient,
        on_delete=models.CASCADE,
        related_name="adopted_items",
        verbose_name=_("penerima templat"),
    )
    key = models.CharField(_("kunci butir templat"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=20, choices=ItemKind.choices)
    # Exactly one of these, matching ``kind``; deleting the plan row deletes the link, and the
    # comparison then shows the template item as removed.
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area perubahan"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kegiatan"),
    )
    sub_activity = models.ForeignKey(
        SubActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sub kegiatan"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator"),
    )

    class Meta:
        ordering = ["recipient", "id"]
        verbose_name = _("butir hasil adopsi")
        verbose_name_plural = _("butir hasil adopsi")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="adopteditem_unique_key"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="area",
                        area__isnull=False,
                        activity__isnull=True,
                        sub_activity__isnull=True,
                        indicator__isnull=True,
                    )
                    | Q(
                        kind="activity",
                        area__isnull=True,
                        activity__isnull=False,
                        sub_activity__isnull=True,
                        indicator__isnull=True,
                    )
                    | Q(
                        kind="sub_activity",
                        area__isnull=True,
                        activity__isnull=True,
                        sub_activity__isnull=False,
                        indicator__isnull=True,
                    )
                    | Q(
                        kind="indicator",
                        area__isnull=True,
                        activity__isnull=True,
                        sub_activity__isnull=True,
                        indicator__isnull=False,
                    )
                ),
                name="adopteditem_one_row_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id}:{self.key}"
