"""``manage.py run_huey``: huey's worker, at a lower CPU priority than the web processes.

Every start of the worker goes through this command (``./dev up``, ``./dev serve``,
``./dev worker``, the systemd unit, the container, the bench), so the priority is set here once.
The worker renders report PDFs (tens of CPU-seconds each) on the same cores as gunicorn; at the
same priority a few queued monev PDFs took half of a 2-core machine and the pages waited
(issue 19). Niced, the jobs take what the web requests leave and no longer delay them.

``RENAKSI_WORKER_NICE`` (default 10, 0–19) is the niceness the worker runs at *at least*: a start
already niced further (systemd ``Nice=``, ``nice -n 15``) keeps its value, and 0 leaves the
inherited priority alone. It is applied before huey starts its threads, which inherit it (on
Linux the nice value is per thread), and so do the programs a job starts.

The worker runs Django's system checks at start like any command, except the URL checks: they
import the whole URLconf (every view, the REST framework and its schema library, Django's test
client), about 14 MB the worker never needs to render a document (issue 19, worker memory). A
job that builds a link (``reverse``) loads the URLconf then; the web processes, ``./dev up`` and
``manage.py check`` still check the URLs.
"""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.core import checks
from huey.contrib.djhuey.management.commands.run_huey import Command as HueyCommand

logger = logging.getLogger(__name__)


def lower_priority(target: int) -> int | None:
    """Raise this process's niceness to ``target`` unless it is that high already (never lowers
    it). Returns the niceness it runs at, or None where the platform has no ``os.nice``."""
    if not hasattr(os, "nice"):  # pragma: no cover - Windows
        return None
    current = os.nice(0)
    if target > current:
        current = os.nice(min(target, 19) - current)
    return current


def worker_check_tags() -> list[str]:
    """Every system-check tag but the URLs' (read when the command runs: apps register tags)."""
    return sorted(t for t in checks.registry.registry.tags_available() if t != checks.Tags.urls)


class Command(HueyCommand):
    help = "Run the background-job worker (huey) at a lower CPU priority (RENAKSI_WORKER_NICE)."

    @property
    def requires_system_checks(self):
        return worker_check_tags()

    def handle(self, *args, **options):
        niceness = lower_priority(settings.RENAKSI_WORKER_NICE)
        logger.info("Worker CPU priority: nice %s", niceness)
        return super().handle(*args, **options)
