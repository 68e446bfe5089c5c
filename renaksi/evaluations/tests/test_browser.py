"""The evaluation journey in Debian's Chromium: the regency answers three criteria with evidence
(one file reused from a plan cell), the assessor corrects one, the province sees the projected
score and the gaps, and downloads the XLSX and the PDF."""

import io
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from renaksi.browser_testing import shot
from renaksi.evaluations.models import Answer, AnswerEvidence
from renaksi.evaluations.services import instrument_create, worksheet_open
from renaksi.evaluations.tests.test_worksheet import small_spec
from renaksi.monitoring.models import Evidence, RealisationEvidence
from renaksi.monitoring.services import evidence_upload
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload
from renaksi.monitoring.tests.test_browser import sign_in, sign_out, small_pdf


def row(page, code):
    return page.locator(f"tr[data-code='{code}']")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_evaluation_journey(live_server, page, people, cells, tree, tmp_path):
    url = live_server.url
    realisation = save(cells.sk, 1, people.sekretaris)
    evidence_upload(
        realisation=realisation,
        upload=upload("sk-tim-zi.pdf", small_pdf("SK Tim ZI")),
        actor=people.sekretaris,
    )
    instrument = instrument_create(spec=small_spec(), publish=True)
    ws = worksheet_open(
        unit=tree.bengkulu_tengah, instrument=instrument, year=2022, actor=people.sekretaris
    )
    new_pdf = tmp_path / "notulen.pdf"
    new_pdf.write_bytes(small_pdf("Notulen rapat"))
    report_pdf = tmp_path / "laporan.pdf"
    report_pdf.write_bytes(small_pdf("Laporan agen perubahan"))

    # --- the regency fills three answers with evidence ----------------------------------------
    sign_in(page, url, "sekretaris_bt")
    page.get_by_role("link", name="Evaluasi", exact=True).click()
    page.get_by_role("link", name="Buka lembar kerja").click()
    # Chromium resets a <select> to its first option when the parser closes it, so an option
    # chosen while the page is still being parsed is lost and the form posts no evidence (what
    # failed on the slower PostgreSQL runs: P.1.a saved without its file). Choose after "load".
    page.wait_for_load_state("load")
    r = row(page, "P.1.a")
    r.get_by_label("Jawaban").fill("Y")
    r.get_by_label("Pilih dari pustaka data dukung").select_option(label="sk-tim-zi.pdf")
    r.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages .alert")).to_contain_text("P.1.a: jawaban tersimpan.")
    expect(row(page, "P.1.a").get_by_role("link", name="sk-tim-zi.pdf")).to_be_visible()
    r = row(page, "P.1.b")
    r.get_by_label("Jawaban").fill("A")
    r.get_by_label("Unggah berkas baru").set_input_files(str(new_pdf))
    r.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages .alert")).to_contain_text("P.1.b: jawaban tersimpan.")
    r = row(page, "P.2.a")
    r.locator("input[name=n0]").fill("4")
    r.locator("input[name=n1]").fill("3")
    r.get_by_label("Unggah berkas baru").set_input_files(str(report_pdf))
    r.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages .alert")).to_contain_text("P.2.a: jawaban tersimpan.")
    expect(row(page, "P.1.a")).to_contain_text("dipakai juga di 1 sel rencana aksi")
    # (1 + 1) / 2 × 7.5 + 0.75 × 2.5 = 9.375
    expect(page.get_by_test_id("projected")).to_have_text("9,38")
    shot(page, "evaluations-regency")
    sign_out(page)

    # The plan cell's file is the same library row, not a copy.
    assert Evidence.objects.filter(unit=tree.bengkulu_tengah).count() == 3
    shared = Evidence.objects.get(display_name="sk-tim-zi.pdf")
    assert RealisationEvidence.objects.filter(evidence=shared).count() == 1
    assert AnswerEvidence.objects.filter(evidence=shared).count() == 1

    # --- the assessor corrects one answer -----------------------------------------------------
    sign_in(page, url, "asesor_bt")
    page.goto(f"{url}/evaluasi/lembar/{ws.pk}/")
    r = row(page, "P.1.b")
    r.get_by_label("Koreksi").fill("D")
    r.get_by_label("Catatan").fill("Notulen tidak ditandatangani.")
    r.get_by_role("button", name="Nilai").click()
    expect(page.locator(".messages .alert")).to_contain_text("P.1.b: tersimpan.")
    expect(row(page, "P.1.b")).to_contain_text("A / D / —")
    sign_out(page)
    answer = Answer.objects.get(worksheet=ws, criterion__code="P.1.b")
    assert (answer.unit_value, answer.assessor_value, answer.stage) == ("A", "D", "assessor")

    # --- the province sees the projected score, the gaps, and downloads -----------------------
    sign_in(page, url, "sekretaris_bengkulu")
    page.goto(f"{url}/evaluasi/peringkat/{tree.bengkulu.pk}/{instrument.pk}/2022/")
    expect(page.get_by_test_id("ranking")).to_contain_text("KPU Kabupaten Bengkulu Tengah")
    # (1 + 0) / 2 × 7.5 + 1.875 = 5.625
    expect(page.get_by_test_id("ranking")).to_contain_text("5,63")
    page.get_by_role("link", name="KPU Kabupaten Bengkulu Tengah").click()
    expect(page.get_by_test_id("projected")).to_have_text("5,63")
    expect(page.get_by_test_id("gaps")).to_contain_text("P.1.a: belum diverifikasi Tim Asesor")
    expect(page.get_by_test_id("gates")).to_contain_text("Pengawasan 50 % < 60 %")
    shot(page, "evaluations-province")

    with page.expect_download() as info:
        page.get_by_test_id("download-xlsx").click()
    sheet = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    values = [c for line in sheet.iter_rows(values_only=True) for c in line if c is not None]
    assert "P.1.b" in values and "D" in values

    page.get_by_label("Format").select_option("pdf")
    page.get_by_test_id("request-document").click()
    with page.expect_download() as info:
        page.get_by_test_id("document-pdf").click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - a fixed local tool reading our own PDF
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Ringkasan evaluasi" in text and "Bengkulu Tengah" in text
