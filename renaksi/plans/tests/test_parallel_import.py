"""Two imports at the same moment, in two PostgreSQL connections.

PostgreSQL only: on SQLite the IMMEDIATE transactions serialise the writers (the same races run
there as real processes on a file, in core/tests/test_concurrent_processes.py).
"""

import threading

import pytest
from django.db import connection, connections

from renaksi.conftest import SEED_FILE
from renaksi.plans import services
from renaksi.plans.models import Decree, ImportReport, Indicator, Plan
from renaksi.plans.services import PlanWriteError, plan_import_file

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)


def _race(monkeypatch, jobs):
    """Run each (unit, actor, year) import in its own thread and connection, all inside their
    transactions (past the "does the plan exist?" check's inputs) before any of them writes."""
    inside = threading.Barrier(len(jobs), timeout=20)
    real_validate = services.imports._validate_parsed

    def validate_then_wait(parsed):
        real_validate(parsed)
        inside.wait()

    monkeypatch.setattr(services.imports, "_validate_parsed", validate_then_wait)
    data = SEED_FILE.read_bytes()
    outcomes = [None] * len(jobs)

    def worker(i, unit, actor, year):
        try:
            plan = plan_import_file(
                unit=unit, year=year, filename=SEED_FILE.name, data=data, actor=actor
            )
            outcomes[i] = ("imported", plan.pk)
        except PlanWriteError as exc:
            outcomes[i] = ("refused", str(exc))
        except Exception as exc:  # reaches the user as a server error
            outcomes[i] = ("crash", f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, *job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _assert_no_orphans():
    plans = Plan.objects.count()
    assert Decree.objects.count() == plans
    assert ImportReport.objects.count() == plans


# On PostgreSQL ``select_for_update()`` has no row to lock while the plan does not exist yet: both
# imports insert, and plan_import turns the loser's unique-constraint error into "sudah ada".
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_imports_one_unit_and_year_once_when_two_import_it_at_once(tree, people, monkeypatch):
    outcomes = _race(
        monkeypatch,
        [
            (tree.bengkulu_tengah, people.sekretaris, 2022),
            (tree.bengkulu_tengah, people.admin_unit, 2022),
        ],
    )
    # Exactly one plan and nothing left of the other attempt (true today already) ...
    assert Plan.objects.filter(unit=tree.bengkulu_tengah, year=2022).count() == 1
    _assert_no_orphans()
    # ... and the other person is told why, in words.
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["imported", "refused"], outcomes
    message = next(detail for kind, detail in outcomes if kind == "refused")
    assert "sudah ada" in message


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_two_units_import_at_the_same_time(tree, people, monkeypatch):
    outcomes = _race(
        monkeypatch,
        [
            (tree.bengkulu_tengah, people.sekretaris, 2022),
            (tree.bengkulu_selatan, people.sibling_sekretaris, 2022),
        ],
    )
    assert [kind for kind, _ in outcomes] == ["imported", "imported"], outcomes
    counts = [Indicator.objects.filter(activity__area__plan_id=pk).count() for _, pk in outcomes]
    assert counts[0] == counts[1] > 0
    _assert_no_orphans()
