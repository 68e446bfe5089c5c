"""Gratification reports: the report, the not-to-report threshold, the UPG's steps to the KPK."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renaksi.organisations.models import Membership, Unit
from renaksi.registers.models import Gratification, GratificationThreshold, Occasion
from renaksi.registers.services._common import (
    RegisterError,
    clean_line,
    clean_text,
    number_next,
    record,
    require_perm,
    today_or,
)

Status = Gratification.Status
UPG = "registers.handle_gratification"


@dataclass(frozen=True)
class ThresholdCheck:
    under: bool
    regulation: str  # the rule in force on the receipt date, "" when none
    reason: str


def threshold_in_force(*, occasion: str, received_on: date) -> GratificationThreshold | None:
    """The threshold row of the regulation in force on ``received_on`` for the occasion."""
    latest = (
        GratificationThreshold.objects.filter(in_force_from__lte=received_on)
        .order_by("-in_force_from")
        .values_list("in_force_from", flat=True)
        .first()
    )
    if latest is None:
        return None
    return GratificationThreshold.objects.filter(in_force_from=latest, occasion=occasion).first()


def threshold_check(
    *,
    occasion: str,
    form: str,
    value: Decimal,
    received_on: date,
    year_total_before: Decimal = Decimal(0),
) -> ThresholdCheck:
    """Whether a gift need not be reported, under the rule in force on its receipt date."""
    row = threshold_in_force(occasion=occasion, received_on=received_on)
    if row is None:
        return ThresholdCheck(
            False, "", _("Tidak ada batas tidak wajib lapor untuk peristiwa ini.")
        )
    if row.non_cash_only and form == Gratification.Form.MONEY:
        return ThresholdCheck(False, row.regulation, _("Pemberian berupa uang selalu wajib lapor."))
    if value > row.per_giver:
        return ThresholdCheck(
            False,
            row.regulation,
            _("Nilai melebihi batas per pemberi menurut %(r)s.") % {"r": row.regulation},
        )
    if row.per_year is not None and year_total_before + value > row.per_year:
        return ThresholdCheck(
            False,
            row.regulation,
            _("Jumlah setahun dari pemberi yang sama melebihi batas menurut %(r)s.")
            % {"r": row.regulation},
        )
    return ThresholdCheck(
        True,
        row.regulation,
        _("Di bawah batas tidak wajib lapor menurut %(r)s.") % {"r": row.regulation},
    )


def gratification_report(
    *,
    unit: Unit,
    reporter,
    received_on: date,
    giver_name: str,
    giver_relation: str,
    occasion: str,
    form: str,
    description: str,
    estimated_value,
    actor,
    on: date | None = None,
) -> Gratification:
    """A report by the employee themself, or entered by the UPG for an employee of its unit."""
    reported_on = today_or(on)
    errors = []
    if actor is None or not actor.is_authenticated:
        raise RegisterError(_("Laporan gratifikasi hanya dapat dibuat setelah masuk."))
    if reporter.pk != actor.pk:
        require_perm(actor, UPG, unit)
    if not Membership.objects.filter(user=reporter, unit=unit).exists() and not (
        reporter.is_superuser
    ):
        errors.append(_("Pelapor bukan anggota satuan kerja yang dipilih."))
    try:
        value = Decimal(str(estimated_value).replace(".", "").replace(",", ".").strip())
        if not value.is_finite() or value < 0 or value >= Decimal("1e14"):
            raise InvalidOperation
        value = value.quantize(Decimal(1))
    except (InvalidOperation, ValueError):
        errors.append(_("Taksiran nilai harus berupa angka rupiah, mis. 750000."))
        value = Decimal(0)
    if received_on > reported_on:
        errors.append(_("Tanggal penerimaan tidak boleh sesudah hari ini."))
    for field, choices, label in (
        (giver_relation, Gratification.Relation, _("hubungan dengan pemberi")),
        (occasion, Occasion, _("peristiwa")),
        (form, Gratification.Form, _("bentuk")),
    ):
        if field not in choices.values:
            errors.append(_("Pilih %(f)s dari daftar.") % {"f": label})
    giver_name, description = clean_line(giver_name, limit=200), clean_text(description, limit=5000)
    if not giver_name:
        errors.append(_("Nama pemberi wajib diisi."))
    if not description:
        errors.append(_("Uraian penerimaan wajib diisi."))
    if errors:
        raise RegisterError(errors)
    with transaction.atomic(durable=True):
        before = Gratification.objects.filter(
            reporter=reporter,
            giver_name__iexact=giver_name,
            received_on__year=received_on.year,
        ).aggregate(total=Sum("estimated_value"))["total"] or Decimal(0)
        check = threshold_check(
            occasion=occasion,
            form=form,
            value=value,
            received_on=received_on,
            year_total_before=before,
        )
        g = Gratification.objects.create(
            unit=unit,
            number=number_next(Gratification, unit=unit, year=reported_on.year, prefix="GRT"),
            reporter=reporter,
            entered_by=actor,
            received_on=received_on,
            reported_on=reported_on,
            giver_name=giver_name,
            giver_relation=giver_relation,
            occasion=occasion,
            form=form,
            description=description,
            estimated_value=value,
            under_threshold=check.under,
            threshold_regulation=check.regulation,
        )
        record(g, actor=actor, action="reported", status=g.status, note=check.reason)
        return g


def _locked(g: Gratification, actor) -> Gratification:
    fresh = Gratification.objects.select_for_update().select_related("unit").get(pk=g.pk)
    require_perm(actor, UPG, fresh)
    return fresh


def _expect(g: Gratification, *states) -> None:
    if g.status not in states:
        raise RegisterError(
            _("Langkah ini tidak dapat dilakukan: laporan %(n)s berstatus %(s)s.")
            % {"n": g.number, "s": g.get_status_display()}
        )


def gratification_review(*, gratification: Gratification, note: str, actor):
    with transaction.atomic(durable=True):
        g = _locked(gratification, actor)
        _expect(g, Status.REPORTED)
        g.status = Status.REVIEWED
        g.save(update_fields=["status"])
        record(
            g, actor=actor, action="reviewed", status=g.status, note=clean_text(note, limit=2000)
        )
        return g


def _completion_due(g: Gratification) -> date:
    from renaksi.registers.selectors.due import Clock

    return Clock([g.incomplete_on.year]).gratification(g).due_on


def gratification_ask_completion(*, gratification: Gratification, note: str, actor, on=None):
    """The UPG finds the report incomplete and tells the reporter what is missing.

    The reporter then has the ``completion`` window (30 working days under Peraturan KPK 2/2019,
    20 under 1/2026, as in force on the day of this notice); the KPK clock waits meanwhile.
    """
    with transaction.atomic(durable=True):
        g = _locked(gratification, actor)
        _expect(g, Status.REPORTED, Status.REVIEWED)
        note = clean_text(note, limit=2000)
        if not note:
            raise RegisterError(_("Sebutkan kekurangan laporan yang harus dilengkapi pelapor."))
        g.status, g.incomplete_on = Status.INCOMPLETE, max(today_or(on), g.reported_on)
        g.incomplete_note, g.completed_on = note, None
        g.save(update_fields=["status", "incomplete_on", "incomplete_note", "completed_on"])
        due = _completion_due(g)
        record(
            g,
            actor=actor,
            action="incomplete",
            status=g.status,
            note=_("%(note)s (lengkapi paling lambat %(d)s)")
            % {"note": note, "d": date_format(due, "j F Y")},
        )
        return g


def gratification_complete(*, gratification: Gratification, note: str, actor, on=None):
    """The reporter (or the UPG for them) completes the report within the window."""
    with transaction.atomic(durable=True):
        g = (
            Gratification.objects.select_for_update()
            .select_related("unit")
            .get(pk=gratification.pk)
        )
        require_perm(actor, "registers.view_gratification", g)
        _expect(g, Status.INCOMPLETE)
        note = clean_text(note, limit=5000)
        if not note:
            raise RegisterError(_("Tuliskan kelengkapan yang Anda sampaikan."))
        day, due = max(today_or(on), g.incomplete_on), _completion_due(g)
        if day > due:
            raise RegisterError(
                _(
                    "Batas melengkapi laporan (%(d)s) sudah lewat; laporan tidak diproses. "
                    "Sampaikan laporan baru bila perlu."
                )
                % {"d": date_format(due, "j F Y")}
            )
        g.status, g.completed_on = Status.REVIEWED, day
        g.save(update_fields=["status", "completed_on"])
        record(g, actor=actor, action="completed", status=g.status, note=note)
        return g


def gratification_lapse(*, gratification: Gratification, actor, on=None):
    """After the completion window passes, the UPG closes the report as not processed."""
    with transaction.atomic(durable=True):
        g = _locked(gratification, actor)
        _expect(g, Status.INCOMPLETE)
        day, due = max(today_or(on), g.incomplete_on), _completion_due(g)
        if day <= due:
            raise RegisterError(
                _("Pelapor masih dapat melengkapi laporan sampai %(d)s.")
                % {"d": date_format(due, "j F Y")}
            )
        g.status, g.closed_on = Status.LAPSED, day
        g.save(update_fields=["status", "closed_on"])
        record(g, actor=actor, action="lapsed", status=g.status)
        return g


def gratification_not_required(*, gratification: Gratification, note: str, actor, on=None):
    """The UPG finds the gift under the threshold: kept on file, not forwarded."""
    with transaction.atomic(durable=True):
        g = _locked(gratification, actor)
        _expect(g, Status.REPORTED, Status.REVIEWED)
        if not g.under_threshold:
            raise RegisterError(_("Nilai laporan ini tidak di bawah batas; teruskan ke KPK."))
        g.status, g.closed_on = Status.NOT_REQUIRED, max(today_or(on), g.reported_on)
        g.save(update_fields=["status", "closed_on"])
        record(
            g,
            actor=actor,
            action="not_required",
            status=g.status,
            note=clean_text(note, limit=2000),
        )
        return g


def gratification_forward(*, gratification: Gratification, kpk_number: str, actor, on=None):
    with transaction.atomic(durable=True):
        g = _locked(gratification, actor)
        _expect(g, Status.REPORTED, Status.REVIEWED)
        g.status, g.forwarded_on = Status.FORWARDED, max(today_or(on), g.reported_on)
        g.kpk_number = clean_line(kpk_number, limit=100)
        g.save(update_fields=["status", "forwarded_on", "kpk_number"])
        record(g, actor=actor, action="forwarded", status=g.status, note=g.kpk_number)
        return g


def gratification_decide(*, gratification: Gratification, decision: str, actor, on=None):
    """The KPK's decision, recorded by the UPG."""
    if decision not in (Status.STATE, Status.RECIPIENT):
        raise RegisterError(_("Pilih penetapan KPK: milik negara atau milik penerima."))
    with transaction.atomic(durable=True):
        g = _locked(gratification, actor)
        _expect(g, Status.FORWARDED)
        day = max(today_or(on), g.forwarded_on)
        g.status, g.decided_on, g.closed_on = decision, day, day
        g.save(update_fields=["status", "decided_on", "closed_on"])
        record(g, actor=actor, action="decided", status=g.status)
        return g
