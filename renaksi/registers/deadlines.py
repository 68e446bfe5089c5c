"""The deadline of every register step: statutory defaults, rules as data, one due_on.

Each step counts from a start date (receipt, extension, answer…) with the rule of its register and
year: a ``StepRule`` row when an administrator set one, else the statutory default below. The
count itself is ``core.periods.due_on``, the same as the realisation and chain deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from renaksi.core.periods import DayCount, Holidays, due_on
from renaksi.registers.models import RegisterKind, StepRule

W = DayCount.WORKING
C = DayCount.CALENDAR


@dataclass(frozen=True)
class Default:
    days: int
    count: str
    skip_cuti_bersama: bool
    label: object
    basis: str
    # A later regulation changing the value: (first year, days, basis), oldest first.
    changes: tuple[tuple[int, int, str], ...] = ()

    def for_year(self, year: int) -> tuple[int, str]:
        """The statutory days and their basis in force in ``year``."""
        days, basis = self.days, self.basis
        for since, new_days, new_basis in self.changes:
            if year >= since:
                days, basis = new_days, new_basis
        return days, basis


# Office deadlines skip cuti bersama (the office is closed); deadlines of the public (keberatan,
# dispute) do not: cuti bersama is leave for civil servants, not a holiday for the public.
DEFAULTS: dict[str, dict[str, Default]] = {
    RegisterKind.PENGADUAN: {
        "first_response": Default(3, W, True, _("Tanggapan pertama"), "PermenPAN-RB 62/2018"),
        "ringan": Default(2, W, True, _("Penyelesaian pengaduan ringan"), "standar pelayanan"),
        "normatif": Default(
            5, W, True, _("Penyelesaian pengaduan normatif"), "PermenPAN-RB 62/2018"
        ),
        "pengawasan": Default(
            14,
            W,
            True,
            _("Penyelesaian pengaduan tanpa pemeriksaan lapangan"),
            "PermenPAN-RB 62/2018",
        ),
        "lapangan": Default(
            60,
            W,
            True,
            _("Penyelesaian pengaduan dengan pemeriksaan lapangan"),
            "PermenPAN-RB 62/2018",
        ),
    },
    RegisterKind.PPID: {
        "notice": Default(10, W, True, _("Pemberitahuan tertulis"), "UU 14/2008 Ps 22 ayat (7)"),
        "extension": Default(7, W, True, _("Perpanjangan"), "UU 14/2008 Ps 22 ayat (8)"),
        "objection": Default(30, W, False, _("Pengajuan keberatan"), "UU 14/2008 Ps 36 ayat (1)"),
        "objection_answer": Default(
            30, W, True, _("Tanggapan atasan PPID"), "UU 14/2008 Ps 36 ayat (2)"
        ),
        "dispute": Default(
            14, W, False, _("Pengajuan sengketa ke Komisi Informasi"), "UU 14/2008 Ps 37 ayat (2)"
        ),
    },
    RegisterKind.GRATIFIKASI: {
        "to_upg": Default(10, W, True, _("Lapor ke UPG"), "Peraturan KPK 2/2019"),
        "upg_to_kpk": Default(10, W, True, _("UPG meneruskan ke KPK"), "Peraturan KPK 2/2019"),
        "to_kpk": Default(30, W, True, _("Batas lapor ke KPK"), "UU 20/2001 Ps 12C"),
        "kpk_decision": Default(30, W, True, _("Penetapan status oleh KPK"), "UU 20/2001 Ps 12C"),
        # The reporter completes a report the UPG found incomplete, or it is not processed:
        # 30 working days under 2/2019, 20 under 1/2026 (in force January 2026, domain.md §6.3).
        "completion": Default(
            30,
            W,
            True,
            _("Kelengkapan laporan gratifikasi"),
            "Peraturan KPK 2/2019",
            changes=((2026, 20, "Peraturan KPK 1/2026"),),
        ),
    },
    RegisterKind.BENTURAN: {
        "declaration": Default(
            30, C, False, _("Deklarasi dan pakta integritas"), "PermenPAN-RB 17/2024"
        ),
    },
}


@dataclass(frozen=True)
class Rule:
    register: str
    step: str
    days: int
    count: str
    skip_cuti_bersama: bool
    statutory_days: int
    label: object
    basis: str
    adjusted: bool  # an administrator set a row for this year

    def due_on(self, start: date, holidays: Holidays, *, extension: int = 0) -> date:
        return due_on(
            start,
            self.days,
            holidays=holidays,
            count=self.count,
            extension=extension,
            skip_cuti_bersama=self.skip_cuti_bersama,
        )


class RuleBook:
    """Every rule of the years asked for, read in one query."""

    def __init__(self, years) -> None:
        self.rows = {
            (r.register, r.step, r.year): r for r in StepRule.objects.filter(year__in=set(years))
        }

    def rule(self, register: str, step: str, year: int) -> Rule:
        default = DEFAULTS[register][step]
        days, basis = default.for_year(year)
        row = self.rows.get((register, step, year))
        if row is None:
            return Rule(
                register, step, days, default.count, default.skip_cuti_bersama,
                days, default.label, basis, False,
            )  # fmt: skip
        return Rule(
            register, step, row.days, row.count, row.skip_cuti_bersama,
            row.statutory_days, default.label, row.basis or basis, True,
        )  # fmt: skip


def rules_for_year(year: int) -> list[Rule]:
    """Every rule of ``year``, statutory value beside the one in force (for the rules page)."""
    book = RuleBook([year])
    return [book.rule(reg, step, year) for reg, steps in DEFAULTS.items() for step in steps]
