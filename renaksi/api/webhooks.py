"""Webhooks: URL checks (http(s) only, no private or loopback address unless allowed), signing,
and one delivery attempt with its log.

Signature: ``X-Renaksi-Signature: sha256=<hex>``, the HMAC-SHA256 with the webhook's secret over
``<X-Renaksi-Timestamp>.<raw body>`` (timestamp in Unix seconds). Receivers recompute it and
refuse timestamps older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.api.models import Webhook, WebhookDelivery

TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 6
# Seconds before attempt n+1 (after attempt n fails): 30 s, 2 min, 8 min, 32 min, ~2 h.
BACKOFF_BASE = 30
BACKOFF_FACTOR = 4


class WebhookUrlError(ValueError):
    """A receiver URL that is refused."""


def allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE", False))


def _is_public(ip: str) -> bool:
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


def webhook_url_check(url: str, *, resolve: bool = True) -> None:
    """Raise ``WebhookUrlError`` for anything but http(s) to a public address."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlError(_("Alamat webhook harus berupa URL http:// atau https://."))
    if parts.username or parts.password:
        raise WebhookUrlError(_("Alamat webhook tidak boleh memuat nama pengguna atau sandi."))
    if allow_private() or not resolve:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise WebhookUrlError(
            _("Nama host %(host)s tidak dapat ditemukan.") % {"host": parts.hostname}
        ) from exc
    for info in infos:
        if not _is_public(str(info[4][0])):
            raise WebhookUrlError(
                _("Alamat %(host)s menuju jaringan privat atau loopback; tidak diizinkan.")
                % {"host": parts.hostname}
            )


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": delivery.pk,
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True).encode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer, never followed (it could point inside)


_opener = urllib.request.build_opener(_NoRedirect)


def backoff_seconds(attempts: int) -> int:
    return BACKOFF_BASE * BACKOFF_FACTOR ** max(attempts - 1, 0)


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Send one pending delivery once; record the outcome. Returns it, or ``None`` if not pending.

    The row is claimed (attempts + 1) in its own transaction before the request, so a slow
    receiver holds no lock and two workers never send one attempt twice.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = None
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    webhook = delivery.webhook
    now = timezone.now()
    line = f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S} #{delivery.attempts}: "
    status_code = None
    ok = False
    try:
        if not webhook.active:
            raise WebhookUrlError(_("Webhook tidak aktif."))
        webhook_url_check(webhook.url)
        body = body_of(delivery)
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
            webhook.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Renaksi-Webhook/1",
                "X-Renaksi-Event": delivery.event,
                "X-Renaksi-Delivery": str(delivery.pk),
                "X-Renaksi-Timestamp": str(timestamp),
                "X-Renaksi-Signature": sign(webhook.secret, timestamp, body),
            },
        )
        try:
            with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (checked)
                status_code = response.status
        except urllib.error.HTTPError as exc:
            status_code = exc.code
        ok = status_code is not None and 200 <= status_code < 300
        line += f"HTTP {status_code}"
    except WebhookUrlError as exc:
        line += str(exc)
        delivery.attempts = MAX_ATTEMPTS  # refused URLs are not retried
    except (OSError, ValueError) as exc:
        line += f"{type(exc).__name__}: {exc}"[:300]
    delivery.response_status = status_code
    delivery.log = (delivery.log + line + "\n")[-10000:]
    if ok:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.next_attempt_at = timezone.now() + timedelta(
            seconds=backoff_seconds(delivery.attempts)
        )
    delivery.save(
        update_fields=[
            "attempts",
            "response_status",
            "log",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def webhooks_for(*, event: str, unit_id: int | None) -> list[Webhook]:
    """Active webhooks of ``unit_id`` or any unit above it subscribed to ``event``."""
    from renaksi.organisations.models import Unit

    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return []
    ancestors = [u.pk for u in unit.ancestors(include_self=True)]
    return [
        hook
        for hook in Webhook.objects.filter(unit_id__in=ancestors, active=True)
        if event in (hook.events or [])
    ]
