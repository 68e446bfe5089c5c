"""``/healthz`` and ``/readyz`` against real dependencies, and what they say when one is down."""

import pytest
from django.core.files.storage import storages

from renaksi.core.tests.s3 import free_port, s3_server, s3_storages

pytestmark = pytest.mark.django_db


def test_it_reports_every_dependency_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert isinstance(body["checks"]["queue"]["pending"], int)
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_reports_a_stopped_redis_without_revealing_its_address(client, settings):
    port = free_port()  # nothing listens there: a Redis that is down
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert str(port) not in response.content.decode()


def test_it_checks_a_real_s3_bucket_and_reports_an_unreachable_one(client, settings):
    with s3_server() as server:
        settings.STORAGES = s3_storages(settings.STORAGES, server)
        storages._storages.clear()
        try:
            assert client.get("/healthz").json()["checks"]["storage"] == {
                "ok": True,
                "ms": pytest.approx(0, abs=10_000),
            }
            server["client"].delete_bucket(Bucket=server["bucket"])
            response = client.get("/healthz")
            assert response.status_code == 503
            assert response.json()["checks"]["storage"]["ok"] is False
        finally:
            storages._storages.clear()
    # The server is gone: unreachable.
    settings.STORAGES = s3_storages(settings.STORAGES, server)
    storages._storages.clear()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert server["endpoint"] not in response.content.decode()
    finally:
        storages._storages.clear()


def test_readyz_is_ready_when_every_migration_is_applied(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_pages_are_open_and_read_only(client):
    assert client.post("/healthz").status_code == 405
