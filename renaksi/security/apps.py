from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "renaksi.security"
    verbose_name = _("Keamanan")

    def ready(self):
        from django.contrib import admin

        from renaksi.security import checks  # noqa: F401  (registers the system checks)
        from renaksi.security.forms import ThrottledAdminAuthenticationForm

        # The admin's sign-in goes through the same throttle as /masuk/.
        admin.site.login_form = ThrottledAdminAuthenticationForm

        from django.contrib.auth.signals import user_logged_in

        from renaksi.security.twofactor import remember_device

        user_logged_in.connect(remember_device, dispatch_uid="security.otp_device")
