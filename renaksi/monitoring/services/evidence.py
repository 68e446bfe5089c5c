"""Evidence (data dukung): files and links attached to realisations, kept once per unit."""

from __future__ import annotations

import hashlib
import logging
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from renaksi.core.hooks import announce_plans_changed
from renaksi.monitoring import evidence as evidence_files
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvidence
from renaksi.monitoring.rules import cell_unit
from renaksi.monitoring.services._common import (
    Action,
    EvidenceError,
    fresh_realisation,
    refuse_if_locked,
    require_perm,
    step,
    user_or_none,
)
from renaksi.organisations.models import Unit

logger = logging.getLogger(__name__)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def _read_upload(upload) -> bytes:
    limit = evidence_max_bytes()
    name = evidence_files.display_name_clean(upload.name or "", fallback_extension="bin")
    too_big = EvidenceError(
        _("Berkas %(name)s terlalu besar (%(size)s; paling besar %(limit)s).")
        % {
            "name": name,
            "size": formats.number_format(round((upload.size or 0) / 1024 / 1024, 1), 1) + " MB",
            "limit": formats.number_format(round(limit / 1024 / 1024, 1), 1) + " MB",
        }
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    chunks, total = [], 0
    upload.seek(0)
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise too_big
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise EvidenceError(_("Berkas %(name)s kosong.") % {"name": name})
    return data


def _cell_for_evidence(realisation: Realisation, actor) -> Realisation:
    # Locks the realisation row, so a verification cannot slip in between check and write.
    fresh = fresh_realisation(realisation, lock=True)
    require_perm(actor, "monitoring.change_realisation", fresh)
    refuse_if_locked(fresh)
    return fresh


def _link(realisation: Realisation, evidence: Evidence, actor, *, duplicate_message: str):
    if RealisationEvidence.objects.filter(realisation=realisation, evidence=evidence).exists():
        raise EvidenceError(duplicate_message)
    RealisationEvidence.objects.create(
        realisation=realisation, evidence=evidence, added_by=user_or_none(actor)
    )
    announce_plans_changed(plan_ids=[realisation.indicator.activity.area.plan_id])
    step(
        realisation,
        actor=actor,
        action=Action.EVIDENCE_ADDED,
        from_state=realisation.review_state,
        evidence=evidence,
        data={"name": evidence.display_name, "kind": evidence.kind, "sha256": evidence.sha256},
    )


def _discard_unreferenced(paths: list[str]) -> None:
    """After a failed upload: remove files this upload wrote that no saved row points to."""
    for path in paths:
        try:
            if not Evidence.objects.filter(file=path).exists():
                default_storage.delete(path)
        except Exception:  # the original error matters more than a failed cleanup
            logger.exception("Could not remove orphan evidence file %s", path)


def evidence_upload(*, realisation: Realisation, upload, actor, description: str = "") -> Evidence:
    """Attach an uploaded file (a Django ``UploadedFile``) to a realisation.

    The type is read from the content; the file is stored once per unit under a path made from
    its SHA-256 and reused when the same file backs another cell. Refused uploads store nothing;
    a file written by a transaction that then fails is removed again.
    """
    written: list[str] = []
    try:
        with transaction.atomic(durable=True):
            return _evidence_upload(
                realisation=realisation,
                upload=upload,
                actor=actor,
                description=description,
                written=written,
            )
    except BaseException:
        _discard_unreferenced(written)
        raise


def _evidence_upload(*, realisation, upload, actor, description, written) -> Evidence:
    realisation = _cell_for_evidence(realisation, actor)
    unit = cast(Unit, cell_unit(realisation))  # a realisation always has its plan's unit
    data = _read_upload(upload)
    kind = evidence_files.sniff(data)
    name = evidence_files.display_name_clean(
        upload.name or "", fallback_extension=kind.extension if kind else "bin"
    )
    if kind is None:
        raise EvidenceError(
            _(
                "Berkas %(name)s tidak dapat diterima: isinya bukan PDF, gambar (PNG, JPEG, GIF, "
                "WebP), Word, Excel atau PowerPoint."
            )
            % {"name": name}
        )
    sha256 = hashlib.sha256(data).hexdigest()
    evidence = Evidence.objects.filter(unit=unit, kind=Evidence.Kind.FILE, sha256=sha256).first()
    duplicate = _(
        "Berkas yang sama sudah dilampirkan pada realisasi ini (%(name)s); tidak perlu diunggah "
        "lagi."
    )
    if evidence is not None and evidence.realisation_links.filter(realisation=realisation).exists():
        raise EvidenceError(duplicate % {"name": evidence.display_name})
    if evidence is None:
        evidence = Evidence(
            unit=unit,
            kind=Evidence.Kind.FILE,
            file=evidence_files.storage_path(unit_id=unit.pk, sha256=sha256, kind=kind),
            display_name=name,
            description=(description or "").strip(),
            sha256=sha256,
            size=len(data),
            content_type=kind.code,
            uploaded_by=user_or_none(actor),
        )
        try:
            with transaction.atomic():
                evidence.save()
        except IntegrityError:
            # The same file was added to the library at the same moment; use that row.
            evidence = Evidence.objects.get(unit=unit, kind=Evidence.Kind.FILE, sha256=sha256)
    # The row is written first: its unique (unit, sha256) key makes concurrent writers of this
    # path wait for each other. A library row whose file went missing is repaired here too.
    if evidence_files.storage_write_if_missing(cast(str, evidence.file.name), data):
        written.append(evidence.file.name)
    _link(realisation, evidence, actor, duplicate_message=duplicate % {"name": name})
    return evidence


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    try:
        if len(url) > 2000:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise EvidenceError(
            _("Tautan harus berupa alamat lengkap yang diawali http:// atau https://.")
        ) from exc
    return url


@transaction.atomic(durable=True)
def evidence_link_add(
    *, realisation: Realisation, url: str, actor, title: str = "", description: str = ""
) -> Evidence:
    """Attach a link (http/https only); the same link in a unit is kept once."""
    realisation = _cell_for_evidence(realisation, actor)
    unit = cell_unit(realisation)
    url = _clean_url(url)
    evidence = Evidence.objects.filter(unit=unit, kind=Evidence.Kind.LINK, url=url).first()
    if evidence is None:
        evidence = Evidence(
            unit=unit,
            kind=Evidence.Kind.LINK,
            url=url,
            display_name=evidence_files.title_clean(title) or url.split("://", 1)[1][:255],
            description=(description or "").strip(),
            uploaded_by=user_or_none(actor),
        )
        try:
            with transaction.atomic():
                evidence.save()
        except IntegrityError:
            evidence = Evidence.objects.get(unit=unit, kind=Evidence.Kind.LINK, url=url)
    _link(
        realisation,
        evidence,
        actor,
        duplicate_message=_("Tautan yang sama sudah dilampirkan pada realisasi ini."),
    )
    return evidence


@transaction.atomic(durable=True)
def evidence_attach(*, realisation: Realisation, evidence: Evidence, actor) -> Evidence:
    """Reuse an item of the unit's evidence library for another cell."""
    realisation = _cell_for_evidence(realisation, actor)
    evidence = Evidence.objects.select_related("unit").get(pk=evidence.pk)
    if evidence.unit_id != cast(Unit, cell_unit(realisation)).pk:
        # Another unit's library is not visible from this cell, whoever asks.
        raise PermissionDenied
    _link(
        realisation,
        evidence,
        actor,
        duplicate_message=_("Data dukung %(name)s sudah dilampirkan pada realisasi ini.")
        % {"name": evidence.display_name},
    )
    return evidence


@transaction.atomic(durable=True)
def evidence_detach(*, realisation: Realisation, evidence: Evidence, actor) -> None:
    """Remove an evidence item from a cell; it stays in the unit's library."""
    realisation = _cell_for_evidence(realisation, actor)
    deleted, _rows = RealisationEvidence.objects.filter(
        realisation=realisation, evidence=evidence
    ).delete()
    if not deleted:
        raise EvidenceError(_("Data dukung ini tidak dilampirkan pada realisasi ini."))
    announce_plans_changed(plan_ids=[realisation.indicator.activity.area.plan_id])
    step(
        realisation,
        actor=actor,
        action=Action.EVIDENCE_REMOVED,
        from_state=realisation.review_state,
        evidence=evidence,
        data={"name": evidence.display_name},
    )
