"""Response-side safety: no-store for signed-in pages, helpful 405 pages, device cookies, and
keeping the text of a save that was posted after the session ended."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers

from renaksi.security import errors, throttle

PENDING_KEY = "renaksi_pending_post"
# Field names never kept: the CSRF token is renewed, and secrets are never stored.
_SKIPPED = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password"}
PENDING_MAX_AGE = 2 * 60 * 60
PENDING_MAX_BYTES = 200_000


def _is_login_redirect(response) -> bool:
    if response.status_code != 302:
        return False
    target = urlsplit(response.get("Location", "")).path
    return target == resolve_url(settings.LOGIN_URL)


def _keep_post(request) -> None:
    data = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in _SKIPPED and not key.startswith("new_password")
    }
    if not data or sum(len(v) for values in data.values() for v in values) > PENDING_MAX_BYTES:
        return
    request.session[PENDING_KEY] = {
        "path": request.path,
        "data": data,
        "at": int(time.time()),
        "files": bool(request.FILES),
    }


class SecurityResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and getattr(request, "user", None) is not None:
            pending = request.session.get(PENDING_KEY) if hasattr(request, "session") else None
            if pending and request.user.is_authenticated and pending.get("path") == request.path:
                del request.session[PENDING_KEY]
                if time.time() - pending.get("at", 0) < PENDING_MAX_AGE:
                    return self._finish(request, self._resubmit_page(request, pending))
        response = self.get_response(request)
        return self._finish(request, response)

    def _finish(self, request, response):
        user = getattr(request, "user", None)
        if (
            request.method == "POST"
            and user is not None
            and not user.is_authenticated
            and _is_login_redirect(response)
        ):
            _keep_post(request)
        if response.status_code == 405 and not response.content:
            response = errors.method_not_allowed(request, response.get("Allow", ""))
        revalidated = response.has_header("ETag") and response.get("Cache-Control") == (
            "private, no-cache"
        )
        if (
            user is not None
            and user.is_authenticated
            and "no-store" not in response.get("Cache-Control", "")
            and not revalidated
        ):
            # Pages with personal data must not stay in shared or back-button caches.
            add_never_cache_headers(response)
        # The plan page and dashboard are kept by the browser and revalidated with their ETag
        # (plans.page_cache): signing out empties this site's browser cache.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "logout" and request.method == "POST":
            response["Clear-Site-Data"] = '"cache"'
        username = getattr(request, "_renaksi_device_user", None)
        if username:
            response.set_cookie(
                throttle.DEVICE_COOKIE,
                throttle.device_cookie_value(username),
                max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response

    def _resubmit_page(self, request, pending):
        fields = [(key, value) for key, values in pending["data"].items() for value in values]
        return render(
            request,
            "security/resubmit.html",
            {"action": pending["path"], "fields": fields, "had_files": pending.get("files")},
        )


class RequestBodyLimitMiddleware:
    """Refuses a body larger than MAX_REQUEST_BODY_BYTES from its Content-Length, unread.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams multipart files to disk
    whatever their size; this stops a 300 MB upload before its first byte is read. A chunked
    body (no Content-Length) is refused too: browsers always announce their length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self._refuse(request)
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request):
        from django.core.exceptions import RequestDataTooBig

        response = errors.bad_request(request, RequestDataTooBig())
        response["Connection"] = "close"
        return response
