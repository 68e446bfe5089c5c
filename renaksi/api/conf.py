"""Settings of the REST API (imported by renaksi/settings.py)."""

from renaksi.core.env import env, envbool

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "renaksi.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["renaksi.api.auth.TokenScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "renaksi.api.auth.TokenRateThrottle",
        "renaksi.api.auth.UserRateThrottle",
        "renaksi.api.auth.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_THROTTLE_TOKEN", "3000/hour"),
        "user": env("API_THROTTLE_USER", "6000/hour"),
        "anon": env("API_THROTTLE_ANON", "120/hour"),
    },
    # JSON only: the browsable API's pages carry inline script, which the CSP forbids.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "renaksi.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Renaksi API",
    "DESCRIPTION": (
        "API v1 Renaksi. Autentikasi: `Authorization: Bearer <token>` (buat dengan "
        "`manage.py api_token_create` atau halaman *Token API*) atau sesi peramban. "
        'Setiap galat berbentuk `{"code": "...", "message": "...", "details": ...}` '
        "dengan `message` dalam Bahasa Indonesia dan `code` yang stabil: `not_found` (404, juga "
        "untuk objek yang tidak boleh dilihat), `permission_denied` (403), `conflict` (409, versi "
        "sudah berubah), `invalid`, `invalid_filter`, `invalid_document` (400), "
        "`not_authenticated`, `authentication_failed` (401), `throttled` (429). Daftar memakai "
        "paginasi kursor (`next`, `previous`)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RealisationStatusEnum": "renaksi.monitoring.models.Realisation.Status",
        "ReviewStateEnum": "renaksi.monitoring.models.Realisation.ReviewState",
        "ReportJobStatusEnum": "renaksi.reports.models.ReportJob.Status",
        "ReportJobKindEnum": "renaksi.reports.models.ReportJob.Kind",
        "ChainReportStatusEnum": "renaksi.chain.models.MonitoringReport.Status",
        "PeriodKindEnum": "renaksi.chain.models.PeriodKind",
        "EvidenceKindEnum": "renaksi.monitoring.models.Evidence.Kind",
        "ScopeEnum": "renaksi.api.models.ApiToken.Scope",
    },
}

# Webhooks to private or loopback addresses (tests, closed networks).
WEBHOOK_ALLOW_PRIVATE = envbool("WEBHOOK_ALLOW_PRIVATE")
