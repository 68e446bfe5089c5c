from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainConfig(AppConfig):
    name = "renaksi.chain"
    verbose_name = _("Laporan berjenjang")

    def ready(self):
        # "Tugas saya" sections for monitoring reports and import reports
        # (worklist.selectors.task_provider).
        from renaksi.chain import task_providers  # noqa: F401
