from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renaksi.core import periods, workdays
from renaksi.core.periods import (
    DayCount,
    Holidays,
    due_on,
    period_label,
    period_range,
    period_short,
)


def test_it_gives_every_period_its_range():
    assert period_range("month", 2, 2024) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_range("quarter", 3, 2022) == (date(2022, 7, 1), date(2022, 9, 30))
    assert period_range("semester", 2, 2022) == (date(2022, 7, 1), date(2022, 12, 31))
    assert period_range("year", 1, 2022) == (date(2022, 1, 1), date(2022, 12, 31))
    with pytest.raises(ValueError):
        period_range("quarter", 5, 2022)
    with pytest.raises(ValueError):
        period_range("week", 1, 2022)


def test_it_agrees_with_the_workdays_period_helpers():
    for granularity, count in (("month", 12), ("quarter", 4)):
        for n in range(1, count + 1):
            assert period_range(granularity, n, 2023) == (
                workdays.period_start(2023, granularity, n),
                workdays.period_end(2023, granularity, n),
            )


def test_it_names_the_periods():
    assert [period_label("quarter", n) for n in (1, 4)] == ["Triwulan I", "Triwulan IV"]
    assert period_label("semester", 2) == "Semester II"
    assert period_label("month", 3) == "Maret"
    assert period_short("quarter", 2) == "TW II" and period_short("month", 1) == "Jan"
    assert str(periods.PeriodKind("quarter").label) == "Triwulanan"


HOLIDAYS = st.frozensets(st.dates(date(2022, 1, 1), date(2023, 12, 31)), max_size=40)


@given(
    start=st.dates(date(2022, 1, 1), date(2022, 12, 31)),
    days=st.integers(0, 60),
    extension=st.integers(0, 10),
    dates=HOLIDAYS,
    cuti=HOLIDAYS,
    skip=st.booleans(),
)
def test_a_working_day_deadline_is_a_working_day_the_right_count_away(
    start, days, extension, dates, cuti, skip
):
    holidays = Holidays(dates | cuti, cuti)
    due = due_on(start, days, holidays=holidays, extension=extension, skip_cuti_bersama=skip)
    non_working = holidays.non_working(skip_cuti_bersama=skip)
    assert due == workdays.add_working_days(start, days + extension, non_working)
    if days + extension:
        assert workdays.is_working_day(due, non_working)
        assert workdays.working_days_between(start, due, non_working) == days + extension
    # Counting cuti bersama as working days never makes a deadline later.
    assert due_on(start, days, holidays=holidays, skip_cuti_bersama=False) <= due_on(
        start, days, holidays=holidays
    )


@given(start=st.dates(date(2000, 1, 1), date(2090, 1, 1)), days=st.integers(0, 400))
def test_calendar_days_ignore_holidays(start, days):
    assert due_on(start, days, count=DayCount.CALENDAR, holidays={start + timedelta(1)}) == (
        start + timedelta(days)
    )


@pytest.mark.django_db
def test_it_reads_the_holiday_table_with_cuti_bersama_apart():
    from django.core.management import call_command

    call_command("seed_holidays", "--years", "2022", stdout=open("/dev/null", "w"))
    found = periods.holidays_between(date(2022, 4, 1), date(2022, 5, 31))
    assert date(2022, 5, 2) in found.dates and date(2022, 5, 2) not in found.cuti_bersama
    assert {date(2022, 4, 29), date(2022, 5, 4), date(2022, 5, 5), date(2022, 5, 6)} <= (
        found.cuti_bersama
    )


def test_a_periods_report_is_due_grace_working_days_after_its_last_day():
    # TW I 2022 ends on Thursday 31 March; 1 April is a working Friday, 3 April falls on a
    # Sunday; with 1 April made a holiday, five working days land on Friday 8 April.
    holidays = frozenset({date(2022, 4, 1)})
    assert periods.period_due_on("quarter", 1, 2022, 5, holidays=holidays) == date(2022, 4, 8)
    assert periods.period_due_on("quarter", 1, 2022, 5, holidays=frozenset()) == date(2022, 4, 7)
    # December's report crosses into the next year.
    assert periods.period_due_on("month", 12, 2022, 2, holidays=frozenset()) == date(2023, 1, 3)
