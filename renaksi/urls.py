from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from renaksi.organisations.forms import ThrottledAuthenticationForm

urlpatterns = [
    path("", include("renaksi.plans.urls")),
    path("", include("renaksi.monitoring.urls")),
    path("", include("renaksi.reports.urls")),
    path("", include("renaksi.rollup.urls")),
    path("", include("renaksi.chain.urls")),
    path("", include("renaksi.cascade.urls")),
    path("", include("renaksi.evaluations.urls")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
