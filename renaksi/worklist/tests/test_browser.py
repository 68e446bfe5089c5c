"""*Tugas saya* in Debian's Chromium, at a desk (1366 px) and on a phone (390 px).

- the PIC fixes a returned cell from the home page in at most four actions, typing before and
  after choosing a file, and nothing typed is lost;
- the assessor works through a queue of three with previous/next and an inline PDF;
- the Sekretaris reads the province's return note at the top of the report and resubmits after a
  preview;
- no main page is wider than a 390-px screen (the plan grid scrolls in its own box).
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renaksi.browser_testing import shot as _shot
from renaksi.chain.services import monitoring_report_return, monitoring_report_submit
from renaksi.chain.tests.conftest import fast_pdf  # noqa: F401
from renaksi.conftest import PASSWORD, small_parsed_plan
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import evidence_upload, realisation_return, realisation_submit
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload
from renaksi.monitoring.tests.test_browser import small_pdf
from renaksi.plans.models import Indicator
from renaksi.plans.services import plan_import

# The outermost elements sticking out of the screen, outside any box that scrolls on its own.
OFFENDERS = """() => {
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.getBoundingClientRect().right <= window.innerWidth + 1) continue;
    let p = el.parentElement, inside = false;
    while (p) { if (scrolls(p)) { inside = true; break; } p = p.parentElement; }
    if (!inside) out.push(el.tagName + "." + String(el.className).slice(0, 60));
  }
  for (const el of document.querySelectorAll("body *")) {
    if (scrolls(el) || el.scrollWidth <= el.clientWidth + 1 || !el.clientWidth) continue;
    const r = el.getBoundingClientRect();
    if (r.left + el.scrollWidth > window.innerWidth + 1) {
      const name = el.tagName + "." + String(el.className).slice(0, 60);
      out.push("overflowing " + name + ":" + el.scrollWidth);
    }
  }
  return [window.innerWidth, ...out.slice(0, 8)];
}"""
VIEWPORTS = {"desk": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
S = Realisation.ReviewState


def shot(page, name: str):
    _shot(page, f"worklist-{name}")


@pytest.fixture(autouse=True)
def patient_expect():
    """Writes on a busy 2-core machine (SQLite, the PDF task) may take longer than 5 s."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(params=list(VIEWPORTS))
def sized(request, browser):
    """A page at a desk's or a phone's width (a narrow context: the phone layout is used)."""
    context = browser.new_context(
        viewport=VIEWPORTS[request.param], locale="id-ID", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.size = request.param
    yield page
    context.close()


@pytest.fixture
def this_year_plan(tree, people):
    """The small plan for this year, so the home page lists its work as of today."""
    return plan_import(
        unit=tree.bengkulu_tengah,
        year=timezone.localdate().year,
        parsed=small_parsed_plan(),
        actor=people.sekretaris,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )


def indicators(plan) -> dict[str, Indicator]:
    return {i.text: i for i in Indicator.objects.filter(activity__area__plan=plan)}


def sign_in(page, base_url: str, username: str):
    """Signing in is not counted among the actions: the home page it lands on is."""
    page.goto(f"{base_url}/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("tasks")).to_be_visible()


def open_menu_if_collapsed(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pic_fixes_a_returned_cell_in_four_actions(
    live_server, sized, people, this_year_plan, media, tmp_path
):
    page, url = sized, live_server.url
    sk = indicators(this_year_plan)["Tersedianya SK"]
    r = save(sk, 1, people.pelaksana, narrative="Draf awal")
    r = realisation_submit(realisation=r, actor=people.pelaksana)
    realisation_return(
        realisation=r, actor=people.asesor, note="Lampirkan SK yang sudah ditandatangani."
    )
    pdf = tmp_path / "sk-ditandatangani.pdf"
    pdf.write_bytes(small_pdf("SK ditandatangani"))

    sign_in(page, url, "pelaksana_bt")
    returned = page.get_by_test_id("task-section-pic-returned")
    expect(returned).to_contain_text("Lampirkan SK yang sudah ditandatangani.")
    shot(page, f"{page.size}-1-pic-home")
    actions = 0

    returned.get_by_role("link").first.click()
    actions += 1
    expect(page.get_by_test_id("returned-note")).to_contain_text("Lampirkan SK")
    page.get_by_label("Status pelaksanaan").select_option(label="Selesai")
    page.get_by_label("Realisasi angka").fill("100")
    narrative = page.get_by_label("Uraian realisasi")
    narrative.fill("SK Tim RB ditetapkan")
    page.get_by_label("Data dukung baru").set_input_files(str(pdf))
    narrative.press("End")
    narrative.type(" dan ditandatangani Ketua.")
    page.get_by_label("Tindak lanjut").fill("Diumumkan di papan informasi.")
    shot(page, f"{page.size}-2-pic-form")
    page.get_by_role("button", name="Simpan realisasi").click()
    actions += 1
    expect(page.locator(".messages .alert").first).to_contain_text("Realisasi disimpan.")
    expect(page.get_by_test_id("evidence-list")).to_contain_text("sk-ditandatangani.pdf")

    page.get_by_role("button", name="Ajukan").click()
    actions += 1
    expect(page.get_by_test_id("review-state")).to_have_text("Diajukan")
    shot(page, f"{page.size}-3-pic-submitted")

    assert actions <= 4
    r.refresh_from_db()
    assert r.narrative == "SK Tim RB ditetapkan dan ditandatangani Ketua."
    assert r.follow_up == "Diumumkan di papan informasi."
    assert r.review_state == S.SUBMITTED and r.progress == 100
    assert [e.display_name for e in r.evidence.all()] == ["sk-ditandatangani.pdf"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_assessor_works_through_a_queue_of_three(
    live_server, sized, people, this_year_plan, media
):
    page, url = sized, live_server.url
    by_text = indicators(this_year_plan)
    queue = [
        (by_text["Tersedianya SK"], 1),
        (by_text["Jumlah permohonan informasi"], 1),
        (by_text["Jumlah permohonan informasi"], 2),
    ]
    for n, (indicator, period) in enumerate(queue, 1):
        r = save(indicator, period, people.sekretaris, narrative=f"Laporan {n}")
        evidence_upload(
            realisation=r,
            upload=upload(f"bukti-{n}.pdf", small_pdf(f"Bukti {n}")),
            actor=people.sekretaris,
        )
        realisation_submit(realisation=r, actor=people.sekretaris)

    sign_in(page, url, "asesor_bt")
    section = page.get_by_test_id("task-section-asesor-queue")
    expect(section.get_by_test_id("task-count")).to_have_text("3")
    shot(page, f"{page.size}-4-asesor-home")
    section.get_by_role("link").first.click()
    expect(page.get_by_test_id("queue-position")).to_contain_text("1 dari 3")

    # The PDF is shown in the page, from the preview address behind the access check.
    frame = page.get_by_test_id("preview-pdf")
    expect(frame).to_be_visible()
    source = frame.get_attribute("src")
    response = page.request.get(f"{url}{source}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.body().startswith(b"%PDF")
    shot(page, f"{page.size}-5-asesor-preview")

    page.get_by_test_id("queue-next").click()
    expect(page.get_by_test_id("queue-position")).to_contain_text("2 dari 3")
    page.get_by_test_id("queue-previous").click()
    expect(page.get_by_test_id("queue-position")).to_contain_text("1 dari 3")

    # Verify the first: the page goes on to the next one of the queue.
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_test_id("queue-position")).to_contain_text("1 dari 2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jumlah permohonan informasi")
    # Return the second with a note, still in the queue.
    page.get_by_label("Catatan verifikasi").fill("Lampirkan rekap permohonan.")
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.get_by_test_id("queue-position")).to_contain_text("1 dari 1")
    page.get_by_role("button", name="Verifikasi").click()
    shot(page, f"{page.size}-5b-asesor-last")
    expect(page.get_by_test_id("review-state")).to_have_text("Terverifikasi")

    states = [Realisation.objects.get(indicator=i, period=p).review_state for i, p in queue]
    assert states == [S.VERIFIED, S.RETURNED, S.VERIFIED]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sekretaris_reads_the_return_note_and_resubmits_after_a_preview(
    live_server,
    sized,
    people,
    this_year_plan,
    fast_pdf,  # noqa: F811
):
    page, url = sized, live_server.url
    report = monitoring_report_submit(plan=this_year_plan, number=1, actor=people.sekretaris)
    monitoring_report_return(
        report=report, actor=people.province_sekretaris, note="Data dukung PPID belum lengkap."
    )

    sign_in(page, url, "sekretaris_bt")
    upward = page.get_by_test_id("task-section-upward-report")
    expect(upward).to_contain_text("Data dukung PPID belum lengkap.")
    upward.get_by_role("link").first.click()
    note = page.get_by_test_id("chain-return-note")
    expect(note).to_contain_text("Data dukung PPID belum lengkap.")
    # The chain pages name the province, not "satuan kerja induk".
    expect(note).to_contain_text("Dikembalikan oleh KPU Provinsi Bengkulu")
    # The note is at the top: above the resubmit section and the report's contents.
    assert note.bounding_box()["y"] < page.get_by_test_id("chain-snapshot").bounding_box()["y"]
    shot(page, f"{page.size}-6-sekretaris-note")
    note.get_by_role("link", name="Pratinjau lalu ajukan ulang").click()
    expect(page.get_by_test_id("chain-preview")).to_contain_text("Direncanakan")
    expect(page.get_by_role("heading", level=1)).to_contain_text("kepada KPU Provinsi Bengkulu")
    expect(page.get_by_test_id("chain-return-note")).to_contain_text("Data dukung PPID")
    shot(page, f"{page.size}-7-sekretaris-preview")
    page.get_by_label("Surat pengantar (boleh kosong)").fill("Data dukung sudah dilengkapi.")
    page.get_by_role("button", name="Kirim ulang laporan ini").click()
    expect(page.get_by_test_id("chain-report-status")).to_have_text("Diajukan ulang")
    report.refresh_from_db()
    assert report.status == report.Status.RESUBMITTED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_main_page_is_wider_than_a_phone(live_server, browser, people, this_year_plan, tree):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="id-ID")
    page = context.new_page()
    url = live_server.url
    sk = indicators(this_year_plan)["Tersedianya SK"]
    save(sk, 1, people.pelaksana, narrative="Draf")
    plan = this_year_plan.pk
    pages = [
        "/",
        f"/rencana/{plan}/",
        f"/rencana/{plan}/dasbor/",
        f"/rencana/{plan}/riwayat/",
        f"/rencana/{plan}/sel/{sk.pk}/1/",
        f"/rencana/{plan}/laporan-berjenjang/",
        f"/rencana/{plan}/laporan-berjenjang/pratinjau/1/",
        f"/rencana/{plan}/laporan/",
        f"/unit/{tree.bengkulu_tengah.pk}/bukti/",
        "/rekap/",
        "/templat/",
        "/rencana/impor/",
    ]
    sign_in(page, url, "sekretaris_bt")
    wide = {}
    for path in pages:
        page.goto(f"{url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS["phone"]["width"]:
            wide[path] = (width, page.evaluate(OFFENDERS))
            shot(page, "phone-too-wide-" + path.strip("/").replace("/", "-"))
    shot(page, "phone-import")
    context.close()
    assert not wide, wide


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_home_pages_list_real_work_in_the_browser(live_server, browser, media):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="id-ID")
    page = context.new_page()
    expected = {
        "pelaksana": "task-section-pic-returned",
        "asesor": "task-section-asesor-queue",
        "sekretaris": "task-section-upward-report",
        "provinsi": "task-section-children-late",
    }
    for username, section in expected.items():
        page.goto(f"{live_server.url}/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill("renaksi-demo")
        page.get_by_role("button", name="Masuk").click()
        page.goto(f"{live_server.url}/?per=2022-09-15")
        found = page.get_by_test_id(section)
        expect(found.locator(".task-item").first).to_be_visible()
        assert int(found.get_by_test_id("task-count").inner_text()) > 0
        shot(page, f"demo-{username}")
        context.clear_cookies()
    context.close()
