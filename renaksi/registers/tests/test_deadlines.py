"""Golden deadlines around the 2022 and 2026 national holidays and cuti bersama.

2022: Idul Fitri 2–3 May, cuti bersama 29 April and 4–6 May, Waisak 16 May, Kenaikan 26 May,
Pancasila 1 June. 2026: cuti bersama Nyepi 18 March, Nyepi 19 March, Idul Fitri 21–22 March
(weekend) with cuti bersama 20, 23, 24 March; Christmas 25 December with cuti bersama 24 December.
"""

from datetime import date

import pytest

from renaksi.core.periods import DayCount, Holidays, due_on, holidays_between
from renaksi.registers.deadlines import DEFAULTS, RuleBook, rules_for_year
from renaksi.registers.models import Complaint, InfoRequest, RegisterKind, StepRule
from renaksi.registers.selectors.due import Clock

pytestmark = pytest.mark.django_db


def test_it_counts_ten_working_days_across_idul_fitri_2022(holidays_seeded):
    h = holidays_between(date(2022, 1, 1), date(2022, 12, 31))
    # Received Thursday 28 April, the day before the long break (cuti bersama 29 April).
    assert due_on(date(2022, 4, 28), 10, holidays=h) == date(2022, 5, 23)


def test_it_counts_cuti_bersama_as_working_days_when_the_rule_says_so(holidays_seeded):
    h = holidays_between(date(2022, 1, 1), date(2022, 12, 31))
    assert due_on(date(2022, 4, 28), 10, holidays=h, skip_cuti_bersama=False) == date(2022, 5, 17)


def test_it_extends_by_seven_working_days_past_kenaikan_and_pancasila(holidays_seeded):
    h = holidays_between(date(2022, 1, 1), date(2022, 12, 31))
    assert due_on(date(2022, 4, 28), 10, holidays=h, extension=7) == date(2022, 6, 3)


def test_it_counts_calendar_days_through_holidays(holidays_seeded):
    h = holidays_between(date(2022, 1, 1), date(2022, 12, 31))
    assert due_on(date(2022, 4, 28), 30, holidays=h, count=DayCount.CALENDAR) == date(2022, 5, 28)


def test_it_answers_a_complaint_first_after_nyepi_and_idul_fitri_2026(holidays_seeded):
    h = holidays_between(date(2026, 1, 1), date(2026, 12, 31))
    # Received Tuesday 17 March 2026, the day before cuti bersama Nyepi.
    assert due_on(date(2026, 3, 17), 3, holidays=h) == date(2026, 3, 27)
    assert due_on(date(2026, 3, 17), 3, holidays=h, skip_cuti_bersama=False) == date(2026, 3, 23)


def test_it_crosses_christmas_and_new_year_2026(holidays_seeded):
    h = holidays_between(date(2026, 1, 1), date(2027, 12, 31))
    assert due_on(date(2026, 12, 23), 5, holidays=h) == date(2027, 1, 4)


def test_a_plain_set_of_dates_is_all_non_working():
    assert due_on(date(2022, 4, 28), 1, holidays={date(2022, 4, 29)}) == date(2022, 5, 2)
    flags = Holidays(frozenset({date(2022, 4, 29)}), frozenset({date(2022, 4, 29)}))
    assert due_on(date(2022, 4, 28), 1, holidays=flags, skip_cuti_bersama=False) == date(
        2022, 4, 29
    )


def test_it_refuses_negative_days_and_unknown_counts():
    with pytest.raises(ValueError):
        due_on(date(2022, 1, 3), -1)
    with pytest.raises(ValueError):
        due_on(date(2022, 1, 3), 1, count="lunar")


def test_the_ppid_clock_follows_the_request(holidays_seeded, tree):
    r = InfoRequest(unit=tree.bengkulu_tengah, received_on=date(2022, 4, 28))
    clock = Clock([2022])
    assert clock.request(r).due_on == date(2022, 5, 23)
    r.status, r.extended_on = InfoRequest.Status.EXTENDED, date(2022, 5, 20)
    assert clock.request(r).due_on == date(2022, 6, 3)
    # The requester's keberatan window counts cuti bersama as working days (their rule's flag).
    r.status, r.answered_on = InfoRequest.Status.ANSWERED, date(2022, 4, 28)
    due = clock.request(r)
    assert due.step == "objection" and not due.office
    assert due.due_on == due_on(
        date(2022, 4, 28), 30, holidays=clock.holidays, skip_cuti_bersama=False
    )


def test_an_administrator_rule_changes_the_deadline_and_keeps_the_statutory_value(
    holidays_seeded, tree
):
    StepRule.objects.create(
        register=RegisterKind.PENGADUAN,
        step="first_response",
        year=2026,
        days=5,
        statutory_days=3,
        skip_cuti_bersama=False,
    )
    c = Complaint(unit=tree.bengkulu_tengah, received_on=date(2026, 3, 17))
    assert Clock([2026]).complaint(c).due_on == date(2026, 3, 25)  # 18, 20, 23, 24, 25
    assert Clock([2022]).book.rule(RegisterKind.PENGADUAN, "first_response", 2022).days == 3
    rule = next(r for r in rules_for_year(2026) if r.step == "first_response")
    assert (rule.days, rule.statutory_days, rule.adjusted) == (5, 3, True)


def test_every_default_rule_is_known_to_the_book():
    book = RuleBook([2022])
    for register, steps in DEFAULTS.items():
        for step, default in steps.items():
            assert book.rule(register, step, 2022).days == default.days


def test_complaint_classes_have_their_sla(holidays_seeded, tree):
    clock = Clock([2022])
    c = Complaint(unit=tree.bengkulu_tengah, received_on=date(2022, 4, 28))
    c.first_response_on = date(2022, 4, 28)
    expected = {"ringan": 2, "normatif": 5, "pengawasan": 14, "lapangan": 60}
    for cls, days in expected.items():
        c.classification = cls
        assert clock.complaint(c).due_on == due_on(date(2022, 4, 28), days, holidays=clock.holidays)
    c.classification = "ringan"
    assert clock.complaint(c).due_on == date(2022, 5, 10)


def test_the_admin_keeps_the_statutory_value_whatever_is_posted(client, people):
    from django.urls import reverse

    people.national_admin.is_staff = people.national_admin.is_superuser = True
    people.national_admin.save()
    client.force_login(people.national_admin)
    response = client.post(
        reverse("admin:registers_steprule_add"),
        {
            "register": "ppid",
            "step": "notice",
            "year": "2026",
            "days": "12",
            "count": "working",
            "basis": "Perki 1/2021",
            "statutory_days": "99",
        },
    )
    assert response.status_code == 302
    rule = StepRule.objects.get()
    assert (rule.days, rule.statutory_days) == (12, 10)
    wrong = client.post(
        reverse("admin:registers_steprule_add"),
        {"register": "ppid", "step": "ringan", "year": "2026", "days": "1", "count": "working"},
    )
    assert wrong.status_code == 200 and StepRule.objects.count() == 1
    page = client.get(reverse("registers_home") + "?tahun=2026").content.decode()
    assert "Pemberitahuan tertulis" in page and "diubah" in page


# Every statutory rule from two starts: Thursday 28 April 2022 (the day before the Idul Fitri
# break) and Tuesday 17 March 2026 (the day before cuti bersama Nyepi). The expected dates were
# counted apart, walking the calendar over the SKB lists (domain.md §7), not with the code tested.
# Rules for the public (keberatan, sengketa) count cuti bersama as working days; the completion
# window of an incomplete gratification report is 30 working days in 2022, 20 in 2026.
GOLDEN = [
    ("pengaduan", "first_response", date(2022, 5, 11), date(2026, 3, 27)),
    ("pengaduan", "ringan", date(2022, 5, 10), date(2026, 3, 26)),
    ("pengaduan", "normatif", date(2022, 5, 13), date(2026, 3, 31)),
    ("pengaduan", "pengawasan", date(2022, 5, 30), date(2026, 4, 14)),
    ("pengaduan", "lapangan", date(2022, 8, 3), date(2026, 6, 26)),
    ("ppid", "notice", date(2022, 5, 23), date(2026, 4, 8)),
    ("ppid", "extension", date(2022, 5, 18), date(2026, 4, 2)),
    ("ppid", "objection", date(2022, 6, 16), date(2026, 4, 30)),
    ("ppid", "objection_answer", date(2022, 6, 22), date(2026, 5, 7)),
    ("ppid", "dispute", date(2022, 5, 23), date(2026, 4, 8)),
    ("gratifikasi", "to_upg", date(2022, 5, 23), date(2026, 4, 8)),
    ("gratifikasi", "upg_to_kpk", date(2022, 5, 23), date(2026, 4, 8)),
    ("gratifikasi", "to_kpk", date(2022, 6, 22), date(2026, 5, 7)),
    ("gratifikasi", "kpk_decision", date(2022, 6, 22), date(2026, 5, 7)),
    ("gratifikasi", "completion", date(2022, 6, 22), date(2026, 4, 22)),
    ("benturan", "declaration", date(2022, 5, 28), date(2026, 4, 16)),
]


def test_the_golden_table_covers_every_rule():
    assert {(r, s) for r, s, *_ in GOLDEN} == {
        (register, step) for register, steps in DEFAULTS.items() for step in steps
    }


@pytest.mark.parametrize(("register", "step", "due_2022", "due_2026"), GOLDEN)
def test_every_rule_around_the_2022_and_2026_holidays(
    holidays_seeded, register, step, due_2022, due_2026
):
    clock = Clock([2022, 2026])
    assert clock.due(register, step, date(2022, 4, 28)).due_on == due_2022
    assert clock.due(register, step, date(2026, 3, 17)).due_on == due_2026
