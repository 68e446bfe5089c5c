"""Reproductions of the pen-test's sign-in findings, now refused."""

from datetime import timedelta

import pytest
from django.test import Client

from renaksi.audit.models import AuditEvent
from renaksi.conftest import PASSWORD, UserFactory
from renaksi.security.client import client_ip
from renaksi.security.models import SignInThrottle
from renaksi.security.throttle import DEVICE_COOKIE


def _checked() -> int:
    """How many tries reached the password check (each fires user_login_failed)."""
    return AuditEvent.objects.filter(action="auth.login_failed").count()


def _refused() -> int:
    return AuditEvent.objects.filter(action="auth.login_throttled").count()


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_it_throttles_the_admin_login_like_the_sign_in_page(admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(25):
        client.post("/admin/login/", {"username": "admin", "password": "tebakan"})
    # Before: 25 of 25 checked. Now the account is held after 5 and the rest are refused unchecked.
    assert _checked() == 5 and _refused() == 20
    # The right password is refused too while the account is held, through either door.
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session and response.status_code == 200
    response = client.post("/masuk/", {"username": "admin", "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_guessing_at_masuk_also_holds_the_admin_login(admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        client.post("/masuk/", {"username": "admin", "password": "tebakan"})
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_delays_grow_and_end_instead_of_locking_the_account(people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_DELAY_SECONDS = 30
    client = Client()
    for _ in range(2):
        client.post("/masuk/", {"username": "sekretaris_bt", "password": "salah"})
    row = SignInThrottle.objects.get(key__startswith="acct:")
    first = row.blocked_until - row.last_failure
    assert first == timedelta(seconds=30)
    # The pause passes (moved into the past instead of waiting): one more guess is checked,
    # and the next pause is twice as long.
    SignInThrottle.objects.update(blocked_until=row.last_failure)
    client.post("/masuk/", {"username": "sekretaris_bt", "password": "salah"})
    row.refresh_from_db()
    assert row.blocked_until - row.last_failure == timedelta(seconds=60)
    # Once it has passed, the owner signs in: nothing is ever locked for good.
    SignInThrottle.objects.update(blocked_until=row.last_failure)
    client.post("/masuk/", {"username": "sekretaris_bt", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(people.sekretaris.pk)


def test_a_third_party_cannot_lock_out_the_owner_from_the_owners_browser(people, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    owner = Client()
    owner.post("/masuk/", {"username": "sekretaris_bt", "password": PASSWORD})
    assert DEVICE_COOKIE in owner.cookies  # this browser is now known for the account
    owner.post("/keluar/")
    # An attacker from four addresses, behind the same NAT or not, 20 guesses in all.
    for n in range(20):
        Client(REMOTE_ADDR=f"10.0.0.{n % 4 + 1}").post(
            "/masuk/", {"username": "sekretaris_bt", "password": f"tebakan-{n}"}
        )
    # Before: 20 of 20 checked. Now the account's counter holds after 5, whatever the address.
    assert _checked() == 5 and _refused() == 15
    # The owner's own browser is judged by its own counter and still signs in at once.
    owner.post("/masuk/", {"username": "sekretaris_bt", "password": PASSWORD})
    assert owner.session["_auth_user_id"] == str(people.sekretaris.pk)


def test_one_address_guessing_many_accounts_is_held_too(people, settings):
    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(30):
        client.post("/masuk/", {"username": f"akun{n}", "password": "x"})
    assert _checked() == 10 and _refused() == 20


def test_a_forged_forwarded_header_from_an_untrusted_peer_is_ignored(people, settings, rf):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    direct = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="203.0.113.7")
    assert client_ip(direct) == "203.0.113.7"
    proxied = rf.get(
        "/", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.4, 10.0.0.5", REMOTE_ADDR="10.0.0.2"
    )
    # The client cannot choose its address: the first untrusted hop from the right counts.
    assert client_ip(proxied) == "198.51.100.4"
    settings.TRUSTED_PROXIES = []
    assert client_ip(proxied) == "10.0.0.2"


def test_addresses_behind_a_trusted_proxy_are_counted_apart(people, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    settings.LOGIN_FAILURE_LIMIT = 1000
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for _ in range(3):
        Client(HTTP_X_FORWARDED_FOR="198.51.100.1").post(
            "/masuk/", {"username": "nobody", "password": "x"}
        )
    # The proxy's address is not held; only the guessing client is.
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    other.post("/masuk/", {"username": "sekretaris_bt", "password": PASSWORD})
    assert other.session["_auth_user_id"] == str(people.sekretaris.pk)
    event = AuditEvent.objects.filter(action="auth.login_failed").first()
    assert event.data["ip"] == "198.51.100.1"


def test_the_counter_is_shared_by_processes_through_the_database(people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    Client().post("/masuk/", {"username": "sekretaris_bt", "password": "salah"})
    Client().post("/masuk/", {"username": "sekretaris_bt", "password": "salah"})
    # A row in the database, not a per-process memory entry: another process reads the same.
    assert SignInThrottle.objects.filter(key__startswith="acct:", failures=2).exists()
    assert not SignInThrottle.objects.filter(key__contains="sekretaris_bt").exists()


def test_password_reset_requests_are_throttled(people, settings, mailoutbox):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(6):
        client.post("/masuk/lupa-sandi/", {"email": "sekretaris_bt@kpu.example"})
    assert len(mailoutbox) == 3
    assert AuditEvent.objects.filter(action="auth.reset_throttled").count() == 3
    assert "sekretaris_bt" in mailoutbox[0].body and "/masuk/sandi-baru/" in mailoutbox[0].body
