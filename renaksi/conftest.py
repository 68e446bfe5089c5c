"""Shared test fixtures: the unit tree and named personas at national, province and regency level.

Tree used everywhere:

    RI  KPU Republik Indonesia
    ├── 17     KPU Provinsi Bengkulu
    │   ├── 17.09  KPU Kabupaten Bengkulu Tengah   (the seed's unit)
    │   └── 17.01  KPU Kabupaten Bengkulu Selatan  (a sibling)
    └── 16     KPU Provinsi Sumatera Selatan       (unrelated branch)
        └── 16.71  KPU Kota Palembang
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import factory
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from renaksi.browser_testing import CHROMIUM, CHROMIUM_ARGS, OneViewAtATime
from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.parsed import (
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)

PASSWORD = "rahasia-uji-123"  # noqa: S105 (test-only password)
SEED_FILE = Path(__file__).resolve().parent / "plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"

# Hypothesis' "too slow" check times data generation by the clock: on a busy machine it fails a
# test that found nothing (tests assert query counts, never times; tests naming their own checks
# list it too). A real failure prints its @reproduce_failure blob: CI keeps no example database.
hypothesis_settings.register_profile(
    "renaksi", suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.load_profile("renaksi")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at production strength costs ~0.3 s per persona; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    """Files go to a temporary folder and background tasks run inline, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kpu.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99.{n:02d}")
    name = factory.LazyAttribute(lambda u: f"KPU Unit {u.code}")
    level = Unit.Level.REGENCY


def member(user: User, unit: Unit, role: str) -> Membership:
    return Membership.objects.get_or_create(user=user, unit=unit, role=role)[0]


@dataclass
class Tree:
    ri: Unit
    bengkulu: Unit
    bengkulu_tengah: Unit
    bengkulu_selatan: Unit
    sumsel: Unit
    palembang: Unit


def tree_build() -> Tree:
    ri = UnitFactory(code="RI", name="KPU Republik Indonesia", level=Unit.Level.NATIONAL)
    bengkulu = UnitFactory(
        code="17", name="KPU Provinsi Bengkulu", level=Unit.Level.PROVINCE, parent=ri
    )
    sumsel = UnitFactory(
        code="16", name="KPU Provinsi Sumatera Selatan", level=Unit.Level.PROVINCE, parent=ri
    )
    return Tree(
        ri=ri,
        bengkulu=bengkulu,
        bengkulu_tengah=UnitFactory(
            code="17.09",
            name="KPU Kabupaten Bengkulu Tengah",
            parent=bengkulu,
            place="Bengkulu Tengah",
        ),
        bengkulu_selatan=UnitFactory(
            code="17.01", name="KPU Kabupaten Bengkulu Selatan", parent=bengkulu
        ),
        sumsel=sumsel,
        palembang=UnitFactory(code="16.71", name="KPU Kota Palembang", parent=sumsel),
    )


@dataclass
class Personas:
    """One named person per role and level. ``sekretaris`` etc. belong to 17.09."""

    sekretaris: User
    admin_unit: User
    asesor: User
    pelaksana: User
    ketua: User
    viewer: User
    province_sekretaris: User
    national_admin: User
    sibling_sekretaris: User
    other_province_sekretaris: User
    outsider: User


def people_build(tree: Tree) -> Personas:
    R = Membership.Role

    def person(username, unit, role):
        user = UserFactory(username=username)
        if unit is not None:
            member(user, unit, role)
        return user

    return Personas(
        sekretaris=person("sekretaris_bt", tree.bengkulu_tengah, R.SEKRETARIS),
        admin_unit=person("admin_bt", tree.bengkulu_tengah, R.ADMIN),
        asesor=person("asesor_bt", tree.bengkulu_tengah, R.ASESOR),
        pelaksana=person("pelaksana_bt", tree.bengkulu_tengah, R.PELAKSANA),
        ketua=person("ketua_bt", tree.bengkulu_tengah, R.KETUA),
        viewer=person("pembaca_bt", tree.bengkulu_tengah, R.VIEWER),
        province_sekretaris=person("sekretaris_bengkulu", tree.bengkulu, R.SEKRETARIS),
        national_admin=person("admin_ri", tree.ri, R.ADMIN),
        sibling_sekretaris=person("sekretaris_bs", tree.bengkulu_selatan, R.SEKRETARIS),
        other_province_sekretaris=person("sekretaris_sumsel", tree.sumsel, R.SEKRETARIS),
        outsider=person("tanpa_unit", None, None),
    )


def _people_keys() -> tuple[dict[str, str], dict[str, str]]:
    """Build the tree and the personas; their codes and usernames by field, to read them back."""
    tree = tree_build()
    people = people_build(tree)
    return (
        {f: getattr(tree, f).code for f in Tree.__dataclass_fields__},
        {f: getattr(people, f).username for f in Personas.__dataclass_fields__},
    )


def small_parsed_plan(granularity: str = "month") -> ParsedPlan:
    """A small plan with every shape: direct indicators, sub kegiatan, lettered children."""
    return ParsedPlan(
        decree=ParsedDecree(
            issuer="KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH",
            number="01/ORT.07-Kpt/KPU-Kab/1709/I/2023",
            lampiran_number="01/ORT.07-Kpt/KPU-Kab/1709/I/2023",
            about="Rencana Aksi Reformasi Birokrasi Tahun 2023",
            place="Bengkulu Tengah",
            signer_name="BROTOSENO",
            signer_title="KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH",
        ),
        granularity=granularity,
        areas=[
            ParsedArea(
                number="1",
                name="Manajemen Perubahan",
                reform_area=1,
                activities=[
                    ParsedActivity(
                        number="1",
                        name="Perencanaan Reformasi Birokrasi",
                        indicators=[ParsedIndicator(number="", text="SK Tim RB", periods=[1])],
                        sub_activities=[
                            ParsedSubActivity(
                                number="1",
                                name="Pembentukan tim RB",
                                indicators=[
                                    ParsedIndicator(
                                        number="1",
                                        text="Tersedianya SK",
                                        periods=[1, 2],
                                        note="KET satu",
                                        target=Decimal("100"),
                                        unit="%",
                                        pic="pelaksana_bt",
                                    )
                                ],
                                sub_activities=[
                                    ParsedSubActivity(
                                        number="a",
                                        name="Tim Pengarah",
                                        indicators=[
                                            ParsedIndicator(
                                                number="a", text="SK Pengarah", periods=[3]
                                            )
                                        ],
                                    )
                                ],
                            )
                        ],
                    )
                ],
            ),
            ParsedArea(
                number="4",
                name="Penguatan Tatalaksana",
                reform_area=4,
                activities=[
                    ParsedActivity(
                        number="1",
                        name="Keterbukaan informasi publik",
                        sub_activities=[
                            ParsedSubActivity(
                                number="1",
                                name="Pengelolaan PPID",
                                indicators=[
                                    ParsedIndicator(
                                        number="1",
                                        text="Jumlah permohonan informasi",
                                        periods=[1, 2, 3, 4],
                                        period_targets={1: Decimal("2.5"), 4: Decimal("10")},
                                    )
                                ],
                            )
                        ],
                    )
                ],
            ),
        ],
    )


def small_plan_build(tree: Tree, people: Personas):
    from renaksi.plans.services import plan_import

    return plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sekretaris,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )


# --- the shared world --------------------------------------------------------------------------
#
# The tree, the personas and the small plan are written once per test process (per xdist worker),
# as Zulip's pre-populated test database, instead of once per test: about a hundred queries and a
# plan import saved for each of the thousand-odd tests that use them. The world lives in an outer
# transaction (one savepoint per level: 1 = tree and personas, 2 = + the small plan); every test
# runs in its own savepoint inside it (pytest-django's TestCase rollback), so what a test writes
# is undone and the next test finds the world as it was built. The tests are ordered so that each
# level is built once (``pytest_collection_modifyitems``). A test that does not ask for the
# personas, or needs committed data (transactional tests, the live server), runs with no world
# open and builds what it asks for itself, as before.

from renaksi.shared_world import (  # noqa: E402 - after the builders it is given
    WORLD_PEOPLE,
    WORLD_PLAN,
    SharedWorld,
    pytest_make_parametrize_id,  # noqa: F401 - a hook: pytest finds it here
    transactional,
    world_level,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, then transactional ones, then the rest),
    made to hold per xdist worker too: the files that hold a transactional test go last (a
    worker takes a whole file at a time, in this order), and among the plain database tests the
    small plan's come first, then the personas', so each level of the world is built once per
    process. The sort is stable."""

    def group(item) -> int:
        if transactional(item):
            return 1
        return 0 if "db" in getattr(item, "fixturenames", ()) else 2

    late_files = {item.path for item in items if transactional(item)}

    def key(item):
        plain = group(item) == 0
        return (item.path in late_files, group(item), -world_level(item) if plain else 0)

    items.sort(key=key)


_WORLDS: list[SharedWorld] = []  # the process's world, for the hook below


@pytest.fixture(scope="session")
def shared_world(django_db_setup, django_db_blocker):
    world = SharedWorld(
        build_people=_people_keys,
        build_plan=lambda w: small_plan_build(w.tree(), w.people()),
    )
    from django.db import connections

    # The rows the migrations seed, as the test database was made (pytest-django serialises
    # them). Kept here too: a test that resets the connections loses the connection's copy.
    world.seeded = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if getattr(connections[alias], "_test_serialized_contents", None)
    }
    _WORLDS.append(world)
    yield world
    with django_db_blocker.unblock():
        world.level_set(0)
    _WORLDS.remove(world)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Close the world before any fixture of a test that needs committed data runs: the live
    server (session-wide) may start before the database fixtures, and must not find the world's
    transaction open on the connection it shares."""
    if _WORLDS and _WORLDS[0].level and transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _WORLDS[0].level_set(0)


@pytest.fixture
def _world_for_test(request, shared_world, django_db_blocker):
    with django_db_blocker.unblock():
        shared_world.level_set(world_level(request.node))
    yield shared_world
    if transactional(request.node):
        # pytest-django has just flushed every table (this fixture is torn down after its
        # helper). Run alone, the suite puts the transactional tests last; spread over xdist
        # workers, a worker goes on to other files after one, which expect the rows the
        # migrations seed (holidays, reform areas, criteria). Put them back.
        from django.core.management import call_command
        from django.db import connections

        with django_db_blocker.unblock():
            for alias, contents in shared_world.seeded.items():
                connection = connections[alias]
                connection._test_serialized_contents = contents  # for serialized_rollback too
                if contents:
                    # The flush may have re-created content types and permissions (post_migrate):
                    # empty the tables again without it, then load the rows as they were.
                    call_command(
                        "flush",
                        verbosity=0,
                        interactive=False,
                        database=connection.alias,
                        inhibit_post_migrate=True,
                    )
                    connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Indonesian: a test that switched to English must not leave the next
    one (in the same worker) writing English messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached pages, throttles and counters of an earlier
    test (rolled back in the database) must not leak into the next one."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def _django_db_helper(_world_for_test, _django_db_helper):
    """pytest-django's own helper, entered inside the world this test asked for."""
    yield _django_db_helper


@pytest.fixture
def tree(db, _world_for_test) -> Tree:
    if _world_for_test.level >= WORLD_PEOPLE:
        return _world_for_test.tree()
    return tree_build()


@pytest.fixture
def people(tree, _world_for_test) -> Personas:
    if _world_for_test.level >= WORLD_PEOPLE:
        return _world_for_test.people()
    return people_build(tree)


@pytest.fixture
def small_plan(tree, people, _world_for_test):
    """The small plan imported for 17.09, year 2023, by its Sekretaris."""
    if _world_for_test.level >= WORLD_PLAN:
        return _world_for_test.small_plan(tree)
    return small_plan_build(tree, people)


@pytest.fixture(scope="session", autouse=True)
def _live_server_on_sqlite():
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneViewAtATime
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (Playwright never downloads a browser)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread until the session ends;
    # Django would then refuse every ORM call (tests and their database teardown) as "async".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1600, "height": 1000}, locale="id-ID", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    with OneViewAtATime.lock:  # a request still in flight ends before the database is flushed
        pass


@pytest.fixture
def seed_plan(tree, people):
    """The seed decree (KPU Kabupaten Bengkulu Tengah 2022) imported by its Sekretaris."""
    from renaksi.plans.services import plan_import_file

    return plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=people.sekretaris,
    )
