from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.maintenance.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan Renaksi ke basis data yang sudah dimigrasi dan kosong; SHA-256 setiap "
        "berkas diperiksa."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas cadangan .tar.gz")
        parser.add_argument(
            "--wipe", action="store_true", help="hapus isi basis data tujuan terlebih dahulu"
        )

    def handle(self, *args, **opts):
        try:
            summary = backup_restore(source=Path(opts["file"]), wipe=opts["wipe"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Cadangan dipulihkan: %(rows)s baris data, %(files)s berkas, SHA-256 cocok.")
            % {"rows": sum(summary.rows.values()), "files": summary.files}
        )
