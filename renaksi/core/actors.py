"""Who is acting: the one permission check and the one "user or nobody" rule every service uses.

``actor=None`` is the system (management commands, demo data, migrations): it may do what the
command was asked to do, unless the service asks for a person (``system=False``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require_perm(actor, perm: str, obj, *, system: bool = True) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``perm`` on ``obj`` (rules.py)."""
    if actor is None:
        if system:
            return
        raise PermissionDenied
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def user_or_none(actor):
    """The author to record: the user, or ``None`` for the system or an anonymous visitor."""
    return actor if actor is not None and actor.is_authenticated else None
