"""Documents laid out by Typst in a child process (``reports.typst_writer``)."""

import re
import subprocess
import sys

import pytest

from renaksi.monitoring.tests.conftest import save
from renaksi.plans.models import Indicator
from renaksi.reports import typst_writer
from renaksi.reports.monev import monev_pdf
from renaksi.reports.monev_data import Span
from renaksi.reports.tests.helpers import pdf_page_size, pdf_pages, squeezed
from renaksi.reports.tests.test_monev import DONE, TODAY, loop  # noqa: F401 (the fixture)


def test_the_page_label_keeps_the_translations_order():
    assert typst_writer.label_parts("Halaman %(number)s dari %(total)s") == [
        {"kind": "text", "text": "Halaman "},
        {"kind": "number"},
        {"kind": "text", "text": " dari "},
        {"kind": "total"},
    ]
    assert typst_writer.label_parts("%(total)s/%(number)s") == [
        {"kind": "total"},
        {"kind": "text", "text": "/"},
        {"kind": "number"},
    ]


def test_the_worker_never_loads_the_typesetter_itself(loop):  # noqa: F811
    # Typst's caches stay with the process that loads it (780 MB after ten documents): the
    # render runs in a child, and the calling process must not import the binding.
    monev_pdf(plan=loop, span=Span("quarter", 1), today=TODAY)
    assert "typst" not in sys.modules


def test_a_long_word_breaks_inside_its_column(loop, people):  # noqa: F811
    # No hyphen in it: poppler's pdftotext joins "bukti-" at a line's end to the next line's
    # first word without the hyphen, whoever laid the text out.
    url = "https://kpu.go.id/" + "dokumen_bukti_dukung_reformasi_birokrasi" * 3 + ".pdf"
    token = "A" * 90
    indicator = Indicator.objects.get(activity__area__plan=loop, text="SK Pengarah")
    save(indicator, 2, people.sekretaris, narrative=f"Lihat {url} dan {token}", **DONE)

    content = monev_pdf(plan=loop, span=Span("quarter", 1), today=TODAY)

    assert squeezed(url) in squeezed("".join(pdf_pages(content, layout=False)))
    assert token in squeezed("".join(pdf_pages(content, layout=False)))
    width, _height = pdf_page_size(content)
    boxes = subprocess.run(  # noqa: S603 (fixed program, our own PDF on stdin)
        ["pdftotext", "-bbox", "-", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    margin = 12 / 25.4 * 72  # 12 mm
    assert right_edges and max(right_edges) <= width - margin + 0.5


def test_a_broken_template_says_so(tmp_path, monkeypatch):
    (tmp_path / "broken.typ").write_text('#let d = json("data.json")\n#d.missing\n')
    monkeypatch.setattr(typst_writer, "TEMPLATES", tmp_path)
    with pytest.raises(typst_writer.TypstError, match="missing"):
        typst_writer.typst_pdf("broken.typ", {"title": "x"})
