from datetime import date

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from renaksi.core.workdays import (
    add_working_days,
    is_working_day,
    period_end,
    period_start,
    working_days_between,
)


def id_holidays(*years) -> set[date]:
    return set(
        holidays.country_holidays("ID", years=list(years), categories=("public", "government"))
    )


def test_it_skips_the_weekend():
    friday = date(2023, 3, 10)
    assert add_working_days(friday, 1, set()) == date(2023, 3, 13)
    assert working_days_between(friday, date(2023, 3, 13), set()) == 1


def test_it_counts_from_a_weekend_start_as_day_zero():
    saturday = date(2023, 3, 11)
    assert add_working_days(saturday, 1, set()) == date(2023, 3, 13)
    assert add_working_days(saturday, 0, set()) == saturday


def test_it_crosses_the_idul_fitri_2022_cuti_bersama_week():
    # April 2022 ends on a Saturday; 2–3 May are Idul Fitri, 29 Apr and 4–6 May cuti bersama.
    h = id_holidays(2022)
    assert {date(2022, 5, d) for d in (2, 3, 4, 5, 6)} <= h
    end_of_april = period_end(2022, "month", 4)
    assert end_of_april == date(2022, 4, 30)
    assert add_working_days(end_of_april, 5, h) == date(2022, 5, 13)
    # Without the holiday table only the weekend would be skipped.
    assert add_working_days(end_of_april, 5, set()) == date(2022, 5, 6)
    assert working_days_between(date(2022, 4, 28), date(2022, 5, 9), h) == 1


def test_it_crosses_the_nyepi_and_idul_fitri_2026_holidays():
    # 18 Mar cuti, 19 Nyepi, 20 cuti, 21–22 Idul Fitri (weekend), 23–24 cuti (SKB 2026).
    h = id_holidays(2026)
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 25), h) == 1
    assert add_working_days(date(2026, 3, 17), 1, h) == date(2026, 3, 25)
    # March 2026 ends on a Tuesday; 3 Apr is Good Friday.
    assert add_working_days(period_end(2026, "month", 3), 5, h) == date(2026, 4, 8)


def test_it_treats_a_holiday_on_a_weekend_like_any_weekend_day():
    h = {date(2026, 3, 21)}  # Saturday
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 23), h) == 1


def test_it_counts_backwards_as_a_negative_number():
    assert working_days_between(date(2023, 3, 13), date(2023, 3, 10), set()) == -1


def test_it_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_working_days(date(2023, 1, 1), -1, set())


def test_it_knows_working_days():
    assert is_working_day(date(2023, 3, 13), set())
    assert not is_working_day(date(2023, 3, 12), set())
    assert not is_working_day(date(2023, 3, 13), {date(2023, 3, 13)})


@pytest.mark.parametrize(
    ("year", "granularity", "period", "start", "end"),
    [
        (2023, "month", 1, date(2023, 1, 1), date(2023, 1, 31)),
        (2024, "month", 2, date(2024, 2, 1), date(2024, 2, 29)),
        (2023, "month", 2, date(2023, 2, 1), date(2023, 2, 28)),
        (2023, "month", 12, date(2023, 12, 1), date(2023, 12, 31)),
        (2023, "quarter", 1, date(2023, 1, 1), date(2023, 3, 31)),
        (2023, "quarter", 2, date(2023, 4, 1), date(2023, 6, 30)),
        (2023, "quarter", 4, date(2023, 10, 1), date(2023, 12, 31)),
    ],
)
def test_it_gives_the_first_and_last_day_of_a_period(year, granularity, period, start, end):
    assert period_start(year, granularity, period) == start
    assert period_end(year, granularity, period) == end


@pytest.mark.parametrize(
    ("granularity", "period"), [("month", 0), ("month", 13), ("quarter", 5), ("week", 1)]
)
def test_it_refuses_periods_out_of_range(granularity, period):
    with pytest.raises(ValueError):
        period_end(2023, granularity, period)


HOLIDAYS_2022_2023 = id_holidays(2022, 2023)


@given(
    start=st.dates(min_value=date(2022, 1, 1), max_value=date(2022, 12, 31)),
    n=st.integers(min_value=0, max_value=120),
)
def test_it_makes_counting_the_inverse_of_adding(start, n):
    end = add_working_days(start, n, HOLIDAYS_2022_2023)
    assert working_days_between(start, end, HOLIDAYS_2022_2023) == n
    if n:
        assert is_working_day(end, HOLIDAYS_2022_2023)


@given(
    a=st.dates(min_value=date(2022, 1, 1), max_value=date(2023, 12, 31)),
    b=st.dates(min_value=date(2022, 1, 1), max_value=date(2023, 12, 31)),
)
def test_it_counts_like_walking_day_by_day(a, b):
    lo, hi = sorted((a, b))
    walked = sum(
        1
        for offset in range(1, (hi - lo).days + 1)
        if is_working_day(date.fromordinal(lo.toordinal() + offset), HOLIDAYS_2022_2023)
    )
    assert abs(working_days_between(a, b, HOLIDAYS_2022_2023)) == walked
