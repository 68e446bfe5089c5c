"""*Keadaan per* a day: the dashboard counts only what had happened by then; returned cells are
listed with their notes."""

from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone

from renaksi.monitoring.demo import demo_clock
from renaksi.monitoring.services import realisation_return, realisation_submit, realisation_verify
from renaksi.monitoring.tests.conftest import save


def at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())


def test_a_verification_made_later_does_not_count_earlier(client, people, cells, small_plan):
    with demo_clock(at(date(2023, 2, 2))):
        r = realisation_submit(
            realisation=save(cells.sk, 1, people.pelaksana), actor=people.pelaksana
        )
    with demo_clock(at(date(2023, 2, 20))):
        realisation_verify(realisation=r, actor=people.asesor)
    client.force_login(people.sekretaris)
    url = reverse("plan_dashboard", args=[small_plan.pk])

    before = client.get(url, {"per": "2023-02-10"}).context["dashboard"]
    assert (before.totals.verified, before.totals.awaiting) == (0, 1)
    after = client.get(url, {"per": "2023-02-25"}).context["dashboard"]
    assert (after.totals.verified, after.totals.awaiting) == (1, 0)
    # Before it was submitted it had not been reported at all.
    earliest = client.get(url, {"per": "2023-01-15"}).context["dashboard"]
    assert earliest.totals.realised == 0


def test_the_dashboard_lists_returned_cells_with_the_note(client, people, cells, small_plan):
    r = realisation_submit(realisation=save(cells.sk, 1, people.pelaksana), actor=people.pelaksana)
    realisation_return(realisation=r, actor=people.asesor, note="Tanda tangan belum ada")
    client.force_login(people.sekretaris)
    response = client.get(reverse("plan_dashboard", args=[small_plan.pk]))
    assert [row.note for row in response.context["dashboard"].returned] == [
        "Tanda tangan belum ada"
    ]
    assert 'data-testid="returned-list"' in response.content.decode()


def test_the_roll_up_counts_only_what_had_happened_by_the_day(people, cells, small_plan, tree):
    from renaksi.rollup.selectors import rollup_for_unit

    with demo_clock(at(date(2023, 2, 2))):
        r = realisation_submit(
            realisation=save(cells.sk, 1, people.pelaksana), actor=people.pelaksana
        )
    with demo_clock(at(date(2023, 2, 20))):
        realisation_verify(realisation=r, actor=people.asesor)

    def figures(day):
        rollup = rollup_for_unit(
            user=people.province_sekretaris, parent=tree.bengkulu, year=2023, today=day
        )
        s = next(row.stats for row in rollup.rows if row.unit == tree.bengkulu_tengah)
        return (s.reported, s.verified, s.awaiting)

    assert figures(date(2023, 1, 20)) == (0, 0, 0)
    assert figures(date(2023, 2, 10)) == (1, 0, 1)
    assert figures(date(2023, 2, 25)) == (1, 1, 0)
