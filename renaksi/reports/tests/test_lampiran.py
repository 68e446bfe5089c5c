import io
import re
import shutil
import subprocess

import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from renaksi.conftest import small_parsed_plan
from renaksi.plans.models import Target
from renaksi.plans.selectors import plan_to_parsed, plan_tree
from renaksi.plans.view_helpers import numbered, plan_table
from renaksi.reports.build_templates import LAMPIRAN_TEMPLATE
from renaksi.reports.lampiran import lampiran_docx, lampiran_pdf, lampiran_xlsx
from renaksi.reports.tests.helpers import (
    HOSTILE_ACTIVITY,
    HOSTILE_FORMULAS,
    SCRIPT,
    cell_text,
    docx_text,
    header_row,
    hostile_parsed,
    import_parsed,
    merged_range_at,
    open_docx,
    open_sheet,
    pdf_page_size,
    pdf_pages,
    plan_table_of,
    save_first_page_png,
    squeezed,
)
from renaksi.reports.xlsx_writer import needs_quote_prefix

W = qn("w:trPr").split("}")[0] + "}"
HEADINGS = ["NO", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN"]


@pytest.fixture
def seed_sheet(seed_plan):
    return open_sheet(lampiran_xlsx(plan=seed_plan))


def body_indicator_rows(ws, first: int, count: int):
    """(row number, indicator label) of body rows that carry an indicator, in order."""
    rows = []
    for r in range(first, first + count):
        text = ws.cell(r, 5).value
        if text:
            rows.append((r, text.split("\n")[0]))
    return rows


def ticked_columns(ws, row: int, periods: int = 12) -> list[int]:
    return [p for p in range(1, periods + 1) if ws.cell(row, 5 + p).value]


# --- XLSX ------------------------------------------------------------------------------------


def test_it_writes_the_lampiran_box_title_and_headings_as_in_the_seed(seed_plan, seed_sheet):
    ws = seed_sheet
    box = [ws.cell(r, 6).value for r in range(1, 5)]
    assert box == [
        "Lampiran",
        "Keputusan Komisi Pemilihan Umum Kabupaten Bengkulu Tengah",
        "Nomor",
        "Tentang",
    ]
    number_row = [c.value for c in ws[3] if c.value]
    assert number_row == ["Nomor", ": 02 /ORT.07-Kpt/KPU-Kab/1707/1/2022"]
    about_row = [c.value for c in ws[4] if c.value]
    assert about_row == [
        "Tentang",
        ": Rencana Aksi Reformasi Birokrasi Komisi Pemilihan Umum Kabupaten Bengkulu Tengah "
        "Tahun 2022",
    ]
    title = ws.cell(6, 1).value
    assert title.split("\n") == [
        "RENCANA AKSI REFORMASI BIROKRASI",
        "DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH",
        "TAHUN 2022",
    ]
    head = header_row(ws)
    assert [ws.cell(head, c).value for c in range(1, 6)] == HEADINGS
    assert ws.cell(head, 6).value == "PELAKSANAAN (BULAN)"
    assert ws.cell(head, 18).value == "KET"
    assert [ws.cell(head + 1, c).value for c in range(6, 18)] == [str(m) for m in range(1, 13)]
    assert [ws.cell(head + 2, c).value for c in range(1, 19)] == list(range(1, 19))
    assert str(merged_range_at(ws, head, 6)) == f"F{head}:Q{head}"
    assert str(merged_range_at(ws, head, 1)) == f"A{head}:A{head + 1}"


def test_it_merges_each_area_and_kegiatan_over_its_rows(seed_plan, seed_sheet):
    ws = seed_sheet
    first = header_row(ws) + 3
    table = plan_table(plan=seed_plan, tree=plan_tree(plan=seed_plan))
    area_spans = {
        row.area.label: (i, row.area.rowspan) for i, row in enumerate(table.rows) if row.area
    }
    assert area_spans["Manajemen Perubahan"][1] == 20
    for name, (i, span) in area_spans.items():
        merged = merged_range_at(ws, first + i, 2)
        assert ws.cell(first + i, 2).value == name
        assert (merged.min_row, merged.max_row) == (first + i, first + i + span - 1), name
        assert merged_range_at(ws, first + i, 1).max_row == first + i + span - 1
    for i, row in enumerate(table.rows):
        if row.activity and row.activity.rowspan > 1:
            merged = merged_range_at(ws, first + i, 3)
            assert merged.max_row - merged.min_row + 1 == row.activity.rowspan
            assert ws.cell(first + i, 3).value == row.activity.label
    assert ws.cell(first, 1).value == "1."
    assert ws.max_row >= first + len(table.rows) - 1


def test_it_ticks_the_planned_months_of_every_indicator(seed_plan, seed_sheet):
    ws = seed_sheet
    first = header_row(ws) + 3
    table = plan_table(plan=seed_plan, tree=plan_tree(plan=seed_plan))
    expected = list(plan_to_parsed(plan=seed_plan).iter_indicators())
    found = body_indicator_rows(ws, first, len(table.rows))
    assert len(found) == len(expected) == 168
    for (row, label), indicator in zip(found, expected, strict=True):
        assert label == numbered(indicator.number, indicator.text)
        assert ticked_columns(ws, row) == indicator.periods, label
        assert {ws.cell(row, 5 + p).value for p in indicator.periods} <= {"√"}
    # Indicators whose months can be read straight off the seed text:
    by_label = {label: row for row, label in found}
    for label, months in [
        ("1. Dokumen Laporan FGD Evaluasi Organisasi", [1, 9]),
        ("persentase pelaporan LHKPN", [1, 2, 3]),
        ("100 % seluruh wajib lapor LHKASN dilingkungan KPU Kabupaten Bengkulu Tengah", [3]),
    ]:
        assert ticked_columns(ws, by_label[label]) == months, label


def test_it_writes_one_tick_per_target_without_a_value(seed_plan, seed_sheet):
    ticks = sum(1 for row in seed_sheet.iter_rows() for cell in row if cell.value == "√")
    targets = Target.objects.filter(
        indicator__activity__area__plan=seed_plan, value__isnull=True
    ).count()
    assert ticks == targets == 964


def test_it_sets_up_the_sheet_for_printing_and_scrolling(seed_sheet):
    ws = seed_sheet
    head = header_row(ws)
    setup = ws.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert setup.fitToWidth in (None, 1)  # 1 is the default and may be left out
    assert setup.fitToHeight == 0
    assert ws.print_title_rows == f"${head}:${head + 2}"
    assert ws.freeze_panes == f"A{head + 3}"
    assert ws.oddFooter.right.text == "Halaman &P dari &N"


def test_it_prints_on_f4_when_asked(small_plan):
    ws = open_sheet(lampiran_xlsx(plan=small_plan, paper="f4"))
    assert ws.page_setup.paperSize == 14  # Folio 8.5 × 13 in


def test_it_writes_the_signature_under_the_table(seed_sheet):
    ws = seed_sheet
    texts = [ws.cell(r, 6).value for r in range(ws.max_row - 8, ws.max_row + 1)]
    assert "Bengkulu Tengah, 10 Januari 2022" in texts
    assert "KETUA KOMISI PEMILIHAN UMUM\nKABUPATEN BENGKULU TENGAH," in texts
    assert texts[-1] == "BROTOSENO"


def test_it_keeps_formula_like_texts_as_plain_text(tree, people):
    plan = import_parsed(tree, people, hostile_parsed())
    ws = open_sheet(lampiran_xlsx(plan=plan))
    cells = {
        str(cell.value).split("\n")[0]: cell for row in ws.iter_rows() for cell in row if cell.value
    }
    for text in [*HOSTILE_FORMULAS, HOSTILE_ACTIVITY]:
        cell = cells[text]
        assert cell.data_type == "s", text
        # Excel's quote prefix: shown as typed, and still text after someone edits the cell.
        assert cell.quotePrefix is True, text
    assert not any(cell.data_type == "f" for row in ws.iter_rows() for cell in row)
    assert cells["Penguatan Tatalaksana"].quotePrefix is False


@pytest.mark.parametrize(
    ("text", "dangerous"),
    [("=1+1", True), ("+62", True), ("-", True), ("@x", True), ("\tx", True), ("\rx", True)]
    + [("1. =x", False), ("Rencana", False), ("", False)],
)
def test_it_spots_texts_a_spreadsheet_would_read_as_formulas(text, dangerous):
    assert needs_quote_prefix(text) is dangerous


def test_it_writes_quarters_and_numeric_targets_for_a_quarterly_plan(tree, people):
    plan = import_parsed(tree, people, small_parsed_plan("quarter"))
    ws = open_sheet(lampiran_xlsx(plan=plan))
    head = header_row(ws)
    assert ws.cell(head, 6).value == "PELAKSANAAN (TRIWULAN)"
    assert [ws.cell(head + 1, c).value for c in range(6, 10)] == [
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
    ]
    assert ws.cell(head, 10).value == "KET"
    assert [ws.cell(head + 2, c).value for c in range(1, 11)] == list(range(1, 11))
    first = head + 3
    rows = dict((label, row) for row, label in body_indicator_rows(ws, first, 4))
    counted = rows["1. Jumlah permohonan informasi"]
    assert [ws.cell(counted, 5 + p).value for p in range(1, 5)] == [2.5, "√", "√", 10]
    assert ws.cell(counted, 6).data_type == "n"
    sk = rows["1. Tersedianya SK"]
    assert ws.cell(sk, 5).value == "1. Tersedianya SK\nTarget: 100 %"
    assert ws.cell(sk, 10).value == "KET satu"


def test_it_merges_sub_kegiatan_and_indents_lettered_children(small_plan):
    ws = open_sheet(lampiran_xlsx(plan=small_plan))
    first = header_row(ws) + 3
    # Rows: SK Tim RB (no sub), Tersedianya SK (sub 1), SK Pengarah (child a), permohonan.
    assert [ws.cell(first + i, 4).value for i in range(4)] == [
        None,
        "1. Pembentukan tim RB",
        "a. Tim Pengarah",
        "1. Pengelolaan PPID",
    ]
    assert ws.cell(first + 2, 4).alignment.indent == 1
    assert str(merged_range_at(ws, first, 2)) == f"B{first}:B{first + 2}"
    assert str(merged_range_at(ws, first, 3)) == f"C{first}:C{first + 2}"
    assert ws.cell(first + 3, 2).value == "Penguatan Tatalaksana"


# --- PDF -------------------------------------------------------------------------------------


def test_it_renders_the_seed_lampiran_as_a_paged_pdf(seed_plan):
    data = lampiran_pdf(plan=seed_plan)
    assert data.startswith(b"%PDF")
    save_first_page_png(data, "lampiran-seed")
    pages = pdf_pages(data)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
        assert "INDIKATOR KEBERHASILAN" in page  # the header repeats on every page
        assert re.search(r"\b1\s+2\s+3\s+4\s+5\s+6\b", page)  # and so does the numbering row
    first = pages[0]
    assert "Lampiran" in first
    assert "02 /ORT.07-Kpt/KPU-Kab/1707/1/2022" in first
    assert "RENCANA AKSI REFORMASI BIROKRASI" in first
    text = "\n".join(pages)
    assert "tersedianya dokumen analisis beban kerja" in text
    assert (
        text.count("√")
        == Target.objects.filter(
            indicator__activity__area__plan=seed_plan, value__isnull=True
        ).count()
    )
    assert "BROTOSENO" in pages[-1]
    assert "Bengkulu Tengah, 10 Januari 2022" in pages[-1]


def test_it_prints_html_in_texts_literally_in_the_pdf(tree, people):
    plan = import_parsed(tree, people, hostile_parsed())
    # Each cell of the table as a PDF reader takes it (pdfplumber, as the PDF importer):
    # pdftotext's line assembly runs a cell's broken long word together with the cell beside.
    with pdfplumber.open(io.BytesIO(lampiran_pdf(plan=plan))) as pdf:
        cells = {
            squeezed(c or "") for p in pdf.pages for t in p.extract_tables() for r in t for c in r
        }
    assert squeezed(f"Manajemen {SCRIPT}") in cells
    assert squeezed(f"Tom & Jerry {SCRIPT}") in cells


def test_it_prints_texts_taller_than_a_page_whole(tree, people):
    """An indicator, a note and a kegiatan of about 5,000 characters (the most an imported cell
    holds) each run over pages; none of their words is cut off."""

    def words(tag: str) -> list[str]:
        return [f"{tag}{i}" for i in range(380)]

    parsed = small_parsed_plan()
    indicator = next(parsed.iter_indicators())
    indicator.text = " ".join(words("indikator"))
    indicator.note = " ".join(words("catatan"))
    parsed.areas[0].activities[0].name = " ".join(words("kegiatan"))
    # A kegiatan of one row: its row must break with it.
    parsed.areas[1].activities[0].name = " ".join(words("tunggal"))
    plan = import_parsed(tree, people, parsed)
    pages = pdf_pages(lampiran_pdf(plan=plan), layout=False)
    printed = set("\n".join(pages).split())
    for tag in ("indikator", "catatan", "kegiatan", "tunggal"):
        assert set(words(tag)) <= printed, tag
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_it_lays_out_a_quarterly_pdf_on_f4(tree, people):
    plan = import_parsed(tree, people, small_parsed_plan("quarter"))
    data = lampiran_pdf(plan=plan, paper="f4")
    text = pdf_pages(data)[0]
    assert "PELAKSANAAN (TRIWULAN)" in text
    assert re.search(r"TW I\s+TW II\s+TW III\s+TW IV", text)
    assert re.search(r"2,5\s+√\s+√\s+10", text)
    assert "Target: 100 %" in text
    width, height = pdf_page_size(data)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (330, 215)


def test_it_renders_in_english_when_asked(small_plan):
    ws = open_sheet(lampiran_xlsx(plan=small_plan, language="en"))
    head = header_row(ws)
    assert ws.cell(head, 5).value == "SUCCESS INDICATOR"
    assert ws.oddFooter.right.text == "Page &P of &N"


# --- DOCX ------------------------------------------------------------------------------------


def body_trs(document, count: int):
    trs = plan_table_of(document)._tbl.tr_lst
    return trs[len(trs) - count :]


def test_it_fills_the_word_lampiran_with_headings_rows_and_ticks(seed_plan):
    document = open_docx(lampiran_docx(plan=seed_plan))
    text = docx_text(document)
    assert "Keputusan Komisi Pemilihan Umum Kabupaten Bengkulu Tengah" in text
    assert "Nomor\t:\t02 /ORT.07-Kpt/KPU-Kab/1707/1/2022" in text
    assert "DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH" in text
    trs = plan_table_of(document)._tbl.tr_lst
    head, labels, numbers = trs[:3]
    assert [cell_text(tc) for tc in head.tc_lst] == [*HEADINGS, "PELAKSANAAN (BULAN)", "KET"]
    assert [cell_text(tc) for tc in labels.tc_lst][5:17] == [str(m) for m in range(1, 13)]
    assert [cell_text(tc) for tc in numbers.tc_lst] == [str(n) for n in range(1, 19)]
    for tr in (head, labels, numbers):  # repeated at the top of every page
        assert tr.find(f"{W}trPr/{W}tblHeader") is not None

    table = plan_table(plan=seed_plan, tree=plan_tree(plan=seed_plan))
    assert len(trs) == 3 + len(table.rows)
    expected = iter(plan_to_parsed(plan=seed_plan).iter_indicators())
    for tr in trs[3:]:
        cells = [cell_text(tc) for tc in tr.tc_lst]
        assert len(cells) == 18
        assert tr.find(f"{W}trPr/{W}cantSplit") is not None
        if not cells[4]:
            continue
        indicator = next(expected)
        assert cells[4] == numbered(indicator.number, indicator.text)
        assert [p for p in range(1, 13) if cells[4 + p]] == indicator.periods
        assert {cells[4 + p] for p in indicator.periods} <= {"√"}
    assert next(expected, None) is None
    assert "BROTOSENO" in text
    assert "Bengkulu Tengah, 10 Januari 2022" in text
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Halaman ") and " dari " in footer.text


def test_it_merges_areas_kegiatan_and_sub_kegiatan_in_word(seed_plan):
    document = open_docx(lampiran_docx(plan=seed_plan))
    table = plan_table(plan=seed_plan, tree=plan_tree(plan=seed_plan))
    trs = body_trs(document, len(table.rows))

    def merge_state(i, col):
        return trs[i].tc_lst[col].vMerge

    for i, row in enumerate(table.rows):
        for cols, cell in (((0, 1), row.area), ((2,), row.activity), ((3,), row.sub)):
            if cell is None or cell.rowspan < 2:
                continue
            for col in cols:
                assert merge_state(i, col) == "restart"
                for k in range(1, cell.rowspan):
                    assert merge_state(i + k, col) == "continue"
                after = i + cell.rowspan
                if after < len(trs):
                    assert merge_state(after, col) != "continue"
    first = trs[0].tc_lst
    assert cell_text(first[0]) == "1."
    assert cell_text(first[1]) == "Manajemen Perubahan"
    # The words sit in the first cell of a merge only.
    assert cell_text(trs[1].tc_lst[1]) == ""


def test_it_drops_the_unused_period_columns_of_a_quarterly_plan_in_word(tree, people):
    plan = import_parsed(tree, people, small_parsed_plan("quarter"))
    document = open_docx(lampiran_docx(plan=plan, paper="f4"))
    tbl = plan_table_of(document)._tbl
    assert len(tbl.tblGrid.gridCol_lst) == 10
    head, labels, numbers, *body = tbl.tr_lst
    assert cell_text(head.tc_lst[5]) == "PELAKSANAAN (TRIWULAN)"
    assert head.tc_lst[5].grid_span == 4
    assert [cell_text(tc) for tc in labels.tc_lst][5:9] == ["TW I", "TW II", "TW III", "TW IV"]
    assert [cell_text(tc) for tc in numbers.tc_lst] == [str(n) for n in range(1, 11)]
    counted = next(tr for tr in body if "permohonan" in cell_text(tr.tc_lst[4]))
    assert [cell_text(tc) for tc in counted.tc_lst][5:9] == ["2,5", "√", "√", "10"]
    sk = next(tr for tr in body if "Tersedianya SK" in cell_text(tr.tc_lst[4]))
    assert cell_text(sk.tc_lst[4]) == "1. Tersedianya SK\nTarget: 100 %"
    assert cell_text(sk.tc_lst[9]) == "KET satu"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (33.0, 21.5)
    total = sum(col.w for col in tbl.tblGrid.gridCol_lst)
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(total - text_width) < Cm(0.1)


def test_it_escapes_html_and_ampersands_in_word(tree, people):
    plan = import_parsed(tree, people, hostile_parsed())
    document = open_docx(lampiran_docx(plan=plan))
    text = docx_text(document)
    assert f"Manajemen {SCRIPT}" in text
    assert f"Tom & Jerry {SCRIPT}" in text
    assert HOSTILE_FORMULAS[0] in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (libreoffice-writer) missing")
def test_it_gives_a_word_file_libreoffice_can_print(seed_plan, tmp_path):
    source = tmp_path / "lampiran.docx"
    source.write_bytes(lampiran_docx(plan=seed_plan))
    subprocess.run(  # noqa: S603
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (tmp_path / "lampiran.pdf").read_bytes()
    save_first_page_png(data, "lampiran-seed-docx")
    pages = pdf_pages(data)
    assert len(pages) > 1
    # Every page that carries table rows repeats the header; the signature may end on its own page.
    table_pages = [page for page in pages if "√" in page]
    assert len(table_pages) >= len(pages) - 1
    assert all("INDIKATOR KEBERHASILAN" in page for page in table_pages)


def test_it_keeps_the_tags_the_renderer_needs_in_the_word_template():
    document = open_docx(LAMPIRAN_TEMPLATE.read_bytes())
    tbl = plan_table_of(document)._tbl
    *_head, loop_start, body, loop_end = tbl.tr_lst
    assert cell_text(loop_start.tc_lst[0]) == "{%tr for row in rows %}"
    assert cell_text(loop_end.tc_lst[0]) == "{%tr endfor %}"
    cells = [cell_text(tc) for tc in body.tc_lst]
    assert cells[4] == "{{ row.indicator }}"
    assert cells[5:17] == [f"{{{{ row.p[{i}] }}}}" for i in range(12)]
