from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "renaksi.monitoring"
    verbose_name = _("Pemantauan pelaksanaan")

    def ready(self):
        # "Tugas saya" sections for cells: mine, to verify, returned
        # (worklist.selectors.task_provider).
        from renaksi.monitoring import task_providers  # noqa: F401
