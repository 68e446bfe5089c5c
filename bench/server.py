"""The app under test: gunicorn on 127.0.0.1 (and optionally a huey worker), with RSS polling."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MemoryWatch(threading.Thread):
    """Polls the resident memory of process trees; keeps each tree's peaks."""

    def __init__(self, interval: float = 0.1):
        super().__init__(daemon=True)
        self.interval = interval
        self.trees: dict[str, psutil.Process] = {}
        self.peaks: dict[str, dict[str, float]] = {}
        self._halt = threading.Event()

    def watch(self, name: str, pid: int) -> None:
        self.trees[name] = psutil.Process(pid)
        self.peaks[name] = {
            "total_mb": 0.0,
            "main_mb": 0.0,
            "largest_child_mb": 0.0,
            "processes": 1,
        }

    def sample(self) -> None:
        for name, root in list(self.trees.items()):
            try:
                children = root.children(recursive=True)
                main = root.memory_info().rss
            except psutil.Error:
                continue
            sizes = []
            for child in children:
                try:
                    sizes.append(child.memory_info().rss)
                except psutil.Error:
                    pass
            peak = self.peaks[name]
            mb = 1024 * 1024
            peak["total_mb"] = max(peak["total_mb"], (main + sum(sizes)) / mb)
            peak["main_mb"] = max(peak["main_mb"], main / mb)
            peak["largest_child_mb"] = max(peak["largest_child_mb"], max(sizes, default=0) / mb)
            peak["processes"] = max(peak["processes"], 1 + len(sizes))

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> dict:
        self._halt.set()
        self.sample()
        return {
            name: {k: round(v, 1) for k, v in peak.items()} for name, peak in self.peaks.items()
        }


class App:
    """gunicorn serving Renaksi with production-like settings and the Server-Timing header."""

    def __init__(self, env: dict, *, workers: int, threads: int, log: Path):
        self.env = env
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.memory = MemoryWatch()

    def start(self, timeout: float = 60) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argument list, our own venv
            [
                str(VENV_BIN / "gunicorn"),
                "renaksi.wsgi:application",
                # The production settings (worker class with client read deadlines, request
                # limits); the arguments below override its bind, workers and threads.
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        self.memory.watch("app", self.proc.pid)
        self.memory.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}")
            try:
                if requests.get(f"{self.url}/masuk/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def start_worker(self) -> None:
        out = self.log.with_name("huey.log").open("ab")
        self.worker = subprocess.Popen(  # noqa: S603 - fixed argument list, our own venv
            [sys.executable, "manage.py", "run_huey"],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        self.memory.watch("worker", self.worker.pid)

    def stop(self) -> dict:
        for proc in (self.worker, self.proc):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (self.worker, self.proc):
            if proc is not None:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        return self.memory.stop()


def app_env(*, database_url: str, var_dir: Path, redis_url: str | None = None) -> dict:
    """The app's environment: local memory cache and the SQLite job queue unless ``redis_url``
    (``--redis-url``) is given, never the caller's own REDIS_URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "S3_BUCKET", "EMAIL_HOST"}}
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(
        {
            "DATABASE_URL": database_url,
            "RENAKSI_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
            "STATIC_ROOT": str(var_dir / "static"),
            "DEBUG": "False",
            "SECRET_KEY": "renaksi-bench-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RENAKSI_SERVER_TIMING": "1",
            "LOGIN_FAILURE_LIMIT": "1000",
            # The bench queues a dozen report jobs as one user on purpose (load beside the worker).
            "REPORT_JOBS_PER_USER": "100",
            "REPORT_JOBS_PER_UNIT": "100",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "renaksi.settings",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env
