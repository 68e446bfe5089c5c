"""The reporting chain in Debian's Chromium, driven by Playwright, as two people.

The regency's Sekretaris submits the TW I report, the province's Sekretaris finds it from the
roll-up page and returns it with a note, the regency resubmits, the province acknowledges.
"""

import pytest
from playwright.sync_api import expect

from renaksi.browser_testing import shot as _shot
from renaksi.chain.models import MonitoringReport
from renaksi.monitoring.tests.test_browser import expect_message, sign_in, sign_out


def shot(page, name: str):
    _shot(page, f"chain-{name}")


# live_server needs committed data, so this test is transactional; serialized_rollback restores
# the rows migrations seed (the Road Map areas) after the flush that ends it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_runs_the_reporting_chain_in_the_browser(live_server, page, people, tree, small_plan):
    url = live_server.url
    # Every page on the way runs under the strict content security policy.
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None
        ),
    )

    # The regency's Sekretaris: from the plan's dashboard to the chain page, then submit TW I.
    sign_in(page, url, "sekretaris_bt")
    page.goto(f"{url}/rencana/{small_plan.pk}/dasbor/")
    status = page.get_by_test_id("chain-plan-status")
    expect(status).to_contain_text("Laporan ke induk:")
    expect(status).to_contain_text("Triwulan I")
    status.get_by_role("link", name="Laporan berjenjang").click()
    form = page.get_by_test_id("chain-submit-1")
    form.get_by_label("Surat pengantar (boleh kosong)").fill(
        "Bersama ini kami sampaikan laporan TW I."
    )
    shot(page, "1-regency-before-submit")
    form.get_by_role("button", name="Ajukan laporan Triwulan I").click()
    expect_message(page, "Laporan dikirim kepada KPU Provinsi Bengkulu.")
    expect(page.get_by_test_id("chain-report-status")).to_have_text("Diajukan")
    # Today is long after 14 April 2023, the TW I due date.
    expect(page.get_by_test_id("chain-report-late")).to_be_visible()
    expect(page.locator("main header")).to_contain_text("Periode: Triwulan I Tahun 2023")
    with page.expect_download() as download:
        page.get_by_test_id("chain-pdf").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    shot(page, "2-regency-submitted")
    sign_out(page)

    # The province's Sekretaris: the roll-up shows the chain, the matrix the report; return it.
    sign_in(page, url, "sekretaris_bengkulu")
    page.goto(f"{url}/rekap/{tree.bengkulu.pk}/2023/")
    section = page.get_by_test_id("chain-rollup")
    expect(section).to_contain_text("Laporan monev satuan kerja bawahan")
    # 17.01 has sent nothing and every period of 2023 is past due.
    expect(section.locator('tr[data-unit="17.01"]')).to_contain_text("TW I, TW II, TW III, TW IV")
    expect(section.locator('tr[data-unit="17.09"]')).to_contain_text("TW I")
    shot(page, "3-province-rollup")
    section.get_by_test_id("chain-rollup-link").click()
    cell = page.locator('tr[data-unit="17.09"] td[data-period="1"]')
    expect(cell).to_have_attribute("data-state", "submitted")
    shot(page, "4-province-matrix")
    cell.get_by_role("link", name="Diajukan").click()
    expect(page.get_by_test_id("chain-snapshot")).to_contain_text("Bersama ini kami sampaikan")
    page.get_by_label("Catatan perbaikan (wajib)").fill("Lengkapi data dukung PPID bulan Maret.")
    page.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect_message(page, "Laporan dikembalikan dengan catatan.")
    expect(page.get_by_test_id("chain-report-status")).to_have_text("Dikembalikan")
    shot(page, "5-province-returned")
    sign_out(page)

    # The regency sees the note and resubmits.
    sign_in(page, url, "sekretaris_bt")
    page.goto(f"{url}/rencana/{small_plan.pk}/laporan-berjenjang/")
    row = page.locator('tr[data-period="1"]')
    expect(row).to_have_attribute("data-state", "returned")
    row.get_by_role("link", name="Lihat laporan").click()
    expect(page.get_by_test_id("chain-history")).to_contain_text(
        "Lengkapi data dukung PPID bulan Maret."
    )
    resubmit = page.get_by_test_id("chain-resubmit")
    resubmit.get_by_label("Surat pengantar (boleh kosong)").fill("Data dukung sudah dilengkapi.")
    resubmit.get_by_role("button", name="Ajukan ulang laporan").click()
    expect(page.get_by_test_id("chain-report-status")).to_have_text("Diajukan ulang")
    shot(page, "6-regency-resubmitted")
    sign_out(page)

    # The province acknowledges from the matrix.
    sign_in(page, url, "sekretaris_bengkulu")
    page.goto(f"{url}/laporan-berjenjang/{tree.bengkulu.pk}/2023/?status=submitted")
    page.locator('tr[data-unit="17.09"] td[data-period="1"]').get_by_role("link").first.click()
    page.get_by_role("button", name="Terima laporan").click()
    expect_message(page, "Laporan diterima.")
    expect(page.get_by_test_id("chain-report-status")).to_have_text("Diterima")
    shot(page, "7-province-acknowledged")
    page.goto(f"{url}/laporan-berjenjang/{tree.bengkulu.pk}/2023/jadwal/")
    expect(page.get_by_test_id("chain-default-schedule")).to_be_visible()
    shot(page, "8-province-schedule")

    report = MonitoringReport.objects.get()
    assert report.status == MonitoringReport.Status.ACKNOWLEDGED
    assert report.late and report.version == 4
    assert [e.action for e in report.events.order_by("id")] == [
        "submitted",
        "returned",
        "resubmitted",
        "acknowledged",
    ]
    assert [s.sequence for s in report.submissions.all()] == [1, 2]
    assert all(s.pdf for s in report.submissions.all())
    assert problems == []
