"""``manage.py api_token_create USERNAME [--scope read|write] [--unit CODE] [--days N]``.

Prints the new token once, alone on its last line (it is stored hashed and cannot be shown again).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from renaksi.api.tokens import TokenError, api_token_create
from renaksi.organisations.models import Unit


class Command(BaseCommand):
    help = "Buat token API untuk seorang pengguna; token dicetak sekali di baris terakhir."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=["read", "write"], default="read")
        parser.add_argument("--unit", help="kode satuan kerja: token dibatasi ke subpohonnya")
        parser.add_argument("--days", type=int, default=90, help="masa berlaku (hari, bawaan 90)")
        parser.add_argument("--name", default="", help="nama token")

    def handle(self, *args, username, scope, unit, days, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError(f"Satuan kerja {unit!r} tidak ditemukan.")
        try:
            token, raw = api_token_create(
                user=user, actor=None, scope=scope, unit=unit_obj, days=days, name=name
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"Token {token.prefix}… untuk {user.username}: cakupan {scope}"
            + (f", satuan kerja {unit}" if unit else "")
            + (f", berlaku sampai {token.expires_at:%Y-%m-%d}" if token.expires_at else "")
            + ". Simpan sekarang; token tidak dapat ditampilkan lagi."
        )
        self.stdout.write(raw)
