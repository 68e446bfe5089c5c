"""Shared pieces of the browser tests: Debian's Chromium driven by Playwright's sync API.

The fixtures live in ``renaksi/conftest.py``; only one sync Playwright may run per thread, so there
is exactly one, session-scoped, for every browser test.
"""

import threading
from pathlib import Path

from django.core.servers.basehttp import ThreadedWSGIServer

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def shot(page, name: str):
    """Keep a full-page screenshot in test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class OneViewAtATime(ThreadedWSGIServer):
    """The live server with one request inside Django at a time (reading and writing sockets
    stay threaded). On SQLite its threads share the test's one in-memory connection, and two
    requests that ran the same query at once (a page's evidence preview and its download)
    failed with "bad parameter or other API misuse" (seen once in CI, in
    ``monitoring/tests/test_browser.py``)."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)
