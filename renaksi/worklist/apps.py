from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "renaksi.worklist"
    verbose_name = _("Tugas saya")

    def ready(self):
        # The providers live with the apps that own the work (monitoring.task_providers,
        # chain.task_providers) and register themselves from those apps' ready().
        from django.contrib.auth.signals import user_logged_in

        from renaksi.worklist.context_processors import remember_can_import

        user_logged_in.connect(remember_can_import, dispatch_uid="worklist.can_import")
