"""Production limits, measured against a real gunicorn on 127.0.0.1 (bounded in time)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"
SAFE_KEY = "k" * 20 + "-production-secret-with-enough-entropy-0123456789"

# Real servers and sockets, independent of the database: one run (on SQLite) is enough.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="database-independent; runs on SQLite"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "DEBUG": "False",
            "SECRET_KEY": SAFE_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "RENAKSI_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "LOG_LEVEL": "ERROR",
        }
    )
    env.update(extra)
    return env


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(  # noqa: S603 - our own venv, fixed arguments
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert proc.poll() is None, "gunicorn stopped at start"
            time.sleep(0.2)
    try:
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(port, path="/masuk/", timeout=20) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return data


def test_slow_header_clients_do_not_freeze_the_server(server):
    # Four clients (the pen test's number, and more) each send half a request line and stall.
    slow = []
    for _ in range(6):
        s = socket.create_connection(("127.0.0.1", server), timeout=5)
        s.sendall(b"GET /masuk/ HTTP/1.1\r\nHost: 127.0")
        slow.append(s)
    try:
        started = time.monotonic()
        answer = _get(server)
        # A normal visitor is still served while they hang (bounded: a frozen server times out).
        assert answer.startswith(b"HTTP/1.1 200")
        assert time.monotonic() - started < 20
    finally:
        for s in slow:
            s.close()


def test_a_300_mb_body_is_refused_before_it_is_read(server):
    total = 300 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", server), timeout=20) as s:
        s.sendall(
            (
                "POST /masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: multipart/form-data; boundary=batas\r\n"
                f"Content-Length: {total}\r\n\r\n"
                '--batas\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'
            ).encode()
        )
        sent, answer = 0, b""
        chunk = b"\0" * 65536
        s.settimeout(0.05)
        # Stream until the server answers; it must answer long before the body ends.
        while sent < total and not answer:
            try:
                s.sendall(chunk)
                sent += len(chunk)
            except OSError:
                break
            try:
                answer = s.recv(65536)
            except TimeoutError:
                pass
        s.settimeout(20)
        try:
            while not answer.endswith(b"</html>\n") and (more := s.recv(65536)):
                answer += more
        except OSError:
            pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"Kiriman terlalu besar" in answer
    assert sent < 20 * 1024 * 1024  # refused within the first few MB of 300


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "True"}, "DEBUG"),
        ({"LOGIN_THROTTLE_STORE": "cache"}, "per-process"),
    ],
)
def test_a_production_start_refuses_unsafe_settings(tmp_path, extra, reason):
    env = _env(tmp_path, **extra)
    if extra.get("SECRET_KEY") == "":
        env.pop("SECRET_KEY")
    result = subprocess.run(  # noqa: S603
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{_free_port()}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Renaksi refuses to start" in result.stderr and reason in result.stderr


def test_the_deploy_check_refuses_the_embedded_secret_key_as_an_error(tmp_path):
    env = _env(tmp_path, RENAKSI_HTTPS="true", EMAIL_HOST="smtp.kpu.example")
    env.pop("SECRET_KEY")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "renaksi.E001" in result.stdout + result.stderr
