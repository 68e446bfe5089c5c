"""Abuse protections of the public forms: rate limit per address and form, honeypot, time check.

- Rate limit: at most ``REGISTERS_PUBLIC_RATE`` posts per address and form per hour (cache).
- Honeypot: a field people never see (``website``); a filled one is a robot.
- Time check: the form carries a signed stamp of when it was shown; a post sooner than
  ``REGISTERS_FORM_MIN_SECONDS`` or older than a day is refused.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

_SALT = "renaksi.registers.public-form"
MAX_AGE = 24 * 3600


def stamp_new() -> str:
    return signing.dumps(time.time(), salt=_SALT)


def min_seconds() -> float:
    return float(getattr(settings, "REGISTERS_FORM_MIN_SECONDS", 3))


def stamp_problem(value: str) -> str:
    """Why the stamp is refused, or "" when fine."""
    try:
        shown = float(signing.loads(value or "", salt=_SALT, max_age=MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return _("Formulir kedaluwarsa atau rusak. Muat ulang halaman lalu kirim kembali.")
    if time.time() - shown < min_seconds():
        return _("Formulir dikirim terlalu cepat. Periksa isian Anda lalu kirim kembali.")
    return ""


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_exceeded(request, form: str) -> bool:
    """Count this post; True when the address has posted this form too often this hour."""
    limit = int(getattr(settings, "REGISTERS_PUBLIC_RATE", 10))
    key = f"registers:rate:{form}:{client_address(request)}:{int(time.time() // 3600)}"
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    return count > limit
