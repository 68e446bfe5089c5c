"""The shared test world of one test process (see ``renaksi/conftest.py``): the tree, the personas
and the small plan, written once inside an outer transaction that each test's savepoint rolls
back to. Test-only code, kept apart from the fixtures."""

from __future__ import annotations

WORLD_PLAN = 2
WORLD_PEOPLE = 1


def transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )


def world_level(item) -> int:
    """The world a test runs in: what it asks for, none when it needs committed data."""
    names = getattr(item, "fixturenames", ())
    if transactional(item) or "db" not in names:
        return 0
    if "small_plan" in names:
        return WORLD_PLAN
    if "people" in names:
        return WORLD_PEOPLE
    return 0


def pytest_make_parametrize_id(config, val, argname):
    """Bytes parameters are named ``<argname>-bytes`` (pytest numbers equal ids by position):
    generated files (a ZIP or an XLSX carries the time it was made, even its length can change)
    must get the same test id in every xdist worker, or the workers disagree."""
    if isinstance(val, bytes | bytearray):
        return f"{argname}-bytes"
    return None


class SharedWorld:
    """The levels of the world now open in this process, and the keys to read them back."""

    def __init__(self, *, build_people, build_plan):
        # build_people() -> (tree codes, usernames) by field name; build_plan(world) -> the plan.
        self.build_people, self.build_plan = build_people, build_plan
        self.atomics: list = []
        self.seeded: dict[str, str] = {}  # alias -> the migration-seeded rows (serialised)
        self.tree_codes: dict[str, str] = {}
        self.usernames: dict[str, str] = {}
        self.plan_pk: int | None = None

    @property
    def level(self) -> int:
        return len(self.atomics)

    def level_set(self, level: int) -> None:
        from django.db import connection, transaction
        from django.test.utils import override_settings

        if self.atomics and not self._alive():
            # A test broke the world's transaction (closed or poisoned the connection): end it
            # on the driver's connection and start again.
            if connection.connection is not None:
                connection.connection.rollback()
            connection.atomic_blocks.clear()
            connection.savepoint_ids.clear()
            connection.in_atomic_block = False
            connection.needs_rollback = False
            connection.closed_in_transaction = False
            connection.set_autocommit(True)
            self.atomics.clear()
        while self.level > level:
            atomic = self.atomics.pop()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            while self.level < level:
                atomic = transaction.atomic()
                atomic._from_testcase = True  # services' atomic(durable=True) may run inside
                atomic.__enter__()
                self.atomics.append(atomic)
                if self.level == WORLD_PEOPLE:
                    self.tree_codes, self.usernames = self.build_people()
                else:
                    self.plan_pk = self.build_plan(self).pk
                # Nothing built here is ever committed: what it queued after a commit never runs.
                connection.run_on_commit.clear()

    def _alive(self) -> bool:
        from django.db import connection

        return (
            connection.connection is not None
            and connection.in_atomic_block
            and not connection.needs_rollback
            and not getattr(connection, "closed_in_transaction", False)
        )

    def tree(self):
        from renaksi.conftest import Tree
        from renaksi.organisations.models import Unit

        units = Unit.objects.in_bulk(list(self.tree_codes.values()), field_name="code")
        by_pk = {unit.pk: unit for unit in units.values()}
        for unit in units.values():  # as the factories leave them: each parent is the tree's own
            if unit.parent_id in by_pk:
                unit.parent = by_pk[unit.parent_id]
        return Tree(**{f: units[code] for f, code in self.tree_codes.items()})

    def people(self):
        from renaksi.conftest import Personas
        from renaksi.organisations.models import User

        users = User.objects.in_bulk(list(self.usernames.values()), field_name="username")
        return Personas(**{f: users[name] for f, name in self.usernames.items()})

    def small_plan(self, tree):
        from renaksi.plans.models import Plan

        # As the import returns it: its decree at hand, and its unit the very object the test's
        # ``tree`` holds (a test that renames the unit renames the plan's unit too).
        plan = Plan.objects.select_related("decree").get(pk=self.plan_pk)
        plan.unit = tree.bengkulu_tengah
        return plan
