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
    ``monitoring/tests/test_browser.py``).

    The lock is held until the response is closed: closing fires ``request_finished``, whose
    ``close_old_connections`` asks the shared connection for its autocommit state, and a file
    response (evidence, documents) is read and closed after the view has returned. The body is
    therefore read inside the lock and handed to the socket as one piece. The ``page``
    fixture takes the lock once after closing its browser context, so a request still in flight
    ends before the test's database is flushed."""

    lock = threading.Lock()  # one live server per test process

    def set_app(self, application):
        lock = self.lock

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(one_at_a_time)
