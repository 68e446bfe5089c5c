"""Every named route × every persona × every position of the target unit in the tree.

``ROUTES`` holds one ``Rule`` per URL name: how to point it at a unit's objects, which methods to
send, and who may pass. A route missing from ``ROUTES`` (and from ``PUBLIC``/``PENDING``) fails
``test_it_has_a_rule_for_every_named_route``, so a new view cannot ship without an access rule.

A target is one of four units with a 2023 plan; the relation is where the persona's unit stands
to it: ``own``, ``child`` (the target lies below the persona's unit), ``parent`` (above),
``sibling`` (same parent) or ``unrelated``. Allowed: anything but 403, 404 or a redirect to the
login page. Denied: 404 when the persona may not see the target unit (so a denial reveals
nothing), 403 when they may see it but not act; the body names neither the unit nor the
indicator, and a denied write leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from renaksi.audit.models import AuditEvent
from renaksi.cascade.models import PlanTemplate, TemplateRecipient
from renaksi.chain.models import (
    MonitoringReport,
    MonitoringReportSubmission,
    ReportingSchedule,
)
from renaksi.core.tests.matrix_world import (
    PERSONAS,
    TARGET_UNITS,
    Target,
    World,
    world_build,
)
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvent, RealisationEvidence
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.files import upload
from renaksi.plans.models import Activity, Area, Decree, Indicator
from renaksi.plans.models import Target as PlanTarget
from renaksi.reports.models import ReportJob

# --- who is who ----------------------------------------------------------------------------

MANAGERS = {"sekretaris", "admin"}
NO_TARGET = "-"  # the relation of routes that do not point at a unit


PARENT = {"17": "RI", "16": "RI", "17.09": "17", "17.01": "17", "16.71": "16", "RI": None}


def _ancestors(code: str) -> list[str]:
    chain = []
    while (code := PARENT[code]) is not None:
        chain.append(code)
    return chain


def relation_of(persona: str, target: str) -> str:
    """Where the target unit stands to the persona's unit (the tree of renaksi/conftest.py)."""
    home = PERSONAS[persona][1]
    if home is None:
        return "unrelated"
    if home == target:
        return "own"
    if home in _ancestors(target):
        return "child"
    if target in _ancestors(home):
        return "parent"
    if PARENT[home] == PARENT[target]:
        return "sibling"
    return "unrelated"


def role(persona: str) -> str | None:
    return PERSONAS[persona][2]


# What a persona may do, given its role and the relation; personas are named for the PIC test.
Allow = Callable[[str, str], bool]  # (persona, relation) → allowed


def readers(persona: str, rel: str) -> bool:
    """Members of the unit and of its ancestors (``organisations.view_unit``)."""
    return rel in ("own", "child")


def managers(persona: str, rel: str) -> bool:
    """The unit's own Sekretaris or administrator (``plans.change_plan``)."""
    return rel == "own" and role(persona) in MANAGERS


def cell_editors(persona: str, rel: str) -> bool:
    """Managers of the unit, and the indicator's PIC while a member (pelaksana is the PIC)."""
    return managers(persona, rel) or (rel == "own" and persona == "pelaksana")


def is_version_author(persona: str) -> bool:
    """The "author of this version" relation: the persona wrote the cell's current version
    (``asesor_author`` filled the 17.09 cell as its PIC before the PIC changed back)."""
    return persona == "asesor_author"


def assessors(persona: str, rel: str) -> bool:
    """The unit's Tim Asesor, except whoever wrote the cell: nobody verifies their own work."""
    return rel == "own" and role(persona) == "asesor" and not is_version_author(persona)


def sekretaris_only(persona: str, rel: str) -> bool:
    return rel == "own" and role(persona) == "sekretaris"


def report_recipients(persona: str, rel: str) -> bool:
    """Managers of the unit a regency's report is sent to: its province (``chain``)."""
    return rel == "child" and role(persona) in MANAGERS and PERSONAS[persona][1] in ("17", "16")


def anyone_signed_in(persona: str, rel: str) -> bool:
    return True


def manager_anywhere(persona: str, rel: str) -> bool:
    """Sekretaris or administrator of at least one unit (``unit_list_manageable``)."""
    return role(persona) in MANAGERS


# --- the rules -----------------------------------------------------------------------------


@dataclass
class Rule:
    allow: Allow
    kwargs: Callable[[Target], dict] = lambda t: {}
    methods: tuple[str, ...] = ("GET",)
    body: Callable[[Target], dict] = lambda t: {}
    # The routes without a unit in the URL are checked once per persona, not per target.
    targets: tuple[str, ...] = TARGET_UNITS
    # Target units whose name and texts the route shows by design to those it lets through
    # (a template received from the parent names the parent and holds its plan's texts).
    discloses: tuple[str, ...] = ()
    # Public routes (a citizen's form, a tracking page): the anonymous visitor is let through too.
    anonymous: bool = False


def plan(t: Target) -> dict:
    return {"pk": t.plan.pk}


def cell(t: Target) -> dict:
    return {"plan_pk": t.plan.pk, "indicator_pk": t.indicator.pk, "period": t.period}


def version(t: Target) -> dict:
    return {"version": t.realisation.version}


def realisation_body(t: Target) -> dict:
    return {
        "version": t.realisation.version,
        "status": "done",
        "progress": "100",
        "value": "100",
        "narrative": "SK ditetapkan",
        "obstacles": "",
        "follow_up": "",
        "done_on": "",
    }


def decree_body(t: Target) -> dict:
    values = model_to_dict(Decree.objects.get(plan=t.plan), fields=None)
    body = {k: ("" if v is None else v) for k, v in values.items() if k != "id"}
    return {**body, "about": "Perihal diubah"}


def cell_rule(allow: Allow, body: Callable[[Target], dict] = version) -> Rule:
    return Rule(allow, kwargs=cell, methods=("POST",), body=body)


def edit_rule(kwargs: Callable[[Target], dict], body: Callable[[Target], dict]) -> Rule:
    return Rule(managers, kwargs=kwargs, methods=("GET", "POST"), body=body)


ROUTES: dict[str, Rule] = {
    # plans
    "home": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    "plan_import": Rule(manager_anywhere, methods=("GET", "POST"), targets=(NO_TARGET,)),
    # The table import's steps (views_import): managers anywhere; the unit kept in the session
    # is checked again at each step (``_pending``), tested in plans/tests/test_import_mapping_views.
    # Without a waiting upload an allowed user is sent back to plan_import.
    "plan_import_mapping": Rule(manager_anywhere, methods=("GET", "POST"), targets=(NO_TARGET,)),
    "plan_import_preview": Rule(manager_anywhere, methods=("GET", "POST"), targets=(NO_TARGET,)),
    "plan_detail": Rule(readers, kwargs=plan),
    "plan_history": Rule(readers, kwargs=plan),
    "decree_edit": edit_rule(plan, decree_body),
    "area_edit": edit_rule(
        lambda t: {"pk": t.plan.pk, "area_pk": t.area.pk},
        lambda t: {"number": "9", "name": "Area diubah", "reform_area": t.area.reform_area_id},
    ),
    "activity_edit": edit_rule(
        lambda t: {"pk": t.plan.pk, "activity_pk": t.activity.pk},
        lambda t: {"number": "9", "name": "Kegiatan diubah"},
    ),
    "sub_activity_edit": edit_rule(
        lambda t: {"pk": t.plan.pk, "sub_pk": t.sub_activity.pk},
        lambda t: {
            "number": "9",
            "name": "Sub kegiatan diubah",
            "activity": t.sub_activity.activity_id,
            "parent": t.sub_activity.parent_id or "",
        },
    ),
    "indicator_edit": edit_rule(
        lambda t: {"pk": t.plan.pk, "indicator_pk": t.indicator.pk},
        lambda t: {
            "number": "9",
            "text": "Indikator diubah",
            "periods": ["1"],
            "parent": f"sub:{t.indicator.sub_activity_id}",
        },
    ),
    "activity_add": edit_rule(
        plan, lambda t: {"area": t.area.pk, "number": "9", "name": "Kegiatan tambahan"}
    ),
    "indicator_add": edit_rule(
        plan,
        lambda t: {
            "number": "9",
            "text": "Indikator tambahan",
            "periods": ["1"],
            "parent": f"activity:{t.activity.pk}",
        },
    ),
    # monitoring: the cell and its actions
    "cell_detail": Rule(readers, kwargs=cell),
    "cell_library_search": Rule(cell_editors, kwargs=cell),
    "cell_save": cell_rule(cell_editors, realisation_body),
    "cell_submit": cell_rule(cell_editors),
    "cell_verify": cell_rule(assessors, lambda t: {**version(t), "note": "Lengkap"}),
    "cell_return": cell_rule(assessors, lambda t: {**version(t), "note": "Lengkapi"}),
    "cell_reopen": cell_rule(sekretaris_only, lambda t: {**version(t), "reason": "Salah ketik"}),
    "cell_evidence_upload": cell_rule(
        cell_editors,
        lambda t: {"file": upload("laporan.pdf", files.PDF + b"% baru\n"), "description": "x"},
    ),
    "cell_link_add": cell_rule(
        cell_editors, lambda t: {"url": "https://jdih.kpu.go.id/sk", "title": "SK"}
    ),
    "cell_evidence_attach": cell_rule(cell_editors, lambda t: {"evidence": t.evidence.pk}),
    "cell_evidence_detach": cell_rule(cell_editors, lambda t: {"evidence": t.evidence.pk}),
    # monitoring: evidence and the dashboard
    "evidence_download": Rule(readers, kwargs=lambda t: {"evidence_pk": t.evidence.pk}),
    "evidence_library": Rule(readers, kwargs=lambda t: {"unit_pk": t.unit.pk}),
    "plan_dashboard": Rule(readers, kwargs=plan),
    # reports (xlsx and docx: the formats made without WeasyPrint, to keep the matrix fast)
    "plan_lampiran_download": Rule(readers, kwargs=lambda t: {"pk": t.plan.pk, "fmt": "xlsx"}),
    "plan_decree_download": Rule(readers, kwargs=lambda t: {"pk": t.plan.pk, "fmt": "docx"}),
    "plan_export_json": Rule(readers, kwargs=lambda t: {"pk": t.plan.pk}),
    # Requesting a document needs only the right to read the plan; the body names an unknown
    # document so no job is made (an allowed request re-shows the form).
    "plan_reports": Rule(
        readers, kwargs=plan, methods=("GET", "POST"), body=lambda t: {"kind": "tidak-ada"}
    ),
    "report_job_status": Rule(readers, kwargs=lambda t: {"job_pk": t.job.pk}),
    "report_job_download": Rule(readers, kwargs=lambda t: {"job_pk": t.job.pk}),
    # rollup (a leaf unit's roll-up redirects to its plan's dashboard: allowed)
    "rollup_home": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    "unit_rollup": Rule(readers, kwargs=lambda t: {"unit_pk": t.unit.pk, "year": t.plan.year}),
    # A leaf has no roll-up to export (404 for everyone): only the province is a target here.
    "unit_rollup_xlsx": Rule(
        readers, kwargs=lambda t: {"unit_pk": t.unit.pk, "year": t.plan.year}, targets=("17",)
    ),
    # template cascade: 17 published its plan to 17.09 and 17.01 (matrix_world). The publisher's
    # pages are read like its unit; a recipient's page like the recipient unit, and it shows the
    # template (the publisher's name and texts) by design. Publishing from a leaf, or adopting
    # where a plan exists (every target has one), is refused with a message: allowed, no write.
    # The Templat page lists the templates received, named by their publisher.
    "cascade_home": Rule(anyone_signed_in, targets=(NO_TARGET,), discloses=("17",)),
    "template_publish": Rule(
        managers,
        kwargs=lambda t: {"plan_pk": t.plan.pk},
        methods=("GET", "POST"),
        body=lambda t: {"scope": "children"},
    ),
    "template_detail": Rule(readers, kwargs=lambda t: {"pk": t.template.pk}, targets=("17",)),
    "template_indicator": Rule(
        readers,
        kwargs=lambda t: {"pk": t.template.pk, "key": f"ind-{t.indicator.pk}"},
        targets=("17",),
    ),
    "recipient_detail": Rule(
        readers,
        kwargs=lambda t: {"pk": t.recipient.pk},
        targets=("17.09", "17.01"),
        discloses=("17",),
    ),
    "recipient_adopt": Rule(
        managers,
        kwargs=lambda t: {"pk": t.recipient.pk},
        methods=("POST",),
        targets=("17.09", "17.01"),
        discloses=("17",),
    ),
    "recipient_decline": Rule(
        managers,
        kwargs=lambda t: {"pk": t.recipient.pk},
        methods=("POST",),
        body=lambda t: {"reason": "Sudah memiliki rencana sendiri"},
        targets=("17.09", "17.01"),
        discloses=("17",),
    ),
    # reporting chain: every target sent its TW I report to its parent (matrix_world). The
    # parent's pages are read like its unit and configured by its managers; a report is read
    # like its sending unit. Submitting names an unknown period (an allowed request is sent back
    # with a message, no PDF is made). Only the managers of the unit a report was sent to decide:
    # the regencies' reports are the targets, so the provinces' managers.
    "chain_overview": Rule(readers, kwargs=lambda t: {"unit_pk": t.unit.pk, "year": t.plan.year}),
    "chain_schedule": edit_rule(
        lambda t: {"unit_pk": t.unit.pk, "year": t.plan.year},
        lambda t: {"action": "rule", "kind": "quarter", "grace_workdays": "10"},
    ),
    # The chain pages name the unit a regency reports to (issue 20): its province, 17, is shown
    # to the regency's readers by design.
    "chain_plan": Rule(readers, kwargs=plan, discloses=("17",)),
    "chain_submit": Rule(managers, kwargs=plan, methods=("POST",), body=lambda t: {"number": "9"}),
    "chain_report_detail": Rule(
        readers, kwargs=lambda t: {"report_pk": t.report.pk}, discloses=("17",)
    ),
    "chain_report_pdf": Rule(readers, kwargs=lambda t: {"report_pk": t.report.pk, "sequence": 1}),
    # Retrying a submission's PDF: the sender's managers and the reviewers. The world's PDFs
    # exist, so an allowed request is told there is nothing to redo (no write).
    "chain_report_pdf_retry": Rule(
        lambda p, rel: managers(p, rel) or report_recipients(p, rel),
        kwargs=lambda t: {"report_pk": t.report.pk, "sequence": 1},
        methods=("POST",),
        targets=("17.09", "17.01", "16.71"),
    ),
    "chain_acknowledge": Rule(
        report_recipients,
        kwargs=lambda t: {"report_pk": t.report.pk},
        methods=("POST",),
        body=lambda t: {"version": t.report.version},
        targets=("17.09", "17.01", "16.71"),
    ),
    "chain_return": Rule(
        report_recipients,
        kwargs=lambda t: {"report_pk": t.report.pk},
        methods=("POST",),
        body=lambda t: {"version": t.report.version, "note": "Lengkapi"},
        targets=("17.09", "17.01", "16.71"),
    ),
}

# Routes open to everyone, or tested elsewhere.
PUBLIC: set[str] = {
    "login",  # the login page itself; throttling in renaksi/organisations/tests
    "logout",
    "set_language",  # Django's i18n view: changes a cookie only
    "healthz",  # open health checks, no data (renaksi/core/tests/test_health.py)
    "readyz",
    "metrics",  # allowed addresses only (renaksi/core/tests/test_observability.py)
}
EXCLUDED_NAMESPACES = {"admin"}  # Django admin: staff only, Django's own checks

# Routes being written by other engineers while this matrix was made. Accepted by the walk
# (and printed); the lead moves each into ROUTES with its rule once its view settles.
PENDING: set[str] = set()

# Each app adds its own routes from ``renaksi/<app>/tests/matrix_rules.py`` (see matrix_plugins);
# imported here, once the rules' helpers above exist, since the plugins use them.
from renaksi.core.tests.matrix_plugins import (  # noqa: E402
    PLUGINS,
    plugin_fingerprints,
    plugins_extend_world,
)

for _plugin in PLUGINS:
    _clash = set(ROUTES) & set(_plugin.ROUTES)
    assert not _clash, f"{_plugin.__name__} redefines {_clash}"
    ROUTES.update(_plugin.ROUTES)
    PUBLIC |= set(getattr(_plugin, "PUBLIC", ()))


# --- the URL walk --------------------------------------------------------------------------


def route_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named route, namespaced names as ``ns:name``, through every include."""
    names = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= route_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def test_it_has_a_rule_for_every_named_route(capsys):
    names = route_names()
    unruled = sorted(
        n
        for n in names
        if n not in ROUTES
        and n not in PUBLIC
        and n not in PENDING
        and n.split(":")[0] not in EXCLUDED_NAMESPACES
    )
    pending = sorted(PENDING & names)
    if pending:
        with capsys.disabled():
            print(f"\nRoutes PENDING a rule (move them into ROUTES): {', '.join(pending)}")
    assert not unruled, (
        f"Named routes without an access rule: {', '.join(unruled)}. Add each to ROUTES in "
        f"{__file__} (or to PUBLIC/PENDING with a reason)."
    )
    assert not (set(ROUTES) - names), (
        f"Rules for routes that no longer exist: {set(ROUTES) - names}"
    )


# --- the world, once per module ------------------------------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


def _media_settings(root) -> dict:
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
    """Overrides the root conftest's: every test reads the files the module's world stored."""
    for name, value in _media_settings(media_root).items():
        setattr(settings, name, value)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


sessions: dict[str, str] = {}


@pytest.fixture(scope="module")
def http():
    """One client for the module: a new one loads the middleware (and WhiteNoise scans the static
    files) again on its first request, which costs more than most cases themselves."""
    return Client()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    """The world, built once and rolled back after the module; each test runs in a savepoint.

    The outer block is marked as a test case's own, as Django's ``TestCase.setUpTestData`` does,
    so the services' ``atomic(durable=True)`` may run inside it.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            **_media_settings(media_root),
        ),
    ):
        outer = transaction.atomic()
        outer._from_testcase = True
        outer.__enter__()
        try:
            built = world_build()
            plugins_extend_world(built)
            # One session per persona, made once: a login per case would double the run time.
            for name, user in built.users.items():
                login = Client()
                login.force_login(user)
                sessions[name] = login.cookies[django_settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            sessions.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def fingerprint() -> tuple:
    """What any write of these routes would change."""
    return (
        list(
            Realisation.objects.order_by("pk").values_list(
                "pk", "version", "review_state", "status", "narrative"
            )
        ),
        RealisationEvent.objects.count(),
        Evidence.objects.count(),
        RealisationEvidence.objects.count(),
        AuditEvent.objects.exclude(action__startswith="auth.").count(),
        sorted(Indicator.objects.values_list("text", flat=True)),
        sorted(Area.objects.values_list("name", flat=True)),
        sorted(Activity.objects.values_list("name", flat=True)),
        sorted(Decree.objects.values_list("about", flat=True)),
        PlanTarget.objects.count(),
        ReportJob.objects.count(),
        list(TemplateRecipient.objects.order_by("pk").values_list("pk", "status", "plan_id")),
        PlanTemplate.objects.count(),
        list(MonitoringReport.objects.order_by("pk").values_list("pk", "status", "version")),
        MonitoringReportSubmission.objects.count(),
        list(ReportingSchedule.objects.values_list("unit_id", "kind", "grace_workdays")),
        plugin_fingerprints(),
    )


# --- the matrix ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    route: str
    method: str
    persona: str | None  # None: anonymous
    target: str

    def __str__(self):
        return f"{self.route}-{self.method}-{self.persona or 'anonymous'}@{self.target}"


# Who is sent at each target. 17.09 gets every persona; elsewhere the six 17.09 personas all stand
# in the same relation, so two represent them: a manager role, and the PIC (pelaksana is the PIC
# of the cell in every plan, though a member of 17.09 only). The outsider is unrelated everywhere.
_REPRESENTATIVES = ["sekretaris", "pelaksana"]
PERSONAS_AT: dict[str, list[str]] = {
    "17.09": list(PERSONAS),
    "17": [  # parent of the 17.09 personas
        *_REPRESENTATIVES,
        "province_sekretaris",  # own
        "national_admin",  # child
        "sibling_sekretaris",  # parent
        "other_province_sekretaris",  # sibling
    ],
    "17.01": [
        *_REPRESENTATIVES,
        "province_sekretaris",
        "sibling_sekretaris",
        "other_province_sekretaris",
    ],
    "16.71": [
        *_REPRESENTATIVES,
        "province_sekretaris",
        "national_admin",
        "other_province_sekretaris",
    ],
    NO_TARGET: list(PERSONAS),
}


def _cases() -> list[Case]:
    cases = []
    for name, rule in ROUTES.items():
        for method in rule.methods:
            for target in rule.targets:
                cases.extend(Case(name, method, p, target) for p in PERSONAS_AT[target])
            cases.append(Case(name, method, None, rule.targets[0]))
    return cases


CASES = _cases()

# Real access bugs found by the matrix: case id → reason. Marked xfail(strict=True).
KNOWN_BUGS: dict[str, str] = {}


def _params() -> list:
    params = []
    for c in CASES:
        marks = []
        if str(c) in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[str(c)]))
        params.append(pytest.param(c, id=str(c), marks=marks))
    return params


@dataclass
class Sent:
    status: int
    location: str
    body: bytes = field(repr=False)


def send(client, world: World, case: Case) -> Sent:
    rule = ROUTES[case.route]
    t = world.targets[case.target] if case.target != NO_TARGET else None
    url = reverse(case.route, kwargs=rule.kwargs(t) if t else {})
    if case.method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, rule.body(t) if t else {})
    if getattr(response, "streaming", False):
        # Read to the end: the test client then closes the file itself. (Calling close() here
        # would send request_finished, and close_old_connections would drop the connection
        # inside the test's transaction on PostgreSQL.)
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return Sent(response.status_code, response.get("Location", ""), body)


def leaks(world: World, case: Case, sent: Sent) -> list[str]:
    """Names of units the response must not show: the target when denied, else the target units
    the persona cannot see (pages listing plans, roll-ups, libraries)."""
    text = sent.body.decode(errors="replace")
    if case.target != NO_TARGET and not allowed_for(case):
        hidden = [case.target]
    else:
        hidden = [
            code
            for code in TARGET_UNITS
            if case.persona is None or relation_of(case.persona, code) not in ("own", "child")
        ]
    hidden = [code for code in hidden if code not in ROUTES[case.route].discloses]
    secrets = []
    for code in hidden:
        t = world.targets[code]
        secrets += [t.unit.name, t.indicator.text]
    return [s for s in secrets if s in text]


def allowed_for(case: Case) -> bool:
    if case.persona is None:
        return ROUTES[case.route].anonymous
    rel = relation_of(case.persona, case.target) if case.target != NO_TARGET else ""
    return ROUTES[case.route].allow(case.persona, rel)


@pytest.mark.parametrize("case", _params())
def test_it_lets_only_the_rules_personas_through(db, http, world, case):
    rule = ROUTES[case.route]
    rel = ""
    if case.persona is not None and case.target != NO_TARGET:
        rel = relation_of(case.persona, case.target)
    allowed = rule.anonymous if case.persona is None else rule.allow(case.persona, rel)
    write = case.method == "POST"
    before = fingerprint() if write and not allowed else None
    login_url = reverse("login")
    http.cookies.clear()
    if case.persona is not None:
        http.cookies[django_settings.SESSION_COOKIE_NAME] = sessions[case.persona]
    sent = send(http, world, case)

    if case.persona is None and not rule.anonymous:
        assert sent.status == 302 and sent.location.startswith(login_url), sent.status
    elif case.persona is None:
        assert sent.status not in (403, 404) and sent.status < 500, f"{case}: {sent.status}"
        assert not sent.location.startswith(login_url), f"{case} sent to login"
    else:
        if allowed:
            assert sent.status not in (403, 404), f"{case} ({rel}) refused: {sent.status}"
            assert not sent.location.startswith(login_url), f"{case} sent to login"
            assert sent.status < 500 and sent.status != 405, f"{case}: {sent.status}"
        else:
            visible = case.target == NO_TARGET or rel in ("own", "child")
            expected = 403 if visible else 404
            assert sent.status == expected, f"{case} ({rel}): {sent.status}, not {expected}"
    assert not leaks(world, case, sent), f"{case} shows {leaks(world, case, sent)}"
    if not allowed:
        if write:
            assert fingerprint() == before, f"{case} denied but changed the database"


def test_it_reports_the_matrix_size(capsys):
    route_methods = sum(len(r.methods) for r in ROUTES.values())
    pairs = {(p, relation_of(p, target)) for target in TARGET_UNITS for p in PERSONAS_AT[target]}
    relations = sorted({rel for _p, rel in pairs})
    figures = (
        f"{len(ROUTES)} routes ({route_methods} route×method) × {len(PERSONAS)} personas "
        f"(+ anonymous) × {len(relations)} relations ({', '.join(relations)}) over "
        f"{len(TARGET_UNITS)} target units ({len(pairs)} persona×relation pairs) = "
        f"{len(CASES)} cases"
    )
    with capsys.disabled():
        print(f"\nPermission matrix: {figures}")
    assert relations == ["child", "own", "parent", "sibling", "unrelated"], figures
    assert len(CASES) == sum(
        len(r.methods) * (sum(len(PERSONAS_AT[t]) for t in r.targets) + 1) for r in ROUTES.values()
    ), figures
