from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "renaksi.worklist"
    verbose_name = _("Tugas saya")

    def ready(self):
        # The built-in providers register themselves on import (selectors.task_provider).
        from renaksi.worklist import providers_cells, providers_units  # noqa: F401
