"""The register lists for export (``manage.py export_register``) and the XLSX report.

Each item: ``code`` (the register number), ``received_on``, ``due_on`` (the current step's due
date, or null when no step is open), ``status``, ``closed_on``; dates in ISO form.
"""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter
from django.utils.translation import gettext as _

from renaksi.organisations.models import Unit
from renaksi.registers.models import (
    Complaint,
    Declaration,
    Gratification,
    InfoRequest,
    IntegrityCampaign,
    RegisterKind,
)
from renaksi.registers.selectors.due import Clock

KINDS = [k.value for k in RegisterKind]
FIELDS = ["code", "received_on", "due_on", "status", "closed_on"]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _items(unit: Unit, kind: str, year: int, month: int | None = None):
    if kind == RegisterKind.BENTURAN:
        return []
    model = {
        RegisterKind.PENGADUAN: Complaint,
        RegisterKind.PPID: InfoRequest,
        RegisterKind.GRATIFIKASI: Gratification,
    }[kind]
    qs = model.objects.filter(unit=unit, received_on__year=year)
    if month:
        qs = qs.filter(received_on__month=month)
    return list(qs.order_by("received_on", "number"))


def export_rows(*, unit: Unit, kind: str, year: int, today: date, month: int | None = None):
    """The items of one register of ``unit`` received in ``year`` (a fixed number of queries)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if kind == RegisterKind.BENTURAN:
        return _declaration_rows(unit=unit, year=year)
    items = _items(unit, kind, year, month)
    clock = Clock([year])
    rows = []
    for item in items:
        due = {
            RegisterKind.PENGADUAN: clock.complaint,
            RegisterKind.PPID: clock.request,
            RegisterKind.GRATIFIKASI: clock.gratification,
        }[kind](item)
        rows.append(
            {
                "code": item.number,
                "received_on": _iso(item.received_on),
                "due_on": _iso(due.due_on) if due else None,
                "status": item.status,
                "closed_on": _iso(item.closed_on),
                "step": due.step if due else None,
                "overdue": bool(due and due.overdue(today)),
            }
        )
    return rows


def _declaration_rows(*, unit: Unit, year: int):
    """One row per member's declaration; ``code`` is campaign/username."""
    campaign = IntegrityCampaign.objects.filter(unit=unit, year=year).first()
    if campaign is None:
        return []
    due = Clock([year]).campaign(campaign)
    rows = []
    for d in Declaration.objects.filter(campaign=campaign).select_related("user"):
        rows.append(
            {
                "code": f"{unit.code}/{year}/{d.user.username}",
                "received_on": _iso(d.signed_on),
                "due_on": _iso(due.due_on) if due else None,
                "status": d.handling
                or ("benturan_" + d.conflict_kind if d.conflict_kind else "ditandatangani"),
                "closed_on": _iso(d.handled_on or (d.signed_on if not d.conflict_kind else None)),
                "step": "declaration",
                "overdue": False,
            }
        )
    return rows


def export_xlsx(
    *, unit: Unit, kind: str, year: int, today: date, month: int | None = None
) -> bytes:
    rows = export_rows(unit=unit, kind=kind, year=year, today=today, month=month)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Register")[:31])
    title = f"{RegisterKind(kind).label} — {unit.name} — {year}"
    if month:
        title += f"/{month:02d}"
    sheet.write(0, 0, title, bold)
    headers = [
        _("Nomor"), _("Diterima"), _("Tenggat langkah berjalan"), _("Status"), _("Selesai"),
        _("Langkah"), _("Terlambat"),
    ]  # fmt: skip
    for col, head in enumerate(headers):
        sheet.write(2, col, head, bold)
    keys = [*FIELDS, "step", "overdue"]
    for r, row in enumerate(rows, start=3):
        for col, key in enumerate(keys):
            value = row[key]
            if isinstance(value, bool):
                value = _("ya") if value else ""
            sheet.write(r, col, "" if value is None else value)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 6, 16)
    book.close()
    return out.getvalue()
