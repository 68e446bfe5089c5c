from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from renaksi.organisations.models import Unit


def unit_by_code(code: str) -> Unit:
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise CommandError(
            _("Satuan kerja dengan kode %(code)s tidak ditemukan.") % {"code": code}
        ) from None


def user_by_username(username: str | None):
    """The acting user for the audit trail; None means the system itself (CLI without --user)."""
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(_("Pengguna %(name)s tidak ditemukan.") % {"name": username}) from None
