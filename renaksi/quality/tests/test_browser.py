"""The Mutu rencana panel beside the plan, in Debian's Chromium: it follows the edits."""

import pytest
from playwright.sync_api import expect

from renaksi.browser_testing import shot
from renaksi.conftest import PASSWORD
from renaksi.plans.models import Indicator


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_panel_updates_after_an_indicator_gets_a_target(live_server, page, small_plan):
    # The 2024 criteria come with migration quality.0002; a transactional test that ran before
    # may have flushed them, so put them back the same way.
    from renaksi.quality.data import load_2024
    from renaksi.quality.models import CriteriaSet, Criterion, KegiatanUtama

    if not CriteriaSet.objects.filter(year=2024).exists():
        load_2024(CriteriaSet, Criterion, KegiatanUtama)
    page.goto(f"{live_server.url}/rencana/{small_plan.pk}/")
    page.get_by_label("Nama pengguna").fill("sekretaris_bt")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    panel = page.get_by_test_id("quality-panel")
    expect(panel).to_be_visible()  # loaded by htmx after the page
    no_target = panel.locator('[data-check="indicator-no-target"]')
    expect(no_target).to_contain_text("3 indikator tanpa target.")
    output = panel.get_by_test_id("criterion-indikator-output")
    expect(output).to_contain_text("E")
    shot(page, "quality-01-panel")

    ind = Indicator.objects.get(text="SK Tim RB")
    page.locator(f"#indikator-{ind.pk}").get_by_role("link", name="Ubah indikator").click()
    page.get_by_label("Target", exact=True).fill("100")
    page.get_by_label("Satuan target").fill("dokumen")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Perubahan disimpan.")

    expect(no_target).to_contain_text("2 indikator tanpa target.")
    ind.refresh_from_db()
    assert ind.target_value == 100
    shot(page, "quality-02-panel-updated")

    # The panel links to the whole page, where the indicator no longer costs a point.
    panel.get_by_role("link", name="Rincian mutu rencana").click()
    expect(page.get_by_role("heading", name="Mutu rencana")).to_be_visible()
    expect(page.get_by_test_id("quality-checks")).to_contain_text("2 indikator tanpa target.")
