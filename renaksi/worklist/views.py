"""Helpers the pages showing *Tugas saya* share (the page itself is the home page, ``home``)."""

from __future__ import annotations

from datetime import date


def date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
