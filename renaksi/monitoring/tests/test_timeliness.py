from datetime import UTC, date, datetime

import pytest

from renaksi.monitoring.models import Holiday, Realisation, Timeliness
from renaksi.monitoring.selectors import (
    cell_map_for_plan,
    holiday_dates,
    realisation_due_on,
    timeliness_classify,
)
from renaksi.monitoring.services import holiday_seed, realisation_submit
from renaksi.monitoring.tests.conftest import save
from renaksi.plans.models import Plan

T = Timeliness


@pytest.fixture
def calendar_2023(db):
    holiday_seed(years=[2023])


def _submitted_at(realisation, when: datetime):
    Realisation.objects.filter(pk=realisation.pk).update(first_submitted_at=when, submitted_at=when)


def test_it_sets_the_due_date_five_working_days_after_the_period(small_plan, calendar_2023):
    # January 2023 ends on a Tuesday: 1, 2, 3, 6, 7 February.
    assert realisation_due_on(plan=small_plan, period=1) == date(2023, 2, 7)
    # March ends on a Friday; Good Friday (7 April) is skipped.
    assert realisation_due_on(plan=small_plan, period=3) == date(2023, 4, 10)
    # April ends on a Sunday; 1 May is a holiday.
    assert realisation_due_on(plan=small_plan, period=4) == date(2023, 5, 8)


def test_it_uses_the_holiday_table_including_local_closures(small_plan, calendar_2023):
    Holiday.objects.create(date=date(2023, 2, 3), name="Libur daerah", kind=Holiday.Kind.LOCAL)
    assert realisation_due_on(plan=small_plan, period=1) == date(2023, 2, 8)
    # A holiday switched off by an administrator counts as a working day again.
    Holiday.objects.filter(date=date(2023, 2, 3)).update(active=False)
    assert realisation_due_on(plan=small_plan, period=1) == date(2023, 2, 7)


def test_it_counts_a_cuti_bersama_week_in_the_grace(tree):
    # April 2022 ends on a Saturday; Idul Fitri 2–3 May and cuti bersama 4–6 May follow.
    plan_2022 = Plan(unit=tree.bengkulu_tengah, year=2022, granularity="month")
    assert realisation_due_on(plan=plan_2022, period=4) == date(2022, 5, 6)  # table empty
    holiday_seed(years=[2022])
    assert realisation_due_on(plan=plan_2022, period=4) == date(2022, 5, 13)
    may = holiday_dates(start=date(2022, 5, 1), end=date(2022, 5, 31))
    assert {date(2022, 5, d) for d in (2, 3, 4, 5, 6)} <= may
    without_cuti = holiday_dates(
        start=date(2022, 5, 1), end=date(2022, 5, 31), include_cuti_bersama=False
    )
    assert {date(2022, 5, d) for d in (2, 3)} <= without_cuti
    assert not {date(2022, 5, d) for d in (4, 5, 6)} & without_cuti


def test_it_reads_the_grace_from_settings(small_plan, calendar_2023, settings):
    settings.REALISATION_GRACE_WORKDAYS = 0
    assert realisation_due_on(plan=small_plan, period=1) == date(2023, 1, 31)
    settings.REALISATION_GRACE_WORKDAYS = 10
    assert realisation_due_on(plan=small_plan, period=1) == date(2023, 2, 14)


def test_it_uses_quarter_ends_for_quarterly_plans(small_plan, calendar_2023):
    small_plan.granularity = "quarter"
    # TW I ends Friday 31 March 2023.
    assert realisation_due_on(plan=small_plan, period=1) == date(2023, 4, 10)
    # TW IV ends Sunday 31 December 2023; the grace runs into 2024 (1 Jan is a holiday, but
    # 2024 is not seeded here, so only the weekend counts).
    assert realisation_due_on(plan=small_plan, period=4) == date(2024, 1, 5)


@pytest.mark.parametrize(
    ("submitted", "today", "scheduled", "expected"),
    [
        (date(2023, 2, 7), date(2023, 3, 1), True, T.ON_TIME),
        (date(2023, 2, 1), date(2023, 2, 1), True, T.ON_TIME),
        (date(2023, 2, 8), date(2023, 3, 1), True, T.LATE),
        (None, date(2023, 2, 8), True, T.MISSED),
        (None, date(2023, 2, 7), True, T.PENDING),
        (None, date(2023, 1, 15), True, T.PENDING),
        (None, date(2023, 3, 1), False, T.NOT_REQUIRED),
        (date(2023, 2, 9), date(2023, 3, 1), False, T.LATE),
    ],
)
def test_it_classifies_timeliness(submitted, today, scheduled, expected):
    got = timeliness_classify(
        due_on=date(2023, 2, 7), submitted_at=submitted, today=today, scheduled=scheduled
    )
    assert got == expected


def test_it_judges_a_submission_by_the_local_jakarta_date(people, cells, small_plan, calendar_2023):
    on_time = realisation_submit(
        realisation=save(cells.sk, 1, people.pelaksana), actor=people.pelaksana
    )
    late = realisation_submit(
        realisation=save(cells.ppid, 1, people.sekretaris), actor=people.sekretaris
    )
    # 23:30 WIB on the due date is in time; 00:30 WIB the next day is late, though both are
    # 7 February in UTC.
    _submitted_at(on_time, datetime(2023, 2, 7, 16, 30, tzinfo=UTC))
    _submitted_at(late, datetime(2023, 2, 7, 17, 30, tzinfo=UTC))
    cells_map = cell_map_for_plan(user=people.viewer, plan=small_plan, today=date(2023, 3, 15))
    assert cells_map[(cells.sk.pk, 1)].timeliness == T.ON_TIME
    assert cells_map[(cells.ppid.pk, 1)].timeliness == T.LATE
    assert cells_map[(cells.sk.pk, 1)].due_on == date(2023, 2, 7)


def test_it_classifies_every_cell_of_a_plan_for_a_fixed_today(
    people, cells, small_plan, calendar_2023
):
    submitted = realisation_submit(
        realisation=save(cells.ppid, 2, people.sekretaris), actor=people.sekretaris
    )
    _submitted_at(submitted, datetime(2023, 3, 1, 3, 0, tzinfo=UTC))
    save(cells.ppid, 3, people.sekretaris)  # a draft is not a report
    save(cells.tim, 6, people.sekretaris)  # unscheduled, never submitted

    today = date(2023, 3, 15)
    got = {
        key: cell.timeliness
        for key, cell in cell_map_for_plan(
            user=people.sekretaris, plan=small_plan, today=today
        ).items()
    }
    assert got == {
        (cells.tim.pk, 1): T.MISSED,
        (cells.tim.pk, 6): T.NOT_REQUIRED,
        (cells.sk.pk, 1): T.MISSED,
        (cells.sk.pk, 2): T.MISSED,  # February was due on 7 March
        (cells.ppid.pk, 1): T.MISSED,
        (cells.ppid.pk, 2): T.ON_TIME,
        (cells.ppid.pk, 3): T.PENDING,
        (cells.ppid.pk, 4): T.PENDING,
        (cells.pengarah.pk, 3): T.PENDING,
    }


def test_it_shows_the_cells_only_to_readers(people, small_plan):
    assert (
        cell_map_for_plan(user=people.sibling_sekretaris, plan=small_plan, today=date(2023, 3, 1))
        == {}
    )
    assert cell_map_for_plan(user=people.outsider, plan=small_plan, today=date(2023, 3, 1)) == {}
    assert cell_map_for_plan(
        user=people.province_sekretaris, plan=small_plan, today=date(2023, 3, 1)
    )
