import re

import pytest

from renaksi.reports.common import Item, readable_case, split_dicta, split_items, two_lines
from renaksi.reports.decree import decree_docx, decree_pdf
from renaksi.reports.tests.helpers import (
    SCRIPT,
    cell_text,
    docx_text,
    hostile_parsed,
    import_parsed,
    open_docx,
    pdf_page_size,
    pdf_pages,
    save_first_page_png,
    squeezed,
)


def table_rows(table) -> list[list[str]]:
    return [[cell_text(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


# --- splitting the decree's texts ------------------------------------------------------------


def test_it_splits_numbered_and_lettered_lines_into_items():
    text = "a. bahwa satu;\nb. bahwa dua,\nsambungan baris;\n\n(3) ketiga\n10) kesepuluh"
    assert split_items(text) == [
        Item("a.", "bahwa satu;"),
        Item("b.", "bahwa dua, sambungan baris;"),
        Item("(3)", "ketiga"),
        Item("10)", "kesepuluh"),
    ]


def test_it_splits_items_typed_on_one_line():
    assert split_items("a. bahwa satu; b. bahwa dua; 3. tiga") == [
        Item("a.", "bahwa satu;"),
        Item("b.", "bahwa dua;"),
        Item("3.", "tiga"),
    ]


def test_it_keeps_an_unmarked_text_as_one_item():
    assert split_items("bahwa hanya satu pertimbangan") == [
        Item("", "bahwa hanya satu pertimbangan")
    ]
    assert split_items("") == []


def test_it_splits_the_dicta_by_their_labels():
    text = "Menetapkan : KEPUTUSAN X.\nKESATU : Satu\nlanjutan.\nKEDUA: Dua."
    assert split_dicta(text) == [
        Item("Menetapkan", "KEPUTUSAN X."),
        Item("KESATU", "Satu lanjutan."),
        Item("KEDUA", "Dua."),
    ]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KPU KABUPATEN BENGKULU TENGAH",
            "Rencana Aksi Reformasi Birokrasi di Lingkungan KPU Kabupaten Bengkulu Tengah",
        ),
        ("KOMISI PEMILIHAN UMUM KAB/KOTA", "Komisi Pemilihan Umum Kab/Kota"),
        ("Sudah Campuran di KPU", "Sudah Campuran di KPU"),
    ],
)
def test_it_puts_text_typed_in_capitals_in_title_case(typed, shown):
    assert readable_case(typed) == shown


def test_it_breaks_an_issuer_before_its_region():
    assert two_lines("KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH,") == (
        "KETUA KOMISI PEMILIHAN UMUM\nKABUPATEN BENGKULU TENGAH,"
    )
    assert two_lines("KOMISI PEMILIHAN UMUM") == "KOMISI PEMILIHAN UMUM"


# --- DOCX ------------------------------------------------------------------------------------


@pytest.fixture
def seed_decree_docx(seed_plan):
    return open_docx(decree_docx(plan=seed_plan))


def test_it_writes_the_decree_heading_and_signature_in_word(seed_decree_docx):
    paragraphs = [p.text for p in seed_decree_docx.paragraphs]
    assert paragraphs[:7] == [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM\nKABUPATEN BENGKULU TENGAH",
        "NOMOR 02/ORT.07-Kpts/KPU-Kab/1709/I/2022",
        "",
        "TENTANG",
        "RENCANA AKSI REFORMASI BIROKRASI KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH "
        "TAHUN 2022",
        "",
        "KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH,",
    ]
    assert "MEMUTUSKAN:" in paragraphs
    assert "Ditetapkan di\tBengkulu Tengah" in paragraphs
    assert "pada tanggal\t10 Januari 2022" in paragraphs
    assert "KETUA KOMISI PEMILIHAN UMUM\nKABUPATEN BENGKULU TENGAH," in paragraphs
    assert paragraphs[-1] == "BROTOSENO"


def test_it_lists_menimbang_and_mengingat_items_in_word(seed_decree_docx):
    items, dicta = seed_decree_docx.tables
    rows = table_rows(items)
    considering = rows[:2]
    assert considering[0][:3] == ["Menimbang", ":", "a."]
    assert considering[0][3].startswith("bahwa untuk melaksanakan tugas")
    assert considering[1][:3] == ["", "", "b."]
    observing = [row for row in rows[2:] if any(row)]
    assert [row[2] for row in observing] == [f"{n}." for n in range(1, 11)]
    assert observing[0][:2] == ["Mengingat", ":"]
    assert observing[0][3].startswith("Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum")
    assert observing[9][3].startswith("Keputusan Komisi Pemilihan Umum Kabupaten BENGKULU TENGAH")
    dictum_rows = table_rows(dicta)
    assert [row[0] for row in dictum_rows] == ["Menetapkan", "KESATU", "KEDUA"]
    assert dictum_rows[2][2] == (
        "Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan bulan Januari "
        "tahun 2022."
    )


def test_it_writes_the_usual_dicta_when_the_decree_has_none(small_plan):
    document = open_docx(decree_docx(plan=small_plan))
    dictum_rows = table_rows(document.tables[1])
    assert [row[0] for row in dictum_rows] == ["Menetapkan", "KESATU", "KEDUA"]
    assert dictum_rows[0][2] == (
        "KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH TENTANG RENCANA AKSI "
        "REFORMASI BIROKRASI TAHUN 2023."
    )
    assert dictum_rows[2][2] == "Keputusan ini mulai berlaku pada tanggal ditetapkan."
    # No Menimbang or Mengingat typed: no rows for them.
    assert not any(any(row) for row in table_rows(document.tables[0]))


def test_it_escapes_html_and_ampersands_in_the_word_decree(tree, people):
    plan = import_parsed(tree, people, hostile_parsed())
    document = open_docx(decree_docx(plan=plan))
    text = docx_text(document)
    assert f"bahwa {SCRIPT} & lainnya;" in text
    assert "A & B <i>" in text


def test_it_prints_the_word_decree_on_f4(small_plan):
    section = open_docx(decree_docx(plan=small_plan, paper="f4")).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.5, 33.0)


# --- PDF -------------------------------------------------------------------------------------


def test_it_renders_the_seed_decree_as_a_pdf(seed_plan):
    data = decree_pdf(plan=seed_plan)
    save_first_page_png(data, "keputusan-seed")
    pages = pdf_pages(data)
    assert len(pages) > 1
    first = pages[0]
    for text in [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM",
        "NOMOR 02/ORT.07-Kpts/KPU-Kab/1709/I/2022",
        "TENTANG",
        "KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH,",
        "Menimbang",
        "Mengingat",
    ]:
        assert text in first, text
    assert re.search(r"^\s*-\s*2\s*-\s*$", pages[1], re.MULTILINE)  # pages numbered from 2
    assert not re.search(r"-\s*1\s*-", first)
    text = "\n".join(pages)
    assert "MEMUTUSKAN:" in text
    for n in range(1, 11):
        assert f"{n}." in text
    last = pages[-1]
    assert "10 Januari 2022" in last
    assert "BROTOSENO" in last
    width, height = pdf_page_size(data)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_it_prints_html_literally_in_the_pdf_decree(tree, people):
    plan = import_parsed(tree, people, hostile_parsed())
    data = decree_pdf(plan=plan, paper="f4")
    text = squeezed("\n".join(pdf_pages(data, layout=False)))
    assert squeezed(f"bahwa {SCRIPT} & lainnya;") in text
    assert squeezed("A & B <i>") in text
    width, height = pdf_page_size(data)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (215, 330)


def test_it_still_makes_both_documents_for_a_plan_without_a_decree(small_plan):
    small_plan.decree = None
    small_plan.save()
    paragraphs = [p.text for p in open_docx(decree_docx(plan=small_plan)).paragraphs]
    assert paragraphs[0] == "KEPUTUSAN KPU\nKABUPATEN BENGKULU TENGAH"
    assert paragraphs[1] == "NOMOR …"
    text = pdf_pages(decree_pdf(plan=small_plan))[0]
    assert "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KPU" in text
    assert "Rencana Aksi Reformasi Birokrasi di Lingkungan KPU Kabupaten Bengkulu Tengah" in (
        " ".join(text.split())
    )
