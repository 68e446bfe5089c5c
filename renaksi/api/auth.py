"""Bearer tokens, the token's scope and unit subtree, throttles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from renaksi.api.models import ApiToken
from renaksi.api.tokens import api_token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``; ``request.auth`` is the ``ApiToken``."""

    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Header Authorization tidak valid."))
        token = api_token_authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Token tidak valid, kedaluwarsa, atau sudah dicabut.")
            )
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "renaksi.api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Token dari `api_token_create`"}


def request_token(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


class TokenScopePermission(permissions.BasePermission):
    """Signed in; a read-scoped token may only read."""

    message = _("Token ini hanya boleh membaca.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = request_token(request)
        if request.method in permissions.SAFE_METHODS or token is None:
            return True
        return token.scope == ApiToken.Scope.WRITE


class _KeyedThrottle(throttling.SimpleRateThrottle):
    def get_cache_key(self, request, view):
        key = self.key_for(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key}


class TokenRateThrottle(_KeyedThrottle):
    scope = "token"

    def key_for(self, request):
        token = request_token(request)
        return f"t{token.pk}" if token is not None else None


class UserRateThrottle(_KeyedThrottle):
    scope = "user"

    def key_for(self, request):
        user = getattr(request, "user", None)
        return f"u{user.pk}" if user is not None and user.is_authenticated else None


class AnonRateThrottle(throttling.AnonRateThrottle):
    scope = "anon"
