from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    """Operator tools over every app: backup and restore (top layer, see README)."""

    name = "renaksi.maintenance"
    verbose_name = _("Pemeliharaan")
