from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "renaksi.worklist"
    verbose_name = _("Tugas saya")

    def ready(self):
        # The built-in providers register themselves on import (selectors.task_provider).
        from django.contrib.auth.signals import user_logged_in

        from renaksi.worklist import providers_cells, providers_units  # noqa: F401
        from renaksi.worklist.context_processors import remember_can_import

        user_logged_in.connect(remember_can_import, dispatch_uid="worklist.can_import")
