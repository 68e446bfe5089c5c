"""Cached page fragments and ETags keyed by a plan's change stamp (``plans.stamps``).

A fragment (the plan grid, the dashboard figures) is the same for every viewer who may see the
plan and has the same *scope*: the permissions that change what it shows (``can_change`` adds
the edit links, ``can_verify`` the assessor's button, …). The key therefore holds the plan, its
stamp, its ``updated_at``, the scope, the language, the day and the page's own parameters, and a
release token (code and templates), so neither another viewer's rights nor yesterday's release
can leak into a page. Django's cache: local memory per process, Redis when ``REDIS_URL`` is set.

The ETag of a whole page adds the viewer (id, name shown in the menu, CSRF secret), so a browser
revalidating an unchanged page gets a 304 and the server skips the work; a page with a pending
message is never answered 304 (the message would be lost).

``stamped_key``, ``cached_get_or_make`` and ``viewer_etag`` are the same machinery for a fragment
keyed by any stamp: the roll-up keys its figures by a stamp of a unit's subtree
(``rollup.page_cache``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache as django_cache
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import get_conditional_response

# A day: an entry outlives its stamp only as unused memory; the day is part of the key anyway.
FRAGMENT_SECONDS = 24 * 3600


@cache
def release_token() -> str:
    """Changes when the code, templates or translations on disk change (a new release)."""
    newest, count = 0, 0
    for root in (settings.BASE_DIR / "renaksi", settings.BASE_DIR / "templates"):
        for folder, _dirs, files in os.walk(root):
            for name in files:
                if name.endswith((".py", ".html", ".mo")):
                    count += 1
                    newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
    return f"{newest:x}.{count}"


def digest(parts: Iterable[object]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def stamped_key(*, kind: str, ident: object, stamp: tuple, scope: tuple, params: tuple) -> str:
    """The cache key of a fragment of ``ident`` (a plan, a unit) as of ``stamp`` (whatever changes
    with every write to what it shows), for one scope and set of page parameters."""
    parts = (
        release_token(),
        kind,
        ident,
        tuple(stamp),
        translation.get_language(),
        tuple(scope),
        tuple(params),
    )
    return f"renaksi:{kind}:{ident}:{digest(parts)}"


def fragment_key(*, kind: str, plan, scope: tuple, params: tuple = ()) -> str:
    stamp = (str(plan.change_stamp), plan.updated_at.isoformat() if plan.updated_at else "")
    return stamped_key(kind=kind, ident=plan.pk, stamp=stamp, scope=scope, params=params)


def cached_get_or_make(key: str, make: Callable):
    """The value cached under ``key``, or ``make()`` stored under it. Values must pickle."""
    value = django_cache.get(key)
    if value is None:
        value = make()
        django_cache.set(key, value, FRAGMENT_SECONDS)
    return value


def fragment_get_or_make(*, kind: str, plan, scope: tuple, params: tuple, make: Callable):
    """The cached fragment, or ``make()`` stored under its key. Values must pickle."""
    return cached_get_or_make(fragment_key(kind=kind, plan=plan, scope=scope, params=params), make)


def viewer_etag(request, *, key: str, extra: tuple = ()) -> str:
    """The ETag of a page built from the fragment under ``key`` (and ``extra``) for this viewer."""
    user = request.user
    get_token(request)  # the page renders the token anyway; its secret must exist from now on
    parts = (
        key,
        user.pk,
        getattr(user, "display_name", ""),
        request.META.get("CSRF_COOKIE", ""),
        tuple(extra),
    )
    return f'"{digest(parts)}"'


def page_etag(request, *, kind: str, plan, scope: tuple, params: tuple = ()) -> str:
    key = fragment_key(kind=kind, plan=plan, scope=scope, params=params)
    return viewer_etag(request, key=key, extra=(plan.unit.code, plan.unit.name))


def not_modified_or_none(request, *, etag: str):
    """A 304 when the browser holds this page already, else None (render it)."""
    if request.method not in ("GET", "HEAD") or len(messages.get_messages(request)):
        return None
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
    return response


def etag_set(response, etag: str):
    """The ETag, and revalidation on every visit: the page is private and must stay current."""
    if response.status_code == 200:
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
    return response
