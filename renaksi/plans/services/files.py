"""Reading uploaded plan files: the format told by content, tables through their mapping."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renaksi.organisations.models import Unit
from renaksi.plans.models import ImportReport, Plan
from renaksi.plans.parsed import ParsedPlan
from renaksi.plans.services.common import PlanWriteError, _require_perm
from renaksi.plans.services.imports import plan_import


def _check_size(filename: str, data: bytes):
    from django.conf import settings

    if len(data) > settings.PLAN_IMPORT_MAX_BYTES:
        raise PlanWriteError(
            _("Berkas %(name)s terlalu besar (%(size)s KB; paling besar %(limit)s KB).")
            % {
                "name": filename,
                "size": len(data) // 1024,
                "limit": settings.PLAN_IMPORT_MAX_BYTES // 1024,
            }
        )
    if not data.strip():
        raise PlanWriteError(_("Berkas %(name)s kosong.") % {"name": filename})


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def plan_read_table(*, filename: str, data: bytes):
    """The file as a table grid and its format ("xlsx", "docx", "csv"), or None if not a table.

    XLSX and DOCX are told by their zip content; a text file is a CSV when its name says so or
    when its header row names the plan columns. Raises ``PlanWriteError`` for a broken table.
    """
    from renaksi.plans.importers.table import (
        TableReadError,
        mapping_guess,
        mapping_is_usable,
        read_table,
        zip_kind,
    )

    _check_size(filename, data)
    lower = filename.lower()
    try:
        kind = zip_kind(data)
        if kind is not None:
            return read_table(data, kind), kind
        if lower.endswith((".xlsx", ".xlsm", ".docx")):
            raise TableReadError(
                _("Berkas ini bukan buku kerja Excel atau dokumen Word yang sah (bukan zip).")
            )
        if _looks_like_json(data) or b"\x00" in data[:4096]:
            return None
        is_csv_name = lower.endswith((".csv", ".tsv"))
        try:
            grid = read_table(data, "csv")
        except TableReadError:
            if is_csv_name:
                raise
            return None
    except TableReadError as exc:
        raise PlanWriteError(
            _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
        ) from exc
    if is_csv_name:
        return grid, ImportReport.Format.CSV
    mapping = mapping_guess(grid)
    if mapping_is_usable(mapping) and len(mapping.columns) >= 3:
        return grid, ImportReport.Format.CSV
    return None


def plan_parse_table(*, filename: str, grid, mapping=None) -> ParsedPlan:
    """A table grid read as a plan, with ``mapping`` or the guessed one."""
    from renaksi.plans.importers.table import mapping_guess, parse_table

    mapping = mapping or mapping_guess(grid)
    if "indicator" not in mapping.columns:
        raise PlanWriteError(
            _(
                "Berkas %(name)s: kolom tabel tidak dikenali. Tentukan pemetaan kolomnya "
                "(halaman impor atau --mapping)."
            )
            % {"name": filename}
        )
    return parse_table(grid, mapping)


def plan_parse_file(*, filename: str, data: bytes, mapping=None) -> tuple[ParsedPlan, str]:
    """Read an uploaded plan file; the format is told by content.

    Decree text, Renaksi JSON, and tables (XLSX, DOCX, CSV) read with ``mapping`` (a
    ``TableMapping``) or, without one, the guessed mapping (the official lampiran needs none).
    """
    from renaksi.plans.importers.seed_text import PlanParseError, parse_decree_text
    from renaksi.plans.interchange import InterchangeError, parsed_from_json_bytes

    _check_size(filename, data)
    table = plan_read_table(filename=filename, data=data)
    if table is not None:
        grid, source_format = table
        return plan_parse_table(filename=filename, grid=grid, mapping=mapping), source_format
    if _looks_like_json(data):
        try:
            return parsed_from_json_bytes(data), ImportReport.Format.JSON
        except InterchangeError as exc:
            raise PlanWriteError(
                _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
            ) from exc
    if b"\x00" in data[:4096]:
        raise PlanWriteError(
            _("Berkas %(name)s bukan teks (berisi data biner). Unggah teks keputusan atau JSON.")
            % {"name": filename}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return parse_decree_text(text), ImportReport.Format.TEXT
    except PlanParseError as exc:
        raise PlanWriteError(
            _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
        ) from exc


def plan_import_file(
    *, unit: Unit, year: int, filename: str, data: bytes, actor, replace: bool = False
) -> Plan:
    """Parse an uploaded file and import it; the CLI and the upload page both come here."""
    _require_perm(actor, "plans.import_plan", unit)
    parsed, source_format = plan_parse_file(filename=filename, data=data)
    return plan_import(
        unit=unit,
        year=year,
        parsed=parsed,
        actor=actor,
        source_name=filename,
        source_bytes=data,
        source_format=source_format,
        replace=replace,
    )
