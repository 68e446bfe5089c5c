"""The registers in Debian's Chromium: a citizen on a 390-px phone files a complaint and tracks it,
the officer answers it, the citizen rates it; a PPID request is extended, then answered with a
generated letter."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renaksi.browser_testing import shot as _shot
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.test_browser import expect_message, sign_in
from renaksi.registers import services
from renaksi.registers.models import Complaint, InfoRequest


def shot(page, name: str):
    _shot(page, f"registers-{name}")


def watch_console(page, problems: list):
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None
        ),
    )


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_citizen_complains_on_a_phone_and_the_officer_answers(
    live_server, browser, page, people, tree, tmp_path
):
    url, problems = live_server.url, []
    photo = tmp_path / "antrean.pdf"
    photo.write_bytes(files.PDF)
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="id-ID"
    ).new_page()
    phone.set_default_timeout(15_000)
    watch_console(phone, problems)
    watch_console(page, problems)

    # The citizen, not signed in, on a phone.
    phone.goto(f"{url}/layanan/17.09/pengaduan/")
    expect(phone.get_by_role("heading", name="Pengaduan masyarakat")).to_be_visible()
    no_sideways_scroll(phone)
    phone.get_by_label("Perihal").fill("Antrean salinan DPT terlalu lama")
    phone.get_by_label("Isi pengaduan").fill("Saya menunggu tiga jam tanpa kepastian di loket.")
    phone.get_by_label("Nama", exact=True).fill("Siti Aminah")
    phone.get_by_label("Surel atau nomor telepon").fill("0812-1111-2222")
    phone.set_input_files("#id_attachments", str(photo))
    shot(phone, "1-phone-form")
    phone.get_by_role("button", name="Kirim pengaduan").click()
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    complaint = Complaint.objects.get()
    assert code == complaint.tracking_code and complaint.attachments.count() == 1
    no_sideways_scroll(phone)
    shot(phone, "2-phone-code")

    phone.get_by_role("link", name="Lacak status").click()
    phone.get_by_label("Kode pelacakan").fill(code.lower().replace("-", " "))
    phone.get_by_role("button", name="Lihat status").click()
    expect(phone.get_by_test_id("track-status")).to_have_text("Diterima")
    expect(phone.get_by_test_id("track-result")).not_to_contain_text("Siti Aminah")
    no_sideways_scroll(phone)

    # The officer: the register shows the complaint; classify it and answer.
    sign_in(page, url, "sekretaris_bt")
    page.goto(f"{url}/register/")
    page.get_by_role("link", name="Pengaduan").first.click()
    expect(page.get_by_test_id("complaint-table")).to_contain_text("Antrean salinan DPT")
    page.get_by_role("link", name=complaint.number).click()
    expect(page.get_by_test_id("complainant")).to_contain_text("Siti Aminah")
    page.get_by_label("Klasifikasi").select_option("ringan")
    page.get_by_role("button", name="Tetapkan klasifikasi").click()
    expect_message(page, "diperbarui")
    page.get_by_label("Jawaban").fill("Loket tambahan dibuka mulai Senin.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_test_id("status")).to_have_text("Dijawab")
    expect(page.get_by_test_id("history")).to_contain_text("Dijawab")
    shot(page, "3-officer-answered")

    # The citizen sees the answer and rates it.
    phone.get_by_label("Kode pelacakan").fill(code)
    phone.get_by_role("button", name="Lihat status").click()
    expect(phone.get_by_test_id("track-answer")).to_contain_text("Loket tambahan")
    phone.get_by_text("5", exact=True).click()
    phone.get_by_role("button", name="Kirim penilaian").click()
    expect(phone.get_by_test_id("track-rating")).to_contain_text("5 dari 5")
    shot(phone, "4-phone-rated")
    assert Complaint.objects.get().rating == 5
    assert problems == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_ppid_request_is_extended_then_answered_with_a_letter(live_server, page, people, tree):
    url, problems = live_server.url, []
    watch_console(page, problems)
    received = timezone.localdate() - timedelta(days=3)
    req = services.info_request_submit(
        unit=tree.bengkulu_tengah,
        requester_name="Budi Santoso",
        contact="budi@example.org",
        information="Salinan SK penetapan DPT",
        purpose="Penelitian",
        on=received,
    )
    sign_in(page, url, "sekretaris_bt")
    page.goto(f"{url}/register/{tree.bengkulu_tengah.pk}/ppid/")
    page.get_by_role("link", name=req.number).click()
    notice = page.get_by_test_id("notice-due").inner_text()
    page.get_by_label("Alasan perpanjangan (+7 hari kerja)").fill("Dokumen di arsip inaktif.")
    page.get_by_role("button", name="Perpanjang").click()
    expect(page.get_by_test_id("status")).to_have_text("Diperpanjang")
    assert page.get_by_test_id("notice-due").inner_text() != notice
    page.get_by_label("Keputusan").select_option("dikabulkan")
    page.get_by_label("Isi pemberitahuan").fill("Salinan SK kami kirim melalui surel.")
    page.get_by_role("button", name="Kirim pemberitahuan tertulis").click()
    expect(page.get_by_test_id("status")).to_have_text("Dijawab")
    with page.expect_download() as download:
        page.get_by_test_id("letter-docx").click()
    assert download.value.path().read_bytes()[:2] == b"PK"
    shot(page, "5-ppid-answered")
    r = InfoRequest.objects.get()
    assert (r.status, r.decision, bool(r.extended_on)) == ("dijawab", "dikabulkan", True)
    assert problems == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_requester_objects_on_a_phone_and_the_atasan_ppid_answers(
    live_server, browser, page, people, tree
):
    url, problems = live_server.url, []
    req = services.info_request_submit(
        unit=tree.bengkulu_tengah,
        requester_name="Rina Marlina",
        contact="rina@example.org",
        information="Anggaran hibah Pilkada 2020",
        purpose="Pemantauan",
    )
    req = services.info_request_decide(
        info_request=req,
        decision="ditolak",
        note="Informasi dikecualikan.",
        exemption_article="UU 14/2008 Pasal 17 huruf b",
        actor=None,
    )
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="id-ID"
    ).new_page()
    phone.set_default_timeout(15_000)
    watch_console(phone, problems)
    watch_console(page, problems)

    phone.goto(f"{url}/layanan/lacak/")
    phone.get_by_label("Kode pelacakan").fill(req.tracking_code)
    phone.get_by_role("button", name="Lihat status").click()
    expect(phone.get_by_test_id("objection-open")).to_be_visible()
    phone.get_by_role("link", name="Ajukan keberatan").click()
    expect(phone.get_by_role("heading", name="Keberatan atas permohonan informasi")).to_be_visible()
    no_sideways_scroll(phone)
    phone.get_by_label("Kode pelacakan permohonan").fill(req.tracking_code)
    phone.get_by_label("Alasan keberatan").select_option("a")
    phone.get_by_label("Uraian keberatan").fill(
        "Anggaran hibah adalah informasi yang wajib tersedia."
    )
    shot(phone, "6-phone-objection")
    phone.get_by_role("button", name="Ajukan keberatan").click()
    expect(phone.get_by_test_id("objection-received")).to_contain_text("Atasan PPID menanggapi")
    expect(phone.get_by_test_id("objection-received")).not_to_contain_text("Rina Marlina")
    no_sideways_scroll(phone)

    sign_in(page, url, "sekretaris_bt")
    page.goto(f"{url}/register/ppid/{req.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("Keberatan diajukan")
    expect(page.get_by_test_id("objection")).to_contain_text("wajib tersedia")
    page.get_by_label("Tanggapan atasan PPID").fill("Ringkasan anggaran hibah kami berikan.")
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_test_id("status")).to_have_text("Keberatan dijawab")
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX").last.click()
    assert download.value.path().read_bytes()[:2] == b"PK"

    phone.goto(f"{url}/layanan/lacak/")
    phone.get_by_label("Kode pelacakan").fill(req.tracking_code)
    phone.get_by_role("button", name="Lihat status").click()
    expect(phone.get_by_test_id("track-objection-answer")).to_contain_text("Ringkasan anggaran")
    shot(phone, "7-phone-objection-answered")
    assert InfoRequest.objects.get().status == "keberatan_dijawab"
    assert problems == []
