from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from renaksi.organisations.models import Membership, Unit
from renaksi.organisations.rules import MANAGER_ROLES

# Every unit where the user is a member, and all their descendants, in one recursive query.
_VISIBLE_UNITS_SQL = """
WITH RECURSIVE visible(id) AS (
    SELECT unit_id FROM organisations_membership WHERE user_id = %s
    UNION
    SELECT u.id FROM organisations_unit u JOIN visible v ON u.parent_id = v.id
)
SELECT id FROM visible
"""


def unit_list_visible(*, user) -> QuerySet[Unit]:
    """Units the user may see: their own and everything below them."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    # Parameterised: the only input is the user id, passed as a query parameter.
    return Unit.objects.filter(id__in=RawSQL(_VISIBLE_UNITS_SQL, [user.pk]))  # noqa: S611


def unit_list_manageable(*, user) -> QuerySet[Unit]:
    """Units whose plans the user may import and correct."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(
        memberships__user=user, memberships__role__in=MANAGER_ROLES
    ).distinct()


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit").order_by("unit__code")


def unit_can_manage_members(*, user, unit: Unit) -> bool:
    """An administrator of the unit or of any unit above it, or a superuser."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, unit__in=unit.ancestors(include_self=True)
    ).exists()


def membership_list_for_unit(*, viewer, unit: Unit) -> QuerySet[Membership]:
    """The unit's members, for someone who may manage them (the caller checks)."""
    return (
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("role", "user__username")
    )
