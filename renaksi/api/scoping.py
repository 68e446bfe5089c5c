"""What the viewer may see through the API: the selectors' scope, narrowed by the token's unit."""

from __future__ import annotations

from django.http import Http404

from renaksi.api.auth import request_token
from renaksi.organisations.models import Unit


def token_units(request):
    """The token's unit subtree as a queryset of ids, or ``None`` when it has no unit."""
    token = request_token(request)
    if token is None or token.unit is None:
        return None
    return Unit.objects.filter(
        pk__in=[u.pk for u in token.unit.descendants(include_self=True)]
    ).values("pk")


def narrow(request, qs, unit_path: str):
    """``qs`` filtered to the token's unit subtree through ``unit_path`` (e.g. ``unit``)."""
    units = token_units(request)
    if units is None:
        return qs
    return qs.filter(**{f"{unit_path}__in": units})


def require_in_scope(request, unit) -> None:
    """404 when ``unit`` is outside the token's subtree."""
    token = request_token(request)
    if token is None or token.unit is None:
        return
    if not token.unit.descendants(include_self=True).filter(pk=unit.pk).exists():
        raise Http404
