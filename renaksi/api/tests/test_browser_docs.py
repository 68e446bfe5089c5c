"""Swagger UI runs offline from vendored files under the strict CSP; the Token API page
shows a new token once."""

import pytest

from renaksi.browser_testing import shot
from renaksi.conftest import PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_docs_render_offline_under_the_csp_and_a_token_is_shown_once(live_server, page, people):
    problems = []
    outside = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error"
            and "Content Security Policy" in msg.text
            and "script" in msg.text
            else None
        ),
    )
    page.on(
        "request",
        lambda req: (
            outside.append(req.url)
            if not req.url.startswith(live_server.url)
            and not req.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-tag", timeout=20000)
    assert page.locator("text=/api/v1/plans/").first.is_visible()
    shot(page, "api-swagger")
    assert problems == []
    assert outside == []

    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", "pembaca_bt")
    page.fill("input[name=password]", PASSWORD)
    page.click('form[action="/masuk/"] button[type=submit]')
    page.wait_for_load_state()
    page.click("text=Token API")
    page.fill("input[name=name]", "SAKIP")
    page.click("[data-testid=token-form] button[type=submit]")
    token = page.locator("[data-testid=new-token] code").inner_text()
    assert token.startswith("rnk_")
    shot(page, "api-token-created")
    page.reload()
    assert token not in page.content()
    page.click("text=Cabut")
    assert page.locator("text=dicabut").first.is_visible()
