"""Query-string values read leniently: a malformed value is as good as none (the page shows its
default rather than an error, as for a hand-edited or truncated link)."""

from __future__ import annotations

from datetime import date


def int_or_none(value) -> int | None:
    """``"12"`` → 12; ``None``, ``""`` or anything not an integer → ``None``."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def pk_or_none(value) -> int | None:
    """A primary key chosen in a form: ``"12345"`` → 12345; anything not a positive integer →
    ``None``. No upper bound: keys on a long-lived database run to any size."""
    number = int_or_none(value)
    return number if number is not None and number > 0 else None


def date_or_none(value: str | None) -> date | None:
    """``"2022-09-15"`` → that day; ``None``, ``""`` or anything not an ISO date → ``None``."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
