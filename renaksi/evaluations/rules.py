"""Who may do what with evaluation worksheets.

- everyone who may see the unit reads its worksheets (members of it and of its ancestors);
- the unit's Sekretaris and administrator fill the self-assessment;
- a Tim Asesor member of the unit accepts or corrects answers;
- the Sekretaris or administrator of the parent unit reviews (final answer).
Nobody reviews an answer version they wrote (checked in the services).
"""

import rules

from renaksi.organisations.models import Membership
from renaksi.organisations.rules import MANAGER_ROLES, can_view_unit_of


def _unit(obj):
    return getattr(obj, "unit", None) or getattr(getattr(obj, "worksheet", None), "unit", None)


@rules.predicate
def can_view_worksheet(user, obj) -> bool:
    unit = _unit(obj)
    return unit is not None and can_view_unit_of(user, unit)


def _role_at(user, unit, roles) -> bool:
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit=unit, role__in=roles).exists()


@rules.predicate
def can_fill_worksheet(user, obj) -> bool:
    return _role_at(user, _unit(obj), MANAGER_ROLES)


@rules.predicate
def can_assess_worksheet(user, obj) -> bool:
    return _role_at(user, _unit(obj), [Membership.Role.ASESOR])


@rules.predicate
def can_review_worksheet(user, obj) -> bool:
    unit = _unit(obj)
    return (
        unit is not None
        and unit.parent_id is not None
        and _role_at(user, unit.parent, MANAGER_ROLES)
    )


rules.add_perm("evaluations.view_worksheet", can_view_worksheet)
rules.add_perm("evaluations.fill_worksheet", can_fill_worksheet)
rules.add_perm("evaluations.assess_worksheet", can_assess_worksheet)
rules.add_perm("evaluations.review_worksheet", can_review_worksheet)
