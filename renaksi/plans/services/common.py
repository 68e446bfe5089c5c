"""What every plan write shares: the error users see and the small checks."""

from __future__ import annotations

from django.utils.translation import gettext as _


class PlanWriteError(ValueError):
    """A write that cannot be done; the message is for the user, in their language."""


def _check_len(value: str, limit: int, where: str):
    if len(value) > limit:
        raise PlanWriteError(
            _("%(where)s terlalu panjang (%(length)s karakter, paling banyak %(limit)s).")
            % {"where": where, "length": len(value), "limit": limit}
        )
