"""Complaints: the public submission, the officer's steps, the complainant's rating."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.monitoring import evidence as evidence_files
from renaksi.organisations.models import Unit
from renaksi.registers.models import Complaint, ComplaintAttachment
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
)

logger = logging.getLogger(__name__)
Status = Complaint.Status
PERM = "registers.handle_complaints"
MAX_ATTACHMENTS = 3


def attachment_max_bytes() -> int:
    return int(getattr(settings, "REGISTERS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def uploads_read(files) -> list[Upload]:
    """Read Django ``UploadedFile``s, refusing too many or too big ones before anything is kept."""
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise RegisterError(
            _("Paling banyak %(n)s lampiran per pengaduan.") % {"n": MAX_ATTACHMENTS}
        )
    limit = attachment_max_bytes()
    read = []
    for f in files:
        name = evidence_files.display_name_clean(f.name or "", fallback_extension="bin")
        chunks, total = [], 0
        for chunk in f.chunks():
            total += len(chunk)
            if total > limit:
                raise RegisterError(
                    _("Lampiran %(name)s terlalu besar (paling besar %(mb)s MB).")
                    % {"name": name, "mb": limit // (1024 * 1024)}
                )
            chunks.append(chunk)
        read.append(Upload(name, b"".join(chunks)))
    return read


def complaint_submit(
    *,
    unit: Unit,
    subject: str,
    body: str,
    anonymous: bool,
    name: str = "",
    contact: str = "",
    uploads: list[Upload] = (),
    channel: str = Complaint.Channel.WEB,
    actor=None,
    on: date | None = None,
) -> Complaint:
    """Register a complaint (the public form, or typed in by an officer) with its attachments.

    All or nothing: a refused attachment or a duplicate stores nothing, and files written by a
    transaction that then fails are removed again.
    """
    if actor is not None and actor.is_authenticated:
        require_perm(actor, PERM, unit)
    received_on = today_or(on)
    subject, body = clean_line(subject, limit=200), clean_text(body, limit=5000)
    name, contact = clean_line(name, limit=200), clean_line(contact, limit=200)
    if anonymous:
        name = contact = ""
    errors = []
    if not subject:
        errors.append(_("Perihal pengaduan wajib diisi."))
    if len(body) < 10:
        errors.append(_("Isi pengaduan wajib diisi (paling sedikit 10 huruf)."))
    if not anonymous and not (name and contact):
        errors.append(_("Nama dan kontak wajib diisi, atau pilih pengaduan tanpa identitas."))
    kinds = []
    for upload in uploads:
        kind = evidence_files.sniff(upload.data) if upload.data else None
        if kind is None:
            errors.append(
                _(
                    "Lampiran %(name)s tidak dapat diterima: isinya bukan PDF, gambar (PNG, JPEG, "
                    "GIF, WebP), Word, Excel atau PowerPoint."
                )
                % {"name": upload.name}
            )
        kinds.append(kind)
    if errors:
        raise RegisterError(errors)
    print_ = fingerprint(unit.code, subject, body, contact)
    written: list[str] = []
    try:
        with transaction.atomic(durable=True):
            if Complaint.objects.filter(
                unit=unit, fingerprint=print_, received_on__gte=received_on - timedelta(days=1)
            ).exists():
                raise RegisterError(
                    _(
                        "Pengaduan yang sama sudah kami terima. Gunakan kode pelacakan yang "
                        "diberikan saat itu untuk melihat statusnya."
                    )
                )
            complaint = Complaint.objects.create(
                unit=unit,
                number=number_next(Complaint, unit=unit, year=received_on.year, prefix="PGD"),
                tracking_code=tracking_code_new(),
                channel=channel,
                received_on=received_on,
                subject=subject,
                body=body,
                anonymous=anonymous,
                name=name,
                contact=contact,
                fingerprint=print_,
            )
            for upload, kind in zip(uploads, kinds, strict=True):
                sha = hashlib.sha256(upload.data).hexdigest()
                path = f"registers/complaints/{unit.pk}/{sha[:2]}/{sha}.{kind.extension}"
                if not default_storage.exists(path):
                    saved = default_storage.save(path, ContentFile(upload.data))
                    written.append(saved)
                    path = saved
                ComplaintAttachment.objects.create(
                    complaint=complaint,
                    file=path,
                    display_name=upload.name,
                    content_type=kind.code,
                    size=len(upload.data),
                    sha256=sha,
                )
            record(
                complaint,
                actor=actor,
                action="received",
                status=Status.RECEIVED,
                note=_("Pengaduan diterima."),
                data={"channel": channel, "attachments": len(uploads)},
            )
            return complaint
    except BaseException:
        for path in written:
            try:
                if not ComplaintAttachment.objects.filter(file=path).exists():
                    default_storage.delete(path)
            except Exception:  # the original error matters more than a failed cleanup
                logger.exception("Could not remove orphan attachment %s", path)
        raise


def _locked(complaint: Complaint, actor) -> Complaint:
    fresh = Complaint.objects.select_for_update().select_related("unit").get(pk=complaint.pk)
    require_perm(actor, PERM, fresh)
    return fresh


def _refuse_closed(complaint: Complaint) -> None:
    if complaint.status == Status.CLOSED:
        raise RegisterError(_("Pengaduan %(n)s sudah selesai.") % {"n": complaint.number})


def complaint_classify(*, complaint: Complaint, classification: str, actor) -> Complaint:
    with transaction.atomic(durable=True):
        c = _locked(complaint, actor)
        _refuse_closed(c)
        if classification not in Complaint.Classification.values:
            raise RegisterError(_("Klasifikasi pengaduan tidak dikenal."))
        c.classification = classification
        c.save(update_fields=["classification"])
        label = Complaint.Classification(classification).label
        record(c, actor=actor, action="classified", status=c.status, note=str(label), public=False)
        return c


def complaint_assign(*, complaint: Complaint, officer, actor) -> Complaint:
    with transaction.atomic(durable=True):
        c = _locked(complaint, actor)
        _refuse_closed(c)
        if officer is None or not officer.has_perm(PERM, c.unit):
            raise RegisterError(_("Petugas yang dipilih tidak menangani pengaduan satker ini."))
        c.officer = officer
        c.save(update_fields=["officer"])
        record(c, actor=actor, action="assigned", status=c.status, note=str(officer), public=False)
        return c


def complaint_respond(*, complaint: Complaint, text: str, actor, on: date | None = None):
    """The first response: the complainant hears that the complaint is being handled."""
    with transaction.atomic(durable=True):
        c = _locked(complaint, actor)
        _refuse_closed(c)
        text = clean_text(text, limit=5000)
        if not text:
            raise RegisterError(_("Isi tanggapan pertama wajib diisi."))
        if c.first_response_on is not None:
            raise RegisterError(_("Tanggapan pertama sudah dikirim."))
        c.first_response, c.first_response_on = text, max(today_or(on), c.received_on)
        if c.status == Status.RECEIVED:
            c.status = Status.IN_PROCESS
        c.save(update_fields=["first_response", "first_response_on", "status"])
        record(c, actor=actor, action="responded", status=c.status, note=text)
        return c


def complaint_answer(*, complaint: Complaint, text: str, actor, on: date | None = None):
    with transaction.atomic(durable=True):
        c = _locked(complaint, actor)
        _refuse_closed(c)
        text = clean_text(text, limit=10000)
        if not text:
            raise RegisterError(_("Isi jawaban wajib diisi."))
        if not c.classification:
            raise RegisterError(_("Tetapkan klasifikasi pengaduan sebelum menjawab."))
        day = max(today_or(on), c.received_on)
        if c.first_response_on is None:
            c.first_response, c.first_response_on = text, day
        c.answer, c.answered_on, c.status = text, day, Status.ANSWERED
        c.save()
        record(c, actor=actor, action="answered", status=c.status, note=text)
        return c


def complaint_close(*, complaint: Complaint, actor, on: date | None = None) -> Complaint:
    with transaction.atomic(durable=True):
        c = _locked(complaint, actor)
        _refuse_closed(c)
        if c.answered_on is None:
            raise RegisterError(_("Pengaduan belum dijawab; jawab dahulu sebelum menutupnya."))
        c.status, c.closed_on = Status.CLOSED, max(today_or(on), c.answered_on)
        c.save(update_fields=["status", "closed_on"])
        record(c, actor=actor, action="closed", status=c.status, note=_("Pengaduan selesai."))
        return c


def complaint_rate(*, complaint: Complaint, rating, note: str = "") -> Complaint:
    """The complainant's rating, through the tracking page (the code is their key)."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise RegisterError(_("Penilaian harus antara 1 dan 5."))
    with transaction.atomic(durable=True):
        c = Complaint.objects.select_for_update().select_related("unit").get(pk=complaint.pk)
        if c.answered_on is None:
            raise RegisterError(_("Pengaduan dapat dinilai setelah dijawab."))
        if c.rating is not None:
            raise RegisterError(_("Pengaduan ini sudah dinilai."))
        c.rating, c.rating_note = rating, clean_text(note, limit=1000)
        c.save(update_fields=["rating", "rating_note"])
        record(c, actor=None, action="rated", status=c.status, note=str(rating), public=False)
        return c
