"""Writes: instruments (create, publish), worksheets, answers per stage, evidence links."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.core.actors import require_perm
from renaksi.monitoring import evidence as evidence_files
from renaksi.monitoring.models import Evidence

from . import scoring
from .models import Answer, AnswerEvidence, Gate, Instrument, Node, ResultBand, Worksheet


class EvaluationError(ValueError):
    pass


class AnswerConflictError(EvaluationError):
    """The answer changed since the caller read it (optimistic lock on ``version``)."""


def _require_admin(actor):
    if actor is not None and not (actor.is_authenticated and actor.is_superuser):
        raise PermissionDenied


def refuse_if_published(instrument: Instrument) -> None:
    if (
        instrument.pk
        and Instrument.objects.filter(pk=instrument.pk, status=Instrument.Status.PUBLISHED).exists()
    ):
        raise EvaluationError(
            _("Instrumen %(code)s sudah terbit dan tidak dapat diubah; buat versi baru.")
            % {"code": instrument.code}
        )


def instrument_create(*, spec: dict, actor=None, publish: bool = False) -> Instrument:
    """Create an instrument from a spec (see ``builtin.py``); ``actor=None`` is the system."""
    _require_admin(actor)
    with transaction.atomic(durable=True):
        return instrument_build(spec=spec, actor=actor, publish=publish)


def instrument_build(*, spec: dict, actor=None, publish: bool = False) -> Instrument:
    """The body of ``instrument_create``, inside the caller's transaction (fixtures, tests)."""
    if Instrument.objects.filter(code=spec["code"]).exists():
        raise EvaluationError(
            _("Instrumen dengan kode %(code)s sudah ada.") % {"code": spec["code"]}
        )
    instrument = Instrument.objects.create(
        code=spec["code"],
        name=spec["name"],
        kind=spec.get("kind", "rb"),
        basis=spec.get("basis", ""),
        source=spec.get("source", ""),
        year_from=spec["year_from"],
        year_to=spec["year_to"],
        conversion=spec.get("conversion") or scoring.DEFAULT_CONVERSION,
        notes=spec.get("notes", ""),
    )
    by_code = {}
    counter = [0]

    def add(items, parent):
        for item in items:
            counter[0] += 1
            node = Node.objects.create(
                instrument=instrument,
                parent=parent,
                kind=item["kind"],
                code=item["code"],
                name=item["name"],
                position=counter[0],
                weight=Decimal(str(item["weight"])) if item.get("weight") is not None else None,
                weight_confirmed=item.get("weight_confirmed", True),
                answer_type=item.get("answer_type", ""),
                options=item.get("options", []),
                inputs=item.get("inputs", []),
                formula=item.get("formula", ""),
                guidance=item.get("guidance", ""),
                evidence_asked=item.get("evidence", []),
                reform_area=item.get("reform_area"),
                keywords=item.get("keywords", ""),
                source_row=item.get("source_row"),
            )
            by_code[node.code] = node
            add(item.get("children", []), node)

    add(spec["nodes"], None)
    for label, description, lower, upper in spec.get("bands", []):
        ResultBand.objects.create(
            instrument=instrument,
            label=label,
            description=description,
            lower=None if lower is None else Decimal(lower),
            upper=Decimal(upper),
        )
    for i, (level, name, code, measure, threshold) in enumerate(spec.get("gates", [])):
        Gate.objects.create(
            instrument=instrument,
            level=level,
            name=name,
            node=by_code[code] if code else None,
            measure=measure,
            threshold=Decimal(threshold),
            position=i,
        )
    if publish:
        instrument.status = Instrument.Status.PUBLISHED
        instrument.published_at = timezone.now()
        instrument.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="evaluations.instrument_create",
        obj=instrument,
        summary=instrument.code,
    )
    return instrument


def instrument_publish(*, instrument: Instrument, actor=None) -> Instrument:
    _require_admin(actor)
    with transaction.atomic(durable=True):
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        refuse_if_published(instrument)
        if not instrument.nodes.filter(kind=Node.Kind.CRITERION).exists():
            raise EvaluationError(_("Instrumen tanpa kriteria tidak dapat diterbitkan."))
        instrument.status = Instrument.Status.PUBLISHED
        instrument.published_at = timezone.now()
        instrument.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor,
            action="evaluations.instrument_publish",
            obj=instrument,
            summary=instrument.code,
        )
    return instrument


def builtin_load(*, codes=None) -> list[Instrument]:
    """Create the shipped instruments that do not exist yet (idempotent), published."""
    from .builtin import BUILTINS

    created = []
    for code, build in BUILTINS.items():
        if codes and code not in codes:
            continue
        if not Instrument.objects.filter(code=code).exists():
            created.append(instrument_create(spec=build(), publish=True))
    return created


def worksheet_open(*, unit, instrument: Instrument, year: int, actor) -> Worksheet:
    require_perm(actor, "evaluations.fill_worksheet", unit_holder(unit), system=False)
    if not instrument.is_published:
        raise EvaluationError(_("Instrumen belum terbit."))
    if not instrument.year_from <= year <= instrument.year_to:
        raise EvaluationError(
            _("Instrumen %(code)s berlaku %(a)s–%(b)s, bukan untuk tahun %(year)s.")
            % {
                "code": instrument.code,
                "a": instrument.year_from,
                "b": instrument.year_to,
                "year": year,
            }
        )
    with transaction.atomic(durable=True):
        worksheet, created = Worksheet.objects.get_or_create(
            unit=unit, instrument=instrument, year=year, defaults={"created_by": actor}
        )
        if created:
            audit_record(
                actor=actor,
                action="evaluations.worksheet_open",
                obj=worksheet,
                unit=unit,
                summary=f"{instrument.code} {year}",
            )
    return worksheet


class unit_holder:  # noqa: N801 - a tiny adapter so rules see ``.unit``
    def __init__(self, unit):
        self.unit = unit


def _clean(criterion: Node, value: str, numbers) -> tuple[str, list]:
    value = (value or "").strip().upper()
    numbers = list(numbers or [])
    if criterion.answer_type in scoring.CHOICE_TYPES:
        allowed = set(scoring.DEFAULT_CONVERSION[criterion.answer_type])
        allowed |= {str(o.get("code", "")).upper() for o in criterion.options}
        if value not in allowed:
            raise EvaluationError(
                _("Jawaban %(value)s tidak berlaku untuk kriteria %(code)s (pilihan: %(opts)s).")
                % {"value": value or "—", "code": criterion.code, "opts": "/".join(sorted(allowed))}
            )
        return value, []
    cleaned = []
    for n in numbers if criterion.formula else [value]:
        try:
            d = Decimal(str(n).strip().replace(",", "."))
        except InvalidOperation:
            d = None
        if d is None or not d.is_finite() or d < 0 or abs(d) > 10**9:
            raise EvaluationError(
                _("Isian %(value)s pada kriteria %(code)s bukan angka yang sah.")
                % {"value": n, "code": criterion.code}
            )
        cleaned.append(str(d))
    if criterion.formula:
        if len(cleaned) != max(1, len(criterion.inputs)):
            raise EvaluationError(
                _("Kriteria %(code)s memerlukan %(n)s isian angka.")
                % {"code": criterion.code, "n": max(1, len(criterion.inputs))}
            )
        return "", cleaned
    return cleaned[0], []


def _locked_answer(worksheet, criterion) -> Answer:
    if criterion.instrument_id != worksheet.instrument_id or criterion.kind != Node.Kind.CRITERION:
        raise EvaluationError(_("Kriteria tidak termasuk instrumen lembar kerja ini."))
    answer, _created = Answer.objects.select_for_update().get_or_create(
        worksheet=worksheet, criterion=criterion
    )
    return answer


def _refuse_outside_window(worksheet, stage: str) -> None:
    from .windows import window_refusal

    message = window_refusal(instrument=worksheet.instrument, year=worksheet.year, stage=stage)
    if message:
        raise EvaluationError(message)


def _check_version(answer, expected_version):
    if expected_version is not None and answer.version != expected_version:
        raise AnswerConflictError(
            _("Jawaban %(code)s sudah diubah orang lain; muat ulang halaman.")
            % {"code": answer.criterion.code}
        )


def answer_save(
    *, worksheet, criterion, value="", numbers=None, explanation="", actor, expected_version=None
) -> Answer:
    """The unit's self-assessment answer; allowed while no assessor has judged it."""
    require_perm(actor, "evaluations.fill_worksheet", worksheet, system=False)
    _refuse_outside_window(worksheet, "unit")
    value, numbers = _clean(criterion, value, numbers)
    with transaction.atomic(durable=True):
        answer = _locked_answer(worksheet, criterion)
        _check_version(answer, expected_version)
        if answer.stage != Answer.Stage.UNIT:
            raise EvaluationError(
                _("Jawaban %(code)s sudah dinilai Tim Asesor dan tidak dapat diubah unit.")
                % {"code": criterion.code}
            )
        answer.unit_value, answer.unit_numbers = value, numbers
        answer.explanation = (explanation or "").strip()
        answer.unit_by = actor
        answer.version += 1
        answer._history_user = actor
        answer.save()
        audit_record(
            actor=actor,
            action="evaluations.answer_save",
            obj=answer,
            unit=worksheet.unit,
            summary=f"{criterion.code} = {value or numbers}",
        )
    return answer


def answer_assess(
    *, answer, actor, value=None, numbers=None, note="", expected_version=None
) -> Answer:
    """The Tim Asesor accepts (value None) or corrects the unit's answer, with a note."""
    require_perm(actor, "evaluations.assess_worksheet", answer.worksheet, system=False)
    _refuse_outside_window(answer.worksheet, "assessor")
    with transaction.atomic(durable=True):
        answer = Answer.objects.select_for_update().select_related("criterion").get(pk=answer.pk)
        _check_version(answer, expected_version)
        if answer.stage == Answer.Stage.FINAL:
            raise EvaluationError(_("Jawaban sudah direviu unit induk."))
        if not (answer.unit_value or answer.unit_numbers):
            raise EvaluationError(
                _("Unit belum menjawab kriteria %(code)s.") % {"code": answer.criterion.code}
            )
        if answer.unit_by_id == actor.pk:
            raise PermissionDenied(_("Anda tidak dapat menilai jawaban yang Anda isi sendiri."))
        if value is None and numbers is None:
            answer.assessor_value, answer.assessor_numbers = answer.unit_value, answer.unit_numbers
        else:
            answer.assessor_value, answer.assessor_numbers = _clean(
                answer.criterion, value or "", numbers
            )
            if not note.strip():
                raise EvaluationError(_("Koreksi Tim Asesor memerlukan catatan."))
        answer.assessor_note = note.strip()
        answer.assessor_by = actor
        answer.stage = Answer.Stage.ASSESSOR
        answer.version += 1
        answer._history_user = actor
        answer.save()
        audit_record(
            actor=actor,
            action="evaluations.answer_assess",
            obj=answer,
            unit=answer.worksheet.unit,
            summary=answer.criterion.code,
        )
    return answer


def answer_review(
    *, answer, actor, value=None, numbers=None, note="", expected_version=None
) -> Answer:
    """The parent unit confirms (value None) or corrects the assessor's answer."""
    require_perm(actor, "evaluations.review_worksheet", answer.worksheet, system=False)
    _refuse_outside_window(answer.worksheet, "parent")
    with transaction.atomic(durable=True):
        answer = Answer.objects.select_for_update().select_related("criterion").get(pk=answer.pk)
        _check_version(answer, expected_version)
        if answer.stage != Answer.Stage.ASSESSOR:
            raise EvaluationError(_("Jawaban belum dinilai Tim Asesor."))
        if actor.pk in {answer.unit_by_id, answer.assessor_by_id}:
            raise PermissionDenied(_("Anda tidak dapat mereviu jawaban yang Anda isi sendiri."))
        if value is None and numbers is None:
            answer.final_value, answer.final_numbers = (
                answer.assessor_value,
                answer.assessor_numbers,
            )
        else:
            answer.final_value, answer.final_numbers = _clean(
                answer.criterion, value or "", numbers
            )
        answer.parent_note = note.strip()
        answer.final_by = actor
        answer.stage = Answer.Stage.FINAL
        answer.version += 1
        answer._history_user = actor
        answer.save()
        audit_record(
            actor=actor,
            action="evaluations.answer_review",
            obj=answer,
            unit=answer.worksheet.unit,
            summary=answer.criterion.code,
        )
    return answer


def answer_evidence_attach(*, answer, evidence: Evidence, actor) -> AnswerEvidence:
    """Link an item of the unit's evidence library (the same row plan cells use)."""
    require_perm(actor, "evaluations.fill_worksheet", answer.worksheet, system=False)
    if evidence.unit_id != answer.worksheet.unit_id:
        raise EvaluationError(_("Data dukung bukan milik unit ini."))
    with transaction.atomic(durable=True):
        link, created = AnswerEvidence.objects.get_or_create(
            answer=answer, evidence=evidence, defaults={"added_by": actor}
        )
        if not created:
            raise EvaluationError(
                _("Data dukung %(name)s sudah dilampirkan pada kriteria ini.")
                % {"name": evidence.display_name}
            )
        audit_record(
            actor=actor,
            action="evaluations.evidence_attach",
            obj=link,
            unit=answer.worksheet.unit,
            summary=evidence.display_name,
        )
    return link


def answer_evidence_upload(*, answer, name: str, data: bytes, actor) -> AnswerEvidence:
    """Store a new file in the unit's library (once per SHA-256) and link it to the answer."""
    require_perm(actor, "evaluations.fill_worksheet", answer.worksheet, system=False)
    unit = answer.worksheet.unit
    kind = evidence_files.sniff(data)
    if kind is None:
        raise EvaluationError(
            _(
                "Berkas %(name)s tidak dapat diterima: isinya bukan PDF, gambar, Word, Excel atau "
                "PowerPoint."
            )
            % {"name": name}
        )
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic(durable=True):
        evidence = Evidence.objects.filter(
            unit=unit, kind=Evidence.Kind.FILE, sha256=sha256
        ).first()
        if evidence is None:
            evidence = Evidence(
                unit=unit,
                kind=Evidence.Kind.FILE,
                file=evidence_files.storage_path(unit_id=unit.pk, sha256=sha256, kind=kind),
                display_name=evidence_files.display_name_clean(
                    name, fallback_extension=kind.extension
                ),
                sha256=sha256,
                size=len(data),
                content_type=kind.code,
                uploaded_by=actor,
            )
            try:
                with transaction.atomic():
                    evidence.save()
            except IntegrityError:
                evidence = Evidence.objects.get(unit=unit, kind=Evidence.Kind.FILE, sha256=sha256)
        evidence_files.storage_write_if_missing(evidence.file.name, data)
        link, _created = AnswerEvidence.objects.get_or_create(
            answer=answer, evidence=evidence, defaults={"added_by": actor}
        )
        audit_record(
            actor=actor,
            action="evaluations.evidence_upload",
            obj=link,
            unit=unit,
            summary=evidence.display_name,
        )
    return link
