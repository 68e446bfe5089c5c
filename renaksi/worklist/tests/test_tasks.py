"""*Tugas saya*: each person's sections, their items and reasons, in a fixed number of queries."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renaksi.monitoring.services import realisation_return, realisation_submit, realisation_verify
from renaksi.monitoring.tests.conftest import save
from renaksi.organisations.models import User
from renaksi.plans.models import Indicator
from renaksi.worklist.selectors import (
    _PROVIDERS,
    TaskSection,
    task_page_for_user,
    task_provider,
)

# The small plan is monthly, 2023; without holidays January is due on 7 February, February on
# 7 March, March on 7 April. On 15 March: January and February are overdue, March is due.
TODAY = date(2023, 3, 15)


def sections(user, today=TODAY):
    return {s.key: s for s in task_page_for_user(user=user, today=today).sections}


@pytest.fixture
def scene(people, cells):
    Indicator.objects.filter(pk=cells.ppid.pk).update(pic=people.pelaksana)
    r = realisation_submit(realisation=save(cells.sk, 1, people.pelaksana), actor=people.pelaksana)
    realisation_verify(realisation=r, actor=people.asesor)
    realisation_submit(realisation=save(cells.ppid, 1, people.pelaksana), actor=people.pelaksana)
    r = realisation_submit(
        realisation=save(cells.ppid, 2, people.pelaksana), actor=people.pelaksana
    )
    realisation_return(realisation=r, actor=people.asesor, note="Lampirkan daftar permohonan")
    save(cells.sk, 2, people.pelaksana)  # a draft only: overdue
    return cells


def keys(section):
    return {item.key[1:] for item in section.items}


def test_it_lists_a_pics_returned_overdue_and_due_cells_with_the_note(people, scene):
    found = sections(people.pelaksana)
    assert keys(found["pic-returned"]) == {(scene.ppid.pk, 2)}
    assert found["pic-returned"].items[0].note == "Lampirkan daftar permohonan"
    assert keys(found["pic-overdue"]) == {(scene.sk.pk, 2)}
    assert "terlambat 8 hari" in found["pic-overdue"].items[0].reason
    assert keys(found["pic-due"]) == {(scene.ppid.pk, 3)}
    url = found["pic-returned"].items[0].url
    assert (
        url == reverse("cell_detail", args=[*found["pic-returned"].items[0].key]) + "?antrian=saya"
    )
    assert "asesor-queue" not in found and "unit-overdue" not in found


def test_it_gives_the_assessor_the_queue_oldest_first(people, scene):
    found = sections(people.asesor, timezone.localdate())
    assert keys(found["asesor-queue"]) == {(scene.ppid.pk, 1)}
    # Looking back to a day before it was submitted, it was not waiting yet.
    assert sections(people.asesor)["asesor-queue"].count == 0
    assert found["asesor-queue"].items[0].url.endswith("?antrian=verifikasi")
    assert "pic-due" not in found


def test_it_gives_the_sekretaris_everything_of_the_unit(people, scene):
    found = sections(people.sekretaris)
    assert keys(found["unit-returned"]) == {(scene.ppid.pk, 2)}
    # tim/1 was never reported; sk/2 is a draft.
    assert keys(found["unit-overdue"]) == {(scene.tim.pk, 1), (scene.sk.pk, 2)}
    awaiting = sections(people.sekretaris, timezone.localdate())["unit-awaiting"]
    assert keys(awaiting) == {(scene.ppid.pk, 1)}
    assert {"import-findings", "upward-report"} <= set(found)


def test_it_says_what_is_finished_when_a_section_is_empty(people, cells):
    found = sections(people.asesor)
    assert found["asesor-queue"].count == 0
    assert "kosong" in found["asesor-queue"].empty


def test_it_lists_nothing_for_a_read_only_person(people, scene):
    assert sections(people.viewer) == {}


def test_it_lists_late_children_for_a_parent(people, scene):
    found = sections(people.province_sekretaris, date(2023, 9, 1))
    late = found["children-late"]
    assert any(item.title == "KPU Kabupaten Bengkulu Tengah" for item in late.items)
    assert "TW I" in late.items[0].reason


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("pelaksana", 6), ("asesor", 7), ("sekretaris", 16), ("viewer", 6)],
)
def test_it_reads_in_a_fixed_number_of_queries(people, scene, persona, expected, cells):
    user = getattr(people, persona)
    with CaptureQueriesContext(connection) as first:
        task_page_for_user(user=user, today=TODAY)
    # More cells and events do not add queries.
    for period in (3, 4):
        realisation_submit(
            realisation=save(cells.ppid, period, people.pelaksana), actor=people.pelaksana
        )
    with CaptureQueriesContext(connection) as second:
        task_page_for_user(user=user, today=date(2023, 5, 20))
    # The chain's return note costs one query only when a report came back.
    assert len(first.captured_queries) <= expected
    assert len(second.captured_queries) <= expected
    assert expected - 1 <= len(first.captured_queries)


def test_it_takes_sections_from_a_registered_provider(people, scene):
    @task_provider(order=55)
    def deadlines(ctx):
        return [TaskSection(key="extra", title="Tenggat register", items=[], empty="Selesai.")]

    try:
        assert "extra" in sections(people.sekretaris)
    finally:
        _PROVIDERS[:] = [p for p in _PROVIDERS if p[2] is not deadlines]


def test_the_home_page_shows_the_tasks_at_a_demo_date(client, people, scene):
    client.force_login(people.pelaksana)
    html = client.get(reverse("home"), {"per": "2023-03-15"}).content.decode()
    assert "Tugas saya" in html and "Lampirkan daftar permohonan" in html
    assert "Keadaan per 15 Maret 2023" in html


@pytest.mark.django_db(transaction=False)
def test_the_demo_home_pages_list_real_work(client):
    call_command("seed_demo", verbosity=0)
    expected = {
        "pelaksana": ["pic-returned", "pic-overdue", "pic-due"],
        "asesor": ["asesor-queue"],
        "sekretaris": ["unit-returned", "import-findings", "upward-report"],
        "provinsi": ["children-late", "upward-report"],
    }
    for username, keys_ in expected.items():
        user = User.objects.get(username=username)
        client.force_login(user)
        response = client.get(reverse("home"), {"per": "2022-09-15"})
        html = response.content.decode()
        found = {s.key: s for s in response.context["tasks"].sections}
        for key in keys_:
            assert found[key].count > 0, (username, key)
            assert found[key].items[0].url in html


def test_the_pic_sees_each_indicator_with_its_periods_as_chips(client, people, scene):
    from renaksi.monitoring.my_grid import my_indicator_grid

    rows = {row.title: row for row in my_indicator_grid(user=people.pelaksana, today=TODAY)}
    assert [(c.label, c.code) for c in rows["1. Tersedianya SK"].chips] == [
        ("Jan", "verified"),
        ("Feb", "missed"),  # a draft past its due date
    ]
    ppid = [(c.label, c.code) for c in rows["1. Jumlah permohonan informasi"].chips]
    assert ppid[:2] == [("Jan", "submitted"), ("Feb", "returned")]
    assert my_indicator_grid(user=people.viewer, today=TODAY) == []
    client.force_login(people.pelaksana)
    html = client.get(reverse("home"), {"per": "2023-03-15"}).content.decode()
    assert 'data-testid="my-grid"' in html and "period-chip state-returned" in html


def test_the_pic_grid_reads_only_the_pics_own_cells(people, scene):
    """The grid reads the PIC's indicators' cells, not the whole plan's (deadline load: a PIC
    of 8 indicators in a plan of 165 read every cell on each visit of *Tugas saya*)."""
    from renaksi.monitoring.my_grid import my_indicator_grid
    from renaksi.monitoring.selectors import plan_cell_map
    from renaksi.plans.models import Plan

    mine = set(Indicator.objects.filter(pic=people.pelaksana).values_list("pk", flat=True))
    plan = Plan.objects.get(areas__activities__indicators__pk=min(mine))
    others = Indicator.objects.filter(activity__area__plan=plan).exclude(pk__in=mine)
    assert mine and others.exists()
    whole = plan_cell_map(plan=plan, today=TODAY)
    part = plan_cell_map(plan=plan, today=TODAY, indicator_ids=sorted(mine))
    assert part == {key: cell for key, cell in whole.items() if key[0] in mine}
    assert len(part) < len(whole)

    with CaptureQueriesContext(connection) as queries:
        my_indicator_grid(user=people.pelaksana, today=TODAY)
    cell_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().startswith("SELECT")
        and ('FROM "plans_target"' in q["sql"] or 'FROM "monitoring_realisation"' in q["sql"])
    ]
    assert cell_reads and all('"indicator_id" IN' in sql for sql in cell_reads), cell_reads


def test_a_long_queue_shows_its_first_items_and_counts_the_rest(people, scene, monkeypatch):
    """Only the items shown are made (each costs its labels and dates): an assessor's queue of
    77 cells made 77 items to show 10 (deadline load)."""
    from renaksi.monitoring import task_providers
    from renaksi.worklist.selectors import SECTION_LIMIT

    for period in range(3, 13):
        realisation_submit(
            realisation=save(scene.ppid, period, people.pelaksana), actor=people.pelaksana
        )
    made = []
    original = task_providers._queue_item

    def counting(*args, **kwargs):
        made.append(args[0].pk)
        return original(*args, **kwargs)

    monkeypatch.setattr(task_providers, "_queue_item", counting)
    found = sections(people.asesor, timezone.localdate())
    queue = found["asesor-queue"]
    assert queue.count == 11 and len(queue.items) == SECTION_LIMIT and queue.hidden == 1
    assert [item.key[2] for item in queue.items] == [1, *range(3, 12)]  # oldest first
    assert len(made) == SECTION_LIMIT
    made.clear()
    awaiting = sections(people.sekretaris, timezone.localdate())["unit-awaiting"]
    assert awaiting.count == 11 and len(awaiting.items) == SECTION_LIMIT
    assert len(made) == SECTION_LIMIT
