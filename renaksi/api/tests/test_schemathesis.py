"""Schemathesis over every operation of the served schema: no server error and every answer
conforms to the schema (status code documented, body valid), for a bounded number of generated
requests per operation (deterministic, a minute or so on 2 cores). Runs on both databases."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from renaksi.api.tests.helpers import token_for
from renaksi.conftest import UserFactory
from renaksi.evaluations.models import Worksheet
from renaksi.evaluations.services import instrument_build
from renaksi.evaluations.tests.test_worksheet import small_spec
from renaksi.monitoring.services import realisation_save
from renaksi.plans.models import Indicator
from renaksi.surveys.services import questionnaire_create, response_record
from renaksi.wsgi import application

MAX_EXAMPLES = 12


@pytest.fixture
def api_schema(db, tree, people, small_plan):
    indicator = Indicator.objects.get(activity__area__plan=small_plan, text="Tersedianya SK")
    realisation_save(
        indicator=indicator,
        period=1,
        actor=people.pelaksana,
        expected_version=0,
        status="in_progress",
        progress=50,
    )
    # Something behind the evaluation, survey and register endpoints too.
    instrument = instrument_build(spec=small_spec("SCHEMA"), publish=True)
    Worksheet.objects.create(unit=tree.bengkulu_tengah, instrument=instrument, year=2023)
    questionnaire = questionnaire_create(
        unit=tree.bengkulu_tengah,
        title="SKM 2023",
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
        actor=people.sekretaris,
    )
    response_record(
        questionnaire=questionnaire,
        date=date(2023, 5, 1),
        answers={u.key: 3 for u in questionnaire.unsur.all()},
        actor=people.sekretaris,
    )
    # As Django's test client does: a request must not close the test's connection (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db, tree):
    admin = UserFactory(username="api_super", is_superuser=True, is_staff=True)
    # The WSGI transport does not undo Content-Encoding; compression has its own tests
    # (core/tests/test_compression.py), so the bodies checked here come uncompressed.
    return {
        "Authorization": f"Bearer {token_for(admin, scope='write')}",
        "Accept-Encoding": "identity",
    }


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_every_operation_conforms_to_the_schema(api_schema, bearer):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 25
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=bearer, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:3000])
    assert not failures, "\n\n".join(failures)
