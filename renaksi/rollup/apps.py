from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupConfig(AppConfig):
    name = "renaksi.rollup"
    verbose_name = _("Rekap berjenjang")
