"""Plans read from PDF decrees: the lampiran table of a text PDF, or of a scanned one by OCR.

A text PDF is read with pdfplumber: the ruled lampiran table on every page (merged cells give
their text once, in their first row, the rest blank, which the table reader reads as "continues
the one above"), the column titles repeated on each page dropped, page headers and footers
ignored. The pages before the table are the decree itself. A PDF without a text layer is a
scan: its pages are rasterised (pdftoppm) and read by Tesseract with the Indonesian model (see
``ocr``). Both give a ``PdfDocument`` whose grid the table reader turns into a plan.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from typing import cast

from django.utils.translation import gettext as _

from renaksi.plans.importers.table.grid import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    Grid,
    TableReadError,
    Value,
)

MAX_PAGES = 60
# Scans take longer: at most this many pages go through OCR.
MAX_OCR_PAGES = 20
# Page content inflated from compressed streams (images aside): a 2 MB file may inflate to
# gigabytes, which the PDF parser would hold and walk. Real decrees stay far below.
MAX_INFLATED = 24 * 1024 * 1024
# Fewer characters than this in the whole text layer: a scan, read by OCR.
MIN_TEXT_CHARS = 40
MARK_CHARS = frozenset("√✓✔☑")


@dataclass
class PdfDocument:
    grid: Grid
    before: list[str]  # text lines before the table: the decree and the lampiran heading
    after: list[str]  # text lines after the table: the closing and signature
    pages: int
    ocr: bool = False
    # OCR only: {"page", "cell", "text", "confidence"} for each cell read with low confidence.
    low_confidence: list[dict] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def clean_cell(value) -> str:
    """A cell's text with its wrapped lines joined; a "Target: …" line stays on its own line."""
    if value is None:
        return ""
    text = str(value).replace("\x00", "").replace("\xa0", " ").replace("\r", "")
    text = re.sub(r"(?<=\w)-\n(?=\w)", "-", text)
    text = re.sub(r"[ \t]*\n(?!\s*target\s*:)[ \t]*", " ", text, flags=re.I)
    text = re.sub(r"[ \t]+", " ", text).strip()
    return "√" if text in MARK_CHARS else text[: MAX_CELL_CHARS * 2]


def _is_heading_row(row: list[str]) -> bool:
    """Column titles (capitals) or a numbering row (1 2 3 …), as repeated on every page."""
    filled = [c for c in row if c]
    if not filled or "√" in filled:
        return False
    if all(re.fullmatch(r"\d{1,2}", c) for c in filled):
        return True
    return any(c.isupper() and len(c) > 1 for c in filled) and not any(
        c != c.upper() for c in filled
    )


def _norm(row: list[str]) -> tuple:
    return tuple(re.sub(r"\s+", " ", c).strip().lower() for c in row)


def rows_to_document(
    pages: list[tuple[list[str], list[list[str]], list[str]]],
    *,
    ocr: bool = False,
    low_confidence: list[dict] | None = None,
) -> PdfDocument:
    """Join per-page (text above, table rows, text below) into one document.

    The first table's leading title rows are its header; the same rows at the top of a later
    page's table are the repeated header and are dropped. Text around the table on pages that
    carry the table is a page header or footer, except above the first and below the last.
    """
    before: list[str] = []
    after: list[str] = []
    rows: list[list[str]] = []
    header: list[tuple] = []
    seen_table = False
    for above, table, below in pages:
        if not table:
            (after if seen_table else before).extend(above + below)
            continue
        if not seen_table:
            before.extend(above)
            for row in table:
                if not _is_heading_row(row):
                    break
                header.append(_norm(row))
            seen_table = True
        else:
            after = []
            while table and _is_heading_row(table[0]) and _norm(table[0]) in header:
                table = table[1:]
        for row in table:
            if len(rows) >= MAX_ROWS:
                raise TableReadError(
                    _("Tabel memiliki terlalu banyak baris (paling banyak %(limit)s).")
                    % {"limit": MAX_ROWS}
                )
            rows.append(row[:MAX_COLUMNS])
        after.extend(below)
    if not rows:
        raise TableReadError(
            _(
                "PDF ini tidak memuat tabel lampiran bergaris (kolom NO, AREA PERUBAHAN, "
                "KEGIATAN, SUB KEGIATAN, INDIKATOR KEBERHASILAN dan bulan)."
            )
        )
    grid = Grid(sheet=_("PDF"), rows=cast(list[list[Value]], rows), kind="pdf")
    page_number = re.compile(r"^\s*(halaman|hal\.?|page)?\s*\d+\s*((dari|/|of)\s*\d+)?\s*$", re.I)
    before = [line for line in before if not page_number.match(line)]
    after = [line for line in after if not page_number.match(line)]
    return PdfDocument(
        grid=grid,
        before=[line for line in before if line.strip()],
        after=[line for line in after if line.strip()],
        pages=len(pages),
        ocr=ocr,
        low_confidence=low_confidence or [],
    )


_STREAM = re.compile(rb"stream\r?\n")


def check_inflated_size(data: bytes) -> None:
    """Refuse a PDF whose compressed streams (other than images) inflate past the limit."""
    budget = MAX_INFLATED
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        head = data[max(0, match.start() - 600) : match.start()]
        head = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        if re.search(rb"/Subtype\s*/Image", head) or b"Flate" not in head:
            continue
        inflater = zlib.decompressobj()
        chunk = data[start:end]
        try:
            while chunk and budget >= 0:
                out = inflater.decompress(chunk, 1024 * 1024)
                budget -= len(out)
                chunk = inflater.unconsumed_tail
        except zlib.error:
            continue
        if budget < 0:
            raise TableReadError(
                _(
                    "Isi PDF ini terlalu besar setelah dibuka (lebih dari %(limit)s MB). "
                    "Berkas ini tidak diproses."
                )
                % {"limit": MAX_INFLATED // (1024 * 1024)}
            )


def _count_pages(data: bytes) -> int:
    """The page count from PDFium (C, fast), before the Python parser sees any page."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise TableReadError(
                _("PDF ini terkunci dengan kata sandi; simpan ulang tanpa kata sandi lalu unggah.")
            ) from exc
        raise TableReadError(_("PDF ini rusak dan tidak dapat dibaca.")) from exc
    try:
        return len(document)
    finally:
        document.close()


def _open(data: bytes):
    import pdfplumber

    check_inflated_size(data)
    count = _count_pages(data)
    if count > MAX_PAGES:
        raise TableReadError(
            _("PDF ini terlalu banyak halamannya (%(count)s; paling banyak %(limit)s).")
            % {"count": count, "limit": MAX_PAGES}
        )
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many kinds for a broken or locked file
        name = type(exc).__name__.lower() + str(exc).lower()
        if "password" in name or "encrypt" in name:
            raise TableReadError(
                _("PDF ini terkunci dengan kata sandi; simpan ulang tanpa kata sandi lalu unggah.")
            ) from exc
        raise TableReadError(_("PDF ini rusak dan tidak dapat dibaca.")) from exc
    if count > MAX_PAGES:
        pdf.close()
        raise TableReadError(
            _("PDF ini terlalu banyak halamannya (%(count)s; paling banyak %(limit)s).")
            % {"count": count, "limit": MAX_PAGES}
        )
    if count == 0:
        pdf.close()
        raise TableReadError(_("PDF ini tidak memiliki halaman."))
    return pdf


def _page_parts(page) -> tuple[list[str], list[list[str]], list[str]]:
    tables = [t for t in page.find_tables() if t.rows and len(t.rows[0].cells) >= 5]
    if not tables:
        return (page.extract_text() or "").split("\n"), [], []
    table = max(tables, key=lambda t: len(t.rows))
    x0, top, x1, bottom = table.bbox
    above = page.crop((0, 0, page.width, max(top, 0.1))).extract_text() or ""
    below = ""
    if bottom < page.height - 0.1:
        below = page.crop((0, bottom, page.width, page.height)).extract_text() or ""
    rows = [[clean_cell(c) for c in row] for row in table.extract()]
    return above.split("\n"), rows, below.split("\n")


def read_pdf(data: bytes) -> PdfDocument:
    """The lampiran table and the text around it; OCR when the PDF has no text layer."""
    pdf = _open(data)
    try:
        try:
            chars = sum(len(page.chars) for page in pdf.pages)
            if chars < MIN_TEXT_CHARS:
                from renaksi.plans.importers.pdf.ocr import read_scanned

                if len(pdf.pages) > MAX_OCR_PAGES:
                    raise TableReadError(
                        _(
                            "PDF hasil pindai ini terlalu banyak halamannya untuk OCR (%(count)s; "
                            "paling banyak %(limit)s). Unggah halaman lampirannya saja."
                        )
                        % {"count": len(pdf.pages), "limit": MAX_OCR_PAGES}
                    )
                return read_scanned(data, len(pdf.pages))
            return rows_to_document([_page_parts(page) for page in pdf.pages])
        except TableReadError:
            raise
        except Exception as exc:  # a malformed page surfaces only while it is read
            raise TableReadError(_("PDF ini rusak dan tidak dapat dibaca.")) from exc
    finally:
        pdf.close()
