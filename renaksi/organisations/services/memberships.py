"""Memberships, managed by the administrators of a unit or of a unit above it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.organisations.models import Membership, Unit, User
from renaksi.organisations.services.users import EMAIL, USERNAME


class MembershipError(ValueError):
    """A membership change refused, with the reason in Indonesian."""


def membership_add(
    *, unit: Unit, username: str, role: str, actor, full_name: str = "", email: str = ""
):
    """Give a person a role at ``unit``; a new username makes a new account without a password.

    Only an administrator of the unit or of a unit above it (or a superuser) may do it.
    """
    from renaksi.organisations.selectors import unit_can_manage_members

    if not unit_can_manage_members(user=actor, unit=unit):
        raise PermissionError
    username = username.strip()
    if not USERNAME.match(username):
        raise MembershipError(_("Nama pengguna hanya boleh berisi huruf, angka dan . @ + - _"))
    if role not in Membership.Role.values:
        raise MembershipError(_("Peran tidak dikenal."))
    if email and not EMAIL.match(email):
        raise MembershipError(_("Alamat e-mail tidak sah."))
    with transaction.atomic(durable=True):
        user = User.objects.filter(username=username).first()
        created_user = user is None
        if created_user:
            user = User(username=username, full_name=full_name.strip()[:200], email=email.strip())
            user.set_unusable_password()
            user.save()
        membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        if not created:
            raise MembershipError(
                _("%(user)s sudah memegang peran itu di unit ini.") % {"user": username}
            )
        audit_record(
            actor=actor,
            action="membership.add",
            obj=membership,
            unit=unit,
            summary=_("%(user)s menjadi %(role)s")
            % {"user": username, "role": membership.get_role_display()},
            data={"user": username, "role": role, "new_account": created_user},
        )
    return membership


def membership_remove(*, membership: Membership, actor) -> None:
    from renaksi.organisations.selectors import unit_can_manage_members

    if not unit_can_manage_members(user=actor, unit=membership.unit):
        raise PermissionError
    if (
        membership.user_id == getattr(actor, "pk", None)
        and membership.role == Membership.Role.ADMIN
    ):
        raise MembershipError(_("Anda tidak dapat mencabut peran administrator Anda sendiri."))
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            action="membership.remove",
            obj=membership,
            unit=membership.unit,
            summary=_("Peran %(role)s %(user)s dicabut")
            % {"role": membership.get_role_display(), "user": membership.user.username},
            data={"user": membership.user.username, "role": membership.role},
        )
        membership.delete()
