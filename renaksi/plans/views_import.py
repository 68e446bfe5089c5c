"""Importing a plan from a table (XLSX, CSV, DOCX): map the columns, preview, then confirm.

The uploaded bytes wait between the steps in a file under ``MEDIA_ROOT/import-tmp`` named by a
random token kept in the session; the client never sends a path or a token. Nothing is written
to the plans until the preview is confirmed.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renaksi.organisations.selectors import unit_list_manageable
from renaksi.plans import services
from renaksi.plans import view_helpers as helpers
from renaksi.plans.findings import STOP_AND_ASK, finding_message
from renaksi.plans.forms import TableMappingForm
from renaksi.plans.importers.table import (
    MappingError,
    TableMapping,
    column_letter,
    guess_at,
    header_texts,
    sections_guess,
)
from renaksi.plans.models import Plan, TargetKind, TargetScale
from renaksi.plans.services import PlanWriteError
from renaksi.plans.views import _plan_url, _render

SESSION_KEY = "plan_import_pending"
KIND_LABELS = dict(TargetKind.choices)
SCALE_LABELS = dict(TargetScale.choices)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{40,60}$")
STALE_SECONDS = 24 * 3600
FORM_COLUMNS = 60
SAMPLE_VALUES = 3
PREVIEW_ROWS = 100  # rows per page of the preview


def _tmp_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "import-tmp"


def _tmp_path(token: str) -> Path | None:
    return _tmp_dir() / f"{token}.upload" if _TOKEN.match(token or "") else None


def _sweep():
    """Remove uploads abandoned between the steps for more than a day."""
    cutoff = time.time() - STALE_SECONDS
    for path in _tmp_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def _discard(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        path = _tmp_path(pending.get("token", ""))
        if path is not None:
            path.unlink(missing_ok=True)


def table_import_start(request, *, form, data: bytes, grid, source_format: str):
    """Keep the upload and go to the mapping step, or straight to the preview when the table
    is the official lampiran layout."""
    _discard(request)
    _tmp_dir().mkdir(parents=True, exist_ok=True)
    _sweep()
    token = secrets.token_urlsafe(32)
    cast(Path, _tmp_path(token)).write_bytes(data)  # a fresh token is always well formed
    sections = sections_guess(grid)
    mapping = sections[0]
    request.session[SESSION_KEY] = {
        "token": token,
        "name": form.cleaned_data["file"].name[:255],
        "unit": form.cleaned_data["unit"].pk,
        "year": form.cleaned_data["year"],
        "replace": form.cleaned_data["replace"],
        "format": str(source_format),
        "mapping": mapping.to_json() if mapping.official else None,
        "sections": [mapping.to_json()] if mapping.official else None,
        "official": mapping.official,
        "sheet": grid.sheet if grid.sheets else None,
    }
    return redirect("plan_import_preview" if mapping.official else "plan_import_mapping")


def _pending(request):
    """The waiting upload, its unit and bytes; None when there is none the user may still use."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return None
    path = _tmp_path(pending.get("token", ""))
    unit = unit_list_manageable(user=request.user).filter(pk=pending.get("unit")).first()
    if path is None or unit is None or not path.is_file():
        _discard(request)
        return None
    return pending, unit, path.read_bytes()


def _require_manager(request):
    if not helpers.can_import(request.user):
        raise PermissionDenied


def _lost(request):
    messages.warning(request, _("Unggahan tidak ditemukan lagi; silakan unggah berkasnya ulang."))
    return redirect("plan_import")


def _grid(pending: dict, data: bytes):
    table = services.plan_read_table(
        filename=pending["name"], data=data, sheet=pending.get("sheet")
    )
    if table is None:  # cannot happen for bytes accepted at upload; stay safe
        raise PlanWriteError(_("Berkas ini bukan tabel."))
    return table[0]


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_mapping(request):
    _require_manager(request)
    found = _pending(request)
    if found is None:
        return _lost(request)
    pending, unit, data = found
    try:
        grid = _grid(pending, data)
    except PlanWriteError as exc:
        _discard(request)
        messages.error(request, str(exc))
        return redirect("plan_import")
    sections = _sections(pending)
    if not sections:
        sections = [m.to_json() for m in sections_guess(grid)]
    try:
        number = int(request.POST.get("bagian") or request.GET.get("bagian") or 1)
    except ValueError:
        number = 1
    number = min(max(number, 1), len(sections))
    try:
        mapping = TableMapping.from_json(sections[number - 1])
    except MappingError:
        mapping = guess_at(grid, 1)[1]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    chosen = request.POST.get("sheet") if request.method == "POST" else None
    if chosen and chosen != grid.sheet and chosen in grid.sheets:
        # Another sheet: its own guess, from the start.
        pending.update(sheet=chosen, mapping=None, sections=None)
        request.session[SESSION_KEY] = pending
        return redirect("plan_import_mapping")
    if action == "add_section":
        try:
            start = int(request.POST.get("start_row", ""))
        except ValueError:
            start = 0
        if 1 <= start <= len(grid.rows) and len(sections) < 50:
            added = guess_at(grid, start)[1]
            if "indicator" not in added.columns:
                added = TableMapping.from_json(
                    {
                        **sections[-1],
                        "header_row": start,
                        "header_rows": 1,
                        "first_data_row": start + 1,
                        "last_data_row": None,
                    }
                )
            sections.append(added.to_json())
            pending["sections"] = sections
            request.session[SESSION_KEY] = pending
            return redirect(f"{reverse('plan_import_mapping')}?bagian={len(sections)}")
        messages.error(request, _("Baris awal bagian baru tidak ada di tabel."))
        return redirect(f"{reverse('plan_import_mapping')}?bagian={number}")
    if action == "remove_section" and len(sections) > 1:
        sections.pop(number - 1)
        pending["sections"] = sections
        request.session[SESSION_KEY] = pending
        return redirect(reverse("plan_import_mapping"))
    heads = header_texts(grid, mapping)
    width = min(grid.width, FORM_COLUMNS)
    columns = []
    for col in range(width):
        samples = []
        for row in range(mapping.first_data_row, len(grid.rows) + 1):
            text = grid.text(row, col)
            if text:
                samples.append(text[:80])
            if len(samples) >= SAMPLE_VALUES:
                break
        columns.append((column_letter(col), heads.get(col, "")[:80], samples))
    roles = {col: role for role, col in mapping.columns.items()}
    roles.update({col: f"period_{period}" for period, col in mapping.periods.items()})
    initial = {
        "granularity": mapping.granularity,
        "header_row": mapping.header_row,
        "first_data_row": mapping.first_data_row,
        "last_data_row": mapping.last_data_row,
        "sheet": grid.sheet,
        **{f"col_{column_letter(col)}": role for col, role in roles.items() if col < width},
    }
    form = TableMappingForm(
        request.POST or None, columns=columns, initial=initial, sheets=grid.sheets
    )
    if request.method == "POST" and not action and form.is_valid():
        sections[number - 1] = form.mapping_json()
        pending["sections"] = sections
        pending["mapping"] = sections[0]
        request.session[SESSION_KEY] = pending
        return redirect("plan_import_preview")
    tabs = []
    for i, item in enumerate(sections, 1):
        tabs.append(
            {
                "number": i,
                "active": i == number,
                "header_row": item.get("header_row"),
                "first": item.get("first_data_row"),
                "last": item.get("last_data_row") or len(grid.rows),
            }
        )
    return _render(
        request,
        "plans/import_mapping.html",
        {
            "form": form,
            "pending": pending,
            "unit": unit,
            "more_columns": grid.width > width,
            "sections": tabs,
            "section": number,
            "row_count": len(grid.rows),
        },
    )


def _sections(pending: dict) -> list[dict] | None:
    if pending.get("sections"):
        return list(pending["sections"])
    if pending.get("mapping"):
        return [pending["mapping"]]
    return None


def _preview_rows(parsed) -> list[dict]:
    rows = []
    for area in parsed.areas:
        for activity in area.activities:
            pairs = [(None, ind) for ind in activity.indicators]
            for sub in activity.sub_activities:
                pairs += [(sub, ind) for ind in sub.indicators]
                for child in sub.sub_activities:
                    pairs += [(child, ind) for ind in child.indicators]
            for sub, ind in pairs:
                rows.append(
                    {
                        "line": ind.line,
                        "area": helpers.numbered(area.number, area.name),
                        "activity": helpers.numbered(activity.number, activity.name),
                        "sub": helpers.numbered(sub.number, sub.name) if sub else "",
                        "indicator": helpers.numbered(ind.number, ind.text),
                        "target": "" if ind.target is None else str(ind.target),
                        "unit": ind.unit,
                        "meaning": " · ".join(
                            str(label)
                            for label in (
                                KIND_LABELS.get(ind.target_kind, ""),
                                SCALE_LABELS.get(ind.target_scale, ""),
                            )
                            if label
                        ),
                        "pic": ind.pic,
                        "pic2": ind.pic2,
                        "note": ind.note,
                        "budget": "" if ind.budget is None else str(ind.budget),
                        "evidence": ind.evidence,
                        "periods": ", ".join(
                            f"{p} ({ind.period_targets[p]})" if p in ind.period_targets else str(p)
                            for p in ind.periods
                        ),
                    }
                )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_preview(request):
    _require_manager(request)
    found = _pending(request)
    if found is None:
        return _lost(request)
    pending, unit, data = found
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _discard(request)
        messages.info(request, _("Impor dibatalkan; tidak ada yang disimpan."))
        return redirect("plan_import")
    error = ""
    parsed = None
    sections = _sections(pending)
    if not sections:
        return redirect("plan_import_mapping")
    try:
        mappings = [TableMapping.from_json(item) for item in sections]
        parsed = services.plan_parse_table(
            filename=pending["name"], grid=_grid(pending, data), mapping=mappings
        )
    except (PlanWriteError, MappingError) as exc:
        error = str(exc)
    stops = [f for f in parsed.findings if f.code in STOP_AND_ASK] if parsed else []
    if parsed is not None and not pending["replace"]:
        if Plan.objects.filter(unit=unit, year=pending["year"]).exists():
            # The same check the save makes, made now: the preview never promises a save.
            error = _(
                "Rencana aksi %(unit)s tahun %(year)s sudah ada. Pilih “ganti” untuk "
                "membangunnya ulang dari berkas ini."
            ) % {"unit": unit.name, "year": pending["year"]}
    confirm = request.method == "POST" and request.POST.get("action") == "confirm"
    if confirm and stops and not request.POST.get("accept_changes"):
        error = _(
            "Isi kolom yang dipetakan berubah jenis di tengah tabel (lihat temuan bertanda "
            "galat). Perbaiki bagian tabel di pemetaan kolom, atau centang “bacaan ini benar” "
            "untuk tetap menyimpan."
        )
        confirm = False
    if parsed is not None and confirm:
        try:
            plan = services.plan_import(
                unit=unit,
                year=pending["year"],
                parsed=parsed,
                actor=request.user,
                source_name=pending["name"],
                source_bytes=data,
                source_format=pending["format"],
                replace=pending["replace"],
            )
        except PlanWriteError as exc:
            error = str(exc)
        else:
            _discard(request)
            report = helpers.import_report_summary(plan=plan)
            messages.success(
                request,
                _(
                    "Impor selesai: %(areas)s area, %(indicators)s indikator, "
                    "%(findings)s temuan perlu diperiksa."
                )
                % report,
            )
            return redirect(_plan_url(plan))
    context = {"pending": pending, "unit": unit, "error": error, "parsed": parsed}
    if parsed is not None:
        all_rows = _preview_rows(parsed)
        pages = max(1, -(-len(all_rows) // PREVIEW_ROWS))
        try:
            page = min(max(int(request.GET.get("halaman", 1)), 1), pages)
        except ValueError:
            page = 1
        page_rows = all_rows[(page - 1) * PREVIEW_ROWS : page * PREVIEW_ROWS]
        activities = [act for area in parsed.areas for act in area.activities]
        context.update(
            counts={
                "areas": len(parsed.areas),
                "activities": len(activities),
                "indicators": sum(1 for _ind in parsed.iter_indicators()),
            },
            rows=page_rows,
            page=page,
            pages=pages,
            page_numbers=range(1, pages + 1),
            stops=bool(stops),
            findings=[
                {
                    "label": helpers.SEVERITY_LABELS.get(f.severity, (f.severity, ""))[0],
                    "badge": helpers.SEVERITY_LABELS.get(f.severity, ("", "text-bg-light"))[1],
                    "line": f.line,
                    "message": finding_message(f),
                }
                for f in parsed.findings
            ],
            granularity=parsed.granularity,
        )
    return _render(request, "plans/import_preview.html", context, status=400 if error else 200)
