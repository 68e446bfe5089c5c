"""The kind of data dukung an indicator names, and whether the evidence attached matches it.

Evaluators read the indicator ("Tersedianya SK Tim RB", "Dokumentasi sosialisasi", "Publikasi di
laman") and expect evidence of that kind: the signed SK as a document, photographs for a
documentation, a link for a publication on a website. An indicator that names no kind leaves the
officer guessing, and evidence of another kind (a photo where the SK is named) costs points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from renaksi.monitoring.models import Evidence

IMAGES = {"png", "jpeg", "gif", "webp"}
DOCUMENTS = {"pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt"}


@dataclass(frozen=True)
class EvidenceType:
    code: str
    name: object  # lazy translation
    words: tuple[str, ...]

    def accepts(self, kind: str, content_type: str) -> bool:
        """Whether one evidence item (``Evidence.kind``, ``Evidence.content_type``) fits."""
        if self.code == "link":
            # A screenshot of the page is accepted beside the link itself.
            return kind == Evidence.Kind.LINK or content_type in IMAGES
        if self.code == "photo":
            # Photographs, or a document that compiles them.
            return kind == Evidence.Kind.FILE and content_type in IMAGES | {"pdf", "pptx", "docx"}
        # A document: a file of a document type, or a link to one (drive, JDIH page).
        return kind == Evidence.Kind.LINK or content_type in DOCUMENTS


# Matched as whole words, case-insensitively, in the indicator's text. Order is the display order.
TYPES = (
    EvidenceType(
        "document",
        _("dokumen"),
        (
            "sk",
            "keputusan",
            "surat",
            "surat edaran",
            "laporan",
            "notulen",
            "notula",
            "dokumen",
            "sop",
            "peraturan",
            "perjanjian",
            "pakta integritas",
            "berita acara",
            "rencana",
            "kebijakan",
            "piagam",
            "nota",
            "daftar hadir",
            "undangan",
            "pedoman",
            "juknis",
            "modul",
            "kajian",
            "rekapitulasi",
            "rekap",
            "lke",
            "instrumen",
            "hasil survei",
            "hasil evaluasi",
            "hasil monitoring",
        ),
    ),
    EvidenceType(
        "photo",
        _("foto/dokumentasi"),
        ("foto", "dokumentasi", "spanduk", "banner", "baliho", "poster", "papan", "video"),
    ),
    EvidenceType(
        "link",
        _("tautan/laman"),
        (
            "laman",
            "website",
            "situs",
            "tautan",
            "link",
            "media sosial",
            "medsos",
            "publikasi",
            "aplikasi",
            "portal",
            "daring",
            "online",
        ),
    ),
)
_PATTERNS = [
    (t, re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in t.words))) for t in TYPES
]


def named_types(text: str) -> list[EvidenceType]:
    """The kinds of evidence an indicator's text names (none, one or several)."""
    low = (text or "").lower()
    return [t for t, pattern in _PATTERNS if pattern.search(low)]


def evidence_matches(types: list[EvidenceType], items: list[tuple[str, str]]) -> bool:
    """True when some evidence item fits some named kind (or nothing is named or attached)."""
    if not types or not items:
        return True
    return any(t.accepts(kind, content_type) for t in types for kind, content_type in items)


def describe(items: list[tuple[str, str]]) -> str:
    """What was attached, in words: "gambar", "tautan", "PDF"…"""
    labels = []
    for kind, content_type in items:
        if kind == Evidence.Kind.LINK:
            label = str(_("tautan"))
        elif content_type in IMAGES:
            label = str(_("gambar"))
        else:
            label = content_type.upper()
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)
