"""Integrity campaigns: a yearly call to sign the pact and declare conflicts of interest."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.organisations.models import Unit
from renaksi.registers.models import Declaration, IntegrityCampaign
from renaksi.registers.services._common import (
    RegisterError,
    clean_line,
    clean_text,
    require_perm,
    today_or,
)


def campaign_open(*, unit: Unit, year: int, title: str, actor, on: date | None = None):
    require_perm(actor, "registers.manage_integrity", unit)
    title = clean_line(title, limit=200) or _("Pakta integritas dan deklarasi benturan kepentingan")
    if not 2000 <= int(year) <= 2100:
        raise RegisterError(_("Tahun kampanye tidak masuk akal."))
    try:
        with transaction.atomic(durable=True):
            campaign = IntegrityCampaign.objects.create(
                unit=unit, year=year, title=title, opened_on=today_or(on)
            )
            audit_record(
                actor=actor,
                action="registers.campaign.opened",
                obj=campaign,
                unit=unit,
                summary=f"{unit.code} {year}: {title}",
            )
            return campaign
    except IntegrityError:
        raise RegisterError(
            _("Satuan kerja ini sudah memiliki kampanye integritas tahun %(y)s.") % {"y": year}
        ) from None


def declaration_sign(
    *,
    campaign: IntegrityCampaign,
    actor,
    conflict_kind: str = "",
    conflict_source: str = "",
    conflict_description: str = "",
    on: date | None = None,
) -> Declaration:
    """The member signs the pact and declares (no conflict, or an actual/potential one)."""
    require_perm(actor, "registers.declare", campaign)
    if conflict_kind not in Declaration.ConflictKind.values:
        raise RegisterError(_("Jenis benturan kepentingan tidak dikenal."))
    description = clean_text(conflict_description, limit=5000)
    if conflict_kind and not description:
        raise RegisterError(_("Uraikan benturan kepentingan yang dinyatakan."))
    if campaign.closed_on is not None:
        raise RegisterError(_("Kampanye ini sudah ditutup."))
    try:
        with transaction.atomic(durable=True):
            declaration = Declaration.objects.create(
                campaign=campaign,
                user=actor,
                signed_on=today_or(on),
                pact_signed=True,
                conflict_kind=conflict_kind,
                conflict_source=clean_line(conflict_source, limit=200),
                conflict_description=description if conflict_kind else "",
                handling=Declaration.Handling.OPEN if conflict_kind else "",
            )
            audit_record(
                actor=actor,
                action="registers.declaration.signed",
                obj=declaration,
                unit=campaign.unit,
                summary=f"{campaign.unit.code} {campaign.year}",
                data={"conflict": conflict_kind},
            )
            return declaration
    except IntegrityError:
        raise RegisterError(_("Anda sudah menandatangani kampanye ini.")) from None


def declaration_handle(*, declaration: Declaration, note: str, actor, on: date | None = None):
    """The managers record how an identified conflict is controlled."""
    with transaction.atomic(durable=True):
        d = (
            Declaration.objects.select_for_update()
            .select_related("campaign__unit")
            .get(pk=declaration.pk)
        )
        require_perm(actor, "registers.manage_integrity", d.campaign.unit)
        if not d.conflict_kind:
            raise RegisterError(_("Deklarasi ini tidak menyatakan benturan kepentingan."))
        note = clean_text(note, limit=5000)
        if not note:
            raise RegisterError(_("Uraikan pengendalian benturan kepentingan."))
        d.handling, d.handling_note, d.handled_on = (
            Declaration.Handling.HANDLED,
            note,
            today_or(on),
        )
        d.save(update_fields=["handling", "handling_note", "handled_on"])
        audit_record(
            actor=actor,
            action="registers.declaration.handled",
            obj=d,
            unit=d.campaign.unit,
            summary=note[:200],
        )
        return d
