"""What every monitoring write shares: errors, permission, optimistic locking, history steps.

Each use case checks the actor's permission, validates, writes, adds a step to the cell's history
(``RealisationEvent``) and records an audit event, all in one durable transaction.

Concurrency: every change to a realisation's fields or review state compares and bumps
``version`` with one filtered UPDATE (``… WHERE id = %s AND version = %s``), so two people who
opened the same version cannot both write it, in any number of processes. Evidence changes do not
bump the version (uploading a file must not make the uploader's open form stale); they lock the
row instead, which orders them with the state changes.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.core.actors import require_perm, user_or_none  # noqa: F401 (re-exported)
from renaksi.core.hooks import announce_plan_cells_changed
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvent
from renaksi.monitoring.rules import cell_unit

CELL_RELATED = ("indicator__activity__area__plan__unit", "indicator__pic", "updated_by")
State = Realisation.ReviewState
Action = RealisationEvent.Action


class MonitoringWriteError(ValueError):
    """A write that cannot be done; the message is for the user, in their language."""


class RealisationConflictError(MonitoringWriteError):
    """Someone else changed the realisation since the actor read it."""


class EvidenceError(MonitoringWriteError):
    """An evidence file or link that is refused; nothing was stored."""


def fresh_realisation(realisation: Realisation, *, lock: bool = False) -> Realisation:
    qs = Realisation.objects.select_related(*CELL_RELATED)
    if lock:
        # Only the realisation row: the nullable joins cannot be locked on PostgreSQL.
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=realisation.pk)


def conflict_error(pk: int) -> RealisationConflictError:
    current = Realisation.objects.select_related("updated_by").filter(pk=pk).first()
    if current is None or current.updated_by is None:
        return RealisationConflictError(
            _(
                "Realisasi ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman, "
                "periksa perubahannya, lalu simpan lagi."
            )
        )
    return RealisationConflictError(
        _(
            "Realisasi ini sudah diubah oleh %(user)s pada %(time)s sejak Anda membukanya. "
            "Muat ulang halaman, periksa perubahannya, lalu simpan lagi."
        )
        % {
            "user": current.updated_by,
            "time": formats.date_format(timezone.localtime(current.updated_at), "j F Y H:i"),
        }
    )


def compare_and_bump(realisation: Realisation, expected_version: int | None) -> None:
    """Claim the next version in one UPDATE; fails when the stored version is not the expected."""
    expected = realisation.version if expected_version is None else expected_version
    claimed = Realisation.objects.filter(pk=realisation.pk, version=expected).update(
        version=expected + 1
    )
    if claimed != 1:
        raise conflict_error(realisation.pk)
    realisation.version = expected + 1


def write(realisation: Realisation, actor) -> None:
    realisation.updated_by = user_or_none(actor)
    realisation._history_user = user_or_none(actor)
    realisation.save()
    # Every change of a realisation comes through here: keep the roll-up summary in step.
    announce_plan_cells_changed(
        plan_ids=[realisation.indicator.activity.area.plan_id], periods=[realisation.period]
    )


def step(
    realisation: Realisation,
    *,
    actor,
    action: str,
    from_state: str,
    note: str = "",
    evidence: Evidence | None = None,
    data: dict | None = None,
) -> RealisationEvent:
    event = RealisationEvent.objects.create(
        realisation=realisation,
        actor=user_or_none(actor),
        action=action,
        note=note,
        from_state=from_state,
        to_state=realisation.review_state,
        version=realisation.version,
        evidence=evidence,
    )
    audit_record(
        actor=actor,
        action=f"realisation.{action}",
        obj=realisation,
        unit=cell_unit(realisation),
        summary=f"{realisation.indicator}"[:150] + f" — {realisation.period}",
        data={
            "indicator": realisation.indicator_id,
            "period": realisation.period,
            "from": from_state,
            "to": realisation.review_state,
            "version": realisation.version,
            **({"note": note} if note else {}),
            **({"evidence": evidence.pk} if evidence is not None else {}),
            **(data or {}),
        },
    )
    return event


def refuse_if_locked(realisation: Realisation) -> None:
    if realisation.review_state == State.VERIFIED:
        raise MonitoringWriteError(
            _(
                "Realisasi ini sudah terverifikasi dan terkunci. Minta Sekretaris membukanya "
                "kembali bila perlu diubah."
            )
        )
    if realisation.review_state == State.SUBMITTED:
        raise MonitoringWriteError(
            _(
                "Realisasi ini sedang menunggu verifikasi dan tidak dapat diubah. Minta Tim Asesor "
                "mengembalikannya bila perlu diperbaiki."
            )
        )
