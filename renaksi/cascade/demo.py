"""Demo data of the template cascade, for ``seed_demo``.

The province publishes a template for the seed year, built from the seed plan's structure, to all
its regencies; one regency (Bengkulu Selatan) adopts it and adapts it (one schedule changed, one
indicator added), another (Rejang Lebong) declines it with a reason, and Bengkulu Tengah, which
already has its own plan for that year, sees the template with the notice that adopting would
replace its plan. Idempotent: once the province has a template for the year nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from renaksi.cascade.models import PlanTemplate, TemplateRecipient
from renaksi.cascade.services import Scope, template_adopt, template_decline, template_publish
from renaksi.plans.models import Activity, Indicator, Plan
from renaksi.plans.parsed import ParsedDecree
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import indicator_create, indicator_update, plan_import

ADOPTER_CODE = "17.01"  # KPU Kabupaten Bengkulu Selatan
DECLINER_CODE = "17.02"  # KPU Kabupaten Rejang Lebong


@dataclass
class DemoCascadeSummary:
    template: PlanTemplate | None
    created: bool


def _province_plan(*, source_plan: Plan, publisher) -> Plan:
    province = source_plan.unit.parent
    plan = Plan.objects.filter(unit=province, year=source_plan.year, kind="general").first()
    if plan is not None:
        return plan
    parsed = plan_to_parsed(plan=source_plan)
    parsed.decree = ParsedDecree(
        issuer=f"KOMISI PEMILIHAN UMUM {province.name.upper().removeprefix('KPU ')}",
        about=f"Rencana Aksi Reformasi Birokrasi Tahun {source_plan.year}",
        place=province.place,
    )
    for indicator in parsed.iter_indicators():
        indicator.pic = ""  # the regency's people are not the province's
    return plan_import(
        unit=province,
        year=source_plan.year,
        parsed=parsed,
        actor=publisher,
        source_name="templat-demo.json",
        source_bytes=b"{}",
        source_format="json",
    )


def demo_cascade(*, source_plan: Plan, publisher, adopter=None) -> DemoCascadeSummary:
    """Publish, adopt and adapt, and decline, as described in the module docstring.

    ``source_plan`` is the seed plan (its unit's parent is the province), ``publisher`` the
    province's Sekretaris; ``adopter`` acts for the adopting and declining regencies (``None``:
    the system, as the import command).
    """
    province = source_plan.unit.parent
    if province is None:
        return DemoCascadeSummary(None, False)
    existing = PlanTemplate.objects.filter(unit=province, year=source_plan.year).first()
    if existing is not None:
        return DemoCascadeSummary(existing, False)
    plan = _province_plan(source_plan=source_plan, publisher=publisher)
    template = template_publish(
        plan=plan,
        actor=publisher,
        scope=Scope.CHILDREN,
        note="Templat rencana aksi RB provinsi; sesuaikan jadwal dengan kondisi satuan kerja.",
    )
    recipients = {
        r.unit.code: r
        for r in TemplateRecipient.objects.filter(template=template).select_related(
            "unit", "template__unit"
        )
    }
    if ADOPTER_CODE in recipients:
        adopted = template_adopt(recipient=recipients[ADOPTER_CODE], actor=adopter)
        _adapt(plan=adopted, actor=adopter)
    if DECLINER_CODE in recipients:
        template_decline(
            recipient=recipients[DECLINER_CODE],
            actor=adopter,
            reason="Rencana aksi kami tahun ini sudah ditetapkan dengan keputusan tersendiri.",
        )
    return DemoCascadeSummary(template, True)


def _adapt(*, plan: Plan, actor) -> None:
    """One schedule moved a month later, and one indicator of the regency's own added."""
    indicator = (
        Indicator.objects.filter(activity__area__plan=plan)
        .select_related("activity__area__plan", "sub_activity", "pic")
        .order_by("activity__area__position", "activity__position", "position")
        .first()
    )
    if indicator is None:
        return
    periods = set(indicator.targets.values_list("period", flat=True)) or {1}
    later = {min(p + 1, plan.period_count) for p in periods}
    indicator_update(
        indicator=indicator,
        actor=actor,
        number=indicator.number,
        text=indicator.text,
        periods=later,
        note=indicator.note,
        target_value=indicator.target_value,
        target_unit=indicator.target_unit,
        pic=indicator.pic,
        pic_name=indicator.pic_name,
        sub_activity=indicator.sub_activity,
    )
    activity = Activity.objects.select_related("area__plan").get(pk=indicator.activity_id)
    indicator_create(
        plan=plan,
        actor=actor,
        activity=activity,
        sub_activity=None,
        number="",
        text="Sosialisasi rencana aksi RB kepada seluruh pegawai sekretariat",
        periods={3, 9},
        note="Ditambahkan oleh satuan kerja",
    )
