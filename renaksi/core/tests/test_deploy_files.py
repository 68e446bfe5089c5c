"""The files under deploy/ are checked where this machine can check them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"


@pytest.mark.parametrize("unit", ["renaksi-web.service", "renaksi-worker.service"])
def test_the_systemd_units_parse(tmp_path, unit):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    # The units point at /opt/renaksi; verify a copy pointing at this checkout's venv.
    text = (DEPLOY / "systemd" / unit).read_text()
    text = text.replace("/opt/renaksi/.venv", str(ROOT / ".venv")).replace(
        "/opt/renaksi", str(ROOT)
    )
    copy = tmp_path / unit
    copy.write_text(text)
    done = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", str(copy)],  # noqa: S607
        capture_output=True,
        text=True,
        env={"SYSTEMD_LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"},
    )
    problems = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if unit in line and "EnvironmentFile" not in line
    ]
    assert not problems, problems


def test_the_compose_file_is_valid_yaml_with_every_service():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert set(compose["services"]) == {"web", "worker", "db", "redis", "s3"}
    for name in ("web", "worker"):
        environment = compose["services"][name]["environment"]
        assert {"DATABASE_URL", "REDIS_URL", "S3_BUCKET", "SECRET_KEY"} <= set(environment)
    tool = shutil.which("docker-compose") or shutil.which("podman-compose")
    if tool:
        done = subprocess.run(  # noqa: S603
            [tool, "-f", str(DEPLOY / "compose.yaml"), "config", "-q"],
            capture_output=True,
            text=True,
            env={
                "SECRET_KEY": "x",
                "POSTGRES_PASSWORD": "x",
                "S3_ACCESS_KEY": "x",
                "S3_SECRET_KEY": "x",
                "PATH": "/usr/bin:/bin",
            },
        )
        assert done.returncode == 0, done.stderr


def test_the_gunicorn_configuration_loads_with_threads_and_bounded_headers():
    # One file for every start (it was two, and production's lacked the read deadlines).
    assert not (DEPLOY / "gunicorn.conf.py").exists()
    namespace: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    from gunicorn.workers.gthread import ThreadWorker

    from renaksi.security.gunicorn_worker import TimedThreadWorker

    assert namespace["worker_class"] == "renaksi.security.gunicorn_worker.TimedThreadWorker"
    assert issubclass(TimedThreadWorker, ThreadWorker)
    assert namespace["limit_request_line"] <= 8190
    assert namespace["timeout"] <= 120
    # Idle kept-alive connections: the proxy closes its own first, and the bench's deadline
    # scenario pauses (at most 5 s) stay under gunicorn's limit (no close/send race).
    caddy = (DEPLOY / "Caddyfile").read_text()
    [proxy_idle] = [
        int(line.split()[1].rstrip("s"))
        for line in caddy.splitlines()
        if line.split()[:1] == ["keepalive"]
    ]
    assert 5 < proxy_idle < namespace["keepalive"] <= 75


def test_the_caddyfile_bounds_bodies_and_checks_readiness():
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "max_size" in caddy and "health_uri /readyz" in caddy
    if shutil.which("caddy"):
        done = subprocess.run(  # noqa: S603
            ["caddy", "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],  # noqa: S607
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr


def test_every_production_start_versions_the_static_files_and_uses_the_one_gunicorn_file():
    starts = {
        "dev": (ROOT / "dev").read_text(),
        "systemd": (DEPLOY / "systemd" / "renaksi-web.service").read_text(),
        "compose": (DEPLOY / "compose.yaml").read_text(),
        "container": (DEPLOY / "Containerfile").read_text(),
    }
    for name, text in starts.items():
        assert "collectstatic --no-input" in text, name
        assert "deploy/gunicorn.conf.py" not in text, name
        assert "-c gunicorn.conf.py" in text or '"-c", "gunicorn.conf.py"' in text, name


def test_every_worker_start_goes_through_the_niced_run_huey():
    # renaksi.core's run_huey (RENAKSI_WORKER_NICE, default 10) replaces djhuey's in every start;
    # the systemd unit also sets the same Nice= itself.
    from django.conf import settings
    from django.core.management import get_commands

    assert get_commands()["run_huey"] == "renaksi.core"
    unit = (DEPLOY / "systemd" / "renaksi-worker.service").read_text()
    if "RENAKSI_WORKER_NICE" not in os.environ:
        assert f"\nNice={settings.RENAKSI_WORKER_NICE}\n" in unit
    assert "manage.py run_huey" in unit
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert compose["services"]["worker"]["command"] == ["python", "manage.py", "run_huey"]
    dev = (ROOT / "dev").read_text()
    assert dev.count("manage.py run_huey") == 3  # ./dev up, serve, worker


def test_a_failing_static_check_fails_dev_test_even_when_a_later_one_passes():
    # ./dev test runs `cmd_lint || …`, where bash ignores `set -e`: the function must count each
    # check itself. Here mypy fails and the checks after it pass.
    harness = (
        'set -euo pipefail; say(){ :; }; VENV=/nowhere; PY=true; eval "$(sed -n '
        "'/^cmd_lint() {/,/^}/p' dev | sed 's#\"$VENV/bin/ruff\"#true#g; "
        's#"$VENV/bin/mypy" renaksi#false#\')"; cmd_lint && echo passed || echo failed'
    )
    completed = subprocess.run(  # noqa: S603 - fixed script over our own file
        [shutil.which("bash") or "/bin/bash", "-c", harness],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.strip() == "failed", completed.stderr
