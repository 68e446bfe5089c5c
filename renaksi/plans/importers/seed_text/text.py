"""Small text helpers shared by the decree and table readers: cleaning, numbering, dates."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

TICK = "√"

MONTHS_ID = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "nopember": 11,
    "november": 11,
    "desember": 12,
}
_MONTH_ALT = "|".join(MONTHS_ID)
DATE_RE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_ALT})\s+(\d{{4}})\b", re.IGNORECASE)
MONTH_YEAR_RE = re.compile(rf"\bbulan\s+({_MONTH_ALT})\s+(?:tahun\s+)?(\d{{4}})\b", re.IGNORECASE)

# "1. x", "1.x", "1) x", "a. x": the number a secretariat writes before an item.
_MARKER_RE = re.compile(r"^(?:(\d{1,2})|([a-zA-Z]))\s*[.)]\s*(?=\S)")
_PURE_NUMBER_RE = re.compile(r"^(\d{1,2})\s*\.?$")


def clean(text: str) -> str:
    """Drop markdown emphasis left by the PDF-to-text step and squeeze whitespace."""
    text = re.sub(r"^\s*#+\s*", "", text or "")
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Marker:
    """The item number in front of a cell: kind is "num", "let", "pure" (only a number) or ""."""

    kind: str
    value: int  # 1-based for both numbers and letters (a=1)
    label: str  # as written, without the dot: "3", "a"
    body: str  # the text after the number

    @property
    def numbered(self) -> bool:
        return self.kind in ("num", "let")


def marker_of(text: str) -> Marker:
    text = clean(text)
    pure = _PURE_NUMBER_RE.match(text)
    if pure:
        return Marker("pure", int(pure.group(1)), pure.group(1), "")
    match = _MARKER_RE.match(text)
    if not match:
        return Marker("", 0, "", text)
    body = text[match.end() :].strip()
    if match.group(1):
        return Marker("num", int(match.group(1)), match.group(1), body)
    letter = match.group(2).lower()
    return Marker("let", ord(letter) - ord("a") + 1, letter, body)


def similar(a: str, b: str) -> bool:
    """Two cell texts that are the same item printed twice (merged cell spill).

    Same number and the same words, allowing one word to differ ("b. pengendalian resiko" /
    "b. penilaian resiko"): the spill sometimes comes from a slightly different draft.
    """
    a, b = clean(a).lower(), clean(b).lower()
    if a == b:
        return True
    ma, mb = marker_of(a), marker_of(b)
    if ma.kind != mb.kind or ma.label != mb.label:
        return False
    wa, wb = ma.body.split(), mb.body.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    return sum(x != y for x, y in zip(wa, wb, strict=True)) <= 1


def split_enumeration(text: str) -> list[Marker] | None:
    """Split "1. x 2. y" printed in one cell into its numbered items, else None."""
    first = marker_of(text)
    if first.kind != "num":
        return None
    parts = []
    expected = first.value
    rest = clean(text)
    while True:
        nxt = re.search(rf"\s{expected + 1}\s*\.\s+(?=\S)", rest)
        if not nxt:
            parts.append(marker_of(rest))
            break
        parts.append(marker_of(rest[: nxt.start()]))
        rest = rest[nxt.start() :].strip()
        expected += 1
    return parts if len(parts) > 1 else None


def parse_date(text: str) -> datetime.date | None:
    match = DATE_RE.search(text or "")
    if not match:
        return None
    day, month, year = int(match.group(1)), MONTHS_ID[match.group(2).lower()], int(match.group(3))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def format_date_id(value: datetime.date) -> str:
    """ "10 Januari 2022": the way dates are written in the decree (params are data, not UI)."""
    name = next(k for k, v in MONTHS_ID.items() if v == value.month and k != "pebruari")
    name = "November" if value.month == 11 else name.capitalize()
    return f"{value.day} {name} {value.year}"
