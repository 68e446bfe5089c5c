import math
from typing import TYPE_CHECKING

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renaksi.security import throttle
from renaksi.security.client import client_ip

THROTTLED = _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit.")


def _refused(request, username: str, action: str, wait_seconds: int) -> ValidationError:
    # A refused try never reaches authenticate(), so no user_login_failed signal fires:
    # record it here, or a password-guessing run would vanish from the audit trail.
    from renaksi.audit.services import audit_record

    audit_record(
        actor=None, action=action, data={"username": username[:150], "ip": client_ip(request)}
    )
    return ValidationError(
        THROTTLED, code="throttled", params={"minutes": max(1, math.ceil(wait_seconds / 60))}
    )


# The mixin is only ever mixed into sign-in forms; let the type checker see that form.
if TYPE_CHECKING:
    _FormBase = AuthenticationForm
else:
    _FormBase = object


class ThrottleMixin(_FormBase):
    """Judges every try by the shared throttle before the password is checked."""

    def clean(self):
        username = (self.data.get("username") or "")[:150]
        verdict = throttle.check(self.request, username)
        if not verdict.allowed:
            raise _refused(self.request, username, "auth.login_throttled", verdict.wait_seconds)
        try:
            cleaned = super().clean()
        except ValidationError as error:
            # An inactive or non-staff account with the right password is not a guess.
            if getattr(self, "user_cache", None) is None:
                throttle.record_failure(self.request, username)
            raise error
        throttle.record_success(self.request, username)
        self.request._renaksi_device_user = username
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    """The sign-in form of /masuk/."""

    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator unit Anda."),
        "throttled": THROTTLED,
    }


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The admin's sign-in form, behind the same throttle."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Each reset request counts as a try on the address's and the e-mail's counters."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email = (self.data.get("email") or "")[:150]
        verdict = throttle.check(self.request, f"reset:{email}")
        if not verdict.allowed:
            raise _refused(self.request, email, "auth.reset_throttled", verdict.wait_seconds)
        throttle.record_failure(self.request, f"reset:{email}")
        return cleaned
