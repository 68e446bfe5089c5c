"""Web import of paper or spreadsheet results: upload, preview, then store all rows or none.

The uploaded file waits in the session (at most ``MAX_BYTES``) between the preview and the
confirmation; the confirmation reads it again through the same checks, so nothing changes
between what was previewed and what is stored.
"""

from __future__ import annotations

import base64
from datetime import date as Date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renaksi.surveys.access import CHANGE, questionnaire_for
from renaksi.surveys.importer import SurveyImportError, survey_import, survey_import_preview
from renaksi.surveys.models import Service

MAX_BYTES = 5 * 1024 * 1024
KINDS = {".xlsx": "xlsx", ".csv": "csv"}
SESSION_KEY = "skm_import"
PREVIEW_ROWS = 20


def _kind(name: str) -> str | None:
    lowered = (name or "").lower()
    return next((k for ext, k in KINDS.items() if lowered.endswith(ext)), None)


def _pending(request, questionnaire) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("questionnaire") != questionnaire.pk:
        return None
    return pending


@login_required
@require_http_methods(["GET", "POST"])
def survey_import_upload(request, pk: int):
    questionnaire = questionnaire_for(user=request.user, pk=pk, perm=CHANGE)
    services = list(Service.objects.filter(unit=questionnaire.unit_id).order_by("name"))
    errors: list[str] = []
    preview = None
    pending = _pending(request, questionnaire)
    status = 200
    if request.method == "POST" and request.POST.get("step") == "confirm" and pending:
        service = next((s for s in services if s.pk == pending["service"]), None)
        try:
            result = survey_import(
                questionnaire=questionnaire,
                data=base64.b64decode(pending["data"]),
                kind=pending["kind"],
                date=Date.fromisoformat(pending["date"]),
                service=service,
                actor=request.user,
            )
        except SurveyImportError as exc:
            errors, status = exc.problems, 400
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("%(n)s jawaban responden diimpor.") % {"n": result.created})
            return redirect("surveys:survey_home", unit_pk=questionnaire.unit_id)
    elif request.method == "POST" and request.POST.get("step") == "confirm":
        errors, status = [_("Tidak ada berkas yang menunggu disimpan. Unggah berkasnya lagi.")], 400
    elif request.method == "POST" and request.POST.get("step") == "cancel":
        request.session.pop(SESSION_KEY, None)
        return redirect("surveys:survey_import", pk=pk)
    elif request.method == "POST":
        upload = request.FILES.get("berkas")
        raw_service = request.POST.get("layanan", "")
        service = next((s for s in services if str(s.pk) == raw_service), None)
        try:
            when = Date.fromisoformat(request.POST.get("tanggal", "")[:10])
        except ValueError:
            when = None
        if upload is None:
            errors.append(_("Pilih berkas XLSX atau CSV yang akan diimpor."))
        elif upload.size > MAX_BYTES:
            errors.append(_("Berkas lebih dari 5 MB."))
        elif _kind(upload.name) is None:
            errors.append(_("Berkas harus berformat XLSX atau CSV."))
        if when is None:
            errors.append(_("Tanggal survei wajib diisi (untuk baris tanpa tanggal)."))
        if raw_service and service is None:
            errors.append(_("Layanan tidak dikenal."))
        if not errors:
            data = upload.read(MAX_BYTES + 1)
            try:
                rows = survey_import_preview(
                    questionnaire=questionnaire,
                    data=data,
                    kind=_kind(upload.name),
                    date=when,
                    service=service,
                    actor=request.user,
                )
            except SurveyImportError as exc:
                errors = exc.problems
            else:
                request.session[SESSION_KEY] = {
                    "questionnaire": questionnaire.pk,
                    "data": base64.b64encode(data).decode(),
                    "kind": _kind(upload.name),
                    "date": when.isoformat(),
                    "service": service.pk if service else None,
                    "name": upload.name[:200],
                }
                pending = request.session[SESSION_KEY]
                preview = _preview(questionnaire, rows)
        if errors:
            status = 400
    context = {
        "questionnaire": questionnaire,
        "unit": questionnaire.unit,
        "services": services,
        "errors": errors[:200],
        "more_errors": max(0, len(errors) - 200),
        "preview": preview,
        "pending": pending if preview else None,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "surveys/import.html", context, status=status)


def _preview(questionnaire, rows) -> dict:
    unsur = list(questionnaire.unsur.all())
    shown = [
        {"date": when, "values": [values.get(u.pk) for u in unsur], "profile": profile}
        for when, values, profile, _suggestion in rows[:PREVIEW_ROWS]
    ]
    return {
        "count": len(rows),
        "keys": [f"U{u.position}" for u in unsur],
        "rows": shown,
        "more": max(0, len(rows) - PREVIEW_ROWS),
    }
