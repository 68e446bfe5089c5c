"""Permission-matrix rules for the unit members pages (organisations.views)."""

from renaksi.core.tests.matrix_rules_api import PERSONAS, Rule


def unit_admins_above(persona: str, rel: str) -> bool:
    """Administrators of the unit or of a unit above it (``unit_can_manage_members``)."""
    return PERSONAS[persona][2] == "admin" and rel in ("own", "child")


ROUTES = {
    "unit_members": Rule(
        unit_admins_above,
        kwargs=lambda t: {"unit_pk": t.unit.pk},
        methods=("GET", "POST"),
        # An allowed post adds a viewer account; a denied one must change nothing.
        body=lambda t: {"username": f"baru_{t.unit.code}", "role": "viewer"},
    ),
    "unit_member_remove": Rule(
        unit_admins_above,
        kwargs=lambda t: {"unit_pk": t.unit.pk, "membership_pk": t.extra["membership"].pk},
        methods=("POST",),
    ),
}


def extend_world(world) -> None:
    from renaksi.organisations.models import Membership, User

    for code, target in world.targets.items():
        reader = User.objects.create(username=f"pembaca_matriks_{code}")
        target.extra["membership"] = Membership.objects.create(
            user=reader, unit=target.unit, role=Membership.Role.VIEWER
        )


def fingerprint() -> tuple:
    from renaksi.organisations.models import Membership, User

    return (
        sorted(Membership.objects.values_list("user__username", "unit__code", "role")),
        User.objects.count(),
    )
