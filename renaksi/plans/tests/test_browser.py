"""One journey through the real pages in Debian's Chromium, driven by Playwright."""

import pytest
from playwright.sync_api import expect

from renaksi.browser_testing import shot
from renaksi.conftest import PASSWORD
from renaksi.plans.models import Indicator


# live_server needs committed data, so this test is transactional; pytest-django runs such
# tests after the others, so its final flush (which also empties the migration-seeded Road Map
# areas) does not reach them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_the_sekretaris_correct_a_month_in_the_browser(live_server, page, small_plan):
    # Sign in through the form; the plan is listed on the home page.
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
    page.get_by_label("Nama pengguna").fill("sekretaris_bt")
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("kata sandi salah")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Rencana aksi reformasi birokrasi")).to_be_visible()
    bootstrap_loaded = page.evaluate(
        "getComputedStyle(document.querySelector('.navbar')).display === 'flex'"
    )
    assert bootstrap_loaded
    shot(page, "01-beranda")

    page.get_by_role("link", name="Buka rencana 17.09 2023").click()
    expect(page.locator("h1.plan-title")).to_contain_text("TAHUN 2023")
    expect(page.get_by_test_id("import-report")).to_contain_text("kecil.json")
    shot(page, "02-rencana")

    # Area navigation jumps to the area's rows; the search keeps only the matching rows.
    page.get_by_role("link", name="4. Penguatan Tatalaksana").click()
    assert page.url.endswith("#area-2")
    page.get_by_placeholder("Cari indikator, kegiatan, sub kegiatan…").fill("Tersedianya")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_test_id("search-result")).to_contain_text("1 indikator cocok")
    table = page.get_by_test_id("plan-table")
    expect(table.locator("tbody tr")).to_have_count(1)

    # Tick May for the indicator and save; the plan page shows the new √.
    ind = Indicator.objects.get(text="Tersedianya SK")
    page.locator(f"#indikator-{ind.pk}").get_by_role("link", name="Ubah indikator").click()
    expect(page.get_by_role("heading", name="Ubah indikator")).to_be_visible()
    page.get_by_label("Mei", exact=True).check()
    shot(page, "03-ubah-indikator")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Perubahan disimpan.")
    assert page.url.endswith(f"#indikator-{ind.pk}")
    row = page.locator(f"#indikator-{ind.pk}")
    expect(row.locator("td > a[href^='sel/']")).to_have_count(3)  # 2023: each has a state
    expect(row.locator(f"a[href='sel/{ind.pk}/5/']")).to_have_text("√")
    assert sorted(ind.targets.values_list("period", flat=True)) == [1, 2, 5]

    # Printing hides the navigation, the tools and the edit links, and keeps the table.
    page.emulate_media(media="print")
    expect(page.locator("nav.app-nav")).to_be_hidden()
    expect(page.locator(".plan-tools")).to_be_hidden()
    expect(row.get_by_role("link", name="Ubah indikator")).to_be_hidden()
    expect(table).to_be_visible()
    shot(page, "04-cetak")
    page.emulate_media(media="screen")

    # Switch to English and back; the page and the language cookie follow.
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "05-english")
    page.get_by_role("button", name="ID").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1.plan-title")).to_contain_text("RENCANA AKSI REFORMASI BIROKRASI")
