"""Reading the decree part (Keputusan) and the lampiran heading that precede the table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from renaksi.plans.importers.seed_text.text import (
    MONTH_YEAR_RE,
    MONTHS_ID,
    clean,
    marker_of,
    month_end,
    parse_date,
)
from renaksi.plans.parsed import Finding, ParsedDecree

# Section starts, in document order; the label may follow a list bullet ("- Menimbang :").
_SECTIONS = [
    ("considering", re.compile(r"^menimbang\b\s*:?\s*", re.IGNORECASE)),
    ("observing", re.compile(r"^mengingat\b\s*:?\s*", re.IGNORECASE)),
    ("deciding", re.compile(r"^memutuskan\b\s*:?\s*", re.IGNORECASE)),
]
_DITETAPKAN_RE = re.compile(r"^ditetapkan\s+di\s+(.+)$", re.IGNORECASE)
_NOMOR_RE = re.compile(r"^nomor\s*:?\s*(.+)$", re.IGNORECASE)
_CONTINUATION_RE = re.compile(r"(\.\.\.|…)\s*$")
_YEAR_RE = re.compile(r"\btahun\s+(\d{4})\b", re.IGNORECASE)

# Fields a complete decree has; a missing one is reported, never raised.
_REQUIRED = (
    "issuer",
    "number",
    "about",
    "place",
    "date_set",
    "signer_name",
    "signer_title",
    "considering",
    "observing",
    "deciding",
    "lampiran_number",
)


@dataclass
class DecreeResult:
    decree: ParsedDecree
    findings: list[Finding]
    year: int | None
    lampiran_number_line: int | None
    validity_line: int | None


def _unbullet(text: str) -> str:
    return re.sub(r"^\s*[-•]\s+", "", text)


def parse_decree(lines: list[str], table_start: int) -> DecreeResult:
    """Read lines[0:table_start] (0-based list, 1-based line numbers in findings)."""
    decree = ParsedDecree()
    findings: list[Finding] = []
    body = [(i + 1, clean(_unbullet(raw))) for i, raw in enumerate(lines[:table_start])]

    lampiran_at = next(
        (k for k, (_, t) in enumerate(body) if re.match(r"^lampiran\b", t, re.IGNORECASE)),
        len(body),
    )
    decree_part, lampiran_part = body[:lampiran_at], body[lampiran_at:]

    _read_heading(decree_part, decree)
    sections = _split_sections(decree_part)
    decree.considering = "\n".join(_items(sections.get("considering", []), findings))
    decree.observing = "\n".join(_items(sections.get("observing", []), findings))
    deciding = sections.get("deciding", [])
    decree.deciding = "\n".join(_items(deciding, findings, by_label=True))
    _read_signature(sections.get("signature", []), decree)
    validity_line = _read_validity(decree, findings, deciding)

    lampiran_line = None
    for line, text in lampiran_part:
        match = _NOMOR_RE.match(text)
        if match:
            decree.lampiran_number = match.group(1).strip()
            lampiran_line = line
            break

    year_match = _YEAR_RE.search(decree.about)
    year = int(year_match.group(1)) if year_match else None
    if year is None and decree.date_set:
        year = decree.date_set.year

    if (
        decree.number
        and decree.lampiran_number
        and _norm(decree.number) != _norm(decree.lampiran_number)
    ):
        findings.append(
            Finding(
                "decree_number_mismatch",
                "warning",
                lampiran_line,
                {"number": decree.number, "lampiran_number": decree.lampiran_number},
            )
        )
    for field_name in _REQUIRED:
        if not getattr(decree, field_name):
            findings.append(Finding("decree_field_missing", "warning", None, {"field": field_name}))
    return DecreeResult(decree, findings, year, lampiran_line, validity_line)


def _norm(number: str) -> str:
    return re.sub(r"\s+", "", number).casefold()


def _read_heading(part: list[tuple[int, str]], decree: ParsedDecree) -> None:
    """Issuer lines, then KEPUTUSAN…, NOMOR…, TENTANG + subject, up to the first section."""
    texts = [t for _, t in part]
    issuer: list[str] = []
    k = 0
    while k < len(texts) and not re.match(r"^(keputusan|nomor)\b", texts[k], re.IGNORECASE):
        if texts[k] and texts[k].upper() != "SALINAN":
            issuer.append(texts[k])
        k += 1
    # Without a KEPUTUSAN heading the lines are not an issuer but something else.
    if k < len(texts):
        decree.issuer = " ".join(issuer)
    for j in range(k, len(texts)):
        match = _NOMOR_RE.match(texts[j])
        if match and not decree.number:
            decree.number = match.group(1).strip()
        if re.match(r"^tentang\b", texts[j], re.IGNORECASE):
            about = [re.sub(r"^tentang\s*:?\s*", "", texts[j], flags=re.IGNORECASE)]
            for nxt in texts[j + 1 :]:
                if not nxt:
                    if any(about):
                        break
                    continue
                # Text from a PDF has no blank line after the subject: it ends at the
                # issuer's "KETUA …," line or at the first section.
                if any(about) and _ends_heading(nxt):
                    break
                about.append(nxt)
            decree.about = " ".join(a for a in about if a)
            break


def _ends_heading(text: str) -> bool:
    if any(pattern.match(text) for _, pattern in _SECTIONS):
        return True
    return text.rstrip().endswith(",") and text.upper() == text


def _split_sections(part: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current = None
    for line, text in part:
        for name, pattern in _SECTIONS:
            match = pattern.match(text)
            if match and name not in sections:
                current = name
                sections[name] = []
                text = text[match.end() :]
                break
        if _DITETAPKAN_RE.match(text):
            current = "signature"
            sections.setdefault("signature", [])
        if current:
            sections[current].append((line, text))
    return sections


def _items(
    section: list[tuple[int, str]], findings: list[Finding], by_label: bool = False
) -> list[str]:
    """Join a section's lines into its items, dropping page-break markers.

    A page break in the source leaves a preview of the next page's first words ("Umum...",
    "9. Keputusan...") and splits the item that spans the break; both are repaired here.
    """
    lines = [(line, text) for line, text in section if text]
    items: list[str] = []
    for k, (line, text) in enumerate(lines):
        if _CONTINUATION_RE.search(text):
            preview = _CONTINUATION_RE.sub("", text).strip()
            following = lines[k + 1][1] if k + 1 < len(lines) else ""
            if preview and following.lower().startswith(preview.lower()):
                findings.append(Finding("page_break_marker", "info", line, {"text": text}))
                continue
        starts_item = re.match(r"^[A-Za-z]+\s*:", text) if by_label else marker_of(text).numbered
        if starts_item or not items:
            items.append(text)
        else:
            items[-1] = f"{items[-1]} {text}"
    if by_label:
        items = [re.sub(r"^([A-Za-z]+)\s*:\s*", r"\1 : ", item) for item in items]
    return items


def _read_signature(section: list[tuple[int, str]], decree: ParsedDecree) -> None:
    texts = [t for _, t in section if t]
    if not texts:
        return
    match = _DITETAPKAN_RE.match(texts[0])
    if match:
        # "Ditetapkan di Bengkulu Tengah pada tanggal 10 Januari 2022" may be one line.
        place, _, rest = match.group(1).partition(" pada tanggal")
        decree.place = place.strip(" ,")
        decree.date_set = parse_date(rest)
    title: list[str] = []
    after_date = decree.date_set is not None
    for k, text in enumerate(texts[1:], start=1):
        if not after_date:
            date = parse_date(text)
            if date:
                decree.date_set = date
                after_date = True
            continue
        if text.lower().rstrip(".") == "ttd" or text.lower().startswith("salinan sesuai"):
            rest = [t for t in texts[k + 1 :] if t]
            if text.lower().rstrip(".") == "ttd" and rest:
                decree.signer_name = rest[0]
            break
        title.append(text)
    else:
        # Signed by hand (a scan, or a PDF of the signed page): no "ttd", the name is the
        # last line under the title, which ends with a comma.
        if len(title) >= 2 and not decree.signer_name and title[-2].rstrip().endswith(","):
            decree.signer_name = title.pop()
    decree.signer_title = " ".join(title).strip(" ,")


def _read_validity(
    decree: ParsedDecree, findings: list[Finding], deciding: list[tuple[int, str]]
) -> int | None:
    for line, text in deciding:
        if "berlaku" not in text.lower():
            continue
        sentence = re.sub(r"^[A-Za-z]+\s*:\s*", "", text).strip()
        decree.validity_text = sentence
        lowered = sentence.lower()
        start, _, end = lowered.partition("sampai")
        if "tanggal ditetapkan" in start:
            decree.valid_from = decree.date_set
        else:
            decree.valid_from = parse_date(start)
        if end:
            until = parse_date(end)
            if until is None:
                month_year = MONTH_YEAR_RE.search(end)
                if month_year:
                    until = month_end(
                        int(month_year.group(2)), MONTHS_ID[month_year.group(1).lower()]
                    )
            decree.valid_until = until
            if until is None:
                findings.append(Finding("validity_unparsed", "warning", line, {"text": sentence}))
        return line
    return None
