from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from renaksi.core import health, observability
from renaksi.security.forms import ThrottledAuthenticationForm

urlpatterns = [
    path("", include("renaksi.plans.urls")),
    path("", include("renaksi.monitoring.urls")),
    path("", include("renaksi.reports.urls")),
    path("", include("renaksi.rollup.urls")),
    path("", include("renaksi.chain.urls")),
    path("", include("renaksi.cascade.urls")),
    path("", include("renaksi.organisations.urls")),
    path("", include("renaksi.registers.urls")),
    path("", include("renaksi.quality.urls")),
    path("", include("renaksi.security.urls")),
    path("", include("renaksi.surveys.urls")),
    path("", include("renaksi.api.ui_urls")),
    path("api/v1/", include("renaksi.api.urls")),
    path("", include("renaksi.evaluations.urls")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("admin/", admin.site.urls),
]

handler400 = "renaksi.security.errors.bad_request"
handler403 = "renaksi.security.errors.permission_denied"
handler404 = "renaksi.security.errors.page_not_found"
handler500 = "renaksi.security.errors.server_error"
