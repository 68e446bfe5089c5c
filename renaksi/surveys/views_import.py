"""Web import of paper or spreadsheet results: upload, preview, then store all rows or none.

The uploaded bytes (at most ``MAX_BYTES``) wait between the preview and the confirmation in a
file under ``MEDIA_ROOT/import-tmp`` named by a random token kept in the session, as the plan
import does (its sweep removes abandoned ones after a day); the client never sends a path or a
token. The confirmation reads the file again through the same checks, so what is stored is what
was previewed.
"""

from __future__ import annotations

import re
import secrets
from datetime import date as Date
from pathlib import Path

from django.conf import settings
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
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{40,60}$")


def _tmp_path(token: str) -> Path | None:
    if not _TOKEN.match(str(token or "")):
        return None
    return Path(settings.MEDIA_ROOT) / "import-tmp" / f"{token}.upload"


def _keep(data: bytes) -> str:
    token = secrets.token_urlsafe(32)
    path = _tmp_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return token


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    path = _tmp_path(pending.get("token")) if isinstance(pending, dict) else None
    if path is not None:
        path.unlink(missing_ok=True)


def _kept_bytes(pending: dict) -> bytes | None:
    path = _tmp_path(pending.get("token"))
    try:
        return path.read_bytes() if path is not None else None
    except OSError:
        return None


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
    data = _kept_bytes(pending) if pending else None
    if request.method == "POST" and request.POST.get("step") == "confirm" and data is not None:
        service = next((s for s in services if s.pk == pending["service"]), None)
        try:
            result = survey_import(
                questionnaire=questionnaire,
                data=data,
                kind=pending["kind"],
                date=Date.fromisoformat(pending["date"]),
                service=service,
                actor=request.user,
            )
        except SurveyImportError as exc:
            errors, status = exc.problems, 400
        else:
            _discard(request)
            messages.success(request, _("%(n)s jawaban responden diimpor.") % {"n": result.created})
            return redirect("surveys:survey_home", unit_pk=questionnaire.unit_id)
    elif request.method == "POST" and request.POST.get("step") == "confirm":
        errors, status = [_("Tidak ada berkas yang menunggu disimpan. Unggah berkasnya lagi.")], 400
    elif request.method == "POST" and request.POST.get("step") == "cancel":
        _discard(request)
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
                _discard(request)
                request.session[SESSION_KEY] = {
                    "questionnaire": questionnaire.pk,
                    "token": _keep(data),
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
