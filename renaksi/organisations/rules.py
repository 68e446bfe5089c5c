"""Who may do what, by role and by position in the unit tree.

A member of a unit sees that unit and every unit below it (a parent reads its children).
Managing a unit's plan (import, corrections) needs the Sekretaris or unit administrator role
at that very unit; a parent unit only reads.
"""

import rules

from renaksi.organisations.models import Membership, Unit

MANAGER_ROLES = frozenset({Membership.Role.SEKRETARIS, Membership.Role.ADMIN})


def _unit_of(obj) -> Unit | None:
    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj
    return getattr(obj, "unit", None)


@rules.predicate
def can_view_unit_of(user, obj) -> bool:
    unit = _unit_of(obj)
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit__in=unit.ancestors(include_self=True)).exists()


@rules.predicate
def can_manage_unit_of(user, obj) -> bool:
    unit = _unit_of(obj)
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit=unit, role__in=MANAGER_ROLES).exists()


rules.add_perm("organisations.view_unit", can_view_unit_of)
rules.add_perm("plans.view_plan", can_view_unit_of)
rules.add_perm("plans.change_plan", can_manage_unit_of)
rules.add_perm("plans.import_plan", can_manage_unit_of)
