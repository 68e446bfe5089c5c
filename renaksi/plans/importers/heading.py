"""The lampiran's own heading box ("Lampiran / Keputusan … / Nomor : … / Tentang : …").

Renaksi's lampiran (XLSX, PDF, DOCX) and most signed decrees print it above the table. A plan
read back from the lampiran alone recovers its decree number and *Tentang* from it.
"""

from __future__ import annotations

import re

from renaksi.plans.parsed import ParsedDecree

_NOMOR = re.compile(r"^\s*nomor\s*:\s*(.+)$", re.I)
_TENTANG = re.compile(r"^\s*tentang\s*:\s*(.*)$", re.I)
_KEPUTUSAN = re.compile(r"^\s*(lampiran\s+)?(keputusan\s+.+)$", re.I)
# Lines that end the box: the plan's own title printed in capitals under it.
_STOP = re.compile(r"^\s*(RENCANA AKSI|NO\b|AREA\b|DI LINGKUNGAN|TAHUN\s+\d{4})", re.I)


def read_heading(lines: list[str]) -> dict[str, str]:
    """``{"number", "about", "issuer_line"}`` found in ``lines`` (any key may be missing)."""
    out: dict[str, str] = {}
    about: list[str] | None = None
    for raw in lines:
        text = re.sub(r"\s+", " ", raw or "").strip()
        if not text:
            continue
        if about is not None:
            if _STOP.match(text) or _NOMOR.match(text) or text.isupper():
                out["about"] = " ".join(about).strip()
                about = None
            else:
                about.append(text)
                continue
        match = _NOMOR.match(text)
        if match and "number" not in out:
            out["number"] = match.group(1).strip()
            continue
        match = _TENTANG.match(text)
        if match and "about" not in out:
            about = [match.group(1).strip()]
            continue
        match = _KEPUTUSAN.match(text)
        if match and "issuer_line" not in out and "number" not in out:
            out["issuer_line"] = match.group(2).strip()
    if about is not None:
        out["about"] = " ".join(about).strip()
    return out


def apply_heading(decree: ParsedDecree, lines: list[str]) -> ParsedDecree:
    """Fill the decree's number, lampiran number and about from the heading box when empty."""
    found = read_heading(lines)
    number = found.get("number", "")[:200]
    if number:
        decree.lampiran_number = decree.lampiran_number or number
        decree.number = decree.number or number
    if found.get("about") and not decree.about:
        decree.about = found["about"]
    return decree


def read_signature(decree: ParsedDecree, lines: list[str]) -> ParsedDecree:
    """Place, date, signer's title and name from the closing under a lampiran:
    "Bengkulu Tengah, 10 Januari 2022" / "KETUA …" / "NAME"."""
    from renaksi.plans.importers.seed_text.text import parse_date

    texts = [re.sub(r"\s+", " ", t).strip() for t in lines if t and t.strip()]
    for i, text in enumerate(texts):
        place, sep, when = text.rpartition(",")
        date = parse_date(when.strip()) if sep else None
        if date is None:
            continue
        decree.place = decree.place or place.strip()[:100]
        decree.date_set = decree.date_set or date
        rest = texts[i + 1 :]
        if rest and not decree.signer_title:
            title = " ".join(rest[:-1]).rstrip(" ,")[:300] if len(rest) > 1 else ""
            decree.signer_title = title
        if rest and not decree.signer_name:
            decree.signer_name = rest[-1][:200]
        break
    return decree
