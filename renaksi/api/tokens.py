"""Token use cases: create (shown once), revoke, authenticate."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.api.models import ApiToken
from renaksi.audit.services import audit_record
from renaksi.core.actors import user_or_none
from renaksi.organisations.selectors import unit_list_visible

TOKEN_PREFIX = "rnk_"  # noqa: S105 (a visible marker, not a secret)
MAX_DAYS = 3650


class TokenError(ValueError):
    """A token request that cannot be done; the message is for the user."""


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic(durable=True)
def api_token_create(
    *, user, actor, scope: str = "read", unit=None, days: int | None = 90, name: str = ""
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the raw token (never stored).

    ``actor`` is the user themself or a superuser (``None``: the system, e.g. the CLI).
    """
    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    if scope not in ApiToken.Scope.values:
        raise TokenError(_("Cakupan token harus “read” atau “write”."))
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise TokenError(_("Masa berlaku token 1–%(max)s hari.") % {"max": MAX_DAYS})
    if unit is not None and not unit_list_visible(user=user).filter(pk=unit.pk).exists():
        raise TokenError(
            _("Pengguna %(user)s tidak dapat melihat %(unit)s.")
            % {"user": user.get_username(), "unit": unit.name}
        )
    if not user.is_active:
        raise TokenError(_("Pengguna ini tidak aktif."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:100],
        prefix=raw[:12],
        token_hash=token_hash(raw),
        scope=scope,
        unit=unit,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
        created_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="api.token_created",
        obj=token,
        unit=unit,
        summary=_("Token API %(prefix)s… untuk %(user)s")
        % {"prefix": token.prefix, "user": user.get_username()},
        data={"scope": scope, "unit": unit.code if unit else None, "days": days},
    )
    return token, raw


@transaction.atomic(durable=True)
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    if actor is not None and actor.pk != token.user_id and not actor.is_superuser:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api.token_revoked",
            obj=token,
            unit=token.unit,
            summary=_("Token API %(prefix)s… dicabut") % {"prefix": token.prefix},
        )
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token for ``raw`` (recording its use), or ``None``."""
    token = (
        ApiToken.objects.select_related("user", "unit")
        .filter(token_hash=token_hash(raw.strip()))
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    # At most one write a minute per token: the list endpoints keep a fixed query count.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_list(*, user):
    return ApiToken.objects.filter(user=user).select_related("unit")
