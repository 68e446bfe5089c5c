"""PDF decrees in: Renaksi's own lampiran PDF of the seed, a decree with its lampiran, a
hand-made official-layout table with merged cells and repeated headers, and the scan of it."""

import io
import shutil

import pypdfium2
import pytest

from renaksi.conftest import small_parsed_plan
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import ImportReport
from renaksi.plans.parsed import (
    ParsedActivity,
    ParsedArea,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import PlanWriteError, plan_import_file, plan_parse_file
from renaksi.plans.tests.test_table_import import _structure
from renaksi.reports.decree import decree_pdf
from renaksi.reports.lampiran import lampiran_pdf
from renaksi.reports.tests.helpers import import_parsed


def _joined(*pdfs: bytes) -> bytes:
    out = pypdfium2.PdfDocument.new()
    for data in pdfs:
        out.import_pages(pypdfium2.PdfDocument(data))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _read_back(tree, people, data: bytes, year: int):
    """Renaksi's own lampiran PDF imported as a plan of another regency."""
    return plan_import_file(
        unit=tree.bengkulu_selatan,
        year=year,
        filename="lampiran.pdf",
        data=data,
        actor=people.sibling_sekretaris,
    )


def test_renaksis_own_lampiran_pdf_of_the_seed_imports_back_to_the_same_plan(
    tree, people, seed_plan
):
    again = _read_back(tree, people, lampiran_pdf(plan=seed_plan), 2022)
    # Indicators, areas, kegiatan, sub kegiatan and months: all the same.
    assert _structure(again) == _structure(seed_plan)
    report = ImportReport.objects.get(plan=again)
    assert report.source_format == "pdf"
    codes = {f["code"] for f in report.findings}
    assert "pdf_read" in codes and "ocr_used" not in codes
    # The heading box gives back the decree number and Tentang; the closing the signer.
    assert again.decree.number == seed_plan.decree.lampiran_number
    assert again.decree.about.startswith("Rencana Aksi Reformasi Birokrasi")
    assert again.decree.signer_name == seed_plan.decree.signer_name


def _long_labels_plan(extra_words: int) -> ParsedPlan:
    """Kegiatan and sub kegiatan whose texts run over several lines, so that, page after
    page, a merged cell starts somewhere near a page's foot; ``extra_words`` moves where."""
    words = " ".join(["pelaksanaan"] * extra_words)

    def indicator(n: int) -> ParsedIndicator:
        return ParsedIndicator(number=str(n), text=f"Tersedianya laporan {n}", periods=[n])

    activities = [
        ParsedActivity(
            number=str(k),
            name=f"Kegiatan {k} penguatan akuntabilitas kinerja {words} di lingkungan KPU",
            sub_activities=[
                ParsedSubActivity(
                    number=str(j),
                    name=f"Sub kegiatan {k}.{j} penyusunan dokumen {words} tahunan",
                    indicators=[indicator(i) for i in range(1, 1 + (k + j) % 3 + 1)],
                )
                for j in range(1, 4)
            ],
        )
        for k in range(1, 15)
    ]
    return ParsedPlan(
        decree=small_parsed_plan().decree,
        granularity="month",
        areas=[
            ParsedArea(number="1", name="Manajemen Perubahan", reform_area=1, activities=activities)
        ],
    )


@pytest.mark.parametrize("extra_words", [4, 9, 14])
def test_a_merged_cell_at_a_page_foot_reads_back_whole(tree, people, extra_words):
    """The text of a merged cell stays whole with the rows it starts on, wherever a page
    breaks: a text moved or split onto the next page would read as a new kegiatan there."""
    plan = import_parsed(tree, people, _long_labels_plan(extra_words))
    data = lampiran_pdf(plan=plan)
    assert len(pypdfium2.PdfDocument(data)) >= 3
    assert _structure(_read_back(tree, people, data, 2024)) == _structure(plan)


def test_a_decree_pdf_with_its_lampiran_gives_the_decree_and_the_table(tree, people, seed_plan):
    data = _joined(decree_pdf(plan=seed_plan), lampiran_pdf(plan=seed_plan))
    parsed, fmt = plan_parse_file(filename="keputusan.pdf", data=data)
    assert fmt == "pdf"
    original = plan_to_parsed(plan=seed_plan)
    assert parsed.decree.number == original.decree.number
    assert parsed.decree.signer_name == original.decree.signer_name
    assert parsed.decree.date_set == original.decree.date_set
    # The subject alone, as printed (in capitals), not the pages that follow it.
    assert parsed.decree.about.casefold() == original.decree.about.casefold()
    assert parsed.decree.considering  # the Menimbang of the decree pages
    assert len(list(parsed.iter_indicators())) == len(list(original.iter_indicators()))


HAND_MADE = """<html><head><style>
@page { size: A4 landscape; margin: 12mm; @bottom-right { content: "Halaman " counter(page); } }
body { font-family: "DejaVu Sans"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.8pt solid black; padding: 2pt; vertical-align: top; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.decree { page-break-after: always; font-size: 11pt; }
</style></head><body>{decree}
<p>Lampiran<br>Keputusan Komisi Pemilihan Umum Kota Contoh<br>Nomor : 07/PP.01-Kpt/2024<br>
Tentang : Rencana Aksi Reformasi Birokrasi Tahun 2024</p>
<table><thead>
<tr><th rowspan="2">NO</th><th rowspan="2">AREA PERUBAHAN</th><th rowspan="2">KEGIATAN</th>
<th rowspan="2">SUB KEGIATAN</th><th rowspan="2">INDIKATOR KEBERHASILAN</th>
<th colspan="12">PELAKSANAAN (BULAN)</th><th rowspan="2">KET</th></tr>
<tr>{months}</tr></thead><tbody>{rows}</tbody></table>
<p>Kota Contoh, 5 Januari 2024<br>KETUA KOMISI PEMILIHAN UMUM KOTA CONTOH<br><br>SITI AMINAH</p>
</body></html>"""


DECREE_PAGE = """<div class="decree"><p>KOMISI PEMILIHAN UMUM<br>KOTA CONTOH</p>
<p>KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM KOTA CONTOH<br>
NOMOR 07/PP.01-Kpt/2024<br>TENTANG<br>RENCANA AKSI REFORMASI BIROKRASI TAHUN 2024</p>
<p>KETUA KOMISI PEMILIHAN UMUM KOTA CONTOH,</p>
<p>Menimbang : a. bahwa reformasi birokrasi perlu dijalankan dengan rencana aksi tahunan;</p>
<p>Mengingat : 1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;</p>
<p>MEMUTUSKAN :</p>
<p>Menetapkan : KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM KOTA CONTOH TENTANG RENCANA AKSI
REFORMASI BIROKRASI TAHUN 2024.</p>
<p>KESATU : Menetapkan Rencana Aksi sebagaimana tercantum dalam Lampiran.</p>
<p>Ditetapkan di Kota Contoh<br>pada tanggal 5 Januari 2024</p>
<p>KETUA KOMISI PEMILIHAN UMUM KOTA CONTOH,<br><br>SITI AMINAH</p></div>"""


def _hand_made_pdf(
    rows_per_area: int = 14, *, decree_page: bool = False
) -> tuple[bytes, list[tuple[str, str, str, list]]]:
    from weasyprint import HTML

    expected = []
    body = []
    areas = ["Manajemen Perubahan", "Penguatan Akuntabilitas"]
    for a, area in enumerate(areas, 1):
        for k in range(1, 3):
            for i in range(1, rows_per_area // 2 + 1):
                months = [m for m in range(1, 13) if (m + i + k) % 3 == 0]
                text = f"Indikator {a}.{k}.{i} tersedianya laporan kegiatan"
                expected.append((area, f"Kegiatan {a}.{k}", text, months))
                cells = []
                if k == 1 and i == 1:
                    cells.append(f'<td rowspan="{rows_per_area}">{a}.</td>')
                    cells.append(f'<td rowspan="{rows_per_area}">{area}</td>')
                if i == 1:
                    cells.append(f'<td rowspan="{rows_per_area // 2}">{k}. Kegiatan {a}.{k}</td>')
                cells.append("<td></td>")
                cells.append(f"<td>{i}. {text}</td>")
                cells += [f"<td>{'√' if m in months else ''}</td>" for m in range(1, 13)]
                cells.append("<td></td>")
                body.append(f"<tr>{''.join(cells)}</tr>")
    html = HAND_MADE.replace("{months}", "".join(f"<th>{m}</th>" for m in range(1, 13)))
    html = html.replace("{rows}", "".join(body))
    html = html.replace("{decree}", DECREE_PAGE if decree_page else "")
    return HTML(string=html).write_pdf(), expected


def _read_rows(parsed):
    out = []
    for area in parsed.areas:
        for act in area.activities:
            for ind in act.indicators:
                out.append((area.name, act.name, ind.text, ind.periods))
    return out


def test_a_hand_made_official_layout_pdf_with_merged_cells_and_page_breaks_reads_faithfully():
    data, expected = _hand_made_pdf()
    parsed, fmt = plan_parse_file(filename="contoh.pdf", data=data)
    assert fmt == "pdf"
    assert len(pypdfium2.PdfDocument(data)) >= 2  # the table breaks across pages
    assert _read_rows(parsed) == expected
    assert parsed.decree.number == "07/PP.01-Kpt/2024"
    assert parsed.decree.about == "Rencana Aksi Reformasi Birokrasi Tahun 2024"
    assert parsed.decree.signer_name == "SITI AMINAH"
    assert parsed.decree.place == "Kota Contoh"


def _db_rows(plan) -> list[tuple[str, str, str, list[int]]]:
    """(area, kegiatan, indicator, months) of a saved plan, in order."""
    out = []
    for area in plan.areas.order_by("position"):
        for act in area.activities.order_by("position"):
            for ind in act.indicators.order_by("position").prefetch_related("targets"):
                months = sorted(t.period for t in ind.targets.all())
                out.append((area.name, act.name, ind.text, months))
    return out


def _check_decree_page(decree) -> None:
    assert decree.issuer == "KOMISI PEMILIHAN UMUM KOTA CONTOH"
    assert decree.number == "07/PP.01-Kpt/2024"
    assert decree.about == "RENCANA AKSI REFORMASI BIROKRASI TAHUN 2024"
    assert decree.considering.startswith("a. bahwa reformasi birokrasi perlu dijalankan")
    assert decree.observing.startswith("1. Undang-Undang Nomor 7 Tahun 2017")
    assert decree.deciding.startswith("Menetapkan : KEPUTUSAN KETUA")
    assert decree.place == "Kota Contoh"
    assert str(decree.date_set) == "2024-01-05"
    # Signed by hand: no "ttd", the name under the title.
    assert decree.signer_title == "KETUA KOMISI PEMILIHAN UMUM KOTA CONTOH"
    assert decree.signer_name == "SITI AMINAH"


def test_a_text_pdf_of_a_decree_with_its_multi_page_lampiran_imports_faithfully(tree, people):
    data, expected = _hand_made_pdf(decree_page=True)
    assert len(pypdfium2.PdfDocument(data)) >= 3  # the decree, then the table over two pages
    plan = plan_import_file(
        unit=tree.bengkulu_selatan,
        year=2024,
        filename="keputusan.pdf",
        data=data,
        actor=people.sibling_sekretaris,
    )
    assert _db_rows(plan) == expected
    _check_decree_page(plan.decree)
    assert ImportReport.objects.get(plan=plan).source_format == "pdf"


def _scanned(data: bytes, dpi: int) -> bytes:
    """``data`` as a scanner gives it: each page a grey image at ``dpi``, no text layer."""
    import subprocess
    import tempfile
    from pathlib import Path

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "in.pdf").write_bytes(data)
        subprocess.run(  # noqa: S603
            [shutil.which("pdftoppm"), "-r", str(dpi), "-gray", "-png", "in.pdf", "p"],
            cwd=tmp,
            check=True,
        )
        pages = [Image.open(path).convert("RGB") for path in sorted(Path(tmp).glob("p*.png"))]
        buffer = io.BytesIO()
        pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


@pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm")), reason="needs tesseract"
)
def test_the_same_multi_page_decree_scanned_is_imported_by_ocr_and_says_so(tree, people):
    import difflib

    data, expected = _hand_made_pdf(decree_page=True)
    # 150 dpi: a common office scan, and one that Tesseract misreads if it is resampled.
    scanned = _scanned(data, 150)
    assert len(pypdfium2.PdfDocument(scanned)) >= 3
    parsed, fmt = plan_parse_file(filename="pindaian.pdf", data=scanned)
    assert fmt == "pdf_ocr"
    plan = plan_import_file(
        unit=tree.bengkulu_selatan,
        year=2024,
        filename="pindaian.pdf",
        data=scanned,
        actor=people.sibling_sekretaris,
    )
    rows = _db_rows(plan)
    # Every indicator of both pages, none of the repeated column titles, none of the footers.
    assert len(rows) == len(expected)
    # Months come from the ink in each month cell, not from reading the tick.
    assert [r[3] for r in rows] == [e[3] for e in expected]
    assert [(r[0], r[1]) for r in rows] == [(e[0], e[1]) for e in expected]
    # The text is OCR: close to the original, never the same guarantee as a text PDF.
    for r, e in zip(rows, expected, strict=True):
        assert difflib.SequenceMatcher(None, r[2], e[2]).ratio() >= 0.95, (r[2], e[2])
    # Yet a clean scan, read at its own resolution, gives nearly all of them letter for letter.
    assert sum(r[2] == e[2] for r, e in zip(rows, expected, strict=True)) >= 0.9 * len(rows)
    # The decree pages are read too; a misread "O" among the number's digits is mended.
    _check_decree_page(plan.decree)
    report = ImportReport.objects.get(plan=plan)
    assert report.source_format == "pdf_ocr"
    used = next(f for f in report.findings if f["code"] == "ocr_used")
    assert used["params"]["pages"] == len(pypdfium2.PdfDocument(scanned))
    low = [f for f in report.findings if f["code"] == "ocr_low_confidence"]
    assert used["params"]["cells"] == len(low)
    assert all({"page", "cell", "text", "confidence"} <= set(f["params"]) for f in low)


def test_a_decree_numbers_misread_letters_are_mended():
    from renaksi.plans.importers.pdf.ocr import ocr_number

    assert ocr_number("07/PP.O1-Kpt/2O24") == "07/PP.01-Kpt/2024"
    assert ocr_number("12/HK.O3.1-Kpt/l7/2O22") == "12/HK.03.1-Kpt/17/2022"
    assert ocr_number("KPU/OTK/01/2022") == "KPU/OTK/01/2022"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("rusak.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "rusak"),
        ("kosong.pdf", b"%PDF-1.4\n%%EOF", "rusak"),
    ],
)
def test_a_broken_pdf_is_refused_clearly(name, data, words):
    with pytest.raises(PlanWriteError) as refused:
        plan_parse_file(filename=name, data=data)
    assert str(refused.value).startswith(f"Berkas {name}") and words in str(refused.value)


def test_parsed_json_of_a_pdf_carries_no_surprises(seed_plan):
    parsed, _fmt = plan_parse_file(filename="l.pdf", data=lampiran_pdf(plan=seed_plan))
    data = parsed_to_json(parsed)
    assert data["granularity"] == "month"


@pytest.mark.parametrize(("dpi", "read_at"), [(150, 150), (300, 300), (72, 200), (1200, 200)])
def test_a_scan_is_read_at_the_resolution_it_was_scanned_at_when_reasonable(dpi, read_at):
    from PIL import Image

    from renaksi.plans.importers.pdf.ocr import scan_resolution

    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255).convert("RGB")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=dpi, save_all=True, append_images=[page])
    assert scan_resolution(buffer.getvalue(), 2) == read_at
