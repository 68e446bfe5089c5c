"""Responses are compressed (brotli or gzip), the CSRF token is masked per request, static files
are versioned after collectstatic (README "Performance, second round")."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from renaksi.core.compression import CompressionMiddleware
from renaksi.core.staticfiles import VersionedStaticFilesStorage

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _plan_page(client, plan, **headers):
    return client.get(reverse("plan_detail", args=[plan.pk]), **headers)


def test_it_gzips_a_page_for_a_client_that_accepts_gzip(client, people, small_plan):
    client.force_login(people.sekretaris)
    plain = _plan_page(client, small_plan)
    packed = _plan_page(client, small_plan, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content)
    assert b'data-testid="plan-table"' in body
    assert len(packed.content) * 3 < len(body)
    assert int(packed["Content-Length"]) == len(packed.content)


def test_it_prefers_brotli_when_the_client_accepts_it(client, people, small_plan):
    client.force_login(people.sekretaris)
    packed = _plan_page(client, small_plan, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "br"
    assert b'data-testid="plan-table"' in brotli.decompress(packed.content)


@pytest.mark.parametrize(
    ("content_type", "size", "encoding"),
    [
        ("application/pdf", 5000, "gzip"),  # Django's gzip takes any type, as before
        ("text/html; charset=utf-8", 5000, "br"),
        ("text/html; charset=utf-8", 100, None),
    ],
)
def test_it_uses_brotli_for_text_only_and_skips_tiny_bodies(rf, content_type, size, encoding):
    middleware = CompressionMiddleware(lambda request: HttpResponse(b"a" * size, content_type))
    response = middleware(rf.get("/", HTTP_ACCEPT_ENCODING="br, gzip"))
    assert response.get("Content-Encoding") == encoding


def test_it_masks_the_csrf_token_differently_on_every_request(client):
    tokens = []
    for _ in range(2):
        response = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip")
        body = gzip.decompress(response.content)
        tokens.append(TOKEN.search(body).group(1).decode())
    assert tokens[0] != tokens[1]
    assert _unmask_cipher_token(tokens[0]) == _unmask_cipher_token(tokens[1])


def test_it_serves_plain_names_until_collectstatic_wrote_a_manifest(tmp_path):
    storage = VersionedStaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("renaksi/app.css") == "/static/renaksi/app.css"
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "paths": {"renaksi/app.css": "renaksi/app.0123456789ab.css"},
                "hash": "x",
            }
        )
    )
    storage = VersionedStaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("renaksi/app.css") == "/static/renaksi/app.0123456789ab.css"
    # A file added after the last collectstatic still has an address.
    assert storage.url("renaksi/new.js") == "/static/renaksi/new.js"


@pytest.mark.parametrize(
    ("url", "immutable"),
    [
        ("/static/renaksi/app.0123456789ab.css", True),
        ("/static/vendor/htmx-2.0.11/htmx.min.js", True),
        ("/static/vendor/bootstrap-5.3.9/bootstrap.min.css", True),
        ("/static/renaksi/app.css", False),
        ("/media/renaksi/app.0123456789ab.css", False),
    ],
)
def test_it_caches_only_versioned_static_files_for_good(url, immutable):
    assert bool(re.search(settings.WHITENOISE_IMMUTABLE_FILE_TEST, url)) is immutable


def test_it_sends_a_versioned_vendor_file_with_a_long_max_age(client):
    response = client.get("/static/vendor/htmx-2.0.11/htmx.min.js")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600


def test_collectstatic_runs_in_production_and_versions_every_file(tmp_path):
    # It stopped on the first vendored ``sourceMappingURL`` whose .map is not shipped; ./dev serve,
    # the systemd unit and the container run it at every start.
    import os
    import subprocess
    import sys

    root = settings.BASE_DIR
    env = {**os.environ, "DEBUG": "False", "STATIC_ROOT": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(  # noqa: S603
        # Without the third-party apps' files (35 MB, a minute of brotli): ours and the
        # vendored libraries are what broke it.
        [
            *(sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"),
            *("-i", "drf_spectacular_sidecar", "-i", "admin", "-i", "rest_framework"),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert re.fullmatch(r"renaksi/app\.[0-9a-f]{12}\.css", manifest["renaksi/app.css"])
    chart = manifest["vendor/chartjs-4.6.1/chart.umd.min.js"]
    assert (tmp_path / chart).is_file() and (tmp_path / f"{chart}.br").is_file()
