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

from renaksi.browser_testing import CHROMIUM, CHROMIUM_ARGS
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


@pytest.fixture
def tree(db) -> Tree:
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


@pytest.fixture
def people(tree) -> Personas:
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


@pytest.fixture
def small_plan(tree, people):
    """The small plan imported for 17.09, year 2023, by its Sekretaris."""
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
