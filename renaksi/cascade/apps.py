from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadeConfig(AppConfig):
    name = "renaksi.cascade"
    verbose_name = _("Templat berjenjang")
