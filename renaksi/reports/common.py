"""What the lampiran and the decree share: paper, language, the decree's words, its signature.

Every function here is pure: a plan (with its decree) in, plain strings and lists out. The
writers (XLSX, PDF, DOCX) only lay these out.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from renaksi.plans.models import Decree, Plan

PAPERS = ("a4", "f4")
DATE_BLANK = "…" * 12
# Width × height in millimetres, portrait. F4 (folio) is the size Indonesian offices print on.
PAPER_MM = {"a4": (210, 297), "f4": (215, 330)}


class DocumentError(ValueError):
    """A document that cannot be made as asked; the message is for the user."""


def check_paper(paper: str) -> str:
    if paper not in PAPERS:
        raise DocumentError(_("Ukuran kertas %(paper)s tidak dikenal.") % {"paper": paper})
    return paper


@contextlib.contextmanager
def document_language(language: str | None):
    """Official documents are in Bahasa Indonesia (UU 24/2009) whatever the viewer's language.

    ``language`` lets a caller ask for another one, e.g. an English courtesy copy.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        yield


def long_date(value) -> str:
    """``date(2022, 1, 10)`` → ``"10 Januari 2022"`` in the active language."""
    return formats.date_format(value, "j F Y") if value else ""


def number_text(value) -> str:
    """A target value as people write it: ``2,5`` and ``1.234`` in Indonesian."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


# Kept in capitals when a text typed in capitals is put in title case.
ACRONYMS = frozenset(
    ["KPU", "RI", "RB", "ASN", "PNS", "SK", "UU", "PP", "DPR", "DPRD", "SOP", "SOTK", "SPBE"]
    + ["SPIP", "PPID", "TIK", "LHKPN", "LHKASN", "ZI", "WBK", "WBBM"]
)
# Written in lower case inside a title, as Indonesian titles write them.
SMALL_WORDS = frozenset(
    "di dan ke dari yang untuk pada atas dengan tentang dalam serta atau oleh bagi".split()
)


def _title_word(word: str, first: bool) -> str:
    bare = word.strip(".,;:()")
    if bare in ACRONYMS:
        return word
    if not first and bare.lower() in SMALL_WORDS:
        return word.lower()
    return re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), word)


def readable_case(text: str) -> str:
    """Text typed in capitals → title case for the lampiran box ("… di Lingkungan KPU …").

    Text in mixed case is left as typed.
    """
    if not text.isupper():
        return text
    return " ".join(_title_word(word, i == 0) for i, word in enumerate(text.split()))


# --- decree header and signature -------------------------------------------------------------


# Where a title is broken over two lines: before the region, as decrees print it
# ("KETUA KOMISI PEMILIHAN UMUM" / "KABUPATEN BENGKULU TENGAH,").
_REGION = re.compile(r"\s+(?=(?:PROVINSI|KABUPATEN|KOTA)\b)")


def two_lines(text: str) -> str:
    return "\n".join(_REGION.split(text, maxsplit=1))


@dataclass
class Signature:
    place_date: str  # "Bengkulu Tengah, 10 Januari 2022"
    place: str
    date: str
    title: str  # "KETUA KOMISI PEMILIHAN UMUM\nKABUPATEN BENGKULU TENGAH,"
    name: str


@dataclass
class DecreeHeader:
    """The words at the top of the lampiran and of the decree."""

    issuer: str  # upper case: KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH
    number: str
    lampiran_number: str
    about: str  # as written in the decree
    lampiran_of: str  # "Keputusan Komisi Pemilihan Umum Kabupaten Bengkulu Tengah"
    about_readable: str  # "Rencana Aksi … Tahun 2022" for the lampiran box
    title_lines: list[str]  # the lampiran's three-line title
    signature: Signature


def _decree(plan: Plan) -> Decree:
    return plan.decree or Decree()


def decree_header(plan: Plan) -> DecreeHeader:
    decree = _decree(plan)
    issuer_name = " ".join((decree.issuer or plan.unit.name).split())
    issuer = issuer_name.upper()
    about = " ".join(decree.about.split()) or _(
        "Rencana Aksi Reformasi Birokrasi di Lingkungan %(unit)s Tahun %(year)s"
    ) % {"unit": readable_case(issuer_name), "year": plan.year}
    place = decree.place or plan.unit.place
    # An undated decree is a draft: leave room to write the date by hand.
    date = long_date(decree.date_set) or DATE_BLANK
    place_date = _("%(place)s, %(date)s") % {"place": place, "date": date} if place else date
    signer_title = " ".join((decree.signer_title or "").split()).rstrip(",")
    return DecreeHeader(
        issuer=issuer,
        number=decree.number,
        lampiran_number=decree.lampiran_number or decree.number,
        about=about,
        lampiran_of=_("Keputusan %(issuer)s") % {"issuer": readable_case(issuer_name)},
        about_readable=readable_case(about),
        title_lines=[
            plan_kind_title(plan),
            _("DI LINGKUNGAN %(unit)s") % {"unit": issuer},
            _("TAHUN %(year)s") % {"year": plan.year},
        ],
        signature=Signature(
            place_date=place_date,
            place=place,
            date=date,
            title=two_lines(f"{signer_title},") if signer_title else "",
            name=decree.signer_name,
        ),
    )


def plan_kind_title(plan) -> str:
    """The documents' title line; an RB Tematik plan says so, with its theme."""
    if getattr(plan, "kind", "general") != "tematik":
        return _("RENCANA AKSI REFORMASI BIROKRASI")
    title = _("RENCANA AKSI REFORMASI BIROKRASI TEMATIK")
    return f"{title}: {plan.theme.upper()}" if plan.theme else title


# --- the decree's body: Menimbang, Mengingat, MEMUTUSKAN ---------------------------------------

# "a.", "b)", "(c)", "1.", "10)", "(2)" at the start of a line, then the item's text.
_MARKER = re.compile(r"^(\(?[a-z]\)|[a-z]\.|\(?\d{1,3}\)|\d{1,3}\.)\s+(.*)$", re.IGNORECASE)
# Items run together on one line: "…Tahun 2022; b. bahwa …".
_RUN_ON = re.compile(r"(?<=;)\s+(?=(?:[a-z]|\d{1,3})[.)]\s)")
# "Menetapkan :", "KESATU :", "KEDUA:" at the start of a line.
_DICTUM = re.compile(r"^([A-Z][A-Za-z]{2,19})\s*:\s*(.*)$")


@dataclass
class Item:
    marker: str
    text: str


def split_items(text: str) -> list[Item]:
    """A numbered or lettered list typed as lines → items; unmarked lines continue the last one."""
    items: list[Item] = []
    for raw in (text or "").splitlines():
        for line in _RUN_ON.split(raw.strip()):
            line = " ".join(line.split())
            if not line:
                continue
            match = _MARKER.match(line)
            if match:
                items.append(Item(match[1], match[2]))
            elif items:
                items[-1].text = f"{items[-1].text} {line}"
            else:
                items.append(Item("", line))
    return items


def split_dicta(text: str) -> list[Item]:
    """``"Menetapkan : …\\nKESATU : …"`` → items labelled Menetapkan, KESATU, …"""
    items: list[Item] = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        match = _DICTUM.match(line)
        if match:
            items.append(Item(match[1], match[2]))
        elif items:
            items[-1].text = f"{items[-1].text} {line}"
        else:
            items.append(Item("", line))
    return items


def default_dicta(plan: Plan, header: DecreeHeader) -> list[Item]:
    """The usual three dicta, for a decree imported without its MEMUTUSKAN part."""
    decree = _decree(plan)
    signer = (decree.signer_title or "").strip().rstrip(",").upper() or header.issuer
    return [
        Item(
            _("Menetapkan"),
            _("KEPUTUSAN %(signer)s TENTANG %(about)s.")
            % {"signer": signer, "about": header.about.upper().rstrip(".")},
        ),
        Item(
            _("KESATU"),
            _(
                "Menetapkan %(about)s sebagaimana tercantum dalam lampiran yang merupakan "
                "bagian tidak terpisahkan dari keputusan ini."
            )
            % {"about": header.about_readable.rstrip(".")},
        ),
        Item(
            _("KEDUA"),
            decree.validity_text or _("Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ),
    ]


# --- file names ------------------------------------------------------------------------------


def download_name(kind: str, plan: Plan, extension: str) -> str:
    """``Lampiran_RB_17.09_2022.xlsx``: only letters, digits, dot, dash and underscore."""
    code = re.sub(r"[^A-Za-z0-9.-]+", "-", plan.unit.code).strip("-") or str(plan.unit_id)
    return f"{kind}_RB_{code}_{plan.year}.{extension}"


def monev_prefix(span_kind: str, number: int) -> str:
    """``Monev_triwulan1``, the period word in the active language (``Monev_quarter1`` in
    English): an Indonesian page offers no English file name. A year is plain ``Monev``."""
    from renaksi.core.periods import period_kind_noun

    if span_kind == "year":
        return "Monev"
    word = re.sub(r"[^a-z0-9]+", "-", str(period_kind_noun(span_kind)).lower()).strip("-")
    return f"Monev_{word}{number}"


def monev_download_name(plan: Plan, span_kind: str, number: int, extension: str) -> str:
    """``Monev_triwulan1_RB_17.09_2022.pdf`` (see ``monev_prefix``)."""
    return download_name(monev_prefix(span_kind, number), plan, extension)
