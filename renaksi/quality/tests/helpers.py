"""Plans built for grading tests: n activities, each with one indicator, k of them "good"."""

from __future__ import annotations

import datetime
from decimal import Decimal

from renaksi.plans.models import Indicator, Plan
from renaksi.plans.parsed import (
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
)
from renaksi.plans.services import plan_import


def full_decree(year: int = 2023) -> ParsedDecree:
    return ParsedDecree(
        issuer="KPU KABUPATEN BENGKULU TENGAH",
        number=f"01/PL/{year}",
        lampiran_number=f"01/PL/{year}",
        about=f"Rencana Aksi RB Tahun {year}",
        place="Karang Tinggi",
        date_set=datetime.date(year, 1, 5),
        signer_name="KETUA",
        signer_title="Ketua",
        valid_from=datetime.date(year, 1, 5),
        valid_until=datetime.date(year, 12, 31),
    )


def activities_plan(
    *,
    unit,
    actor,
    names: list[str],
    year: int = 2023,
    periods=None,
    targets=None,
    units=None,
    decree: ParsedDecree | None = None,
    reform_area: int | None = 1,
) -> Plan:
    """One area, one activity per name, each with one indicator (``periods``, ``targets`` and
    ``units`` per activity, default: January, no target, no satuan)."""
    n = len(names)
    periods = periods or [[1]] * n
    targets = targets or [None] * n
    units = units or [""] * n
    parsed = ParsedPlan(
        decree=decree or full_decree(year),
        areas=[
            ParsedArea(
                number="1",
                name="Manajemen Perubahan",
                reform_area=reform_area,
                activities=[
                    ParsedActivity(
                        number=str(i + 1),
                        name=name,
                        indicators=[
                            ParsedIndicator(
                                number="1",
                                text=f"Indikator {i + 1}",
                                periods=list(periods[i]),
                                target=targets[i],
                                unit=units[i],
                            )
                        ],
                    )
                    for i, name in enumerate(names)
                ],
            )
        ],
    )
    return plan_import(
        unit=unit,
        year=year,
        parsed=parsed,
        actor=actor,
        source_name="uji.json",
        source_bytes=b"{}",
        source_format="json",
    )


def set_baselines(plan: Plan, pairs: list[tuple[Decimal | None, Decimal | None]]) -> None:
    """(baseline, yearly target) per indicator, in activity order."""
    indicators = list(
        Indicator.objects.filter(activity__area__plan=plan).order_by("activity__position")
    )
    for indicator, (baseline, target) in zip(indicators, pairs, strict=True):
        indicator.baseline, indicator.yearly_target = baseline, target
        indicator.save()
