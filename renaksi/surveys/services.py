"""Writes of the SKM: questionnaires and responses (all-or-nothing, audited)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.core.actors import user_or_none
from renaksi.surveys import ikm
from renaksi.surveys.defaults import DEFAULT_UNSUR
from renaksi.surveys.models import (
    Answer,
    Questionnaire,
    Response,
    Service,
    Source,
    Unsur,
    Weighting,
)

PROFILE_FIELDS = ("sex", "age_band", "education", "occupation")
PROFILE_MAX = {"sex": 1, "age_band": 20, "education": 20, "occupation": 60}
SUGGESTION_MAX = 2000


def _require_manager(actor, unit):
    if actor is not None and not actor.has_perm("surveys.change_survey", unit):
        raise PermissionDenied


def service_create(*, unit, name: str, population: int | None = None, actor) -> Service:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError(_("Nama layanan wajib diisi (paling banyak 200 karakter)."))
    with transaction.atomic(durable=True):
        _require_manager(actor, unit)
        if Service.objects.filter(unit=unit, name=name).exists():
            raise ValidationError(_("Layanan dengan nama itu sudah ada."))
        service = Service.objects.create(unit=unit, name=name, population=population)
        audit_record(
            actor=actor, action="surveys.service_create", obj=service, unit=unit, summary=name
        )
    return service


def questionnaire_create(
    *,
    unit,
    title: str,
    start,
    end,
    weighting: str = Weighting.EXACT,
    extra_unsur=(),
    weights=None,
    actor,
) -> Questionnaire:
    """A new questionnaire version with the 9 default unsur (plus ``extra_unsur``), unpublished.

    ``extra_unsur`` items are (key, name, question, [4 labels]); ``weights`` ({key: weight})
    is required with the ``custom`` weighting and must sum to 1.
    """
    if end < start:
        raise ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    items = list(DEFAULT_UNSUR) + list(extra_unsur)
    keys = [item[0] for item in items]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Kunci unsur harus unik."))
    if weighting == Weighting.CUSTOM:
        try:
            resolved = ikm.resolve_weights(keys, weights or {})
        except ikm.IkmError as exc:
            raise ValidationError(str(exc)) from exc
    else:
        resolved = {}
    with transaction.atomic(durable=True):
        _require_manager(actor, unit)
        version = (
            Questionnaire.objects.filter(unit=unit, start=start)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
            or 0
        ) + 1
        questionnaire = Questionnaire.objects.create(
            unit=unit,
            code=secrets.token_urlsafe(6).replace("_", "x").replace("-", "y")[:8].lower(),
            title=title,
            version=version,
            start=start,
            end=end,
            weighting=weighting,
        )
        Unsur.objects.bulk_create(
            Unsur(
                questionnaire=questionnaire,
                position=i,
                key=key,
                name=name,
                question=question,
                label_1=labels[0],
                label_2=labels[1],
                label_3=labels[2],
                label_4=labels[3],
                weight=resolved.get(key),
            )
            for i, (key, name, question, labels) in enumerate(items, start=1)
        )
        audit_record(
            actor=actor,
            action="surveys.questionnaire_create",
            obj=questionnaire,
            unit=unit,
            summary=title,
        )
    return questionnaire


def questionnaire_publish(*, questionnaire: Questionnaire, actor) -> Questionnaire:
    with transaction.atomic(durable=True):
        _require_manager(actor, questionnaire.unit)
        if questionnaire.published_at is None:
            questionnaire.published_at = timezone.now()
            questionnaire.save(update_fields=["published_at"])
            audit_record(
                actor=actor,
                action="surveys.questionnaire_publish",
                obj=questionnaire,
                unit=questionnaire.unit,
            )
    return questionnaire


def _clean_response(questionnaire, unsur, *, answers, profile, suggestion):
    errors = []
    values = {}
    for u in unsur:
        raw = answers.get(u.key)
        if raw in (None, ""):
            values[u.pk] = None
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
            errors.append(_("Jawaban U%(n)s harus 1 sampai 4.") % {"n": u.position})
            continue
        if value not in (1, 2, 3, 4):
            errors.append(_("Jawaban U%(n)s harus 1 sampai 4.") % {"n": u.position})
            continue
        values[u.pk] = value
    unknown = set(answers) - {u.key for u in unsur}
    if unknown:
        errors.append(
            _("Unsur tidak dikenal: %(keys)s.")
            % {"keys": ", ".join(sorted(map(str, unknown)))[:200]}
        )
    if all(v is None for v in values.values()):
        errors.append(_("Isi paling sedikit satu unsur."))
    clean_profile = {}
    for field in PROFILE_FIELDS:
        text = str(profile.get(field) or "").strip()
        if len(text) > PROFILE_MAX[field]:
            errors.append(_("Isian %(field)s terlalu panjang.") % {"field": field})
        clean_profile[field] = text[: PROFILE_MAX[field]]
    suggestion = (suggestion or "").replace("\x00", "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        errors.append(_("Saran paling banyak %(n)s karakter.") % {"n": SUGGESTION_MAX})
    if errors:
        raise ValidationError(errors)
    return values, clean_profile, suggestion


def response_fingerprint(questionnaire_id, date, values, profile, suggestion, extra="") -> str:
    parts = [
        str(questionnaire_id),
        str(date),
        extra,
        repr(sorted(values.items())),
        repr(sorted(profile.items())),
        suggestion,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def response_record(
    *,
    questionnaire: Questionnaire,
    date,
    answers: Mapping[str, object],
    source: str = Source.TYPED,
    service: Service | None = None,
    profile: Mapping[str, object] | None = None,
    suggestion: str = "",
    fingerprint_extra: str = "",
    actor,
) -> Response:
    """Store one respondent's answers (keyed by unsur key), all or nothing."""
    if source != Source.PUBLIC:
        _require_manager(actor, questionnaire.unit)
    if not (questionnaire.start <= date <= questionnaire.end):
        raise ValidationError(_("Tanggal survei di luar periode kuesioner."))
    if service is not None and service.unit_id != questionnaire.unit_id:
        raise ValidationError(_("Layanan bukan milik satuan kerja kuesioner ini."))
    unsur = list(questionnaire.unsur.all())
    values, clean_profile, suggestion = _clean_response(
        questionnaire, unsur, answers=answers, profile=profile or {}, suggestion=suggestion
    )
    fingerprint = ""
    if source == Source.PUBLIC:
        fingerprint = response_fingerprint(
            questionnaire.pk, date, values, clean_profile, suggestion, fingerprint_extra
        )
    with transaction.atomic(durable=True):
        if (
            fingerprint
            and Response.objects.filter(
                questionnaire=questionnaire, fingerprint=fingerprint
            ).exists()
        ):
            raise ValidationError(_("Jawaban yang sama sudah dikirim. Terima kasih."))
        response = Response.objects.create(
            questionnaire=questionnaire,
            service=service,
            date=date,
            source=source,
            suggestion=suggestion,
            fingerprint=fingerprint,
            created_by=user_or_none(actor),
            **clean_profile,
        )
        Answer.objects.bulk_create(
            Answer(response=response, unsur_id=pk, value=v) for pk, v in values.items()
        )
        if questionnaire.published_at is None:
            # the first answer freezes the version: it never changes afterwards
            Questionnaire.objects.filter(pk=questionnaire.pk).update(published_at=timezone.now())
        audit_record(
            actor=actor,
            action="surveys.response_record",
            obj=response,
            unit=questionnaire.unit,
            data={"source": source},
        )
    return response
