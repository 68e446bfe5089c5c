"""Optional TOTP two-factor sign-in for superusers and unit administrators."""

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from renaksi.conftest import PASSWORD


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_an_administrator_must_set_up_two_factor_when_required(people, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    client = Client()
    client.post("/masuk/", {"username": "admin_bt", "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/akun/2fa/"
    page = client.get("/akun/2fa/")
    assert "Verifikasi dua langkah" in page.content.decode()
    device = TOTPDevice.objects.get(user=people.admin_unit)
    assert not device.confirmed
    done = client.post("/akun/2fa/", {"token": _code(device)})
    assert "Verifikasi dua langkah aktif" in done.content.decode()
    assert client.get("/").status_code == 200


def test_a_user_with_an_authenticator_needs_the_code_after_the_password(people, settings):
    device = TOTPDevice.objects.create(user=people.sekretaris, name="ponsel", confirmed=True)
    client = Client()
    client.post("/masuk/", {"username": "sekretaris_bt", "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/kode/")
    wrong = client.post(
        "/masuk/kode/?next=/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "Kode salah" in wrong.content.decode()
    assert client.get("/").status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post("/masuk/kode/?next=/", {"token": _code(device)})
    assert right.status_code == 302 and right["Location"] == "/"
    assert client.get("/").status_code == 200


def test_others_are_not_asked_when_the_setting_is_off(people, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    client = Client()
    client.post("/masuk/", {"username": "admin_bt", "password": PASSWORD})
    assert client.get("/").status_code == 200
    settings.REQUIRE_2FA_FOR_ADMINS = True
    reader = Client()
    reader.post("/masuk/", {"username": "pembaca_bt", "password": PASSWORD})
    assert reader.get("/").status_code == 200  # only administrators are required
