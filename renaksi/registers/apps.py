from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "renaksi.registers"
    label = "registers"
    verbose_name = _("Register layanan publik")

    def ready(self) -> None:
        from renaksi.core import hooks
        from renaksi.registers import reminders

        hooks.reminder_providers_add(reminders.register_reminder_items)
