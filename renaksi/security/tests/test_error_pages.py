"""Every error page in the user's language, saying what happened and what to do."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _indonesian_afterwards():
    """The English requests activate English in this thread; later tests expect Indonesian."""
    yield
    translation.deactivate()


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_a_csrf_failure_is_explained_in_indonesian_then_english(csrf_client, people):
    response = csrf_client.post("/masuk/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in html and "cookie" in html
    assert "CSRF verification failed" not in html
    csrf_client.cookies["django_language"] = "en"
    html = csrf_client.post("/masuk/", {"username": "x", "password": "y"}).content.decode()
    assert "The form could not be sent" in html


def test_a_405_has_a_helpful_page_not_an_empty_body(client, people):
    client.force_login(people.sekretaris)
    response = client.get("/keluar/")
    assert response.status_code == 405 and response["Allow"]
    html = response.content.decode()
    assert "Cara membuka halaman ini tidak didukung" in html and "Kode kesalahan 405" in html


def test_an_oversized_body_gets_a_413_page_before_it_is_read(client, people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/masuk/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "Kiriman terlalu besar" in response.content.decode()


def test_too_many_fields_get_a_413_page(client, people, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/masuk/", {f"f{i}": "1" for i in range(50)})
    assert response.status_code == 413
    assert "Terlalu banyak isian" in response.content.decode()


def test_a_bad_host_gets_an_indonesian_400(client, people):
    response = client.get("/masuk/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Alamat situs tidak dikenal" in html and "Invalid HTTP_HOST" not in html


def test_404_and_500_pages_are_indonesian(client, people, settings):
    client.force_login(people.sekretaris)
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.content.decode()
    from renaksi.security.errors import server_error

    request = Client().get("/").wsgi_request
    html = server_error(request).content.decode()
    assert "Terjadi kesalahan pada server" in html


def test_signed_in_pages_are_never_cached(client, people):
    client.force_login(people.sekretaris)
    assert "no-store" in client.get("/").headers["Cache-Control"]
