import pytest
from django.core.cache import cache

from renaksi.audit.models import AuditEvent
from renaksi.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password):
    return client.post("/masuk/", {"username": username, "password": password})


def test_it_signs_in_and_out_and_records_both(client, people):
    assert _login(client, "sekretaris_bt", PASSWORD).status_code == 302
    client.post("/keluar/")
    actions = list(
        AuditEvent.objects.filter(actor=people.sekretaris).values_list("action", flat=True)
    )
    assert sorted(actions) == ["auth.login", "auth.logout"]


def test_it_records_a_failed_sign_in_without_the_password(client, people):
    response = _login(client, "sekretaris_bt", "salah-sekali")
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.data["username"] == "sekretaris_bt"
    assert "salah-sekali" not in str(event.data)


def test_it_pauses_sign_ins_after_repeated_failures(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, "sekretaris_bt", "salah")
    response = _login(client, "sekretaris_bt", PASSWORD)
    assert response.status_code == 200
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    assert _login(client, "asesor_bt", PASSWORD).status_code == 302


def test_it_forgets_failures_after_a_successful_sign_in(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _login(client, "sekretaris_bt", "salah")
    _login(client, "sekretaris_bt", "salah")
    assert _login(client, "sekretaris_bt", PASSWORD).status_code == 302
    client.post("/keluar/")
    _login(client, "sekretaris_bt", "salah")
    _login(client, "sekretaris_bt", "salah")
    assert _login(client, "sekretaris_bt", PASSWORD).status_code == 302
