"""Shared helpers of the API tests."""

from __future__ import annotations

from rest_framework.test import APIClient

from renaksi.api.tokens import api_token_create


def token_for(user, *, scope="read", unit=None, days=30) -> str:
    return api_token_create(user=user, actor=None, scope=scope, unit=unit, days=days)[1]


def client_for(user=None, *, scope="read", unit=None, raw: str | None = None) -> APIClient:
    client = APIClient()
    if raw is None and user is not None:
        raw = token_for(user, scope=scope, unit=unit)
    if raw is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def assert_error(response, status: int, code: str):
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"code", "message", "details"}, body
    assert body["code"] == code, body
    assert body["message"]
    return body
