"""``import_users FILE.csv``: accounts and memberships in bulk, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renaksi.organisations.services import UnitsLoadError, users_import, users_read_csv

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Mengimpor pengguna dari CSV (username, nama, e-mail, NIP, kode unit, peran). Baris yang "
        "ditolak disebutkan; bila ada satu saja, tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path.name} lebih besar dari {MAX_BYTES // 1024 // 1024} MB.")
        try:
            rows = users_read_csv(path.read_bytes(), source_name=path.name)
            report = users_import(rows=rows, actor=None, source=path.name)
        except UnitsLoadError as exc:
            for line, problem in exc.problems:
                self.stderr.write(f"baris {line}: {problem}")
            raise CommandError(f"{exc} Tidak ada yang disimpan.") from exc
        for line, what in report.lines:
            self.stdout.write(f"baris {line}: {what}")
        self.stdout.write(
            f"{len(report.users_created)} akun dibuat, {len(report.users_updated)} diperbarui, "
            f"{report.memberships_created} keanggotaan baru, {report.memberships_kept} sudah ada. "
            "Akun baru belum memiliki kata sandi: pemiliknya memakai “Lupa kata sandi”."
        )
