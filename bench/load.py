"""Locust, headless and bounded, against the bench server on 127.0.0.1."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_locust(
    *,
    url: str,
    targets: dict,
    users: int,
    seconds: int,
    workdir: Path,
    locustfile: str = "locustfile.py",
    name: str = "locust",
    spawn_rate: int | None = None,
    stop_timeout: int = 10,
) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    targets_file = workdir / f"{name}-targets.json"
    targets_file.write_text(json.dumps(targets))
    prefix = workdir / name
    env = {**os.environ, "BENCH_TARGETS": str(targets_file), "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(  # noqa: S603 - fixed argument list, our own venv
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / locustfile),
            "--headless",
            "--host",
            url,
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate or max(1, users // 2)),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            str(stop_timeout),
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 180,
    )
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics:\n{completed.stderr[-2000:]}")
    rows = list(csv.DictReader(stats.open(encoding="utf-8")))
    by_name = {}
    for row in rows:
        by_name[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"] or 0),
            "p95_ms": float(row["95%"] or 0) if row["95%"] != "N/A" else None,
            "rps": round(float(row["Requests/s"] or 0), 2),
        }
    total = by_name.pop("Aggregated")
    return {
        "users": users,
        "seconds": seconds,
        "requests": total["requests"],
        "rps": total["rps"],
        "p95_ms": total["p95_ms"],
        "median_ms": total["median_ms"],
        "errors": total["failures"],
        "by_page": by_name,
        "error_samples": _failures(Path(f"{prefix}_failures.csv")),
    }


def _failures(path: Path, keep: int = 5) -> list[str]:
    """The first few distinct failures locust recorded (name, error, occurrences)."""
    if not path.exists():
        return []
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    return [f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in rows[:keep]]
