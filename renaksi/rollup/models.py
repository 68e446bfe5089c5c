"""Maintained figures for roll-ups: one row per plan × period, kept in step with the cells.

Every write that changes a plan's targets or realisations (or the holidays behind its due dates)
calls ``renaksi.rollup.services.plan_summary_refresh`` in the same transaction, so a roll-up reads
a few thousand summary rows instead of joining every cell of the country. The rows are derived
data: ``manage.py rollup_summary_check`` compares them with the cells and ``--fix`` rebuilds them.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renaksi.plans.models import Plan


class PlanPeriodSummary(models.Model):
    """The counts of one plan's cells in one period (month 1–12 or quarter 1–4)."""

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="period_summaries",
        verbose_name=_("rencana aksi"),
    )
    period = models.PositiveSmallIntegerField(_("periode"))
    # The due date "late" was judged against; a roll-up that computes another date (holidays or
    # the grace setting changed without a refresh) recomputes this plan from the cells instead.
    due_on = models.DateField(_("batas waktu"))
    planned = models.PositiveIntegerField(_("sel terjadwal"), default=0)
    reported = models.PositiveIntegerField(_("sel dilaporkan"), default=0)
    verified = models.PositiveIntegerField(_("sel terverifikasi"), default=0)
    awaiting = models.PositiveIntegerField(_("sel menunggu verifikasi"), default=0)
    late = models.PositiveIntegerField(_("sel terlambat"), default=0)
    # Verified realisations of cells without a target (unscheduled work); only the monthly
    # trend counts them.
    unscheduled_verified = models.PositiveIntegerField(
        _("realisasi terverifikasi di luar jadwal"), default=0
    )
    last_activity = models.DateTimeField(_("aktivitas terakhir"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["plan", "period"]
        verbose_name = _("ringkasan periode rencana")
        verbose_name_plural = _("ringkasan periode rencana")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="plansummary_unique_period"),
            models.CheckConstraint(
                condition=Q(period__gte=1) & Q(period__lte=12), name="plansummary_period_range"
            ),
            models.CheckConstraint(
                condition=Q(reported__lte=F("planned")), name="plansummary_reported_le_planned"
            ),
            models.CheckConstraint(
                condition=Q(verified__lte=F("reported") - F("awaiting")),
                name="plansummary_verified_awaiting_le_reported",
            ),
            models.CheckConstraint(
                condition=Q(late__lte=F("reported")), name="plansummary_late_le_reported"
            ),
        ]

    def __str__(self):
        return f"{self.plan_id}:{self.period}"
