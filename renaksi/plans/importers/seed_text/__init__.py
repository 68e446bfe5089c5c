"""Reader for the text of an RB action plan decree (Keputusan + lampiran table), as extracted
from a PDF.

``parse_decree_text`` reads it the way a careful secretariat officer would and reports every
assumption and anomaly as a ``Finding`` with its 1-based source line. Only a document that has
no table at all (or is not text) raises ``PlanParseError``. Pure Python: no models, no database.

Layout: ``text`` (cleaning, numbering, dates), ``decree`` (the Keputusan), ``rows`` (table lines
to rows and labels), ``align`` (which cell is which column), ``builder`` (the hierarchy).
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _

from renaksi.plans.findings import REFORM_AREA_NAMES
from renaksi.plans.importers.seed_text.builder import Builder
from renaksi.plans.importers.seed_text.decree import DecreeResult, parse_decree
from renaksi.plans.importers.seed_text.indicators import compress
from renaksi.plans.importers.seed_text.rows import Row, Table, read_table
from renaksi.plans.importers.seed_text.text import format_date_id, month_end, parse_date
from renaksi.plans.parsed import Finding, ParsedArea, ParsedPlan

__all__ = ["PlanParseError", "parse_decree_text"]


class PlanParseError(ValueError):
    """The text is not an action plan decree at all; the message says what and where."""

    def __init__(self, message, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return str(self.message)


def parse_decree_text(text: str) -> ParsedPlan:
    _reject_non_text(text)
    # A stray NUL or two pass the check above; no database text column can store one.
    text = text.replace("\x00", "")
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    findings: list[Finding] = []
    table = read_table(lines, findings)
    if table is None or not any(isinstance(e, Row) for e in table.events):
        raise PlanParseError(
            _(
                "Tabel lampiran tidak ditemukan di dokumen ini (%(count)s baris): tidak ada "
                "baris berkolom tab dengan kolom NO, AREA PERUBAHAN, KEGIATAN, SUB KEGIATAN, "
                "INDIKATOR KEBERHASILAN dan bulan pelaksanaan."
            )
            % {"count": len(lines)}
        )
    decree = parse_decree(lines, table.start)
    builder = Builder(findings)
    for event in table.events:
        builder.feed(event)
    plan = ParsedPlan(decree=decree.decree, areas=builder.finish())
    findings.extend(decree.findings)
    findings.extend(_plan_checks(plan, decree, table))
    # Decree-wide findings (no line) first, then in reading order.
    plan.findings = sorted(findings, key=lambda f: (f.line is not None, f.line or 0))
    return plan


def _reject_non_text(text: str) -> None:
    if text is None or not text.strip():
        raise PlanParseError(_("Dokumen kosong: tidak ada teks untuk dibaca."))
    sample = text[:20000]
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    )
    if odd > max(3, len(sample) // 50):
        raise PlanParseError(
            _(
                "Dokumen bukan teks yang dapat dibaca (%(count)s karakter kendali atau rusak di "
                "awal berkas); unggah teks hasil salinan keputusan."
            )
            % {"count": odd}
        )


def _plan_checks(plan: ParsedPlan, decree: DecreeResult, table: Table) -> list[Finding]:
    findings: list[Finding] = []
    mapped = {a.reform_area for a in plan.areas if a.reform_area}
    if mapped:
        for number, name in REFORM_AREA_NAMES.items():
            if number not in mapped:
                findings.append(
                    Finding("area_missing", "warning", None, {"number": number, "name": name})
                )
    for area in plan.areas:
        if not area.activities:
            findings.append(
                Finding("area_without_activities", "warning", area.line, {"name": _name(area)})
            )
    without = [ind.line for ind in plan.iter_indicators() if not ind.periods]
    if without:
        findings.append(
            Finding(
                "indicators_without_periods",
                "info",
                None,
                {"count": len(without), "lines": compress([x for x in without if x])},
            )
        )
    last_month = max((p for ind in plan.iter_indicators() for p in ind.periods), default=None)
    d = plan.decree
    if d.valid_until and decree.year and last_month:
        schedule_end = month_end(decree.year, last_month)
        if d.valid_until < schedule_end:
            findings.append(
                Finding(
                    "validity_before_schedule_end",
                    "warning",
                    decree.validity_line,
                    {
                        "valid_until": format_date_id(d.valid_until),
                        "last_month": format_date_id(schedule_end).split(" ", 1)[1],
                    },
                )
            )
    if table.closing:
        findings.extend(_closing_checks(plan, table.closing))
    return findings


def _closing_checks(plan: ParsedPlan, closing: list[tuple[int, str]]) -> list[Finding]:
    """The lampiran ends with its own place, date and signer; they should match the decree."""
    findings = []
    d = plan.decree
    line, first = closing[0]
    date = parse_date(first)
    if d.date_set and date and date != d.date_set:
        findings.append(
            Finding(
                "lampiran_signature_mismatch",
                "warning",
                line,
                {"text": first, "decree": format_date_id(d.date_set)},
            )
        )
    signer_line, signer = closing[-1]
    if d.signer_name and signer.casefold() != d.signer_name.casefold():
        findings.append(
            Finding(
                "lampiran_signature_mismatch",
                "warning",
                signer_line,
                {"text": signer, "decree": d.signer_name},
            )
        )
    return findings


def _name(area: ParsedArea) -> str:
    return f"{area.number}. {area.name}" if area.number else area.name
