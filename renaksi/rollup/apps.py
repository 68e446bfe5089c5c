from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupConfig(AppConfig):
    name = "renaksi.rollup"
    verbose_name = _("Rekap berjenjang")

    def ready(self):
        # The roll-up keeps plan × period summaries: recompute them when the lower apps announce
        # a change (renaksi.core.hooks), in the writer's own transaction.
        from renaksi.core import hooks

        hooks.plan_cells_changed.connect(_refresh_plans, dispatch_uid="rollup.plan_cells")
        hooks.calendar_changed.connect(_refresh_years, dispatch_uid="rollup.calendar")


def _refresh_plans(sender, *, plan_ids, periods=None, **kwargs):
    from renaksi.rollup.services import plan_summary_refresh

    plan_summary_refresh(plan_ids=plan_ids, periods=periods)


def _refresh_years(sender, *, years, **kwargs):
    from renaksi.rollup.services import plan_summary_refresh_year

    plan_summary_refresh_year(years=years)
