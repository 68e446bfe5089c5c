from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from renaksi.monitoring.models import Realisation, Timeliness
from renaksi.monitoring.selectors import cell_map_for_plan, realisation_list_visible
from renaksi.monitoring.services import (
    MonitoringWriteError,
    RealisationConflictError,
    realisation_submit,
)
from renaksi.monitoring.tests.conftest import save


def test_it_records_a_realisation_with_all_its_fields(people, cells):
    r = save(
        cells.ppid,
        1,
        people.sekretaris,
        status="done",
        progress=100,
        value="2.5",
        narrative=" 3 permohonan dilayani ",
        obstacles="Jaringan",
        follow_up="Tambah bandwidth",
        done_on=date(2023, 1, 20),
    )
    db = Realisation.objects.get(indicator=cells.ppid, period=1)
    assert db.pk == r.pk
    assert (db.status, db.progress, db.value, db.done_on) == (
        "done",
        100,
        Decimal("2.5"),
        date(2023, 1, 20),
    )
    assert (db.narrative, db.obstacles, db.follow_up) == (
        "3 permohonan dilayani",
        "Jaringan",
        "Tambah bandwidth",
    )
    assert db.updated_by == people.sekretaris and db.version == 1


def test_it_records_work_done_in_an_unscheduled_period(people, cells, small_plan):
    # "Tersedianya SK" is planned for months 1–2 only.
    r = save(cells.sk, 7, people.pelaksana, narrative="Revisi SK di bulan Juli")
    assert Realisation.objects.filter(indicator=cells.sk, period=7).exists()
    listed = realisation_list_visible(user=people.viewer, plan=small_plan).get(pk=r.pk)
    assert listed.indicator_id == cells.sk.pk
    cell = cell_map_for_plan(user=people.viewer, plan=small_plan, today=date(2023, 9, 1))[
        (cells.sk.pk, 7)
    ]
    assert cell.scheduled is False and cell.realisation.pk == r.pk
    assert cell.timeliness == Timeliness.NOT_REQUIRED
    scheduled = cell_map_for_plan(user=people.viewer, plan=small_plan, today=date(2023, 9, 1))[
        (cells.sk.pk, 1)
    ]
    assert scheduled.scheduled is True and scheduled.realisation is None


def test_it_refuses_a_period_outside_the_plans_granularity(people, cells, small_plan):
    small_plan.granularity = "quarter"
    small_plan.save()
    with pytest.raises(MonitoringWriteError, match="di luar rentang 1–4"):
        save(cells.ppid, 5, people.sekretaris)
    assert not Realisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"status": "selesai", "progress": 100}, "Status pelaksanaan tidak dikenal"),
        ({"status": "done", "progress": 80}, "progres 100%"),
        ({"status": "not_started", "progress": 10}, "progres 0%"),
        ({"status": "in_progress", "progress": 120}, "0–100"),
        ({"status": "in_progress", "progress": "banyak"}, "0–100"),
        ({"status": "in_progress", "progress": 50, "done_on": date(2023, 1, 5)}, "hanya diisi"),
        (
            {"status": "done", "progress": 100, "done_on": date.today() + timedelta(days=30)},
            "masa depan",
        ),
        ({"value": "abc"}, "bilangan"),
        ({"value": "-1"}, "negatif"),
        ({"value": "1.23456"}, "4 angka"),
    ],
)
def test_it_refuses_invalid_content_with_a_clear_message(people, cells, content, message):
    with pytest.raises(MonitoringWriteError, match=message):
        save(cells.ppid, 1, people.sekretaris, **content)
    assert not Realisation.objects.exists()


def test_it_takes_a_number_only_where_the_cell_has_a_target(people, cells):
    # "SK Tim RB" has neither an indicator target nor a period target.
    with pytest.raises(MonitoringWriteError, match="tidak memiliki target angka"):
        save(cells.tim, 1, people.sekretaris, value="1")
    # "Jumlah permohonan informasi" has a target in month 4 only, yet month 2 is blank: refused.
    with pytest.raises(MonitoringWriteError, match="tidak memiliki target angka"):
        save(cells.ppid, 2, people.sekretaris, value="1")
    assert save(cells.ppid, 4, people.sekretaris, value="9").value == Decimal("9")
    # An indicator-level target (100 %) covers all its periods.
    assert save(cells.sk, 2, people.sekretaris, value="40").value == Decimal("40")


def test_it_refuses_to_overwrite_a_newer_version(people, cells):
    first = save(cells.sk, 1, people.pelaksana, narrative="versi PIC")
    # Both open version 1; the Sekretaris saves first.
    save(cells.sk, 1, people.sekretaris, expected_version=1, narrative="versi Sekretaris")
    with pytest.raises(RealisationConflictError) as caught:
        save(cells.sk, 1, people.pelaksana, expected_version=first.version, narrative="lagi")
    message = str(caught.value)
    assert "sudah diubah oleh" in message and str(people.sekretaris) in message
    assert "Muat ulang" in message
    db = Realisation.objects.get(pk=first.pk)
    assert (db.narrative, db.version, db.updated_by) == ("versi Sekretaris", 2, people.sekretaris)
    assert db.events.count() == 2


def test_it_refuses_to_create_a_cell_someone_else_just_created(people, cells):
    save(cells.sk, 1, people.sekretaris, narrative="pertama")
    with pytest.raises(RealisationConflictError):
        save(cells.sk, 1, people.pelaksana, expected_version=0, narrative="kedua")
    assert Realisation.objects.get().narrative == "pertama"


def test_it_refuses_a_stale_version_on_a_state_change(people, cells, realisation_in):
    r = realisation_in("draft")
    save(cells.sk, 1, people.sekretaris, expected_version=r.version, narrative="diubah")
    with pytest.raises(RealisationConflictError):
        realisation_submit(realisation=r, actor=people.pelaksana, expected_version=r.version)
    assert Realisation.objects.get(pk=r.pk).review_state == "draft"


def test_it_compares_and_sets_in_the_database_not_in_memory(people, cells, monkeypatch):
    """Another process bumps the row between our read and our write: the UPDATE must see it."""
    from renaksi.monitoring.services import _common

    r = save(cells.sk, 1, people.pelaksana, narrative="")
    real = _common.compare_and_bump

    def racing(realisation, expected_version):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE monitoring_realisation SET version = version + 1 WHERE id = %s",
                [realisation.pk],
            )
        return real(realisation, expected_version)

    monkeypatch.setattr("renaksi.monitoring.services.realisations.compare_and_bump", racing)
    with pytest.raises(RealisationConflictError):
        save(cells.sk, 1, people.pelaksana, expected_version=r.version, narrative="x")
    assert Realisation.objects.get(pk=r.pk).narrative == ""


def test_it_stamps_the_submission_in_utc(people, realisation_in):
    r = realisation_in("submitted")
    assert timezone.is_aware(r.submitted_at)
