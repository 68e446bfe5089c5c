from datetime import date

import pytest

from renaksi.conftest import small_parsed_plan
from renaksi.plans.services import plan_import

# TW I 2023 ends on Friday 31 March; ten working days later (no holidays in the table) is
# Friday 14 April.
TW1_DUE = date(2023, 4, 14)
ON_TIME = date(2023, 4, 10)
LATE = date(2023, 4, 20)
FAKE_PDF = b"%PDF-1.7\n% laporan uji\n"


@pytest.fixture
def mail_outbox(settings):
    from django.core import mail

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def fast_pdf(monkeypatch):
    """Most tests do not need WeasyPrint's real PDF: a fixed one keeps them fast."""
    monkeypatch.setattr("renaksi.chain.snapshot.snapshot_pdf", lambda snapshot: FAKE_PDF)


@pytest.fixture
def sibling_plan(tree, people):
    return plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sibling_sekretaris,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )


@pytest.fixture
def palembang_plan(tree, people):
    return plan_import(
        unit=tree.palembang,
        year=2023,
        parsed=small_parsed_plan(),
        actor=None,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )
