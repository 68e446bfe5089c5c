from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "renaksi.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluasi (LKE PMPRB dan Zona Integritas)")
