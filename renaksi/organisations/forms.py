from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "-") if request is not None else "-"


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing further tries after repeated failures for a user from one address.

    Counted per (username, IP) in the cache (Redis in production), so guessing one account's
    password is slowed down without locking its owner out from their own office.
    """

    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator unit Anda."),
        "throttled": _(
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit."
        ),
    }

    def _key(self) -> str:
        username = (self.data.get("username") or "").strip().lower()[:150]
        return f"login-fail:{username}:{client_ip(self.request)}"

    def clean(self):
        limit = settings.LOGIN_FAILURE_LIMIT
        window = settings.LOGIN_FAILURE_WINDOW
        key = self._key()
        if cache.get(key, 0) >= limit:
            # A refused try never reaches authenticate(), so no user_login_failed signal fires:
            # record it here, or a password-guessing run would vanish from the audit trail.
            from renaksi.audit.services import audit_record

            audit_record(
                actor=None,
                action="auth.login_throttled",
                data={
                    "username": (self.data.get("username") or "")[:150],
                    "ip": client_ip(self.request),
                },
            )
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, window // 60)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if cache.add(key, 1, timeout=window) is False:
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, timeout=window)
            raise
        cache.delete(key)
        return cleaned
