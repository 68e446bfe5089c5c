"""Who may do what with realisations and evidence.

The object of every check is a cell: a ``Realisation``, or an ``Indicator`` when the cell has no
realisation yet; evidence checks take an ``Evidence``. Their unit is the plan's unit.

- the PIC of an indicator, while a member of the plan's unit, edits and submits its cells;
- the Sekretaris and the unit administrator manage the unit: edit and submit any cell;
- a Tim Asesor member of the unit verifies or returns cells, except cells they are PIC of and
  cells they saved, submitted or attached evidence to themselves (separation of duties: whatever
  roles a person holds, and even after the PIC changed, they never judge their own work);
- only the unit's Sekretaris reopens a verified cell;
- everyone who may see the unit (members of it and of its ancestors) reads; nobody else.
"""

import rules

from renaksi.organisations.models import Membership, Unit
from renaksi.organisations.rules import MANAGER_ROLES, can_view_unit_of
from renaksi.plans.models import Indicator


def _indicator_of(obj) -> Indicator | None:
    if isinstance(obj, Indicator):
        return obj
    return getattr(obj, "indicator", None)


def cell_unit(obj) -> Unit | None:
    """The unit owning a cell or an evidence item; callers select_related the chain."""
    if obj is None:
        return None
    unit = getattr(obj, "unit", None)
    if isinstance(unit, Unit):
        return unit
    indicator = _indicator_of(obj)
    if indicator is None:
        return None
    return indicator.activity.area.plan.unit


def _has_role(user, obj, roles) -> bool:
    unit = cell_unit(obj)
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit=unit, role__in=roles).exists()


@rules.predicate
def can_view_cell(user, obj) -> bool:
    unit = cell_unit(obj)
    return unit is not None and can_view_unit_of(user, unit)


@rules.predicate
def is_cell_pic(user, obj) -> bool:
    indicator = _indicator_of(obj)
    return (
        indicator is not None
        and user.is_authenticated
        and indicator.pic_id is not None
        and indicator.pic_id == user.pk
    )


@rules.predicate
def is_member_of_cell_unit(user, obj) -> bool:
    unit = cell_unit(obj)
    if unit is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, unit=unit).exists()


@rules.predicate
def is_cell_manager(user, obj) -> bool:
    return _has_role(user, obj, MANAGER_ROLES)


@rules.predicate
def is_cell_asesor(user, obj) -> bool:
    return _has_role(user, obj, [Membership.Role.ASESOR])


@rules.predicate
def is_cell_sekretaris(user, obj) -> bool:
    return _has_role(user, obj, [Membership.Role.SEKRETARIS])


@rules.predicate
def is_version_author(user, obj) -> bool:
    """Whether the user wrote any part of this cell: saved, submitted or changed its evidence."""
    from renaksi.monitoring.models import Realisation, RealisationEvent

    if not isinstance(obj, Realisation) or obj.pk is None or not user.is_authenticated:
        return False
    return RealisationEvent.objects.filter(
        realisation=obj, actor=user, action__in=RealisationEvent.AUTHORING
    ).exists()


can_edit_cell = (is_cell_pic & is_member_of_cell_unit) | is_cell_manager

rules.add_perm("monitoring.view_realisation", can_view_cell)
rules.add_perm("monitoring.change_realisation", can_edit_cell)
rules.add_perm("monitoring.submit_realisation", can_edit_cell)
# Nobody verifies their own work: not the PIC, and not anyone who wrote this cell.
rules.add_perm("monitoring.verify_realisation", is_cell_asesor & ~is_cell_pic & ~is_version_author)
rules.add_perm("monitoring.reopen_realisation", is_cell_sekretaris)
rules.add_perm("monitoring.view_evidence", can_view_cell)
