"""The background-job worker runs at a lower CPU priority than the web processes (issue 19).

A real ``manage.py run_huey`` is started and every one of its threads (the consumer, its workers
and the scheduler) is read from /proc: each must run at ``RENAKSI_WORKER_NICE`` or nicer.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from renaksi.core.tests.filedb import BASE_DIR, file_env

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or not hasattr(os, "nice"),
    reason="reads thread priorities from Linux's /proc",
)


def _thread_niceness(pid: int) -> dict[int, int]:
    """Every thread of ``pid`` → its nice value (/proc/<pid>/task/<tid>/stat, field 19)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "(comm)", fields start at 3 (state)
        found[int(task.name)] = int(fields[16])
    return found


def _worker_niceness(tmp_path, nice: str | None) -> dict[int, int]:
    """Start the worker, wait until huey's threads run, return their nice values."""
    log_path = tmp_path / "worker.log"
    env = {**file_env(tmp_path), "HUEY_WORKERS": "2", "RENAKSI_WORKER_NICE": nice}
    with log_path.open("w") as log:
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "run_huey"],
            cwd=BASE_DIR,
            env={k: v for k, v in env.items() if v is not None},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                assert proc.poll() is None, log_path.read_text()
                if len(_thread_niceness(proc.pid)) >= 4:  # main, 2 workers, the scheduler
                    break
                time.sleep(0.1)
            else:
                pytest.fail(f"the worker did not start:\n{log_path.read_text()}")
            time.sleep(0.3)
            return _thread_niceness(proc.pid)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_the_worker_and_all_its_threads_run_at_the_configured_niceness(tmp_path):
    # Above whatever this test run inherited (the suite itself may run under `nice -n 10`).
    target = min(19, os.nice(0) + 5)
    threads = _worker_niceness(tmp_path, str(target))
    assert len(threads) >= 4, threads  # the consumer, 2 workers, the scheduler
    assert set(threads.values()) == {target}, threads


def test_the_default_is_nice_10_and_a_more_niced_start_keeps_its_value(tmp_path):
    threads = _worker_niceness(tmp_path, None)
    assert set(threads.values()) == {max(10, os.nice(0))}, threads
    if os.nice(0) < 19:  # already nicer than asked: left as it is
        threads = _worker_niceness(tmp_path, str(max(0, os.nice(0) - 1)))
        assert set(threads.values()) == {os.nice(0)}, threads


def test_lower_priority_never_lowers_the_niceness():
    before = os.nice(0)
    # In a child process: a raised niceness cannot be undone without privileges.
    code = (
        "import os, sys\n"
        "from renaksi.core.management.commands.run_huey import lower_priority\n"
        "first = lower_priority(os.nice(0) + 2)\n"
        "second = lower_priority(0)\n"
        "third = lower_priority(40)\n"
        "print(first, second, third)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "renaksi.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    first, second, third = map(int, done.stdout.split())
    assert first == min(19, before + 2)
    assert second == first  # 0 (or anything lower) leaves it where it is
    assert third == 19  # clamped
