"""Optional TOTP two-factor sign-in (django-otp) for superusers and unit administrators.

Anyone with a confirmed authenticator must enter its 6-digit code after the password before any
other page opens. With ``REQUIRE_2FA_FOR_ADMINS`` on, superusers and unit administrators without
one are sent to set it up first. Codes are checked by django-otp, which also slows down repeated
wrong codes (its own throttling per device).
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from renaksi.organisations.models import Membership

# Paths open to a signed-in user who still owes the second step.
_OPEN = ("/masuk/", "/keluar/", "/i18n/", "/static/", "/akun/2fa/")


def needs_second_factor(user) -> bool:
    if not getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False):
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exists()
    )


# Whether the account has a confirmed device, kept in the session at sign-in (and when a device
# is confirmed), so the check below costs no query per page.
HAS_DEVICE_KEY = "otp_has_device"


def remember_device(sender, request, user, **kwargs):
    """``user_logged_in`` receiver."""
    session = getattr(request, "session", None)
    if session is not None:
        session[HAS_DEVICE_KEY] = bool(user_has_device(user))


def _has_device(request, user) -> bool:
    session = getattr(request, "session", None)
    if session is not None and HAS_DEVICE_KEY in session:
        return bool(session[HAS_DEVICE_KEY])
    return user_has_device(user)


class TwoFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``: holds unverified sessions at the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_OPEN):
            if not user.is_verified():
                if _has_device(request, user):
                    return redirect(f"{reverse('otp_verify')}?next={request.path}")
                if needs_second_factor(user):
                    return redirect("otp_setup")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Kode 6 angka"), max_length=8, strip=True)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    form = TokenForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("home")
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            target = request.GET.get("next") or ""
            return redirect(
                target if target.startswith("/") and not target.startswith("//") else "home"
            )
        form.add_error("token", _("Kode salah atau sudah kedaluwarsa. Coba kode yang baru."))
    return render(request, "security/otp_verify.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    device = TOTPDevice.objects.filter(user=request.user).order_by("-confirmed", "id").first()
    if device is not None and device.confirmed and request.user.is_verified():
        return render(request, "security/otp_setup.html", {"done": True})
    if device is None or device.confirmed:
        if device is not None:
            return redirect("otp_verify")
        device = TOTPDevice.objects.create(user=request.user, name="Renaksi", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[HAS_DEVICE_KEY] = True
            otp_login(request, device)
            from renaksi.audit.services import audit_record

            audit_record(actor=request.user, action="auth.2fa_enabled", obj=request.user, data={})
            return render(request, "security/otp_setup.html", {"done": True})
        form.add_error("token", _("Kode salah atau sudah kedaluwarsa. Coba kode yang baru."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "security/otp_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "required": needs_second_factor(request.user),
        },
    )
