"""Two people saving the same cell at the same moment, in two database connections.

PostgreSQL only: SQLite's IMMEDIATE transactions already serialise writers, so the two would never
overlap there (the single-connection tests in test_realisation_save cover the logic).
"""

import threading

import pytest
from django.db import connection, connections

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import RealisationConflictError
from renaksi.monitoring.tests.conftest import save

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_saves_win(people, cells, monkeypatch):
    r = save(cells.sk, 1, people.pelaksana, narrative="awal")
    both_read = threading.Barrier(2, timeout=10)
    real_check = __import__(
        "renaksi.monitoring.services.realisations", fromlist=["refuse_if_locked"]
    ).refuse_if_locked

    def read_then_wait(realisation):
        real_check(realisation)
        both_read.wait()  # both have read version 1 before either writes

    monkeypatch.setattr("renaksi.monitoring.services.realisations.refuse_if_locked", read_then_wait)
    outcomes = {}

    def worker(name, actor):
        try:
            save(cells.sk, 1, actor, expected_version=r.version, narrative=name)
            outcomes[name] = "saved"
        except RealisationConflictError:
            outcomes[name] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=("pic", people.pelaksana)),
        threading.Thread(target=worker, args=("sekretaris", people.sekretaris)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    db = Realisation.objects.get(pk=r.pk)
    assert (db.narrative, db.version) == (winner, 2)
    assert db.events.count() == 2
