"""Letters and reports: the PPID's statutory letters, the registers' monthly/annual reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from renaksi.core.periods import period_range
from renaksi.registers.interchange import export_rows, export_xlsx
from renaksi.registers.letters import KINDS, LetterUnavailable, letter_docx, letter_pdf
from renaksi.registers.models import InfoRequest, RegisterKind
from renaksi.registers.selectors.access import item_for, unit_for
from renaksi.registers.selectors.figures import register_figures
from renaksi.registers.views._common import int_or_none, today

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERMS = {
    RegisterKind.PENGADUAN: "registers.handle_complaints",
    RegisterKind.PPID: "registers.handle_requests",
}


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def request_letter(request, pk: int, kind: str, fmt: str):
    req = item_for(user=request.user, model=InfoRequest, pk=pk, perm=PERMS[RegisterKind.PPID])
    if kind not in KINDS or fmt not in ("docx", "pdf"):
        raise Http404
    name = f"{kind}-{req.number.replace('/', '-')}.{fmt}"
    try:
        if fmt == "docx":
            return _download(letter_docx(req, kind), DOCX, name)
        return _download(letter_pdf(req, kind), "application/pdf", name)
    except LetterUnavailable:
        raise Http404 from None


@login_required
def register_report(request, unit_pk: int, kind: str):
    """?tahun=YYYY[&bulan=M][&format=xlsx|pdf]: the month's or the year's register and figures."""
    if kind not in PERMS:
        raise Http404
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=PERMS[kind])
    year = int_or_none(request.GET.get("tahun")) or today().year
    if not 2000 <= year <= 2100:
        year = today().year
    month = int_or_none(request.GET.get("bulan"))
    month = month if month and 1 <= month <= 12 else None
    fmt = request.GET.get("format", "html")
    stem = f"register-{kind}-{unit.code}-{year}" + (f"-{month:02d}" if month else "")
    if fmt == "xlsx":
        data = export_xlsx(unit=unit, kind=kind, year=year, today=today(), month=month)
        return _download(data, XLSX, f"{stem}.xlsx")
    start, end = period_range("month", month, year) if month else period_range("year", 1, year)
    figures = register_figures(unit_ids=[unit.pk], year=year, today=today(), start=start, end=end)[
        unit.pk
    ]
    context = {
        "unit": unit,
        "kind": kind,
        "kind_label": RegisterKind(kind).label,
        "year": year,
        "month": month,
        "figures": figures,
        "rows": export_rows(unit=unit, kind=kind, year=year, today=today(), month=month),
        "months": range(1, 13),
    }
    if fmt == "pdf":
        from renaksi.reports.pdf_writer import render_pdf

        data = render_pdf("registers/report_pdf.html", context)
        return _download(data, "application/pdf", f"{stem}.pdf")
    return render(request, "registers/report.html", context)
