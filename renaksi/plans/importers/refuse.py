"""Files that are not plans: evaluation worksheets (LKE/KKE), HTML pages, Markdown.

They are recognised by content and refused with a message that says what the file is and where
it belongs (an evaluation worksheet goes to *Evaluasi*), never read as a plan.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_LKE_WORDS = re.compile(
    r"\b(lke|kke|lembar kerja evaluasi|kertas kerja evaluasi|pilar|sub ?pilar|bobot|"
    r"jawaban|nilai (unit|evaluator)|komponen pengungkit|komponen hasil|pmprb)\b",
    re.I,
)
_LKE_TITLE = re.compile(r"\b(lke|kke|lembar kerja evaluasi|kertas kerja evaluasi)\b", re.I)


def evaluation_message(name: str) -> str:
    return _(
        "Berkas %(name)s adalah lembar kerja evaluasi (LKE/KKE), bukan rencana aksi. Unggah "
        "di menu Evaluasi; impor rencana aksi hanya menerima keputusan, lampiran rencana aksi "
        "atau JSON Renaksi."
    ) % {"name": name}


def looks_like_evaluation(sheet_names: list[str], texts: list[str]) -> bool:
    """An LKE/KKE workbook: named so in a sheet name or title, or with its columns
    (komponen, pilar, bobot, jawaban, nilai) and no plan columns."""
    if any(_LKE_TITLE.search(name) for name in sheet_names):
        return True
    head = " ".join(texts[:400])
    if _LKE_TITLE.search(head):
        return True
    words = {m.group(0).lower() for m in _LKE_WORDS.finditer(head)}
    plan_words = re.search(r"indikator keberhasilan|area perubahan|sub kegiatan", head, re.I)
    return len(words) >= 3 and not plan_words


def markup_kind(data: bytes) -> str | None:
    """ "html" or "markdown" when the bytes are such a document, else None."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or re.search(
        rb"<(table|tr|td|body|div)\b", head
    ):
        return "html"
    text = data[:20000].decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    pipe_rows = sum(1 for line in lines if line.startswith("|") and line.endswith("|"))
    separator = any(re.fullmatch(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?", ln) for ln in lines)
    headings = sum(1 for line in lines if re.match(r"^#{1,6}\s+\S", line))
    if (pipe_rows >= 2 and separator) or (headings >= 1 and "\t" not in text):
        return "markdown"
    return None


def markup_message(name: str, kind: str) -> str:
    what = _("halaman HTML") if kind == "html" else _("dokumen Markdown")
    return _(
        "Berkas %(name)s adalah %(what)s, bukan rencana aksi yang dapat diimpor. Simpan "
        "tabelnya sebagai XLSX atau CSV, atau unggah PDF/teks keputusannya. Tabel penilaian "
        "(LKE/KKE) diunggah di menu Evaluasi."
    ) % {"name": name, "what": what}
