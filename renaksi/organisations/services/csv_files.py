"""What every CSV the administrators load shares: decoding, dialect, header columns, limits."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

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


def csv_records(
    data: bytes, *, source_name: str, headers: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, values by column name) for each non-blank row of a CSV with a header row.

    Comment lines (``#``) are skipped, the delimiter is sniffed, the header's titles are matched
    against ``headers`` (aliases per column name; every name is in ``values``, "" when absent).
    Raises ``UnitsLoadError`` for an unreadable file, a missing ``required`` column, more than
    ``MAX_ROWS`` rows or a CSV syntax error, naming the file and the line.
    """
    text = _decode(data, source_name)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)), _dialect(lines))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnitsLoadError(_("%(file)s kosong.") % {"file": source_name}) from exc
    columns = _columns(header, headers)
    missing = [n for n in required if n not in columns]
    if missing:
        raise UnitsLoadError(
            _("%(file)s: kolom %(cols)s tidak ditemukan di baris judul (yang dibaca: %(header)s).")
            % {"file": source_name, "cols": ", ".join(missing), "header": ", ".join(header)[:300]}
        )
    count = 0
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            count += 1
            if count > MAX_ROWS:
                raise UnitsLoadError(
                    _("%(file)s memuat lebih dari %(max)d baris.")
                    % {"file": source_name, "max": MAX_ROWS}
                )
            yield (
                line,
                {
                    name: (
                        record[columns[name]].strip()
                        if name in columns and columns[name] < len(record)
                        else ""
                    )
                    for name in headers
                },
            )
    except csv.Error as exc:
        raise UnitsLoadError(
            _("%(file)s tidak dapat dibaca sebagai CSV di baris %(line)d: %(error)s")
            % {"file": source_name, "line": reader.line_num, "error": exc}
        ) from exc


def problems_raise(problems: list[tuple[int, str]], *, source_name: str) -> None:
    if problems:
        raise UnitsLoadError(
            _("%(file)s memuat baris yang ditolak.") % {"file": source_name}, problems
        )
