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
