"""Plan indicators counted from a register: the binding, and the proposed period realisation.

The proposal writes the cell's realisation as a draft (value and narrative from the register's
figures for the period) and attaches the register's report for the period (XLSX) as evidence; the
PIC reads it, corrects it if needed and submits it as usual. These are two writes, each all or
nothing: when the report cannot be attached the draft stays and the message says so, and
proposing again completes it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.core.periods import period_range
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import evidence_upload, realisation_save
from renaksi.monitoring.services._common import EvidenceError, MonitoringWriteError
from renaksi.plans.models import Indicator
from renaksi.registers.interchange import export_xlsx
from renaksi.registers.models import IndicatorBinding, RegisterKind
from renaksi.registers.selectors.figures import register_figures
from renaksi.registers.services._common import RegisterError, require_perm

Figure = IndicatorBinding.Figure

# (register, figure) → the attribute of ``Figures``
SOURCES = {
    (RegisterKind.PENGADUAN, Figure.RECEIVED): "complaints_received",
    (RegisterKind.PENGADUAN, Figure.ON_TIME_PCT): "complaints_on_time_pct",
    (RegisterKind.PPID, Figure.RECEIVED): "requests_received",
    (RegisterKind.PPID, Figure.ON_TIME_PCT): "requests_on_time_pct",
    (RegisterKind.GRATIFIKASI, Figure.RECEIVED): "gratifications_reported",
    (RegisterKind.BENTURAN, Figure.RECEIVED): "signed",
    (RegisterKind.BENTURAN, Figure.SIGNED_PCT): "signed_pct",
}


def binding_set(*, indicator: Indicator, register: str, figure: str, actor) -> IndicatorBinding:
    indicator = Indicator.objects.select_related("activity__area__plan__unit").get(pk=indicator.pk)
    plan = indicator.activity.area.plan
    require_perm(actor, "plans.change_plan", plan)
    if (register, figure) not in SOURCES:
        raise RegisterError(_("Angka ini tidak tersedia untuk register tersebut."))
    try:
        with transaction.atomic(durable=True):
            binding, _created = IndicatorBinding.objects.update_or_create(
                indicator=indicator,
                defaults={"register": register, "figure": figure, "created_by": actor},
            )
            audit_record(
                actor=actor,
                action="registers.binding.set",
                obj=binding,
                unit=plan.unit,
                summary=f"{indicator.text[:80]} ← {register}/{figure}",
            )
            return binding
    except IntegrityError:
        raise RegisterError(_("Indikator ini sudah terhubung ke register.")) from None


def binding_value(binding: IndicatorBinding, *, period: int, today: date):
    """The register's figure for the plan period (None for a percentage of nothing)."""
    plan = binding.indicator.activity.area.plan
    start, end = period_range(plan.granularity, period, plan.year)
    figures = register_figures(
        unit_ids=[plan.unit_id], year=plan.year, today=today, start=start, end=end
    )[plan.unit_id]
    return getattr(figures, SOURCES[(binding.register, binding.figure)]), figures, (start, end)


def binding_propose(*, binding: IndicatorBinding, period: int, actor, today: date) -> Realisation:
    binding = IndicatorBinding.objects.select_related("indicator__activity__area__plan__unit").get(
        pk=binding.pk
    )
    indicator = binding.indicator
    plan = indicator.activity.area.plan
    if not 1 <= period <= plan.period_count:
        raise RegisterError(_("Periode di luar rentang rencana."))
    value, figures, (start, end) = binding_value(binding, period=period, today=today)
    if start > today:
        raise RegisterError(_("Periode ini belum dimulai."))
    label = IndicatorBinding.Figure(binding.figure).label
    narrative = _(
        "Diusulkan dari register %(register)s untuk %(start)s–%(end)s: %(label)s = %(value)s."
    ) % {
        "register": RegisterKind(binding.register).label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "label": label,
        "value": "—" if value is None else value,
    }
    current = Realisation.objects.filter(indicator=indicator, period=period).first()
    numeric = (
        indicator.target_value is not None
        or indicator.targets.filter(period=period, value__isnull=False).exists()
    )
    ended = end < today
    try:
        realisation = realisation_save(
            indicator=indicator,
            period=period,
            actor=actor,
            expected_version=current.version if current else 0,
            status=Realisation.Status.DONE if ended else Realisation.Status.IN_PROGRESS,
            progress=100 if ended else 50,
            value=Decimal(str(value)) if numeric and value is not None else None,
            narrative=narrative,
        )
    except MonitoringWriteError as exc:
        raise RegisterError(str(exc)) from exc
    kind = binding.register
    data = export_xlsx(unit=plan.unit, kind=kind, year=plan.year, today=today)
    name = f"register-{kind}-{plan.unit.code}-{plan.year}-{period:02d}.xlsx"
    try:
        evidence_upload(
            realisation=realisation,
            upload=SimpleUploadedFile(name, data),
            actor=actor,
            description=_("Laporan register sebagai data dukung"),
        )
    except EvidenceError as exc:
        if "sudah dilampirkan" not in str(exc):
            raise RegisterError(
                [_("Realisasi diusulkan, tetapi laporan register belum terlampir:"), str(exc)]
            ) from exc
    return realisation
