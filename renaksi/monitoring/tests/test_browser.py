"""The monthly loop in Debian's Chromium, driven by Playwright, as three people.

The PIC fills a scheduled cell and uploads a real PDF, the assessor returns it with a note, the
PIC fixes and resubmits, the assessor verifies (the cell locks), the Sekretaris reopens it.
"""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renaksi.browser_testing import shot as _shot
from renaksi.conftest import PASSWORD
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvent
from renaksi.monitoring.tests.conftest import stored_files


def shot(page, name: str):
    _shot(page, f"monitoring-{name}")


def small_pdf(text: str) -> bytes:
    """A valid one-page PDF showing ``text``, with a correct cross-reference table."""
    content = f"BT /F1 20 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def sign_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-name")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()


def open_plan(page):
    page.get_by_role("link", name="Buka rencana 17.09 2023").click()
    expect(page.locator("h1.plan-title")).to_contain_text("TAHUN 2023")


def january_cell(page, indicator):
    return page.locator(f"#indikator-{indicator.pk} td:has(> a[href$='sel/{indicator.pk}/1/'])")


def expect_message(page, text: str):
    expect(page.locator(".messages .alert")).to_contain_text(text)


# live_server needs committed data, so this test is transactional; serialized_rollback restores
# the rows migrations seed (the Road Map areas) after the flush that ends it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_runs_the_monthly_loop_in_the_browser(live_server, page, people, cells, media, tmp_path):
    url = live_server.url
    # The cell page and its htmx parts run under the strict CSP: the console must stay clean.
    console_errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            console_errors.append(msg.text)
            if msg.type == "error" and "favicon" not in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    draft_pdf = tmp_path / "draf-sk-tim-rb.pdf"
    draft_pdf.write_bytes(small_pdf("Draf SK Tim RB 2023"))
    signed_pdf = tmp_path / "sk-tim-rb-ditandatangani.pdf"
    signed_pdf.write_bytes(small_pdf("SK Tim RB 2023 - ditandatangani"))
    sk = cells.sk

    # --- the PIC fills January of "Tersedianya SK", uploads the draft and submits ---------
    sign_in(page, url, "pelaksana_bt")
    open_plan(page)
    cell = january_cell(page, sk)
    expect(cell).to_have_class("missed")  # 2023 is long past
    cell.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tersedianya SK")
    facts = page.get_by_test_id("cell-facts")
    expect(facts).to_contain_text("Januari 2023")
    expect(facts).to_contain_text("terjadwal")
    expect(page.get_by_test_id("timeliness")).to_have_text("Tidak dilaporkan")

    page.get_by_label("Status pelaksanaan").select_option(label="Dalam proses")
    page.get_by_label("Progres (%)").fill("60")
    page.get_by_label("Realisasi angka").fill("60")
    page.get_by_label("Uraian realisasi").fill("Draf SK Tim RB disusun bersama Sekretariat.")
    page.get_by_label("Kendala").fill("Menunggu paraf pimpinan.")
    page.get_by_label("Tindak lanjut").fill("Koordinasi dengan Sekretaris.")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect_message(page, "Realisasi disimpan.")

    page.get_by_label("Berkas").set_input_files(str(draft_pdf))
    page.get_by_label("Keterangan").fill("Draf SK sebelum ditandatangani")
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect_message(page, "Berkas diunggah dan dilampirkan.")
    evidence = page.get_by_test_id("evidence-list")
    expect(evidence).to_contain_text("draf-sk-tim-rb.pdf")
    expect(evidence).to_contain_text("PDF")
    shot(page, "01-pic-mengisi")

    page.get_by_role("button", name="Ajukan").click()
    expect_message(page, "Realisasi diajukan kepada Tim Asesor")
    expect(page.get_by_test_id("review-state")).to_have_text("Diajukan")
    expect(page.get_by_test_id("lock-reason")).to_contain_text("menunggu verifikasi")
    expect(page.get_by_test_id("realisation-form")).to_have_count(0)
    shot(page, "02-diajukan")
    sign_out(page)

    # --- the assessor sees the cell waiting, reads the file and returns it with a note ----
    sign_in(page, url, "asesor_bt")
    open_plan(page)
    expect(january_cell(page, sk)).to_have_class("submitted late")
    waiting = page.get_by_test_id("awaiting-verification")
    expect(waiting).to_contain_text("Perlu verifikasi 1")
    shot(page, "03-rencana-menunggu-verifikasi")
    waiting.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="draf-sk-tim-rb.pdf").click()
    assert download.value.suggested_filename == "draf-sk-tim-rb.pdf"
    assert Path(download.value.path()).read_bytes() == draft_pdf.read_bytes()
    page.get_by_label("Catatan verifikasi").fill(
        "Lampirkan SK yang sudah ditandatangani dan isi tanggal selesai."
    )
    page.get_by_role("button", name="Kembalikan").click()
    expect_message(page, "Realisasi dikembalikan")
    expect(page.get_by_test_id("review-state")).to_have_text("Dikembalikan")
    sign_out(page)

    # --- the PIC reads the note, completes the cell, adds the signed SK and resubmits -----
    sign_in(page, url, "pelaksana_bt")
    open_plan(page)
    expect(january_cell(page, sk)).to_have_class("returned late")
    january_cell(page, sk).get_by_role("link").click()
    expect(page.get_by_test_id("returned-note")).to_contain_text("Lampirkan SK yang sudah")
    shot(page, "04-dikembalikan")
    page.get_by_label("Status pelaksanaan").select_option(label="Selesai")
    expect(page.get_by_label("Progres (%)")).to_have_value("100")  # cell.js follows the status
    page.get_by_label("Realisasi angka").fill("100")
    page.get_by_label("Uraian realisasi").fill("SK Tim RB ditetapkan dan ditandatangani Ketua.")
    page.get_by_label("Tanggal selesai").fill("2023-01-20")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect_message(page, "Realisasi disimpan.")
    page.get_by_label("Berkas").set_input_files(str(signed_pdf))
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_test_id("evidence-list")).to_contain_text("sk-tim-rb-ditandatangani.pdf")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Diajukan")
    sign_out(page)

    # --- the assessor verifies; the cell is locked ----------------------------------------
    sign_in(page, url, "asesor_bt")
    open_plan(page)
    page.get_by_test_id("awaiting-verification").click()
    page.get_by_label("Catatan verifikasi").fill("Lengkap dan sesuai.")
    page.get_by_role("button", name="Verifikasi").click()
    expect_message(page, "Realisasi diverifikasi")
    expect(page.get_by_test_id("review-state")).to_have_text("Terverifikasi")
    expect(page.get_by_test_id("lock-reason")).to_contain_text("terverifikasi dan terkunci")
    expect(page.get_by_test_id("realisation-form")).to_have_count(0)
    expect(page.get_by_test_id("upload-form")).to_have_count(0)
    expect(page.get_by_test_id("realisation-values")).to_contain_text("20 Januari 2023")
    shot(page, "05-terverifikasi-terkunci")
    sign_out(page)

    # --- the Sekretaris reopens it with a reason ------------------------------------------
    sign_in(page, url, "sekretaris_bt")
    open_plan(page)
    expect(january_cell(page, sk)).to_have_class("verified late")
    shot(page, "06-rencana-terverifikasi")
    january_cell(page, sk).get_by_role("link").click()
    page.get_by_label("Alasan membuka kembali").fill("Nomor SK perlu dikoreksi.")
    page.get_by_role("button", name="Buka kembali").click()
    expect_message(page, "Realisasi dibuka kembali")
    expect(page.get_by_test_id("review-state")).to_have_text("Draf")
    expect(page.get_by_test_id("realisation-form")).to_be_visible()
    history = page.get_by_test_id("cell-history")
    expect(history).to_contain_text("Dibuka kembali")
    expect(history).to_contain_text("Nomor SK perlu dikoreksi.")
    shot(page, "07-dibuka-kembali")

    # The unit's library lists both files and the cell they back.
    page.get_by_role("link", name="Pustaka data dukung unit").click()
    library = page.get_by_test_id("library")
    expect(library.locator("tbody tr")).to_have_count(2)
    expect(library).to_contain_text("sk-tim-rb-ditandatangani.pdf")
    expect(library).to_contain_text("Januari 2023 · 1. Tersedianya SK")
    shot(page, "08-pustaka")

    assert console_errors == []

    # --- the database tells the same story ------------------------------------------------
    r = Realisation.objects.get(indicator=sk, period=1)
    assert (r.review_state, r.status, r.progress, r.value) == ("draft", "done", 100, 100)
    assert r.done_on.isoformat() == "2023-01-20" and r.verified_at is None
    assert r.first_submitted_at is not None and r.first_submitted_at < r.submitted_at
    A = RealisationEvent.Action
    steps = list(r.events.order_by("created_at", "id").values_list("action", "actor__username"))
    pic, asesor = "pelaksana_bt", "asesor_bt"
    assert steps == [
        (A.SAVED, pic),
        (A.EVIDENCE_ADDED, pic),
        (A.SUBMITTED, pic),
        (A.RETURNED, asesor),
        (A.SAVED, pic),
        (A.EVIDENCE_ADDED, pic),
        (A.SUBMITTED, pic),
        (A.VERIFIED, asesor),
        (A.REOPENED, "sekretaris_bt"),
    ]
    notes = dict(r.events.exclude(note="").values_list("action", "note"))
    assert notes[A.RETURNED].startswith("Lampirkan SK") and notes[A.REOPENED].startswith("Nomor")
    files = {e.display_name: e for e in Evidence.objects.filter(realisations=r)}
    assert set(files) == {"draf-sk-tim-rb.pdf", "sk-tim-rb-ditandatangani.pdf"}
    for path in (draft_pdf, signed_pdf):
        stored = files[path.name]
        assert stored.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert stored.content_type == "pdf" and stored.uploaded_by.username == pic
        assert (media / stored.file.name).read_bytes() == path.read_bytes()
    assert len(stored_files(media)) == 2


# The cell page's script is deferred: on a slow line a PIC can choose "Selesai" before it runs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_status_chosen_before_the_script_ran_still_sets_the_progress(live_server, page, cells):
    held = []
    sign_in(page, live_server.url, "pelaksana_bt")
    page.route("**/renaksi/cell.js", lambda route: held.append(route))
    page.goto(
        f"{live_server.url}/rencana/{cells.sk.activity.area.plan_id}/sel/{cells.sk.pk}/1/",
        wait_until="commit",
    )
    page.get_by_label("Status pelaksanaan").select_option(label="Selesai")
    expect(page.get_by_label("Progres (%)")).to_have_value("0")  # no script yet
    assert len(held) == 1
    held[0].continue_()
    expect(page.get_by_label("Progres (%)")).to_have_value("100")
    page.get_by_label("Tanggal selesai").fill("2023-01-20")
    page.get_by_label("Uraian realisasi").fill("SK ditetapkan.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Simpan realisasi").click()
    expect_message(page, "Realisasi disimpan.")
    saved = Realisation.objects.get(indicator=cells.sk, period=1)
    assert (saved.status, saved.progress) == ("done", 100)
