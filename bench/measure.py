"""Requests through the real server: login, timed GETs and uploads, Server-Timing parsing."""

from __future__ import annotations

import re
import statistics
import time
import uuid
from dataclasses import dataclass, field

import requests

from bench.djangoside import BENCH_PASSWORD, BENCH_USER

TIMING = re.compile(r'(\w+);dur=([\d.]+)(?:;desc="?(\d+)"?)?')


def percentile(values: list[float], q: int) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[q - 1]


def server_timing(response: requests.Response) -> tuple[float, float, int]:
    """(app ms, db ms, queries) from the Server-Timing header."""
    found = {m.group(1): m for m in TIMING.finditer(response.headers.get("Server-Timing", ""))}
    if "app" not in found:
        raise RuntimeError(f"no Server-Timing header from {response.url}")
    db = found.get("db")
    return (
        float(found["app"].group(2)),
        float(db.group(2)) if db else 0.0,
        int(db.group(3)) if db and db.group(3) else 0,
    )


@dataclass
class Samples:
    server_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)
    db_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    bytes: int = 0
    # On the wire: the compressed body when the server compressed it (Content-Length is then the
    # compressed size; requests asks for gzip and, with brotli installed, br).
    wire_bytes: int = 0
    encoding: str = ""
    errors: list[str] = field(default_factory=list)

    def add(self, response: requests.Response, client_ms: float, expect: int) -> None:
        if response.status_code != expect:
            self.errors.append(f"{response.status_code} {response.request.method} {response.url}")
            return
        app, db, queries = server_timing(response)
        self.server_ms.append(app)
        self.client_ms.append(client_ms)
        self.db_ms.append(db)
        self.queries.append(queries)
        self.bytes = len(response.content)
        self.encoding = response.headers.get("Content-Encoding", "")
        length = response.headers.get("Content-Length")
        self.wire_bytes = int(length) if self.encoding and length else self.bytes

    def summary(self, path: str) -> dict:
        ok = bool(self.server_ms)
        return {
            "path": path,
            "n": len(self.server_ms),
            "median_ms": round(statistics.median(self.server_ms), 2) if ok else None,
            "p95_ms": round(percentile(self.server_ms, 95), 2) if ok else None,
            "client_median_ms": round(statistics.median(self.client_ms), 2) if ok else None,
            "db_median_ms": round(statistics.median(self.db_ms), 2) if ok else None,
            "queries": max(self.queries) if ok else None,
            "queries_min": min(self.queries) if ok else None,
            "bytes": self.bytes,
            "wire_bytes": self.wire_bytes,
            "encoding": self.encoding,
            "errors": len(self.errors),
            "error_samples": self.errors[:3],
        }


class Browser:
    """One signed-in session, like a person at a browser."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()
        self.session.get(f"{base}/masuk/", timeout=30)
        response = self.session.post(
            f"{base}/masuk/",
            data={
                "username": BENCH_USER,
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": self.csrf,
            },
            headers={"Referer": f"{base}/masuk/"},
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code != 302:
            raise RuntimeError(f"bench sign-in failed ({response.status_code})")

    @property
    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def get(self, path: str, *, n: int, warmup: int = 1, expect: int = 200) -> dict:
        samples = Samples()
        for i in range(warmup + n):
            started = time.perf_counter()
            response = self.session.get(self.base + path, allow_redirects=False, timeout=300)
            elapsed = (time.perf_counter() - started) * 1000
            if i >= warmup:
                samples.add(response, elapsed, expect)
        return samples.summary(path)

    def get_each(self, paths: list[str], *, expect: int = 200) -> dict:
        """Each path once, no warm-up: first visits (a page nobody has opened since the server
        started is rendered from the database, then cached)."""
        samples = Samples()
        for path in paths:
            started = time.perf_counter()
            response = self.session.get(self.base + path, allow_redirects=False, timeout=300)
            samples.add(response, (time.perf_counter() - started) * 1000, expect)
        return samples.summary(paths[0] if paths else "")

    def post(self, path: str, *, n: int, data, files, expect: int = 302) -> dict:
        """``data(i)`` and ``files(i)`` give the i-th request's form; no warm-up (each writes)."""
        samples = Samples()
        for i in range(n):
            started = time.perf_counter()
            response = self.session.post(
                self.base + path,
                data={**data(i), "csrfmiddlewaretoken": self.csrf},
                files=files(i),
                headers={"Referer": self.base + path},
                allow_redirects=False,
                timeout=300,
            )
            elapsed = (time.perf_counter() - started) * 1000
            samples.add(response, elapsed, expect)
        return samples.summary(path)


def tiny_pdf() -> bytes:
    """A small, valid, unique PDF: every upload is a new file (evidence is kept once by hash)."""
    token = uuid.uuid4().hex
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        + f"% bench {token}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def documents(env: dict, *, repeat: int) -> dict:
    """The lampiran and monev PDFs rendered in one process against the bench database
    (``python -m bench.documents``): median seconds, CPU seconds, pages and peak RSS."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    completed = subprocess.run(  # noqa: S603 - fixed argument list, our own venv
        [sys.executable, "-m", "bench.documents", "--no-build", "--repeat", str(repeat)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr[-2000:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])
