"""Every main page works under the strict content security policy: no blocked script or style."""

import pytest

from renaksi.conftest import PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_runs_the_main_pages_without_a_policy_violation(live_server, page, small_plan):
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None
        ),
    )
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", "sekretaris_bt")
    page.fill("input[name=password]", PASSWORD)
    page.click('form[action="/masuk/"] button[type=submit]')
    page.wait_for_load_state()
    for path in (
        "/",
        f"/rencana/{small_plan.pk}/",
        f"/rencana/{small_plan.pk}/dasbor/",
        f"/rencana/{small_plan.pk}/riwayat/",
        "/rencana/impor/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # The download menu is Bootstrap JavaScript: it must open under the policy.
    page.goto(f"{live_server.url}/rencana/{small_plan.pk}/")
    page.click("[data-testid=download-menu]")
    assert page.locator(".dropdown-menu.show").is_visible()
    assert problems == []
