from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "renaksi.audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from renaksi.audit import signals  # noqa: F401  (connects the receivers)
