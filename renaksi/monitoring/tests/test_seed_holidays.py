from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.conftest import UserFactory
from renaksi.monitoring.models import Holiday
from renaksi.monitoring.services import holiday_library_entries

K = Holiday.Kind


def seed(*years) -> str:
    out = StringIO()
    call_command("seed_holidays", "--years", *[str(y) for y in years], stdout=out)
    return out.getvalue()


def snapshot():
    return list(
        Holiday.objects.order_by("date").values_list("date", "name", "kind", "source", "active")
    )


def test_it_seeds_national_holidays_and_cuti_bersama(db):
    out = seed(2026)
    rows = {h.date: h for h in Holiday.objects.all()}
    # SKB 2026: 17 national holidays + 8 cuti bersama (domain.md §7.2).
    assert sum(h.kind == K.PUBLIC for h in rows.values()) == 17
    cuti = sorted(d for d, h in rows.items() if h.kind == K.CUTI_BERSAMA)
    assert cuti == [
        date(2026, 2, 16),
        date(2026, 3, 18),
        date(2026, 3, 20),
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 5, 15),
        date(2026, 5, 28),
        date(2026, 12, 24),
    ]
    assert rows[date(2026, 8, 17)].name == "Hari Kemerdekaan Republik Indonesia"
    assert {h.source for h in rows.values()} == {Holiday.Source.LIBRARY}
    assert "25 ditambah" in out
    assert AuditEvent.objects.get(action="holiday.seeded").data["created"] == 25


def test_it_includes_election_days(db):
    seed(2024)
    assert Holiday.objects.filter(date__in=[date(2024, 2, 14), date(2024, 11, 27)]).count() == 2


def test_it_is_idempotent(db):
    seed(2022, 2023)
    first = snapshot()
    assert len(first) == len(holiday_library_entries(years=[2022, 2023]))
    out = seed(2022, 2023)
    assert snapshot() == first
    assert "0 ditambah, 0 diperbarui, 0 dihapus" in out


def test_it_keeps_rows_an_administrator_edited_or_added(db, client):
    seed(2023)
    admin = UserFactory(username="superadmin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    imlek = Holiday.objects.get(date=date(2023, 1, 23))
    response = client.post(
        reverse("admin:monitoring_holiday_change", args=[imlek.pk]),
        {"date": "2023-01-23", "name": "Cuti bersama Imlek (SKB revisi)", "kind": K.CUTI_BERSAMA},
    )  # "active" left out: the administrator switched it off
    assert response.status_code == 302
    response = client.post(
        reverse("admin:monitoring_holiday_add"),
        {"date": "2023-03-06", "name": "HUT Kabupaten", "kind": K.LOCAL, "active": "on"},
    )
    assert response.status_code == 302
    edited = Holiday.objects.get(pk=imlek.pk)
    assert (edited.source, edited.active) == (Holiday.Source.MANUAL, False)
    assert Holiday.objects.get(date=date(2023, 3, 6)).source == Holiday.Source.MANUAL
    before = snapshot()

    out = seed(2023)

    assert snapshot() == before
    assert "2 suntingan admin dipertahankan" in out
    edited.refresh_from_db()
    assert (edited.name, edited.active) == ("Cuti bersama Imlek (SKB revisi)", False)
    assert edited.history.first().history_user == admin


def test_it_follows_library_changes_for_rows_nobody_edited(db):
    seed(2023)
    stale = Holiday.objects.create(
        date=date(2023, 6, 5), name="Dipindah", kind=K.CUTI_BERSAMA, source=Holiday.Source.LIBRARY
    )
    renamed = Holiday.objects.get(date=date(2023, 8, 17))
    Holiday.objects.filter(pk=renamed.pk).update(name="Nama lama")
    out = seed(2023)
    assert not Holiday.objects.filter(pk=stale.pk).exists()
    assert Holiday.objects.get(pk=renamed.pk).name == "Hari Kemerdekaan Republik Indonesia"
    assert "1 diperbarui, 1 dihapus" in out


def test_it_only_touches_the_years_asked_for(db):
    Holiday.objects.create(
        date=date(2021, 6, 5), name="Lama", kind=K.LOCAL, source=Holiday.Source.LIBRARY
    )
    seed(2023)
    assert Holiday.objects.filter(date__year=2021).count() == 1


def test_it_refuses_nonsense_years(db):
    with pytest.raises(CommandError):
        seed(99999)
    assert not Holiday.objects.exists()
