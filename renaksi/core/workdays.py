"""Working-day arithmetic for Indonesian government offices.

Pure functions: the caller passes the non-working dates (national holidays, cuti bersama, local
closures) as a set, so the rules can be tested without a database. Saturdays and Sundays are never
working days (Perpres 21/2023). Counting follows the deadline rule of thumb: day 0 is the start
date itself and only later working days are counted.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Container
from datetime import date, timedelta

MONTH = "month"
QUARTER = "quarter"


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, n: int, holidays: Container[date]) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is day 0 and never counted).

    ``n == 0`` returns ``start`` unchanged, even when it is not a working day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(a: date, b: date, holidays: Collection[date]) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    The inverse of ``add_working_days`` for working days:
    ``working_days_between(a, add_working_days(a, n, h), h) == n``.
    """
    if b < a:
        return -working_days_between(b, a, holidays)
    # Whole weeks hold five weekdays each; only the remainder is walked day by day.
    total_days = (b - a).days
    weeks, rest = divmod(total_days, 7)
    count = weeks * 5
    day = a + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    count -= len({h for h in holidays if a < h <= b and h.weekday() < 5})
    return count


def period_start(year: int, granularity: str, period: int) -> date:
    first_month = _first_month(granularity, period)
    return date(year, first_month, 1)


def period_end(year: int, granularity: str, period: int) -> date:
    """The last calendar day of a plan period (month 1–12 or quarter 1–4)."""
    last_month = _first_month(granularity, period) + (2 if granularity == QUARTER else 0)
    return date(year, last_month, calendar.monthrange(year, last_month)[1])


def _first_month(granularity: str, period: int) -> int:
    if granularity == MONTH:
        if not 1 <= period <= 12:
            raise ValueError(f"month period out of range: {period}")
        return period
    if granularity == QUARTER:
        if not 1 <= period <= 4:
            raise ValueError(f"quarter period out of range: {period}")
        return 3 * (period - 1) + 1
    raise ValueError(f"unknown granularity: {granularity!r}")
