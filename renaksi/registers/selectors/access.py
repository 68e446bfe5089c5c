"""Fetching a unit or a register item for a viewer: 404 when they cannot see its unit, 403 when
they can but may not act (the permission matrix's rule)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import unit_list_visible


def _check(user, obj, unit: Unit, perm: str):
    if user.has_perm(perm, obj):
        return obj
    if unit_list_visible(user=user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    raise Http404


def unit_for(*, user, unit_pk, perm: str) -> Unit:
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    return _check(user, unit, unit, perm)


def item_for(*, user, model, pk, perm: str, related=("unit",)):
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if hasattr(obj, "unit"):
        unit = obj.unit
    elif hasattr(obj, "campaign"):
        unit = obj.campaign.unit
    else:
        unit = obj.indicator.activity.area.plan.unit
    return _check(user, obj, unit, perm)
