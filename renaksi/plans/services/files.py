"""Reading uploaded plan files: the format told by content, tables through their mapping."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from renaksi.core.actors import require_perm
from renaksi.organisations.models import Unit
from renaksi.plans.models import ImportReport, Plan
from renaksi.plans.parsed import ParsedPlan
from renaksi.plans.services.common import PlanWriteError
from renaksi.plans.services.imports import _validate_parsed, plan_import


def _refuse(filename: str, message: str):
    raise PlanWriteError(_("Berkas %(name)s: %(error)s") % {"name": filename, "error": message})


def _checked(filename: str, parsed: ParsedPlan) -> ParsedPlan:
    """Every check the save runs, run now: a dry-run or preview that passes saves."""
    try:
        _validate_parsed(parsed)
    except PlanWriteError as exc:
        _refuse(filename, str(exc))
    return parsed


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


def _refuse_other_formats(filename: str, data: bytes, grid=None):
    """Evaluation worksheets, HTML and Markdown are recognised and refused, never read."""
    from renaksi.plans.importers.refuse import (
        evaluation_message,
        looks_like_evaluation,
        markup_kind,
        markup_message,
    )

    if grid is not None:
        texts = [
            grid.text(r, c)
            for r in range(1, min(len(grid.rows), 30) + 1)
            for c in range(min(grid.width, 30))
        ]
        if looks_like_evaluation(grid.sheets or [grid.sheet], [t for t in texts if t]):
            raise PlanWriteError(evaluation_message(filename))
        return
    kind = markup_kind(data)
    if kind:
        raise PlanWriteError(markup_message(filename, kind))


def plan_read_table(*, filename: str, data: bytes, sheet: str | None = None):
    """The file as a table grid and its format ("xlsx", "docx", "csv"), or None if not a table.

    XLSX and DOCX are told by their zip content; a text file is a CSV when its name says so or
    when its header row names the plan columns. Raises ``PlanWriteError`` for a broken table.
    """
    from renaksi.plans.importers.pdf import is_pdf
    from renaksi.plans.importers.table import (
        TableReadError,
        mapping_guess,
        mapping_is_usable,
        read_table,
        zip_kind,
    )
    from renaksi.plans.workbook import is_working_xlsx
    from renaksi.quality.national.reader import national_detect

    _check_size(filename, data)
    if national_detect(filename=filename, data=data):
        return None  # read whole by plan_parse_file, not through the column mapping
    lower = filename.lower()
    if is_pdf(data):
        return None
    try:
        kind = zip_kind(data)
        if kind is not None:
            if kind == "xlsx" and is_working_xlsx(data):
                return None
            grid = read_table(data, kind, sheet)
            _refuse_other_formats(filename, data, grid)
            return grid, kind
        if lower.endswith((".xlsx", ".xlsm", ".docx")):
            raise TableReadError(
                _("Berkas ini bukan buku kerja Excel atau dokumen Word yang sah (bukan zip).")
            )
        if _looks_like_json(data) or b"\x00" in data[:4096]:
            return None
        _refuse_other_formats(filename, data)
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


def plan_parse_table(*, filename: str, grid, mapping=None, flat: bool = False) -> ParsedPlan:
    """A table grid read as a plan, with ``mapping`` (one ``TableMapping`` or a list, one per
    block of rows) or the guessed blocks and their mappings.

    A guess that found no area, kegiatan or sub kegiatan column would flatten the plan under
    "Area tanpa nama": refused unless ``flat`` says that is what is wanted.
    """
    from renaksi.plans.importers.heading import apply_heading, read_signature
    from renaksi.plans.importers.table import TableReadError, parse_sections, sections_guess

    guessed = mapping is None
    if guessed:
        sections = sections_guess(grid)
    else:
        sections = list(mapping) if isinstance(mapping, list | tuple) else [mapping]
    mapping = sections[0]
    if (
        guessed
        and not flat
        and "indicator" in mapping.columns
        and not {"area", "activity", "sub_activity"} & set(mapping.columns)
    ):
        raise PlanWriteError(
            _(
                "Berkas %(name)s: tabel ini tidak punya kolom area perubahan atau kegiatan yang "
                "dikenali, sehingga semua indikator akan masuk ke “Area tanpa nama”. Tentukan "
                "pemetaan kolomnya (halaman impor atau --mapping), atau pakai --flat bila "
                "memang tanpa area dan kegiatan."
            )
            % {"name": filename}
        )
    if any("indicator" not in m.columns for m in sections):
        raise PlanWriteError(
            _(
                "Berkas %(name)s: kolom tabel tidak dikenali. Tentukan pemetaan kolomnya "
                "(halaman impor atau --mapping)."
            )
            % {"name": filename}
        )
    try:
        parsed = parse_sections(grid, sections)
    except TableReadError as exc:
        _refuse(filename, str(exc))
    # The lampiran's heading box above the table: decree number and Tentang.
    above = []
    for r in range(1, mapping.header_row):
        parts: list[str] = []
        for c in range(grid.width):
            text = grid.text(r, c)
            if text and text not in parts:
                parts.append(text)
        above.append(" ".join(parts))
    apply_heading(parsed.decree, above)
    # The signature under it (place and date, title, name): text spread over a whole row.
    below = []
    for r in range(mapping.first_data_row, len(grid.rows) + 1):
        values = {grid.text(r, c) for c in range(grid.width)} - {""}
        if len(values) == 1 and len(grid.rows[r - 1]) > 3:
            below.append(values.pop())
    read_signature(parsed.decree, below)
    return _checked(filename, parsed)


def plan_parse_pdf(*, filename: str, data: bytes) -> tuple[ParsedPlan, str]:
    """A decree PDF: its lampiran table through the table reader, its pages before the table
    through the decree-text reader, the heading box for number and Tentang."""
    from renaksi.plans.importers.heading import apply_heading
    from renaksi.plans.importers.pdf import read_pdf
    from renaksi.plans.importers.seed_text.decree import parse_decree
    from renaksi.plans.importers.table import TableReadError, mapping_guess, parse_table
    from renaksi.plans.parsed import Finding

    try:
        document = read_pdf(data)
        mapping = mapping_guess(document.grid)
        if "indicator" not in mapping.columns:
            raise TableReadError(
                _(
                    "tabel PDF ini tidak memiliki kolom INDIKATOR KEBERHASILAN dan bulan "
                    "pelaksanaan yang dikenali."
                )
            )
        parsed = parse_table(document.grid, mapping)
    except TableReadError as exc:
        _refuse(filename, str(exc))
    lines = document.before + document.after
    result = parse_decree(document.before, len(document.before))
    decree = result.decree
    if not decree.signer_name:
        from renaksi.plans.importers.heading import read_signature

        read_signature(decree, document.after)
    apply_heading(decree, document.before)
    if document.ocr:
        from renaksi.plans.importers.pdf.ocr import ocr_number

        decree.number = ocr_number(decree.number)
        decree.lampiran_number = ocr_number(decree.lampiran_number)
    parsed.decree = decree
    findings = [Finding("pdf_read", "info", None, {"pages": document.pages})]
    if document.ocr:
        findings.append(
            Finding(
                "ocr_used",
                "warning",
                None,
                {"pages": document.pages, "cells": len(document.low_confidence)},
            )
        )
        findings += [
            Finding("ocr_low_confidence", "warning", item.get("row"), item)
            for item in document.low_confidence
        ]
    has_decree = any(re.match(r"^\s*menimbang\b", line, re.I) for line in lines)
    findings += [f for f in result.findings if f.code != "decree_field_missing" or has_decree]
    parsed.findings = findings + parsed.findings
    fmt = ImportReport.Format.PDF_OCR if document.ocr else ImportReport.Format.PDF
    return _checked(filename, parsed), fmt


def plan_parse_file(
    *, filename: str, data: bytes, mapping=None, flat: bool = False
) -> tuple[ParsedPlan, str]:
    """Read an uploaded plan file; the format is told by content.

    Decree text, Renaksi JSON, and tables (XLSX, DOCX, CSV) read with ``mapping`` (a
    ``TableMapping``) or, without one, the guessed mapping (the official lampiran needs none).
    """
    from renaksi.plans.importers.pdf import is_pdf
    from renaksi.plans.importers.seed_text import PlanParseError, parse_decree_text
    from renaksi.plans.interchange import InterchangeError, parsed_from_json_bytes
    from renaksi.plans.workbook import WorkbookError, is_working_xlsx, xlsx_to_plan

    _check_size(filename, data)
    from renaksi.quality.national.reader import importer_hook  # the national layout

    national = importer_hook(filename=filename, data=data)
    if national is not None:
        return national
    if is_pdf(data):
        return plan_parse_pdf(filename=filename, data=data)
    if data.startswith(b"PK") and is_working_xlsx(data):
        try:
            parsed = xlsx_to_plan(data)
        except WorkbookError as exc:
            _refuse(filename, str(exc))
        return _checked(filename, parsed), ImportReport.Format.XLSX_WORK
    table = plan_read_table(filename=filename, data=data)
    if table is not None:
        grid, source_format = table
        parsed = plan_parse_table(filename=filename, grid=grid, mapping=mapping, flat=flat)
        return parsed, source_format
    if _looks_like_json(data):
        try:
            return _checked(filename, parsed_from_json_bytes(data)), ImportReport.Format.JSON
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
        parsed = parse_decree_text(text)
    except PlanParseError as exc:
        raise PlanWriteError(
            _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
        ) from exc
    return _checked(filename, parsed), ImportReport.Format.TEXT


def plan_import_file(
    *,
    unit: Unit,
    year: int,
    filename: str,
    data: bytes,
    actor,
    replace: bool = False,
    kind: str = "general",
) -> Plan:
    """Parse an uploaded file and import it; the CLI and the upload page both come here."""
    require_perm(actor, "plans.import_plan", unit)
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
        kind=kind,
    )
