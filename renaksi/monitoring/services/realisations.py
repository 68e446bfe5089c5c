"""Realisation content and its verification loop: save, submit, verify, return, reopen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services._common import (
    CELL_RELATED,
    Action,
    MonitoringWriteError,
    RealisationConflictError,
    State,
    compare_and_bump,
    conflict_error,
    fresh_realisation,
    refuse_if_locked,
    require_perm,
    step,
    write,
)
from renaksi.plans.models import Indicator, Target


def _clean_value(value, *, indicator: Indicator, period: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        value = Decimal(str(value))
    except InvalidOperation as exc:
        raise MonitoringWriteError(_("Realisasi angka harus berupa bilangan.")) from exc
    if not value.is_finite():
        raise MonitoringWriteError(_("Realisasi angka harus berupa bilangan."))
    if value < 0:
        raise MonitoringWriteError(_("Realisasi angka tidak boleh negatif."))
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        raise MonitoringWriteError(_("Realisasi angka paling banyak 4 angka di belakang koma."))
    if value >= Decimal(10) ** 14:
        raise MonitoringWriteError(_("Realisasi angka terlalu besar."))
    target = Target.objects.filter(indicator=indicator, period=period).first()
    has_target = (target is not None and target.value is not None) or (
        indicator.target_value is not None
    )
    if not has_target:
        raise MonitoringWriteError(
            _("Indikator ini tidak memiliki target angka, jadi realisasi angka tidak diisi.")
        )
    return value


def _validate_content(*, status: str, progress, done_on: date | None) -> int:
    if status not in Realisation.Status.values:
        raise MonitoringWriteError(_("Status pelaksanaan tidak dikenal."))
    try:
        progress = int(progress)
    except (TypeError, ValueError) as exc:
        raise MonitoringWriteError(_("Progres harus berupa angka 0–100.")) from exc
    if not 0 <= progress <= 100:
        raise MonitoringWriteError(_("Progres harus berupa angka 0–100."))
    if status == Realisation.Status.DONE and progress != 100:
        raise MonitoringWriteError(_("Status “selesai” berarti progres 100%."))
    if status == Realisation.Status.NOT_STARTED and progress != 0:
        raise MonitoringWriteError(_("Status “belum dimulai” berarti progres 0%."))
    if done_on is not None:
        if status != Realisation.Status.DONE:
            raise MonitoringWriteError(
                _("Tanggal selesai hanya diisi bila status pelaksanaan “selesai”.")
            )
        if done_on > timezone.localdate():
            raise MonitoringWriteError(_("Tanggal selesai tidak boleh di masa depan."))
    return progress


@transaction.atomic(durable=True)
def realisation_save(
    *,
    indicator: Indicator,
    period: int,
    actor,
    expected_version: int,
    status: str,
    progress: int,
    value: Decimal | None = None,
    narrative: str = "",
    obstacles: str = "",
    follow_up: str = "",
    done_on: date | None = None,
) -> Realisation:
    """Create or update the realisation of one cell (indicator × period).

    ``expected_version`` is the version the actor read: 0 for a cell without a realisation yet.
    A different stored version raises ``RealisationConflictError`` and writes nothing. Periods
    without a target may be realised too (unscheduled work).
    """
    indicator = Indicator.objects.select_related("activity__area__plan__unit", "pic").get(
        pk=indicator.pk
    )
    require_perm(actor, "monitoring.change_realisation", indicator)
    plan = indicator.activity.area.plan
    if not 1 <= period <= plan.period_count:
        raise MonitoringWriteError(
            _("Periode %(period)s di luar rentang 1–%(max)s.")
            % {"period": period, "max": plan.period_count}
        )
    progress = _validate_content(status=status, progress=progress, done_on=done_on)
    value = _clean_value(value, indicator=indicator, period=period)
    content = {
        "status": status,
        "progress": progress,
        "value": value,
        "narrative": (narrative or "").strip(),
        "obstacles": (obstacles or "").strip(),
        "follow_up": (follow_up or "").strip(),
        "done_on": done_on,
    }

    realisation = (
        Realisation.objects.select_related(*CELL_RELATED)
        .filter(indicator=indicator, period=period)
        .first()
    )
    if realisation is None:
        if expected_version != 0:
            raise RealisationConflictError(
                _("Realisasi yang Anda buka sudah tidak ada. Muat ulang halaman.")
            )
        realisation = Realisation(indicator=indicator, period=period, version=1, **content)
        try:
            with transaction.atomic():
                write(realisation, actor)
        except IntegrityError:
            # Someone created this cell's realisation at the same time; theirs stands.
            existing = Realisation.objects.filter(indicator=indicator, period=period).first()
            if existing is None:
                raise
            raise conflict_error(existing.pk) from None
        changed = sorted(content)
    else:
        refuse_if_locked(realisation)
        compare_and_bump(realisation, expected_version)
        changed = sorted(k for k, v in content.items() if getattr(realisation, k) != v)
        for name, new in content.items():
            setattr(realisation, name, new)
        write(realisation, actor)
    step(
        realisation,
        actor=actor,
        action=Action.SAVED,
        from_state=realisation.review_state,
        data={"changed": changed},
    )
    return realisation


# --- verification ------------------------------------------------------------------------


@transaction.atomic(durable=True)
def realisation_submit(
    *, realisation: Realisation, actor, expected_version: int | None = None
) -> Realisation:
    """Send a draft or returned realisation to the unit's Tim Asesor."""
    fresh = fresh_realisation(realisation)
    require_perm(actor, "monitoring.submit_realisation", fresh)
    if fresh.review_state == State.SUBMITTED:
        raise MonitoringWriteError(_("Realisasi ini sudah diajukan dan menunggu verifikasi."))
    if fresh.review_state == State.VERIFIED:
        raise MonitoringWriteError(_("Realisasi ini sudah terverifikasi."))
    from_state = fresh.review_state
    compare_and_bump(fresh, expected_version)
    now = timezone.now()
    fresh.review_state = State.SUBMITTED
    fresh.submitted_at = now
    fresh.first_submitted_at = fresh.first_submitted_at or now
    write(fresh, actor)
    step(fresh, actor=actor, action=Action.SUBMITTED, from_state=from_state)
    return fresh


def _require_submitted(realisation: Realisation) -> None:
    if realisation.review_state == State.VERIFIED:
        raise MonitoringWriteError(_("Realisasi ini sudah terverifikasi."))
    if realisation.review_state != State.SUBMITTED:
        raise MonitoringWriteError(
            _("Hanya realisasi yang sudah diajukan yang dapat diverifikasi atau dikembalikan.")
        )


@transaction.atomic(durable=True)
def realisation_verify(
    *, realisation: Realisation, actor, note: str = "", expected_version: int | None = None
) -> Realisation:
    """The assessor accepts a submitted realisation; it is locked from now on."""
    fresh = fresh_realisation(realisation)
    require_perm(actor, "monitoring.verify_realisation", fresh)
    _require_submitted(fresh)
    compare_and_bump(fresh, expected_version)
    fresh.review_state = State.VERIFIED
    fresh.verified_at = timezone.now()
    write(fresh, actor)
    step(fresh, actor=actor, action=Action.VERIFIED, from_state=State.SUBMITTED, note=note.strip())
    return fresh


@transaction.atomic(durable=True)
def realisation_return(
    *, realisation: Realisation, actor, note: str, expected_version: int | None = None
) -> Realisation:
    """The assessor sends a submitted realisation back to the PIC with a note (required)."""
    fresh = fresh_realisation(realisation)
    require_perm(actor, "monitoring.verify_realisation", fresh)
    note = (note or "").strip()
    if not note:
        raise MonitoringWriteError(
            _("Tulis catatan untuk penanggung jawab: apa yang perlu diperbaiki.")
        )
    _require_submitted(fresh)
    compare_and_bump(fresh, expected_version)
    fresh.review_state = State.RETURNED
    write(fresh, actor)
    step(fresh, actor=actor, action=Action.RETURNED, from_state=State.SUBMITTED, note=note)
    return fresh


@transaction.atomic(durable=True)
def realisation_reopen(
    *, realisation: Realisation, actor, reason: str, expected_version: int | None = None
) -> Realisation:
    """The unit's Sekretaris unlocks a verified realisation, giving a reason; it becomes a draft.

    The first submission time is kept, so reopening does not change the cell's timeliness.
    """
    fresh = fresh_realisation(realisation)
    require_perm(actor, "monitoring.reopen_realisation", fresh)
    reason = (reason or "").strip()
    if not reason:
        raise MonitoringWriteError(_("Tulis alasan membuka kembali realisasi yang terverifikasi."))
    if fresh.review_state != State.VERIFIED:
        raise MonitoringWriteError(
            _("Hanya realisasi yang sudah terverifikasi yang dapat dibuka kembali.")
        )
    compare_and_bump(fresh, expected_version)
    fresh.review_state = State.DRAFT
    fresh.verified_at = None
    write(fresh, actor)
    step(fresh, actor=actor, action=Action.REOPENED, from_state=State.VERIFIED, note=reason)
    return fresh
