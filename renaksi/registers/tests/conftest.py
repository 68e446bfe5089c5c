from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from renaksi.registers.models import RegisterOfficer


@pytest.fixture(autouse=True)
def _fresh_cache_and_fast_forms(settings):
    cache.clear()  # the public forms' rate limit counts in the cache
    settings.REGISTERS_FORM_MIN_SECONDS = 0
    # A request in English leaves its language active in the thread; messages are asserted in
    # Bahasa Indonesia.
    with translation.override(settings.LANGUAGE_CODE):
        yield
    cache.clear()


@pytest.fixture
def holidays_seeded(db):
    """The holiday table of 2022, 2026 and 2027 (from the ``holidays`` package)."""
    call_command(
        "seed_holidays", "--years", "2022", "2023", "2026", "2027", stdout=open("/dev/null", "w")
    )


@pytest.fixture
def upg(people, tree):
    """ketua_bt is UPG of Bengkulu Tengah."""
    RegisterOfficer.objects.create(
        unit=tree.bengkulu_tengah, user=people.ketua, role=RegisterOfficer.Role.UPG
    )
    return people.ketua


D = date
