from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "renaksi.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from renaksi.api import hooks  # noqa: F401  (connects the webhook hook)
