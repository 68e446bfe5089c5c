"""Users change their own password; breached and weak passwords are refused offline."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from renaksi.conftest import PASSWORD
from renaksi.security.passwords import LOCAL_LIST


def _errors(password, user=None) -> str:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def test_breached_and_local_common_passwords_are_refused(people):
    assert "pernah bocor" in _errors("password123")  # from Django's 20,000-password list
    assert "pernah bocor" in _errors("Bengkulu2024")  # from the shipped Indonesian list
    assert "pernah bocor" in _errors("kpu12345")
    assert _errors("kuda-hijau-melompat-tinggi-7") == ""
    assert LOCAL_LIST.exists() and len(LOCAL_LIST.read_text().splitlines()) > 500


def test_a_signed_in_user_changes_their_own_password(client, people):
    client.force_login(people.pelaksana)
    page = client.get("/akun/kata-sandi/")
    assert page.status_code == 200 and "Ganti kata sandi" in page.content.decode()
    weak = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": "bengkulu123", "new_password2": "bengkulu123"},
    )
    assert "pernah bocor" in weak.content.decode()
    new = "kuda-hijau-melompat-tinggi-7"
    done = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert "Kata sandi Anda sudah diganti" in done.content.decode()
    people.pelaksana.refresh_from_db()
    assert people.pelaksana.check_password(new)
    assert client.get("/").status_code == 200  # still signed in on this browser


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/akun/kata-sandi/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]
