"""Who may handle which register.

- Complaints and PPID requests: the unit's Sekretaris and administrator, and the officers named
  for that register (``RegisterOfficer``). Parent units see only the figures, never a
  complainant's identity.
- Objections (keberatan): the Atasan PPID, or the unit's managers.
- Gratification: only the unit's UPG members and the reporter; the managers are not UPG unless
  named.
- Integrity campaigns: the unit's managers open and follow them; every member signs their own.
"""

from __future__ import annotations

import rules

from renaksi.organisations.models import Membership, Unit
from renaksi.organisations.rules import MANAGER_ROLES, can_view_unit_of
from renaksi.registers.models import RegisterOfficer

Role = RegisterOfficer.Role


def _unit_of(obj) -> Unit | None:
    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj
    if hasattr(obj, "unit"):
        return obj.unit
    if hasattr(obj, "campaign"):
        return obj.campaign.unit
    return None


def _holds(user, unit, roles, *, managers: bool) -> bool:
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if (
        managers
        and Membership.objects.filter(user=user, unit=unit, role__in=MANAGER_ROLES).exists()
    ):
        return True
    return RegisterOfficer.objects.filter(user=user, unit=unit, role__in=roles).exists()


@rules.predicate
def handles_complaints(user, obj) -> bool:
    return _holds(user, _unit_of(obj), [Role.PENGADUAN], managers=True)


@rules.predicate
def handles_requests(user, obj) -> bool:
    return _holds(user, _unit_of(obj), [Role.PPID, Role.ATASAN_PPID], managers=True)


@rules.predicate
def answers_objections(user, obj) -> bool:
    return _holds(user, _unit_of(obj), [Role.ATASAN_PPID], managers=True)


@rules.predicate
def is_upg(user, obj) -> bool:
    return _holds(user, _unit_of(obj), [Role.UPG], managers=False)


@rules.predicate
def is_reporter(user, obj) -> bool:
    return user.is_authenticated and getattr(obj, "reporter_id", None) == user.pk


@rules.predicate
def manages_integrity(user, obj) -> bool:
    return _holds(user, _unit_of(obj), [], managers=True)


@rules.predicate
def is_member_of_unit(user, obj) -> bool:
    unit = _unit_of(obj)
    if unit is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, unit=unit).exists()


rules.add_perm("registers.handle_complaints", handles_complaints)
rules.add_perm("registers.handle_requests", handles_requests)
rules.add_perm("registers.answer_objections", answers_objections)
rules.add_perm("registers.handle_gratification", is_upg)
rules.add_perm("registers.view_gratification", is_upg | is_reporter)
rules.add_perm("registers.manage_integrity", manages_integrity)
rules.add_perm("registers.declare", is_member_of_unit)
rules.add_perm("registers.view_unit", can_view_unit_of)
