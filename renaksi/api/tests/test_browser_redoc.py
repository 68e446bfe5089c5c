"""Both documentation pages render offline under the CSP with a clean console: no CSP refusal
(script, style, worker or image), no script error, no request leaving the server."""

import pytest

from renaksi.browser_testing import shot


def _watch(page, live_server):
    problems, outside = [], []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            outside.append(req.url)
            if not req.url.startswith(live_server.url)
            and not req.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    return problems, outside


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redoc_renders_with_a_clean_console(live_server, page):
    problems, outside = _watch(page, live_server)
    response = page.goto(f"{live_server.url}/api/v1/redoc/")
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "script-src 'self';" in policy
    page.wait_for_selector("text=Renaksi API", timeout=20000)
    page.wait_for_selector("#redoc h2", timeout=20000)  # the operations, not only the header
    assert page.locator("text=/api/v1/plans/").first.count() == 1
    # Redoc's search index starts a worker from a blob: refused, it would be a console error.
    page.fill("input[placeholder]", "rollup")
    page.wait_for_timeout(500)  # late refusals (images, styles) would land in the console now
    shot(page, "api-redoc")
    assert problems == []
    assert outside == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_renders_with_a_clean_console(live_server, page):
    problems, outside = _watch(page, live_server)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-tag", timeout=20000)
    page.wait_for_timeout(500)
    assert problems == []
    assert outside == []
