"""Scanned decrees: pages rasterised by pdftoppm, the ruled table found from its lines, the text
read by Tesseract (Indonesian model) and placed in the cells by position.

A month cell is read from its ink, not from OCR of the tick: any mark in it is "√". Each cell
whose words Tesseract read with low confidence is reported with its page and place.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess  # nosec B404: fixed programs, arguments built here, no shell
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from renaksi.plans.importers.pdf import rows_to_document
from renaksi.plans.importers.table.grid import TableReadError, column_letter

DPI = 200
# A scan is rasterised at its own resolution when it has one in this range: resampling a
# 150-dpi scan to 200 dpi blurs thin letters away ("laporan" read as "aporan").
MIN_DPI, MAX_DPI = 120, 400
LOW_CONFIDENCE = 70
INK_SHARE = 0.012  # share of dark pixels in a month cell that makes it a mark
TIMEOUT = 120


def _lines(counts: list[int], threshold: float) -> list[tuple[int, int]]:
    """Runs (first, last) of positions whose dark count passes ``threshold``."""
    out: list[tuple[int, int]] = []
    run: list[int] = []
    for pos, count in enumerate(counts):
        if count >= threshold:
            run.append(pos)
        elif run:
            out.append((run[0], run[-1]))
            run = []
    if run:
        out.append((run[0], run[-1]))
    return out


def _dark_counts(image, horizontal: bool, box=None) -> list[int]:
    x0, y0, x1, y1 = box or (0, 0, image.width, image.height)
    counts = []
    if horizontal:
        for y in range(y0, y1):
            counts.append(image.crop((x0, y, x1, y + 1)).histogram()[0])
    else:
        for x in range(x0, x1):
            counts.append(image.crop((x, y0, x + 1, y1)).histogram()[0])
    return counts


def _tesseract_words(path: Path) -> list[dict]:
    result = subprocess.run(  # noqa: S603  # nosec B603
        [
            shutil.which("tesseract") or "tesseract",
            str(path),
            "stdout",
            "-l",
            "ind",
            "--psm",
            "11",
            "tsv",
        ],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    words = []
    reader = csv.DictReader(
        io.StringIO(result.stdout.decode("utf-8", "replace")),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    for row in reader:
        text = (row.get("text") or "").strip()
        if not text:
            continue
        try:
            left, top = int(row["left"]), int(row["top"])
            width, height = int(row["width"]), int(row["height"])
            conf = float(row["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        words.append(
            {
                "text": text,
                "x": left + width / 2,
                "y": top + height / 2,
                "top": top,
                "left": left,
                "conf": conf,
                "line": (row.get("block_num"), row.get("par_num"), row.get("line_num")),
            }
        )
    return words


def _text_lines(words: list[dict]) -> list[str]:
    lines: dict[tuple, list[dict]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    ordered = sorted(lines.values(), key=lambda ws: min(w["top"] for w in ws))
    return [" ".join(w["text"] for w in sorted(ws, key=lambda w: w["left"])) for ws in ordered]


def _reading_order(words: list[dict]) -> str:
    """Words of one cell, line by line (a word within 12 px of a line's middle joins it)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["y"]):
        if lines and abs(word["y"] - lines[-1][0]["y"]) <= 12:
            lines[-1].append(word)
        else:
            lines.append([word])
    return " ".join(w["text"] for line in lines for w in sorted(line, key=lambda w: w["left"]))


def _page(path: Path, page_number: int, low: list[dict]):
    from PIL import Image

    with Image.open(path) as raw:
        gray = raw.convert("L")
    binary = gray.point(lambda v: 0 if v < 140 else 255, mode="L")
    # Rules are thin and long; a line of bold text is thick and broken.
    rows_y = [
        run
        for run in _lines(_dark_counts(binary, True), binary.width * 0.45)
        if run[1] - run[0] <= 8
    ]
    if len(rows_y) < 3:
        words = _tesseract_words(path)
        return _text_lines(words), [], []
    top, bottom = rows_y[0][0], rows_y[-1][1]
    cols_x = _lines(
        _dark_counts(binary, False, (0, top, binary.width, bottom)), (bottom - top) * 0.6
    )
    if len(cols_x) < 6:
        words = _tesseract_words(path)
        return _text_lines(words), [], []
    # Erase the rules so Tesseract reads only the words.
    from PIL import ImageDraw

    clean = gray.copy()
    draw = ImageDraw.Draw(clean)
    left, right = cols_x[0][0], cols_x[-1][1]
    for y0, y1 in rows_y:
        draw.rectangle((left - 1, y0 - 1, right + 1, y1 + 1), fill=255)
    for x0, x1 in cols_x:
        draw.rectangle((x0 - 1, top - 1, x1 + 1, bottom + 1), fill=255)
    clean_path = path.with_suffix(".clean.png")
    clean.save(clean_path)
    words = _tesseract_words(clean_path)
    ink = clean.point(lambda v: 0 if v < 140 else 255, mode="L")

    bands = [(rows_y[i][1], rows_y[i + 1][0]) for i in range(len(rows_y) - 1)]
    columns = [(cols_x[i][1], cols_x[i + 1][0]) for i in range(len(cols_x) - 1)]
    cells: dict[tuple[int, int], list[dict]] = {}
    above, below = [], []
    for word in words:
        if word["y"] < top:
            above.append(word)
            continue
        if word["y"] > bottom:
            below.append(word)
            continue
        r = next((i for i, (a, b) in enumerate(bands) if a <= word["y"] <= b), None)
        c = next((i for i, (a, b) in enumerate(columns) if a <= word["x"] <= b), None)
        if r is not None and c is not None:
            cells.setdefault((r, c), []).append(word)
    table = []
    month_cols: list[int] = []
    for r, (y0, y1) in enumerate(bands):
        row = []
        for c in range(len(columns)):
            row.append(_reading_order(cells.get((r, c), [])))
        if (
            not month_cols
            and len(columns) >= 17
            and r >= 2
            and any(len(t) > 3 for t in row[: len(columns) - 13])
        ):
            month_cols = list(range(len(columns) - 13, len(columns) - 1))
        if not month_cols:
            digits = [c for c, t in enumerate(row) if t.isdigit() and 1 <= int(t) <= 12]
            if len(digits) >= 12 and [int(row[c]) for c in digits[:12]] == list(range(1, 13)):
                month_cols = digits[:12]
        elif not all(t.isdigit() for t in row if t):
            for c in month_cols:
                x0, x1 = columns[c]
                box = (x0 + 3, y0 + 3, x1 - 3, y1 - 3)
                area = max(1, (box[2] - box[0]) * (box[3] - box[1]))
                dark = ink.crop(box).histogram()[0] if box[2] > box[0] and box[3] > box[1] else 0
                row[c] = "√" if dark / area >= INK_SHARE else ""
        for c, t in enumerate(row):
            if c in month_cols or not t:
                continue
            conf = min(w["conf"] for w in cells.get((r, c), []))
            if conf < LOW_CONFIDENCE:
                low.append(
                    {
                        "page": page_number,
                        "cell": f"{column_letter(c)}{r + 1}",
                        "row": r + 1,
                        "text": t[:80],
                        "confidence": int(conf),
                    }
                )
        if len(columns) == 18 and row[0].strip().upper() in ("NO", "NO."):
            # The official layout: the month numbers under "PELAKSANAAN (BULAN)" share a band
            # with the titles once the short rule between them is gone; write them out.
            table.append([*row[:5], "PELAKSANAAN (BULAN)", *[""] * 11, row[17] or "KET"])
            table.append(["", "", "", "", "", *[str(m) for m in range(1, 13)], ""])
            low[:] = [
                item
                for item in low
                if not item["cell"].endswith(f"{column_letter(0)}{r + 1}")
                or item["page"] != page_number
            ]
            month_cols = list(range(5, 17))
            continue
        table.append(row)
    return _text_lines(above), table, _text_lines(below)


def scan_resolution(data: bytes, pages: int) -> int:
    """The resolution the pages were scanned at (the most common among the pages' largest
    images), or ``DPI`` when the PDF does not tell or tells something unreasonable."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    found: list[int] = []
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return DPI
    try:
        for index in range(min(pages, len(document))):
            page = document[index]
            best, best_px = 0.0, 0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
                try:
                    width, height = obj.get_px_size()
                    if width * height > best_px:
                        best_px, best = width * height, obj.get_metadata().horizontal_dpi
                except pypdfium2.PdfiumError:  # a broken image: the default resolution
                    continue
            if MIN_DPI <= best <= MAX_DPI:
                found.append(round(best))
    finally:
        document.close()
    return max(set(found), key=found.count) if found else DPI


_OCR_ZERO = re.compile(r"(?<=[\d./-])[Oo](?=\d)|(?<=\d)[Oo](?=[\d./-]|$)")
_OCR_ONE = re.compile(r"(?<=\d)[lI|](?=\d)|(?<=[./-])[lI|](?=\d)")


def ocr_number(text: str) -> str:
    """A decree number as OCR misreads it, mended: a letter O or l among its digits is the
    digit ("07/PP.O1-Kpt/2O24" is "07/PP.01-Kpt/2024")."""
    previous = None
    while previous != text:
        previous = text
        text = _OCR_ONE.sub("1", _OCR_ZERO.sub("0", text))
    return text


def read_scanned(data: bytes, pages: int):
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        raise TableReadError(
            _(
                "PDF ini hasil pindai (tanpa teks) dan perlu OCR, tetapi Tesseract atau "
                "pdftoppm tidak terpasang di server ini."
            )
        )
    low: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="renaksi-ocr-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603  # nosec B603
                [
                    shutil.which("pdftoppm") or "pdftoppm",
                    "-r",
                    str(scan_resolution(data, pages)),
                    "-gray",
                    "-png",
                    str(source),
                    str(Path(tmp) / "p"),
                ],
                capture_output=True,
                timeout=TIMEOUT,
                check=True,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise TableReadError(_("PDF ini rusak dan tidak dapat dibaca.")) from exc
        images = sorted(Path(tmp).glob("p*.png"))[:pages]
        parts = [_page(path, n, low) for n, path in enumerate(images, 1)]
    return rows_to_document(parts, ocr=True, low_confidence=low)
