"""Documents laid out by Typst (the ``typst`` package: the typesetter's Rust library with a
Python binding), in a child process, one document at a time per process.

A template (``templates/reports/*.typ``) reads its data from ``data.json``: every text arrives
as a JSON string, already translated, and Typst inserts a string as text, never as markup, so
nothing a user typed can change the layout. The bench's yearly monitoring report takes
0.8 s instead of WeasyPrint's 10 s here (``python -m bench.documents``, README *Documents*).

Why a child process: the binding keeps Typst's memoisation caches for the life of the process,
so each document of a different content adds its memory to the process, up to about ten
documents (measured: 153 MB after the bench's yearly report, 613 MB after six). The child
starts with nothing but the binding, renders one document and exits (about 170 MB at its peak
for that report), so the worker keeps its own size. A Typst render and a WeasyPrint render
take the same lock (``pdf_writer.ONE_DOCUMENT_AT_A_TIME``): the worker's two threads never hold
two documents at once. Fonts: Liberation Sans (Arial's metrics, Debian's fonts-liberation2) and
DejaVu Sans for the characters it lacks, from ``settings.DOCUMENT_FONT_DIRS``; no system font
is searched, so a document prints the same on every machine that has those two.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from renaksi.reports.pdf_writer import ONE_DOCUMENT_AT_A_TIME

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "reports"
CHILD = Path(__file__).with_name("typst_child.py")
TIMEOUT_S = 300


class TypstError(RuntimeError):
    """The typesetter stopped without a document (a template error, or killed)."""


def typst_pdf(template: str, data: dict) -> bytes:
    """The PDF of ``templates/reports/<template>`` with ``data`` as its ``data.json``."""
    with ONE_DOCUMENT_AT_A_TIME, tempfile.TemporaryDirectory(prefix="renaksi-typst-") as folder:
        root = Path(folder)
        (root / "main.typ").write_bytes((TEMPLATES / template).read_bytes())
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        fonts = [str(p) for p in settings.DOCUMENT_FONT_DIRS if Path(p).is_dir()]
        result = subprocess.run(  # noqa: S603 (our interpreter, our module, our folder)
            [sys.executable, str(CHILD), folder, *fonts],
            capture_output=True,
            timeout=TIMEOUT_S,
            # One layout thread: as fast here (0.65 s against 0.70 s for the bench's yearly
            # report), and a render never takes both cores from the web processes.
            env={"PATH": os.environ.get("PATH", ""), "RAYON_NUM_THREADS": "1"},
            cwd=folder,
        )
        out = root / "out.pdf"
        if result.returncode != 0 or not out.exists():
            raise TypstError(result.stderr.decode(errors="replace")[-2000:])
        return out.read_bytes()


# How tall a table's text may be and still be kept whole on a page, in lines of 7.5 pt text
# 9 pt apart (CSS line-height 1.2): three quarters of what a page holds under the table's
# header. Typst cuts off what an unbreakable row cannot fit on a page, so the templates let a
# row (or a merged cell) estimated taller break across pages instead: a realisation's narrative
# has no length limit, and a plan imported from a document carries texts of up to 5,000
# characters. The estimate counts an average character as 0.55 em, wider than Liberation
# Sans' lower case, so it errs towards breaking.
LINE_PT, CHAR_EM, FONT_PT = 9.0, 0.55, 7.5
HEADER_LINES, PAGE_SHARE = 5, 0.75


def text_lines(text: str, width_mm: float) -> int:
    """About how many lines ``text`` takes in a column ``width_mm`` wide (insets taken off)."""
    per_line = max(1, int((width_mm * 72 / 25.4 - 4) / (CHAR_EM * FONT_PT)))
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def too_tall(cells: Iterable[tuple[str, float]], body_mm: float) -> bool:
    """Whether the tallest of ``cells`` ((text, column width in mm), …) is too tall to be kept
    whole on a page whose body (inside the margins) is ``body_mm`` tall."""
    limit = int((body_mm * 72 / 25.4 / LINE_PT - HEADER_LINES) * PAGE_SHARE)
    return max((text_lines(text, width) for text, width in cells), default=0) > limit


_PLACEHOLDER = re.compile(r"%\((number|total)\)s")


def label_parts(label: str) -> list[dict]:
    """``"Halaman %(number)s dari %(total)s"`` → text, page number, text, page count: the
    translated words in the order the translation puts them."""
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(str(label)):
        if match.start() > position:
            parts.append({"kind": "text", "text": label[position : match.start()]})
        parts.append({"kind": match[1]})
        position = match.end()
    if position < len(label):
        parts.append({"kind": "text", "text": label[position:]})
    return parts
