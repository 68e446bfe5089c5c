"""Tokens: the CLI contract, hashing, expiry, revocation, scope, unit subtree, throttling."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from renaksi.api.models import ApiToken
from renaksi.api.tests.helpers import assert_error, client_for, token_for
from renaksi.api.tokens import api_token_revoke
from renaksi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_cli_prints_the_token_alone_on_its_last_line_and_stores_only_its_hash(tree, people):
    out = StringIO()
    call_command(
        "api_token_create",
        "sekretaris_bt",
        "--scope",
        "write",
        "--unit",
        "17.09",
        "--days",
        "7",
        stdout=out,
        stderr=StringIO(),
    )
    raw = out.getvalue().rstrip("\n").split("\n")[-1]
    assert raw.startswith("rnk_") and " " not in raw
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiToken.objects.values()))
    assert token.prefix == raw[:12]
    assert token.scope == "write" and token.unit.code == "17.09"
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert AuditEvent.objects.filter(action="api.token_created").count() == 1
    response = client_for(raw=raw).get("/api/v1/plans/")
    assert response.status_code == 200


def test_cli_refuses_unknown_user_unit_and_a_unit_the_user_cannot_see(tree, people):
    with pytest.raises(CommandError):
        call_command("api_token_create", "nobody", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "api_token_create",
            "sekretaris_bt",
            "--unit",
            "99",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    with pytest.raises(CommandError, match="tidak dapat melihat"):
        call_command(
            "api_token_create",
            "sekretaris_bt",
            "--unit",
            "16",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not ApiToken.objects.exists()


def test_no_token_bad_token_expired_and_revoked_are_refused(tree, people, small_plan):
    assert_error(client_for().get("/api/v1/plans/"), 401, "not_authenticated")
    assert_error(client_for(raw="rnk_nope").get("/api/v1/plans/"), 401, "authentication_failed")
    raw = token_for(people.sekretaris)
    client = client_for(raw=raw)
    assert client.get("/api/v1/plans/").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(client.get("/api/v1/plans/"), 401, "authentication_failed")

    raw2 = token_for(people.sekretaris)
    client2 = client_for(raw=raw2)
    assert client2.get("/api/v1/plans/").status_code == 200
    api_token_revoke(token=ApiToken.objects.get(prefix=raw2[:12]), actor=people.sekretaris)
    assert_error(client2.get("/api/v1/plans/"), 401, "authentication_failed")


def test_inactive_user_token_is_refused(tree, people, small_plan):
    raw = token_for(people.sekretaris)
    people.sekretaris.is_active = False
    people.sekretaris.save()
    assert_error(client_for(raw=raw).get("/api/v1/plans/"), 401, "authentication_failed")


def test_a_read_token_cannot_write_and_a_write_token_can(tree, people, small_plan):
    from renaksi.plans.models import Indicator

    indicator = Indicator.objects.get(activity__area__plan=small_plan, text="Tersedianya SK")
    body = {
        "indicator": indicator.pk,
        "period": 1,
        "version": 0,
        "status": "in_progress",
        "progress": 40,
    }
    read = client_for(people.pelaksana, scope="read")
    assert_error(read.post("/api/v1/realisations/", body, format="json"), 403, "permission_denied")
    write = client_for(people.pelaksana, scope="write")
    response = write.post("/api/v1/realisations/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1


def test_a_token_sees_only_its_unit_subtree(tree, people, small_plan):
    from renaksi.conftest import small_parsed_plan
    from renaksi.plans.services import plan_import

    other = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sibling_sekretaris,
        source_name="x.json",
        source_bytes=b"{}",
        source_format="json",
    )
    everywhere = client_for(people.province_sekretaris)
    codes = {p["unit"]["code"] for p in everywhere.get("/api/v1/plans/").json()["results"]}
    assert codes == {"17.09", "17.01"}
    narrow = client_for(people.province_sekretaris, unit=tree.bengkulu_selatan)
    codes = {p["unit"]["code"] for p in narrow.get("/api/v1/plans/").json()["results"]}
    assert codes == {"17.01"}
    assert_error(narrow.get(f"/api/v1/plans/{small_plan.pk}/"), 404, "not_found")
    assert narrow.get(f"/api/v1/plans/{other.pk}/").status_code == 200


def test_throttling_per_token(tree, people, small_plan, monkeypatch):
    from renaksi.api import auth

    rates = {"token": "3/minute", "user": "100/minute", "anon": "5/minute"}
    for klass in (auth.TokenRateThrottle, auth.UserRateThrottle, auth.AnonRateThrottle):
        monkeypatch.setattr(klass, "THROTTLE_RATES", rates)
    client = client_for(people.viewer)
    for _ in range(3):
        assert client.get("/api/v1/units/").status_code == 200
    response = client.get("/api/v1/units/")
    body = assert_error(response, 429, "throttled")
    assert "detik" in body["message"] and int(response["Retry-After"]) > 0
    # Another token of the same user has its own budget.
    assert client_for(people.viewer).get("/api/v1/units/").status_code == 200


def test_token_page_creates_shows_once_and_revokes(client, tree, people):
    client.force_login(people.viewer)
    page = client.get("/token-api/")
    assert page.status_code == 200
    response = client.post("/token-api/", {"scope": "read", "days": 30, "name": "SAKIP"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw and raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == people.viewer and token.name == "SAKIP"
    again = client.get("/token-api/")
    assert raw not in again.content.decode() and token.prefix in again.content.decode()
    # Someone else cannot revoke it.
    other = client_for()
    other_client = type(client)()
    other_client.force_login(people.sekretaris)
    assert other_client.post("/token-api/", {"revoke": token.pk}).status_code == 404
    assert other_client.post("/token-api/", {"revoke": "x"}).status_code == 404
    assert client.post("/token-api/", {"revoke": token.pk}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert other is not None
