"""What every CSV the administrators load shares: decoding, dialect, header columns, limits."""

from __future__ import annotations

import csv

from django.utils.translation import gettext as _

MAX_ROWS = 50_000
MAX_FIELD = 200


class UnitsLoadError(ValueError):
    """The file cannot be loaded; ``problems`` lists each row's reason (line, message)."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _decode(data: bytes, source_name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnitsLoadError(
            _("%(file)s bukan teks UTF-8 (bait ke-%(pos)d).")
            % {"file": source_name, "pos": exc.start}
        ) from exc
    if "\x00" in text:
        raise UnitsLoadError(
            _("%(file)s memuat karakter NUL: bukan berkas CSV.") % {"file": source_name}
        )
    return text


def _dialect(lines: list[str]):
    try:
        return csv.Sniffer().sniff(lines[0] if lines else "", delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: list[str], known: dict[str, tuple[str, ...]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for name, aliases in known.items():
            if key in aliases and name not in columns:
                columns[name] = index
    return columns
