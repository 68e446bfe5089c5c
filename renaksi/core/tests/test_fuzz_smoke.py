"""A bounded smoke run of the atheris fuzz harness (fuzz/fuzz_readers.py) for every reader."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


# The readers never touch the database: one run (on SQLite) is enough.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="database-independent; runs on SQLite")
@pytest.mark.parametrize(
    ("target", "runs"),
    [
        ("text", 20000),
        ("json", 20000),
        ("table", 5000),
        ("csv", 20000),
        ("xlsx", 300),
        ("docx", 300),
        ("pdf", 40),
    ],
)
def test_it_survives_a_fuzzing_smoke_run(target, runs, tmp_path):
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(settings.BASE_DIR / "fuzz/fuzz_readers.py"),
            target,
            f"-runs={runs}",
            "-max_len=4096",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Done {runs} runs" in result.stderr
