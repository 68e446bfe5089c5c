from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from renaksi.api.views import docs
from renaksi.api.views.evaluations import WorksheetViewSet
from renaksi.api.views.jobs_chain import ChainReportViewSet, ReportJobViewSet
from renaksi.api.views.realisations import EvidenceViewSet, RealisationViewSet
from renaksi.api.views.rollup import RollupView
from renaksi.api.views.surveys_registers import IkmView, QuestionnaireViewSet, RegisterFiguresView
from renaksi.api.views.units_plans import IndicatorViewSet, PlanViewSet, UnitViewSet

app_name = "api"

router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("plans", PlanViewSet, basename="plan")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("realisations", RealisationViewSet, basename="realisation")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("report-jobs", ReportJobViewSet, basename="report-job")
router.register("chain-reports", ChainReportViewSet, basename="chain-report")
router.register("evaluations/worksheets", WorksheetViewSet, basename="worksheet")
router.register("surveys/questionnaires", QuestionnaireViewSet, basename="questionnaire")

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    path("docs/", TemplateView.as_view(template_name="api/swagger.html"), name="docs"),
    path("redoc/", docs.redoc, name="redoc"),
    path("rollup/", RollupView.as_view(), name="rollup"),
    path("surveys/ikm/", IkmView.as_view(), name="survey-ikm"),
    path("registers/figures/", RegisterFiguresView.as_view(), name="register-figures"),
    path("", include(router.urls)),
]
