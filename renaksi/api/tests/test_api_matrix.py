"""The API's permission matrix, generated: every endpoint × persona × tree relation, with a read
token and a write token each, and anonymous. A denial reveals nothing (404 for what the persona
cannot see, the same body whatever exists) and changes nothing.

Expected answers: a persona the rule lets through is neither 401, 403 nor 404 (and never 5xx);
a read token on a write gets 403 whatever the object; a persona who can see the unit but lacks the
right gets 403; one who cannot see it gets 404; anonymous gets 401. Every ``api:`` route must have
a case here (``test_every_api_route_has_cases``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from renaksi.api.tests.routes import api_route_names
from renaksi.api.tokens import api_token_create
from renaksi.conftest import small_parsed_plan
from renaksi.core.tests.matrix_world import PERSONAS, TARGET_UNITS, Target, world_build
from renaksi.core.tests.test_permission_matrix import (
    NO_TARGET,
    PERSONAS_AT,
    anyone_signed_in,
    assessors,
    cell_editors,
    fingerprint,
    managers,
    plugins_extend_world,
    readers,
    relation_of,
    report_recipients,
)
from renaksi.monitoring.tests import files
from renaksi.plans.interchange import parsed_to_json

Allow = Callable[[str, str], bool]


@dataclass(frozen=True)
class Endpoint:
    route: str
    allow: Allow
    method: str = "GET"
    kwargs: Callable[[Target], dict] = lambda t: {}
    query: Callable[[Target], str] = lambda t: ""
    body: Callable[[Target], dict] | None = None
    multipart: bool = False
    targets: tuple[str, ...] = TARGET_UNITS
    public: bool = False


def pk(attr: str):
    def kwargs(t: Target) -> dict:
        obj = t
        for part in attr.split("."):
            obj = getattr(obj, part)
        return {"pk": obj.pk}

    return kwargs


def _document(t: Target) -> dict:
    return parsed_to_json(small_parsed_plan())


ENDPOINTS = [
    Endpoint("api:schema", anyone_signed_in, targets=(NO_TARGET,), public=True),
    Endpoint("api:docs", anyone_signed_in, targets=(NO_TARGET,), public=True),
    Endpoint("api:redoc", anyone_signed_in, targets=(NO_TARGET,), public=True),
    Endpoint("api:unit-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint("api:unit-detail", readers, kwargs=pk("unit")),
    Endpoint("api:plan-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint(
        "api:plan-list",
        managers,
        method="POST",
        body=lambda t: {"unit": t.unit.code, "year": 2031, "document": _document(t)},
    ),
    Endpoint("api:plan-detail", readers, kwargs=pk("plan")),
    Endpoint(
        "api:plan-detail",
        managers,
        method="PUT",
        kwargs=pk("plan"),
        body=lambda t: {"document": _document(t)},
    ),
    Endpoint("api:indicator-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint("api:indicator-detail", readers, kwargs=pk("indicator")),
    Endpoint("api:realisation-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint(
        "api:realisation-list",
        cell_editors,
        method="POST",
        body=lambda t: {
            "indicator": t.indicator.pk,
            "period": t.period,
            "version": t.realisation.version,
            "status": "done",
            "progress": 100,
        },
    ),
    Endpoint("api:realisation-detail", readers, kwargs=pk("realisation")),
    Endpoint(
        "api:realisation-submit",
        cell_editors,
        method="POST",
        kwargs=pk("realisation"),
        body=lambda t: {"version": t.realisation.version},
    ),
    Endpoint(
        "api:realisation-verify",
        assessors,
        method="POST",
        kwargs=pk("realisation"),
        body=lambda t: {"version": t.realisation.version, "note": "Lengkap"},
    ),
    Endpoint(
        "api:realisation-return",
        assessors,
        method="POST",
        kwargs=pk("realisation"),
        body=lambda t: {"version": t.realisation.version, "note": "Lengkapi"},
    ),
    Endpoint("api:realisation-evidence", readers, kwargs=pk("realisation")),
    Endpoint(
        "api:realisation-evidence",
        cell_editors,
        method="POST",
        kwargs=pk("realisation"),
        body=lambda t: {"file": SimpleUploadedFile("baru.png", files.PNG)},
        multipart=True,
    ),
    Endpoint("api:evidence-detail", readers, kwargs=pk("evidence")),
    Endpoint("api:evidence-download", readers, kwargs=pk("evidence")),
    Endpoint(
        "api:report-job-list",
        readers,
        method="POST",
        body=lambda t: {"plan": t.plan.pk, "kind": "lampiran", "format": "xlsx"},
    ),
    Endpoint("api:report-job-detail", readers, kwargs=pk("job")),
    Endpoint("api:report-job-download", readers, kwargs=pk("job")),
    Endpoint("api:chain-report-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint(
        "api:chain-report-list",
        managers,
        method="POST",
        body=lambda t: {"plan": t.plan.pk, "number": 2},
    ),
    Endpoint("api:chain-report-detail", readers, kwargs=pk("report")),
    Endpoint(
        "api:chain-report-acknowledge",
        report_recipients,
        method="POST",
        kwargs=pk("report"),
        body=lambda t: {"version": t.report.version},
        targets=("17.09", "17.01", "16.71"),
    ),
    Endpoint(
        "api:chain-report-return",
        report_recipients,
        method="POST",
        kwargs=pk("report"),
        body=lambda t: {"version": t.report.version, "note": "Lengkapi"},
        targets=("17.09", "17.01", "16.71"),
    ),
    Endpoint("api:rollup", readers, query=lambda t: f"?unit={t.unit.code}&year={t.plan.year}"),
    # Evaluations, surveys, registers: the objects come from the apps' matrix plugins.
    Endpoint("api:worksheet-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint("api:worksheet-detail", readers, kwargs=lambda t: {"pk": t.extra["worksheet"].pk}),
    Endpoint(
        "api:worksheet-answer",
        managers,
        method="POST",
        kwargs=lambda t: {"pk": t.extra["worksheet"].pk},
        body=lambda t: {"criterion": t.extra["open_criterion"].pk, "value": "Y", "version": 1},
    ),
    Endpoint("api:questionnaire-list", anyone_signed_in, targets=(NO_TARGET,)),
    Endpoint("api:survey-ikm", readers, query=lambda t: f"?unit={t.unit.code}&year=2023"),
    Endpoint("api:register-figures", readers, query=lambda t: f"?unit={t.unit.code}&year=2023"),
]

SCOPES = ("read", "write")


@dataclass(frozen=True)
class Case:
    index: int
    persona: str | None
    scope: str
    target: str

    @property
    def endpoint(self) -> Endpoint:
        return ENDPOINTS[self.index]

    def __str__(self):
        e = self.endpoint
        who = f"{self.persona}/{self.scope}" if self.persona else "anonymous"
        return f"{e.route}-{e.method}-{who}@{self.target}"


def _cases() -> list[Case]:
    cases = []
    for i, e in enumerate(ENDPOINTS):
        scopes = SCOPES if e.method != "GET" else ("read",)
        for target in e.targets:
            for persona in PERSONAS_AT[target]:
                cases.extend(Case(i, persona, scope, target) for scope in scopes)
        cases.append(Case(i, None, "read", e.targets[0]))
    return cases


CASES = _cases()


# --- the world, once per module (as in the UI matrix) -------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("api-matrix-media")


def _media(root) -> dict:
    return {
        "MEDIA_ROOT": root,
        "STORAGES": {
            **django_settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root)},
            },
        },
    }


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, media_root):
    for name, value in _media(media_root).items():
        setattr(settings, name, value)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


tokens: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], **_media(media_root)
        ),
    ):
        outer = transaction.atomic()
        outer._from_testcase = True
        outer.__enter__()
        try:
            built = world_build()
            plugins_extend_world(built)
            for name, user in built.users.items():
                for scope in SCOPES:
                    tokens[name, scope] = api_token_create(
                        user=user, actor=None, scope=scope, days=1
                    )[1]
            yield built
        finally:
            tokens.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def api():
    return APIClient()


def test_every_api_route_has_cases():
    covered = {e.route for e in ENDPOINTS}
    assert api_route_names() == covered, api_route_names() ^ covered


def _send(api, world, case: Case):
    e = case.endpoint
    t = world.targets[case.target] if case.target != NO_TARGET else None
    url = reverse(e.route, kwargs=e.kwargs(t) if t else {}) + (e.query(t) if t else "")
    api.credentials()
    if case.persona is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[case.persona, case.scope]}")
    if e.method == "GET":
        response = api.get(url)
    else:
        body = e.body(t) if (t and e.body) else {}
        fmt = "multipart" if e.multipart else "json"
        response = getattr(api, e.method.lower())(url, body, format=fmt)
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    return response.status_code, body


def _hidden(case: Case) -> list[str]:
    if case.target != NO_TARGET and not _allowed(case):
        return [case.target]
    return [
        code
        for code in TARGET_UNITS
        if case.persona is None or relation_of(case.persona, code) not in ("own", "child")
    ]


def _allowed(case: Case) -> bool:
    e = case.endpoint
    if case.persona is None:
        return e.public
    if e.method != "GET" and case.scope == "read":
        return False
    rel = relation_of(case.persona, case.target) if case.target != NO_TARGET else ""
    return e.allow(case.persona, rel)


@pytest.mark.parametrize("case", [pytest.param(c, id=str(c)) for c in CASES])
def test_the_api_lets_only_the_rules_personas_and_scopes_through(db, api, world, case):
    e = case.endpoint
    allowed = _allowed(case)
    write = e.method != "GET"
    before = fingerprint() if write and not allowed else None
    status, body = _send(api, world, case)
    rel = (
        relation_of(case.persona, case.target) if case.persona and case.target != NO_TARGET else ""
    )
    if allowed:
        assert status not in (401, 403, 404, 405) and status < 500, f"{case} ({rel}): {status}"
    elif case.persona is None:
        assert status == 401, f"{case}: {status}"
    elif write and case.scope == "read":
        assert status == 403, f"{case}: {status}"
    else:
        visible = case.target == NO_TARGET or rel in ("own", "child")
        expected = 403 if visible else 404
        assert status == expected, f"{case} ({rel}): {status}, not {expected}"
    if not allowed and status in (401, 403, 404):
        import json

        data = json.loads(body)
        assert set(data) == {"code", "message", "details"}, data
        if status == 404:
            assert data == {"code": "not_found", "message": data["message"], "details": None}
    if not e.public:
        text = body.decode(errors="replace")
        for code in _hidden(case):
            t = world.targets[code]
            for secret in (t.unit.name, t.indicator.text):
                assert secret not in text, f"{case} shows {secret!r}"
    if before is not None:
        assert fingerprint() == before, f"{case} denied but changed the database"


def test_it_reports_the_api_matrix_size(capsys):
    with capsys.disabled():
        print(
            f"\nAPI permission matrix: {len(ENDPOINTS)} endpoint×method, "
            f"{len(PERSONAS)} personas × 2 token scopes (+ anonymous): {len(CASES)} cases"
        )
    assert len(CASES) > 500
