"""The PDF writer: the same pages as WeasyPrint's defaults give, for less work and memory."""

import gc
from datetime import date
from importlib.resources import files

import pytest
import weasyprint
from django.conf import settings
from weasyprint.css import StyleFor

from renaksi.reports import pdf_writer
from renaksi.reports.decree import decree_pdf
from renaksi.reports.monev import monev_html
from renaksi.reports.monev_data import Span, monev_data
from renaksi.reports.tests.helpers import pdf_pages

SMALL_TABLE = (
    "<!doctype html><html><body><table>"
    + "".join(f"<tr><td>baris {n}</td><td>{n}</td></tr>" for n in range(20))
    + "</table><p>Halaman</p></body></html>"
)


def stock_pdf(html: str) -> bytes:
    """The PDF WeasyPrint makes of the HTML with its own stylesheet and settings."""
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


@pytest.fixture
def html_seen(monkeypatch):
    """The HTML each render hands to ``html_to_pdf``, in order."""
    seen = []
    real = pdf_writer.html_to_pdf

    def spy(html):
        seen.append(html)
        return real(html)

    monkeypatch.setattr(pdf_writer, "html_to_pdf", spy)
    return seen


def test_it_lays_out_the_seed_decree_exactly_as_weasyprints_defaults_do(seed_plan, html_seen):
    # The lampiran and the monitoring report are Typst's now (typst_writer); the decree is
    # the official document WeasyPrint still lays out.
    data = decree_pdf(plan=seed_plan)

    assert data == stock_pdf(html_seen[0])
    text = "\n".join(pdf_pages(data))
    assert "MEMUTUSKAN" in text
    assert seed_plan.decree.signer_name in text


def test_it_lays_out_the_monitoring_reports_page_exactly_as_weasyprints_defaults_do(small_plan):
    # The report's PDF is Typst's now (typst_writer); its HTML, a long table of repeated
    # texts, still tests the shared line breaks on a real document.
    html = monev_html(monev_data(plan=small_plan, span=Span("year"), today=date(2023, 9, 15)))
    data = pdf_writer.html_to_pdf(html)

    assert data == stock_pdf(html)
    assert "LAPORAN MONITORING DAN EVALUASI" in pdf_pages(data)[0]


def test_it_computes_no_styles_for_pseudo_elements_a_document_never_shows(monkeypatch):
    # WeasyPrint's own stylesheet gives every element ::marker, ::footnote-call,
    # ::footnote-marker and three ::note-* rules: six style dictionaries per element, computed
    # and held for the whole render, for pseudo-elements our documents never draw.
    pseudo = []
    real = StyleFor.set_computed_styles

    def counting(self, element, parent, root=None, pseudo_type=None, **kwargs):
        if pseudo_type and hasattr(element, "tag"):  # an element's, not a page's
            pseudo.append((element.tag, pseudo_type))
        return real(self, element, parent, root, pseudo_type, **kwargs)

    monkeypatch.setattr(StyleFor, "set_computed_styles", counting)

    pdf_writer.html_to_pdf(SMALL_TABLE)
    assert pseudo == []

    stock_pdf(SMALL_TABLE)
    assert {kind for _, kind in pseudo} >= {"marker", "footnote-call", "note-call"}


def test_it_keeps_list_markers():
    html = "<!doctype html><html><body><ul><li>satu</li><li>dua</li></ul></body></html>"

    data = pdf_writer.html_to_pdf(html)

    assert data == stock_pdf(html)
    assert "•" in pdf_pages(data)[0]


def test_it_trims_only_the_rules_for_every_element_from_weasyprints_stylesheet():
    stock = (files(weasyprint.css) / "html5_ua.css").read_text("utf-8").splitlines()
    trimmed = pdf_writer.print_ua_css().splitlines()

    # If WeasyPrint renames or reorders these rules, the trimming must be looked at again.
    assert [line for line in stock if line.startswith("::")] == [
        line for line in stock if line.startswith(("::marker", *pdf_writer._DROPPED_RULES))
    ]
    assert len([line for line in stock if line.startswith("::")]) == 6
    assert not [line for line in trimmed if line.startswith("::")]
    assert [line for line in trimmed if "::marker" in line] == [
        "li::marker, summary::marker { font-variant-numeric: tabular-nums; white-space: pre; "
        "text-transform: none }"
    ]
    assert len(stock) - len(trimmed) == 5


def test_it_reuses_one_stylesheet_and_font_configuration_for_every_render(monkeypatch):
    used = []
    real = weasyprint.HTML.render

    def spy(self, font_config=None, *args, **kwargs):
        used.append(font_config)
        return real(self, font_config, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", spy)

    pdf_writer.html_to_pdf(SMALL_TABLE)
    pdf_writer.html_to_pdf(SMALL_TABLE)

    assert used[0] is not None
    assert used[0] is used[1]
    first, second = pdf_writer.print_html(SMALL_TABLE), pdf_writer.print_html(SMALL_TABLE)
    assert first._ua_stylesheets() == second._ua_stylesheets() == [pdf_writer.print_ua_stylesheet()]


def test_it_renders_without_automatic_collections_and_restores_the_collector(monkeypatch):
    during = []
    real = weasyprint.HTML.render

    def spy(self, *args, **kwargs):
        during.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", spy)

    pdf_writer.html_to_pdf(SMALL_TABLE)

    assert during == [(False, True)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_it_restores_the_collector_when_a_render_fails(monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("tata letak gagal")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)

    with pytest.raises(RuntimeError):
        pdf_writer.html_to_pdf(SMALL_TABLE)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


REPEATED_TEXTS = (
    "<!doctype html><html><head><style>"
    "table { width: 100%; table-layout: fixed; border-collapse: collapse }"
    " td { border: 0.6pt solid #000; overflow-wrap: break-word }"
    " .narrow { width: 12% } .bold { font-weight: bold } .small { font-size: 7pt }"
    "</style></head><body><table>"
    "<colgroup><col class='narrow'><col><col><col></colgroup>"
    + "".join(
        "<tr><td>Kegiatan telah dilaksanakan sesuai rencana.</td>"
        "<td>Kegiatan telah dilaksanakan sesuai rencana.</td>"
        "<td class='bold'>Kegiatan telah dilaksanakan sesuai rencana.</td>"
        f"<td class='small'>Belum diisi {n % 3}</td></tr>"
        for n in range(40)
    )
    + "</table></body></html>"
)


def test_it_breaks_a_text_repeated_in_one_style_and_width_once_per_render(monkeypatch):
    from weasyprint.text import line_break

    made = []
    real = line_break.create_layout

    def counting(text, *args, **kwargs):
        made.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(line_break, "create_layout", counting)

    data = pdf_writer.html_to_pdf(REPEATED_TEXTS)
    ours = len(made)
    made.clear()
    stock = stock_pdf(REPEATED_TEXTS)

    # The same bytes: a text in a narrower column, in bold or smaller is broken on its own.
    assert data == stock
    # 160 cells; their lines are broken for 6 different (text, column, style) triples, each
    # text box of the narrow column over several lines.
    assert len(made) >= 160
    assert ours < 40
    assert pdf_writer._LINES.get() is None


def test_each_text_box_keeps_a_layout_of_its_own():
    from weasyprint.formatting_structure.boxes import TextBox

    with pdf_writer.shared_line_breaks() as lines:
        document = pdf_writer.print_html(REPEATED_TEXTS).render(
            font_config=pdf_writer.font_config()
        )
    layouts = [
        box.pango_layout
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    ]

    assert len(layouts) > 160
    assert len({id(layout) for layout in layouts}) == len(layouts)
    kept = {id(found[0]) for found in lines.values()}
    assert not kept & {id(layout) for layout in layouts}


def test_line_properties_name_everything_weasyprints_line_breaking_reads():
    import re

    read = set()
    for name in ("line_break.py", "fonts.py"):
        source = (files(weasyprint.text) / name).read_text("utf-8")
        read |= set(re.findall(r"style\[['\"]([a-z_]+)['\"]\]", source))

    assert read  # the pattern still finds them
    assert read <= set(pdf_writer.LINE_PROPERTIES)
