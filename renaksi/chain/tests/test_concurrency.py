"""Two reviewers of the parent acting on one report at the same moment, in two connections.

PostgreSQL only: SQLite's IMMEDIATE transactions already serialise writers, so the two would never
overlap there (the stale-version tests in test_services cover the logic).
"""

import threading

import pytest
from django.db import connection, connections

from renaksi.chain import services
from renaksi.chain.models import MonitoringReport
from renaksi.chain.services import (
    ChainConflictError,
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
)
from renaksi.chain.tests.conftest import ON_TIME
from renaksi.conftest import UserFactory, member

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
    pytest.mark.usefixtures("fast_pdf"),
]


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_decisions_win(
    small_plan, people, tree, monkeypatch
):
    other = UserFactory(username="admin_bengkulu")
    member(other, tree.bengkulu, "admin")
    report = monitoring_report_submit(
        plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
    )
    both_read = threading.Barrier(2, timeout=10)
    real_require = services.require_perm

    def require_then_wait(actor, perm, obj):
        real_require(actor, perm, obj)
        if perm == "chain.review_report":
            both_read.wait()  # both have read the submitted report before either writes

    monkeypatch.setattr(services, "require_perm", require_then_wait)
    outcomes = {}

    def worker(name, decide):
        try:
            decide()
            outcomes[name] = "decided"
        except ChainConflictError:
            outcomes[name] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=worker,
            args=(
                "acknowledged",
                lambda: monitoring_report_acknowledge(
                    report=report, actor=people.province_sekretaris, expected_version=1
                ),
            ),
        ),
        threading.Thread(
            target=worker,
            args=(
                "returned",
                lambda: monitoring_report_return(
                    report=report, actor=other, note="Kurang", expected_version=1
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "decided"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "decided")
    db = MonitoringReport.objects.get(pk=report.pk)
    assert (db.status, db.version) == (winner, 2)
    assert db.events.count() == 2
