"""One throttle for every sign-in door (/masuk/, /admin/login/, password reset).

Failures are counted per account, per address and per known device. After ``LOGIN_FAILURE_LIMIT``
failures on a key, each further try must wait a delay that doubles with every failure, from
``LOGIN_DELAY_SECONDS`` up to ``LOGIN_FAILURE_WINDOW``; a try inside the delay is refused
without checking the password. Nothing is ever locked for good, and a browser that signed in to
the account before (a signed *device cookie*, OWASP's "device cookies") is counted on its own key
instead of the account's and the address's: a third party hammering an account, even from many
addresses or the same office NAT, delays only the strangers, never the owner's own browser.

The counters live in the database (``SignInThrottle``) so every process sees them; with
``LOGIN_THROTTLE_STORE=cache`` they live in the cache (Redis), which production refuses when the
cache is per-process (see checks.py).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from renaksi.security.client import client_ip

DEVICE_COOKIE = "renaksi_device"
_DEVICE_SALT = "renaksi.security.device"


def _norm(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _digest(value: str) -> str:
    # Keys hold no usernames or addresses in clear (the table is readable in the admin).
    return hashlib.sha256(value.encode()).hexdigest()[:40]


@dataclass
class Verdict:
    allowed: bool
    wait_seconds: int = 0


def _limit(key: str) -> int:
    # An office shares one address behind its NAT: the address gets a larger allowance.
    if key.startswith("addr:"):
        return settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return settings.LOGIN_FAILURE_LIMIT


def _delay(failures: int, limit: int) -> int:
    if failures < limit:
        return 0
    base = settings.LOGIN_DELAY_SECONDS
    return int(min(base * (2 ** min(failures - limit, 30)), settings.LOGIN_FAILURE_WINDOW))


class _DatabaseStore:
    def state(self, key):
        from renaksi.security.models import SignInThrottle

        row = SignInThrottle.objects.filter(key=key).first()
        return (row.failures, row.blocked_until, row.last_failure) if row else (0, None, None)

    def fail(self, key, now):
        from renaksi.security.models import SignInThrottle

        window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
        with transaction.atomic():
            row, _created = SignInThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"last_failure": now}
            )
            if row.last_failure < now - window and (
                row.blocked_until is None or row.blocked_until < now
            ):
                row.failures = 0
            row.failures += 1
            delay = _delay(row.failures, _limit(key))
            row.last_failure = now
            row.blocked_until = now + timedelta(seconds=delay) if delay else None
            row.save()

    def clear(self, key):
        from renaksi.security.models import SignInThrottle

        SignInThrottle.objects.filter(key=key).delete()


class _CacheStore:
    def state(self, key):
        value = cache.get(f"signin:{key}")
        return tuple(value) if value else (0, None, None)

    def fail(self, key, now):
        failures, blocked_until, last = self.state(key)
        window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
        if last and last < now - window and (blocked_until is None or blocked_until < now):
            failures = 0
        failures += 1
        delay = _delay(failures, _limit(key))
        blocked = now + timedelta(seconds=delay) if delay else None
        cache.set(f"signin:{key}", (failures, blocked, now), timeout=2 * window.total_seconds())

    def clear(self, key):
        cache.delete(f"signin:{key}")


def _store():
    if getattr(settings, "LOGIN_THROTTLE_STORE", "database") == "cache":
        return _CacheStore()
    return _DatabaseStore()


def device_owner(request) -> tuple[str, str] | None:
    """(username, device id) from a valid device cookie, or None."""
    raw = request.COOKIES.get(DEVICE_COOKIE) if request is not None else None
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or "u" not in value or "d" not in value:
        return None
    return str(value["u"]), str(value["d"])


def device_cookie_value(username: str) -> str:
    return signing.dumps({"u": _norm(username), "d": secrets.token_hex(8)}, salt=_DEVICE_SALT)


def keys_for(request, username: str) -> list[str]:
    """The counters one try is judged by: the known device's own, or the account's and address's.

    Every door uses the same keys: guessing at /admin/login/ delays /masuk/ too.
    """
    name = _norm(username)
    device = device_owner(request)
    if device and device[0] == name:
        return [f"device:{_digest(device[1] + name)}"]
    return [f"acct:{_digest(name)}", f"addr:{_digest(client_ip(request))}"]


def check(request, username: str) -> Verdict:
    now = timezone.now()
    store = _store()
    wait = 0
    for key in keys_for(request, username):
        failures, blocked_until, _last = store.state(key)
        if blocked_until and blocked_until > now:
            wait = max(wait, int((blocked_until - now).total_seconds()) + 1)
    return Verdict(allowed=wait == 0, wait_seconds=wait)


def record_failure(request, username: str) -> None:
    now = timezone.now()
    store = _store()
    for key in keys_for(request, username):
        store.fail(key, now)


def record_success(request, username: str) -> None:
    # The address's counter is kept: one valid account must not wash away guesses at others.
    store = _store()
    for key in keys_for(request, username):
        if not key.startswith("addr:"):
            store.clear(key)
