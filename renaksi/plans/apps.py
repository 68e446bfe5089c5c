from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "renaksi.plans"
    verbose_name = _("Rencana aksi")

    def ready(self):
        from renaksi.core import hooks
        from renaksi.plans import stamps

        hooks.plan_cells_changed.connect(stamps.on_plan_cells_changed, dispatch_uid="plan-stamp")
        hooks.plans_changed.connect(stamps.on_plans_changed, dispatch_uid="plan-stamp")
        hooks.calendar_changed.connect(stamps.on_calendar_changed, dispatch_uid="plan-stamp")
