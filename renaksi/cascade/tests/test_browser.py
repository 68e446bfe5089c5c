"""The template cascade end to end in Debian's Chromium: publish, adopt and adapt, compare, and
one template indicator across the regencies."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from renaksi.browser_testing import shot
from renaksi.cascade.models import TemplateRecipient
from renaksi.conftest import PASSWORD
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import evidence_link_add, evidence_upload, realisation_save
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.files import upload
from renaksi.plans.models import Activity, Indicator


def _sign_in(page, base: str, username: str):
    page.goto(f"{base}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-name")).to_be_visible()


def _sign_out(page):
    page.get_by_role("button", name="Keluar").click()


# live_server needs committed data, so this test is transactional (see plans/tests/test_browser).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_cascades_a_template_from_province_to_regency_and_back(
    live_server, page, province_plan, people
):
    base = live_server.url
    # Every page runs under the strict content security policy: a blocked script or style is a
    # console error.
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None
        ),
    )

    # The province's Sekretaris publishes its 2023 plan to its regencies.
    _sign_in(page, base, "sekretaris_bengkulu")
    page.get_by_role("link", name="Templat", exact=True).click()
    expect(page.get_by_role("heading", name="Templat rencana aksi", exact=True)).to_be_visible()
    page.get_by_role("link", name="Terbitkan templat 17 2023").click()
    expect(page.get_by_label("Semua satuan kerja langsung di bawah")).to_be_checked()
    expect(page.get_by_label("17.09 — KPU Kabupaten Bengkulu Tengah")).to_be_visible()
    shot(page, "cascade-01-terbitkan")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Templat versi 1 diterbitkan untuk 2 satuan kerja."
    )
    table = page.get_by_test_id("recipient-table")
    expect(table.locator("tr[data-unit='17.09'] [data-testid=child-state]")).to_have_text(
        "Belum merespons"
    )
    _sign_out(page)

    # The regency's Sekretaris finds it on the Templat page and adopts it.
    _sign_in(page, base, "sekretaris_bt")
    page.get_by_role("link", name="Templat", exact=True).click()
    page.get_by_role("link", name="Templat KPU Provinsi Bengkulu 2023 versi 1").click()
    expect(page.get_by_test_id("recipient-status")).to_have_text("Belum merespons")
    expect(page.get_by_test_id("template-items")).to_contain_text("Tersedianya SK")
    shot(page, "cascade-02-diterima")
    page.get_by_role("button", name="Adopsi templat").click()
    expect(page.get_by_role("alert")).to_contain_text("Templat diadopsi")
    expect(page.locator("h1.plan-title")).to_contain_text("BENGKULU TENGAH")

    # … changes an indicator's schedule (adds May) …
    indicator = Indicator.objects.get(
        activity__area__plan__unit__code="17.09", text="Tersedianya SK"
    )
    page.locator(f"#indikator-{indicator.pk}").get_by_role("link", name="Ubah indikator").click()
    page.get_by_label("Mei", exact=True).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Perubahan disimpan.")

    # … and adds an indicator of its own, scheduled for March.
    page.get_by_test_id("indicator-add").click()
    expect(page.get_by_role("heading", name="Tambah indikator")).to_be_visible()
    activity = Activity.objects.get(
        area__plan__unit__code="17.09", name="Keterbukaan informasi publik"
    )
    page.get_by_label("Induk").select_option(f"activity:{activity.pk}")
    page.get_by_label("Indikator keberhasilan").fill("Tersedianya daftar informasi publik")
    page.get_by_label("Maret", exact=True).check()
    shot(page, "cascade-03-tambah-indikator")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Perubahan disimpan.")
    expect(page.get_by_test_id("plan-table")).to_contain_text("Tersedianya daftar informasi publik")
    _sign_out(page)

    # The regency reports January of the adopted indicator with a file and a link.
    realisation = realisation_save(
        indicator=indicator,
        period=1,
        actor=people.sekretaris,
        expected_version=0,
        status=Realisation.Status.DONE,
        progress=100,
        narrative="SK ditetapkan",
    )
    evidence_upload(
        realisation=realisation,
        upload=upload("SK Tim RB.pdf", files.PDF + b"% bt\n"),
        actor=people.sekretaris,
    )
    evidence_link_add(
        realisation=realisation,
        url="https://jdih.kpu.go.id/sk-tim-rb",
        actor=people.sekretaris,
        title="SK di JDIH",
    )

    # The province sees "Diadopsi, 2 perubahan" and the itemised comparison.
    _sign_in(page, base, "sekretaris_bengkulu")
    page.get_by_role("link", name="Templat", exact=True).click()
    page.get_by_role("link", name="Templat KPU Provinsi Bengkulu 2023 versi 1").click()
    row = page.get_by_test_id("recipient-table").locator("tr[data-unit='17.09']")
    expect(row.get_by_test_id("child-state")).to_have_text("Diadopsi, 2 perubahan")
    expect(
        page.get_by_test_id("recipient-table")
        .locator("tr[data-unit='17.01']")
        .get_by_test_id("child-state")
    ).to_have_text("Belum merespons")
    shot(page, "cascade-04-status-penerima")
    row.get_by_role("link", name="Rincian 17.09").click()
    diff = page.get_by_test_id("template-diff")
    expect(diff.locator("tr.diff-changed")).to_have_count(1)
    expect(diff.locator("tr.diff-changed")).to_contain_text("jadwal")
    expect(diff.locator("tr.diff-changed")).to_contain_text("1, 2, 5")
    expect(diff.locator("tr.diff-added")).to_contain_text("Tersedianya daftar informasi publik")
    shot(page, "cascade-05-rincian-perubahan")

    # One template indicator across the regencies: who did it, with the evidence.
    page.get_by_role("link", name="KPU Provinsi Bengkulu · 2023 · v1").click()
    page.get_by_test_id("template-items").get_by_role("link", name="1. Tersedianya SK").click()
    cross = page.get_by_test_id("cross-indicator")
    bt = cross.locator("tr[data-unit='17.09']")
    expect(bt).to_contain_text("Tersedianya SK")
    file_link = bt.get_by_role("link", name="SK Tim RB.pdf")
    expect(file_link).to_be_visible()
    expect(bt.get_by_role("link", name="SK di JDIH ↗")).to_have_attribute(
        "href", "https://jdih.kpu.go.id/sk-tim-rb"
    )
    expect(cross.locator("tr[data-unit='17.01']")).to_contain_text("Tidak diadopsi")
    shot(page, "cascade-06-indikator-lintas-satker")
    with page.expect_download() as download:
        file_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert TemplateRecipient.objects.get(unit__code="17.09").status == "adopted"
    assert problems == []
