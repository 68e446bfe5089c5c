"""Real processes for production tests: app nodes (gunicorn), huey workers, ``manage.py`` calls and
a signed-in HTTP client. Nothing here is mocked; every process is ours, on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from renaksi.core.tests.s3 import free_port

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = Path(sys.executable).parent
SEED = ROOT / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
PASSWORD = "kata-sandi-uji-2026"  # noqa: S105 (test accounts only)


def base_env(var_dir: Path, **extra: str) -> dict:
    """Production-mode settings for a node or a command, from the environment only."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "S3_", "REDIS", "DATABASE"))
    }
    env.update(
        {
            "DEBUG": "False",
            "SECRET_KEY": "uji-" + secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RENAKSI_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "WARNING",
            # Production refuses the console mailer: an SMTP server nobody listens on (the tests
            # send no mail; one that tried would fail and be retried later, never block).
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(free_port()),
            "EMAIL_USE_TLS": "False",
        }
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(  # noqa: S603 - our own venv and arguments
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


SETUP_SCRIPT = """
import json
from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.models import Indicator, Plan
from renaksi.plans.models import Target
unit = Unit.objects.get(code="17.09")
users = {}
for name, role in (("sekretaris", Membership.Role.SEKRETARIS), ("asesor", Membership.Role.ASESOR)):
    user, _ = User.objects.get_or_create(username=name, defaults={"email": f"{name}@uji.local"})
    user.set_password(%(password)r)
    user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
plan = Plan.objects.get(unit=unit, year=2022)
cells = list(
    Target.objects.filter(indicator__activity__area__plan=plan)
    .order_by("indicator__position", "indicator_id", "period")
    .values_list("indicator_id", "period")[:40]
)
print(json.dumps({"plan": plan.pk, "cells": cells, "unit": unit.pk}))
"""


def prepare(env: dict) -> dict:
    """Migrate, load the KPU tree, import the seed plan, make two accounts; return the ids."""
    manage(env, "migrate", "--no-input", "-v", "0", timeout=600)
    manage(env, "load_units", "--kpu", "--quiet-rows")
    manage(env, "import_plan", str(SEED), "--unit", "17.09", "--year", "2022")
    out = manage(env, "shell", "-c", SETUP_SCRIPT % {"password": PASSWORD})
    return json.loads(out.strip().splitlines()[-1])


class Process:
    """A child process in its own group, stopped with its children."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> Process:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(  # noqa: S603
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 20) -> None:
        if self.proc is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.proc.wait(10)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(10)


class Node(Process):
    """One app node: gunicorn with the production configuration on a port of its own."""

    def __init__(self, env: dict, log: Path, *, workers: int = 2, command: list[str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**env, "RENAKSI_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        args = command or [
            str(VENV_BIN / "gunicorn"),
            "renaksi.wsgi:application",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
        ]
        super().__init__(args, env, log)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"{self.url} exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{self.url} not ready:\n{self.log.read_text()[-3000:]}")


def worker(env: dict, log: Path) -> Process:
    return Process([str(VENV_BIN / "python"), "manage.py", "run_huey"], env, log)


class Browser:
    """A person at a browser: a session cookie, the CSRF token, form posts."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def at(self, base: str) -> Browser:
        """The same browser (same cookies) talking to another node."""
        other = Browser(base)
        other.session = self.session
        return other

    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def get(self, path: str, **kw) -> requests.Response:
        return self.session.get(self.base + path, timeout=60, **kw)

    def post(self, path: str, data: dict | None = None, files=None, **kw) -> requests.Response:
        data = {**(data or {}), "csrfmiddlewaretoken": self.csrf()}
        headers = {"Referer": self.base + path}
        return self.session.post(
            self.base + path, data=data, files=files, headers=headers, timeout=120, **kw
        )

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.get("/masuk/")
        response = self.post(
            "/masuk/", {"username": username, "password": password}, allow_redirects=False
        )
        assert response.status_code == 302, response.text[:500]


def job_id(html: str) -> int:
    found = re.findall(r"/laporan/(\d+)/", html)
    assert found, "no report job on the page"
    return max(int(n) for n in found)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
