"""Cell values as people type them: Indonesian numbers, percentages, ticks and placeholders."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

PLACEHOLDERS = frozenset(["-", "–", "—", "--", "---", "n/a", "N/A", "nihil"])
MARKS = frozenset(["√", "✓", "✔", "☑", "v", "x", "ü", "ya", "*"])
_NUMBER_PREFIX = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*|[A-Za-z])([.)])\s+(\S.*)$", re.S)
_ID_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_ID_DECIMAL = re.compile(r"-?\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"-?\d*\.\d+")
_EN_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def is_placeholder(value) -> bool:
    return isinstance(value, str) and value.strip() in PLACEHOLDERS


def split_number(text: str) -> tuple[str, str]:
    """ "1. Perencanaan" → ("1", "Perencanaan"); "a) SK" → ("a)", "SK"); no number → ("", text)."""
    match = _NUMBER_PREFIX.match(text.strip())
    if not match:
        return "", text.strip()
    number, sep, rest = match.groups()
    return (number + ")" if sep == ")" else number), rest.strip()


def parse_decimal(value) -> tuple[Decimal | None, bool]:
    """A number and whether it was written with a % sign; (None, False) when not a number.

    Indonesian first: "1.234,5" and "12,5"; then "12.5" and "1,234.5" as typed elsewhere.
    """
    if isinstance(value, Decimal):
        return value, False
    text = str(value).replace(" ", "").replace("\xa0", "")
    percent = text.endswith("%")
    text = text.rstrip("%")
    if _ID_THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif _ID_DECIMAL.fullmatch(text):
        text = text.replace(",", ".")
    elif _EN_THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif not _DOT_DECIMAL.fullmatch(text):
        return None, False
    try:
        return Decimal(text), percent
    except InvalidOperation:
        return None, False


def plain(value: Decimal) -> Decimal:
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
