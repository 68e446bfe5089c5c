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

        from django.db.models.signals import post_delete, post_save

        from renaksi.organisations.models import Membership, Unit, User

        post_save.connect(stamps.on_unit_saved, sender=Unit, dispatch_uid="plan-stamp-unit")
        post_save.connect(stamps.on_user_saved, sender=User, dispatch_uid="plan-stamp-user")
        for signal in (post_save, post_delete):
            signal.connect(
                stamps.on_membership_changed, sender=Membership, dispatch_uid="plan-stamp-member"
            )
