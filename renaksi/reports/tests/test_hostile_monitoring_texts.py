"""Script, markup and formula-like text typed into every monitoring field and a unit's name.

The plan's own texts are covered in test_lampiran / test_decree / plans' test_hostile_input; here
the words people type month by month (uraian, kendala, tindak lanjut, the assessor's note, an
evidence file's name and description, a link) and a unit name go through every page that shows
them and every document that prints them: escaped on the pages, printed literally in PDF and
DOCX, plain quote-prefixed text (never a formula) in every XLSX.
"""

import io
from datetime import date

import openpyxl
import pytest

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    evidence_link_add,
    evidence_upload,
    realisation_return,
    realisation_submit,
)
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload
from renaksi.plans.models import Indicator
from renaksi.reports.lampiran import lampiran_xlsx
from renaksi.reports.monev import monev_docx, monev_pdf, monev_xlsx
from renaksi.reports.monev_data import Span
from renaksi.reports.tests.helpers import docx_text, open_docx, pdf_pages, squeezed

NARRATIVE = '=HYPERLINK("http://penyerang.example","klik") <script>alert(1)</script>'
OBSTACLES = "+62 <img src=x onerror=alert(2)>"
FOLLOW_UP = "-1 & <b>tebal</b> \"kutip\" 'tunggal'"
NOTE = "@SUM(1+1) </td></tr><script>alert(4)</script>"
DESCRIPTION = "=1+1 <svg onload=alert(5)>"
UNIT_NAME = '=cmd|" /c calc"!A1 <script>alert(6)</script>'
LINK = "https://contoh.example/?q=%3Cscript%3Ealert(7)%3C/script%3E&x=1"
FILE_NAME = "<script>alert(8)</script>.pdf"
TYPED = [NARRATIVE, OBSTACLES, FOLLOW_UP, NOTE, DESCRIPTION]
RAW_MARKUP = [
    "<script>alert(",
    "<img src=x",
    "<b>tebal</b>",
    "<svg onload",
    "</td></tr><script>",
]
FORMULA_START = ("=", "+", "-", "@")


@pytest.fixture
def hostile(tree, people, small_plan):
    tree.bengkulu_tengah.name = UNIT_NAME
    tree.bengkulu_tengah.save()
    sk = Indicator.objects.get(activity__area__plan=small_plan, text="Tersedianya SK")
    r = save(
        sk,
        1,
        people.sekretaris,
        status=Realisation.Status.DONE,
        progress=100,
        narrative=NARRATIVE,
        obstacles=OBSTACLES,
        follow_up=FOLLOW_UP,
    )
    evidence = evidence_upload(
        realisation=r,
        upload=upload(FILE_NAME, files.PDF),
        actor=people.sekretaris,
        description=DESCRIPTION,
    )
    evidence_link_add(realisation=r, url=LINK, actor=people.sekretaris)
    r = realisation_submit(realisation=r, actor=people.sekretaris)
    r = realisation_return(realisation=r, actor=people.asesor, note=NOTE)
    return {"plan": small_plan, "realisation": r, "evidence": evidence, "indicator": sk}


def _pages(h, tree) -> list[str]:
    plan, sk = h["plan"], h["indicator"]
    return [
        "/",
        f"/rencana/{plan.pk}/",
        f"/rencana/{plan.pk}/dasbor/",
        f"/rencana/{plan.pk}/riwayat/",
        f"/rencana/{plan.pk}/laporan/",
        f"/rencana/{plan.pk}/sel/{sk.pk}/1/",
        f"/unit/{tree.bengkulu_tengah.pk}/bukti/",
        f"/unit/{tree.bengkulu_tengah.pk}/bukti/?q=%3Cscript%3E",
        f"/rekap/{tree.bengkulu.pk}/2023/",
    ]


def test_it_escapes_every_typed_text_on_every_page(client, people, tree, hostile):
    client.force_login(people.province_sekretaris)
    seen = ""
    for url in _pages(hostile, tree):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        for raw in RAW_MARKUP:
            assert raw not in html, (url, raw)
        seen += html
    # Shown, escaped (not dropped): the cell page carries every typed text.
    for escaped in ("&lt;script&gt;alert(1)", "&lt;img src=x", "&lt;b&gt;tebal", "&lt;svg"):
        assert escaped in seen, escaped


def _assert_plain_text_workbook(content: bytes, expected: list[str]):
    book = openpyxl.load_workbook(io.BytesIO(content))
    values = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    joined = "\n".join(values)
    for text in expected:
        assert text in joined, text


def test_it_writes_every_typed_text_as_plain_text_in_the_monev_workbook(hostile):
    content = monev_xlsx(plan=hostile["plan"], span=Span("year"), today=date(2023, 3, 15))
    _assert_plain_text_workbook(content, [NARRATIVE, OBSTACLES, FOLLOW_UP, LINK, UNIT_NAME.upper()])


def test_it_writes_a_formula_like_unit_name_as_plain_text_in_the_lampiran_workbook(hostile):
    _assert_plain_text_workbook(lampiran_xlsx(plan=hostile["plan"]), [])


def test_it_writes_a_formula_like_unit_name_as_text_in_the_rollup_workbook(
    client, people, tree, hostile
):
    client.force_login(people.province_sekretaris)
    response = client.get(f"/rekap/{tree.bengkulu.pk}/2023/unduh.xlsx")
    assert response.status_code == 200
    _assert_plain_text_workbook(response.content, [UNIT_NAME])


def test_it_prints_every_typed_text_literally_in_the_monev_pdf(hostile):
    content = monev_pdf(plan=hostile["plan"], span=Span("year"), today=date(2023, 3, 15))
    text = squeezed("".join(pdf_pages(content, layout=False)))
    # (An evidence description is not printed in the report; a file is listed by its name.)
    for typed in [NARRATIVE, OBSTACLES, FOLLOW_UP]:
        assert squeezed(typed) in text, typed


def test_it_prints_every_typed_text_literally_in_the_monev_docx(hostile):
    content = monev_docx(plan=hostile["plan"], span=Span("year"), today=date(2023, 3, 15))
    text = docx_text(open_docx(content))
    for typed in [NARRATIVE, OBSTACLES, FOLLOW_UP]:
        assert typed in text, typed


def test_it_keeps_the_hostile_file_name_harmless(hostile):
    evidence = hostile["evidence"]
    assert "<" not in evidence.display_name and "/" not in evidence.display_name
    assert evidence.file.name.startswith("evidence/") and ".." not in evidence.file.name


def test_it_prints_a_narrative_taller_than_a_page_whole_in_the_monev_pdf(people, small_plan):
    """A PIC who pastes a whole report as the narrative (about 6,000 characters, more than a
    page of its column) finds every word of it in the PDF: a row too tall for a page breaks
    across pages instead of being cut off."""
    words = [f"uraian{i}" for i in range(700)]
    sk = Indicator.objects.get(activity__area__plan=small_plan, text="Tersedianya SK")
    save(sk, 1, people.sekretaris, narrative=" ".join(words))
    data = monev_pdf(plan=small_plan, span=Span("year"), today=date(2023, 9, 15))
    pages = pdf_pages(data, layout=False)
    assert set(words) <= set("\n".join(pages).split())
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_an_evidence_row_taller_than_a_page_may_break_and_a_short_one_may_not():
    from types import SimpleNamespace

    from renaksi.reports.monev import evidence_row_dict

    def evidence(cells: int):
        labels = [f"Januari 2023 · {n}. Tersedianya dokumen" for n in range(cells)]
        return SimpleNamespace(name="sk.pdf", link="", kind="Berkas", cells=labels)

    assert evidence_row_dict(evidence(3), "a4")["tall"] is False
    assert evidence_row_dict(evidence(400), "a4")["tall"] is True
    assert evidence_row_dict(evidence(400), "f4")["tall"] is True
