from django.contrib.auth import views as auth_views
from django.urls import path

from renaksi.security import twofactor, views

urlpatterns = [
    path("akun/2fa/", twofactor.otp_setup, name="otp_setup"),
    path("masuk/kode/", twofactor.otp_verify, name="otp_verify"),
    path("akun/kata-sandi/", views.password_change, name="password_change"),
    path("masuk/lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "masuk/lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="security/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "masuk/sandi-baru/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "masuk/sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="security/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
