from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "renaksi.reports"
    verbose_name = _("Dokumen dan laporan")
