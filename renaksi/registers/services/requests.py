"""PPID information requests: the statutory clock of UU 14/2008 and Perki 1/2021."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renaksi.organisations.models import Unit
from renaksi.registers.models import InfoRequest
from renaksi.registers.services._common import (
    RegisterError,
    clean_line,
    clean_text,
    fingerprint,
    number_next,
    record,
    require_perm,
    today_or,
    tracking_code_new,
    tracking_code_normalise,
)

Status = InfoRequest.Status
PERM = "registers.handle_requests"


def info_request_submit(
    *,
    unit: Unit,
    requester_name: str,
    contact: str,
    information: str,
    purpose: str,
    requester_id: str = "",
    channel: str = InfoRequest.Channel.WEB,
    actor=None,
    on: date | None = None,
) -> InfoRequest:
    """Register a request (the public form, or typed in by the PPID from a visit or letter)."""
    if actor is not None and actor.is_authenticated:
        require_perm(actor, PERM, unit)
    if channel not in InfoRequest.Channel.values:
        raise RegisterError(_("Saluran permohonan tidak dikenal."))
    received_on = today_or(on)
    name, contact = clean_line(requester_name, limit=200), clean_line(contact, limit=200)
    nik = clean_line(requester_id, limit=30)
    information, purpose = clean_text(information, limit=5000), clean_text(purpose, limit=2000)
    errors = []
    if not name:
        errors.append(_("Nama pemohon wajib diisi."))
    if not contact:
        errors.append(_("Kontak pemohon (surel atau telepon) wajib diisi."))
    if len(information) < 5:
        errors.append(_("Rincian informasi yang diminta wajib diisi."))
    if not purpose:
        errors.append(_("Tujuan penggunaan informasi wajib diisi."))
    if nik and not nik.isdigit():
        errors.append(_("Nomor identitas hanya berisi angka."))
    if errors:
        raise RegisterError(errors)
    print_ = fingerprint(unit.code, information, contact)
    with transaction.atomic(durable=True):
        if InfoRequest.objects.filter(
            unit=unit, fingerprint=print_, received_on__gte=received_on - timedelta(days=1)
        ).exists():
            raise RegisterError(
                _("Permohonan yang sama sudah kami terima. Gunakan kode pelacakan yang diberikan.")
            )
        req = InfoRequest.objects.create(
            unit=unit,
            number=number_next(InfoRequest, unit=unit, year=received_on.year, prefix="PPID"),
            tracking_code=tracking_code_new(),
            channel=channel,
            received_on=received_on,
            requester_name=name,
            requester_id=nik,
            contact=contact,
            information=information,
            purpose=purpose,
            fingerprint=print_,
        )
        record(
            req,
            actor=actor,
            action="received",
            status=Status.RECEIVED,
            note=_("Permohonan informasi diterima."),
            data={"channel": channel},
        )
        return req


def _locked(req: InfoRequest, actor, perm: str = PERM) -> InfoRequest:
    fresh = InfoRequest.objects.select_for_update().select_related("unit").get(pk=req.pk)
    require_perm(actor, perm, fresh)
    return fresh


def _expect(req: InfoRequest, *states: str) -> None:
    if req.status not in states:
        raise RegisterError(
            _("Langkah ini tidak dapat dilakukan: permohonan %(n)s berstatus %(s)s.")
            % {"n": req.number, "s": req.get_status_display()}
        )


def info_request_extend(*, info_request: InfoRequest, reason: str, actor, on: date | None = None):
    """The one extension of +7 working days, with its written reason."""
    with transaction.atomic(durable=True):
        r = _locked(info_request, actor)
        _expect(r, Status.RECEIVED)
        reason = clean_text(reason, limit=2000)
        if not reason:
            raise RegisterError(_("Alasan perpanjangan wajib diisi (UU 14/2008 Pasal 22)."))
        r.status, r.extended_on, r.extension_reason = Status.EXTENDED, today_or(on), reason
        r.save(update_fields=["status", "extended_on", "extension_reason"])
        record(r, actor=actor, action="extended", status=r.status, note=reason)
        return r


def info_request_decide(
    *,
    info_request: InfoRequest,
    decision: str,
    note: str,
    exemption_article: str = "",
    actor,
    on: date | None = None,
) -> InfoRequest:
    """The written notice: granted, partly granted, or refused naming the exemption article."""
    with transaction.atomic(durable=True):
        r = _locked(info_request, actor)
        _expect(r, Status.RECEIVED, Status.EXTENDED)
        if decision not in InfoRequest.Decision.values:
            raise RegisterError(_("Keputusan tidak dikenal."))
        note, article = clean_text(note, limit=10000), clean_line(exemption_article, limit=200)
        if not note:
            raise RegisterError(_("Isi pemberitahuan tertulis wajib diisi."))
        if decision in (InfoRequest.Decision.REFUSED, InfoRequest.Decision.PARTLY) and not article:
            raise RegisterError(
                _("Sebutkan pasal pengecualian (UU 14/2008 Pasal 17) untuk informasi yang ditolak.")
            )
        r.decision, r.decision_note, r.exemption_article = decision, note, article
        r.answered_on, r.status = max(today_or(on), r.received_on), Status.ANSWERED
        r.save()
        label = InfoRequest.Decision(decision).label
        record(r, actor=actor, action="decided", status=r.status, note=f"{label}. {note}")
        return r


def _file_objection(r: InfoRequest, *, ground: str, note: str, day: date, actor, channel: str):
    if ground not in InfoRequest.Ground.values:
        raise RegisterError(_("Pilih alasan keberatan (UU 14/2008 Pasal 35)."))
    r.status, r.objection_on = Status.OBJECTION, day
    r.objection_ground, r.objection_note = ground, note
    r.save(update_fields=["status", "objection_on", "objection_ground", "objection_note"])
    record(
        r,
        actor=actor,
        action="objected",
        status=r.status,
        note=InfoRequest.Ground(ground).label,
        data={"channel": channel},
    )
    return r


def info_request_object(
    *, info_request: InfoRequest, ground: str, note: str, actor, on: date | None = None
):
    """A keberatan to the Atasan PPID, typed in from the requester's letter."""
    with transaction.atomic(durable=True):
        r = _locked(info_request, actor)
        _expect(r, Status.RECEIVED, Status.EXTENDED, Status.ANSWERED)
        return _file_objection(
            r,
            ground=ground,
            note=clean_text(note, limit=5000),
            day=today_or(on),
            actor=actor,
            channel="staff",
        )


def info_request_object_public(*, code: str, ground: str, note: str, on: date | None = None):
    """A keberatan filed by the requester on the public page, proven by the tracking code alone.

    Only within the statutory window (``Clock.objection_window``): from the written notice, or
    from the day after its deadline lapsed, until 30 working days later.
    """
    from renaksi.registers.selectors.due import Clock

    day, note = today_or(on), clean_text(note, limit=5000)
    errors = []
    if ground not in InfoRequest.Ground.values:
        errors.append(_("Pilih alasan keberatan (UU 14/2008 Pasal 35)."))
    if len(note) < 10:
        errors.append(_("Uraikan keberatan Anda (paling sedikit 10 huruf)."))
    normalised = tracking_code_normalise(code)
    if not normalised:
        errors.append(_("Kode pelacakan tidak ditemukan. Periksa kembali kode Anda."))
    if errors:
        raise RegisterError(errors)
    with transaction.atomic(durable=True):
        r = InfoRequest.objects.select_for_update().filter(tracking_code=normalised).first()
        if r is None:
            raise RegisterError(_("Kode pelacakan tidak ditemukan. Periksa kembali kode Anda."))
        window = Clock([r.received_on.year, day.year]).objection_window(r)
        if window is None:
            raise RegisterError(
                _("Keberatan tidak dapat diajukan: permohonan ini berstatus %(s)s.")
                % {"s": r.get_status_display()}
            )
        first, last = window
        if day < first:
            raise RegisterError(
                _(
                    "Keberatan dapat diajukan setelah pemberitahuan tertulis Anda terima, atau "
                    "setelah batas waktunya (%(d)s) lewat tanpa jawaban."
                )
                % {"d": date_format(first - timedelta(days=1), "j F Y")}
            )
        if day > last:
            raise RegisterError(
                _("Batas waktu mengajukan keberatan (%(d)s) sudah lewat (UU 14/2008 Pasal 36).")
                % {"d": date_format(last, "j F Y")}
            )
        return _file_objection(
            r, ground=ground, note=note, day=day, actor=None, channel=InfoRequest.Channel.WEB
        )


def info_request_answer_objection(
    *, info_request: InfoRequest, answer: str, actor, on: date | None = None
):
    with transaction.atomic(durable=True):
        r = _locked(info_request, actor, "registers.answer_objections")
        _expect(r, Status.OBJECTION)
        answer = clean_text(answer, limit=10000)
        if not answer:
            raise RegisterError(_("Isi tanggapan atasan PPID wajib diisi."))
        r.status, r.objection_answer = Status.OBJECTION_ANSWERED, answer
        r.objection_answered_on = max(today_or(on), r.objection_on)
        r.save()
        record(r, actor=actor, action="objection_answered", status=r.status, note=answer)
        return r


def info_request_dispute(*, info_request: InfoRequest, actor, on: date | None = None):
    """The requester took the matter to the Komisi Informasi."""
    with transaction.atomic(durable=True):
        r = _locked(info_request, actor)
        _expect(r, Status.OBJECTION, Status.OBJECTION_ANSWERED)
        r.status, r.dispute_on = Status.DISPUTE, today_or(on)
        r.save(update_fields=["status", "dispute_on"])
        record(r, actor=actor, action="disputed", status=r.status)
        return r


def info_request_close(*, info_request: InfoRequest, actor, on: date | None = None):
    with transaction.atomic(durable=True):
        r = _locked(info_request, actor)
        _expect(r, Status.ANSWERED, Status.OBJECTION_ANSWERED, Status.DISPUTE)
        r.status, r.closed_on = Status.CLOSED, max(today_or(on), r.received_on)
        r.save(update_fields=["status", "closed_on"])
        record(r, actor=actor, action="closed", status=r.status)
        return r
