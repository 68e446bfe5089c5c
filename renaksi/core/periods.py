"""Periods and deadlines: one home for the period vocabulary and for every due date.

- The period kinds of plans and reports (month, quarter/triwulan, semester, year), their labels in
  Bahasa Indonesia (English through gettext) and their date ranges.
- ``due_on()``: the one rule for a deadline, "N working days after X" or "N calendar days after X",
  optionally with an extension of +N. Pure: the caller passes the non-working days. Whether cuti
  bersama counts as a non-working day is a flag per deadline (cuti bersama is leave for civil
  servants, not a statutory holiday for the public, domain.md §7.2).
- ``holidays_between()``: the one database read of the holiday table (``monitoring.Holiday``),
  imported lazily so that core never imports an app at module level.

The realisation deadlines (``monitoring``), the roll-up summaries (``rollup``), the reporting chain
(``chain``) and the public-service registers (``registers``) all count through ``due_on``.
"""

from __future__ import annotations

import calendar
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from renaksi.core.workdays import add_working_days, is_working_day, working_days_between

__all__ = [
    "PERIODS_PER_KIND",
    "ROMAN",
    "DayCount",
    "Holidays",
    "PeriodKind",
    "add_working_days",
    "due_on",
    "holidays_between",
    "is_working_day",
    "period_kind_noun",
    "period_label",
    "period_range",
    "period_short",
    "working_days_between",
]

ROMAN = ["I", "II", "III", "IV"]


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Bulanan")
    QUARTER = "quarter", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")
    YEAR = "year", _("Tahunan")


PERIODS_PER_KIND = {"month": 12, "quarter": 4, "semester": 2, "year": 1}

# The noun of each kind, as in "Triwulan I Tahun 2023".
_NOUNS = {
    "month": _("Bulan"),
    "quarter": _("Triwulan"),
    "semester": _("Semester"),
    "year": _("Tahun"),
}


# The quarters as the plan grid and the documents name them: the short heading ("TW I", the
# same in both languages, as the official lampiran writes it) and the title ("Triwulan I").
QUARTER_LABELS = ["TW I", "TW II", "TW III", "TW IV"]
QUARTER_TITLES = [_("Triwulan I"), _("Triwulan II"), _("Triwulan III"), _("Triwulan IV")]


def period_kind_noun(kind: str):
    """ "Bulan", "Triwulan", "Semester", "Tahun" (lazy)."""
    return _NOUNS[kind]


def _months(kind: str, number: int) -> range:
    if kind not in PERIODS_PER_KIND:
        raise ValueError(f"unknown period kind: {kind!r}")
    count = PERIODS_PER_KIND[kind]
    if not 1 <= number <= count:
        raise ValueError(f"{kind} period out of range: {number}")
    size = 12 // count
    return range((number - 1) * size + 1, number * size + 1)


def period_range(kind: str, number: int, year: int) -> tuple[date, date]:
    """First and last calendar day of period ``number`` of ``kind`` in ``year``."""
    months = _months(kind, number)
    last = months[-1]
    return date(year, months[0], 1), date(year, last, calendar.monthrange(year, last)[1])


def period_label(kind: str, number: int) -> str:
    """ "Januari", "Triwulan I", "Semester II", "Tahunan"."""
    if kind == PeriodKind.MONTH:
        return str(MONTHS[number])
    if kind == PeriodKind.QUARTER:
        return str(_("Triwulan %(n)s") % {"n": ROMAN[number - 1]})
    if kind == PeriodKind.SEMESTER:
        return str(_("Semester %(n)s") % {"n": ROMAN[number - 1]})
    return str(_("Tahunan"))


def period_short(kind: str, number: int) -> str:
    """ "Jan", "TW I", "Smt II", "Thn" for narrow columns."""
    if kind == PeriodKind.MONTH:
        return str(MONTHS[number])[:3]
    if kind == PeriodKind.QUARTER:
        return str(_("TW %(n)s") % {"n": ROMAN[number - 1]})
    if kind == PeriodKind.SEMESTER:
        return str(_("Smt %(n)s") % {"n": ROMAN[number - 1]})
    return str(_("Thn"))


# --- deadlines ------------------------------------------------------------------------------


class DayCount(models.TextChoices):
    WORKING = "working", _("hari kerja")
    CALENDAR = "calendar", _("hari kalender")


@dataclass(frozen=True)
class Holidays:
    """Non-working dates, with the cuti bersama among them named apart."""

    dates: frozenset[date] = field(default_factory=frozenset)
    cuti_bersama: frozenset[date] = field(default_factory=frozenset)

    def non_working(self, *, skip_cuti_bersama: bool = True) -> frozenset[date]:
        return self.dates if skip_cuti_bersama else self.dates - self.cuti_bersama


def due_on(
    start: date,
    days: int,
    *,
    holidays: Holidays | Container[date] = frozenset(),
    count: str = DayCount.WORKING,
    extension: int = 0,
    skip_cuti_bersama: bool = True,
) -> date:
    """The due date ``days`` (+ ``extension``) days after ``start``.

    ``start`` is day 0 and never counted. Working days skip Saturdays, Sundays and ``holidays``;
    with ``skip_cuti_bersama=False`` a cuti bersama day (known only when ``holidays`` is a
    ``Holidays``) is a working day. Calendar days ignore the holidays.
    """
    total = days + extension
    if total < 0:
        raise ValueError("days must not be negative")
    if count == DayCount.CALENDAR:
        return start + timedelta(days=total)
    if count != DayCount.WORKING:
        raise ValueError(f"unknown day count: {count!r}")
    if isinstance(holidays, Holidays):
        holidays = holidays.non_working(skip_cuti_bersama=skip_cuti_bersama)
    return add_working_days(start, total, holidays)


def period_due_on(
    kind: str, number: int, year: int, grace: int, *, holidays: Holidays | Container[date]
) -> date:
    """When a period's report is due: its last day plus ``grace`` working days. The one rule
    behind a cell's deadline, the roll-up's and the reporting chain's."""
    return due_on(period_range(kind, number, year)[1], grace, holidays=holidays)


def holidays_between(start: date, end: date) -> Holidays:
    """The active holidays from ``start`` to ``end`` (inclusive) in one query."""
    from renaksi.monitoring.models import Holiday  # lazily: core is below the apps

    rows = Holiday.objects.filter(active=True, date__gte=start, date__lte=end).values_list(
        "date", "kind"
    )
    dates, cuti = set(), set()
    for day, kind in rows:
        dates.add(day)
        if kind == Holiday.Kind.CUTI_BERSAMA:
            cuti.add(day)
    return Holidays(frozenset(dates), frozenset(cuti))


def holidays_for_years(first_year: int, last_year: int) -> Holidays:
    return holidays_between(date(first_year, 1, 1), date(last_year, 12, 31))
