"""The public SKM form's abuse checks: rate limits, honeypot, fill time, all without third parties.

Counters live in the Django cache (Redis when ``REDIS_URL`` is set, so shared by every process).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

SALT = "renaksi.surveys.public-form"
HONEYPOT = "situs_web"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def address_hash(request) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[
        :32
    ]


def form_token(code: str) -> str:
    return signing.dumps({"c": code, "t": int(time.time())}, salt=SALT)


def check_token(code: str, token: str) -> str | None:
    """An Indonesian refusal, or None when the form was opened here and filled long enough."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=_setting("SKM_FORM_MAX_AGE", 6 * 3600))
    except signing.SignatureExpired:
        return _("Formulir sudah terlalu lama dibuka. Muat ulang halaman lalu isi kembali.")
    except signing.BadSignature:
        return _("Formulir tidak sah. Muat ulang halaman lalu isi kembali.")
    if not isinstance(data, dict) or data.get("c") != code:
        return _("Formulir tidak sah. Muat ulang halaman lalu isi kembali.")
    if time.time() - int(data.get("t", 0)) < _setting("SKM_MIN_FILL_SECONDS", 5):
        return _("Jawaban dikirim terlalu cepat. Periksa kembali jawaban Anda lalu kirim lagi.")
    return None


def _hit(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def rate_limited(request, code: str) -> str | None:
    """Count this submission; a refusal when the address or the form is over its limit."""
    window = _setting("SKM_RATE_WINDOW", 3600)
    per_address = _setting("SKM_RATE_PER_ADDRESS", 10)
    per_form = _setting("SKM_RATE_PER_FORM", 500)
    if _hit(f"skm:addr:{code}:{address_hash(request)}", window) > per_address:
        return _("Terlalu banyak jawaban dari alamat ini. Silakan coba lagi nanti.")
    if _hit(f"skm:form:{code}", window) > per_form:
        return _("Formulir ini sedang menerima terlalu banyak jawaban. Silakan coba lagi nanti.")
    return None
