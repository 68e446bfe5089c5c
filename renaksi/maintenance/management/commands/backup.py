from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from renaksi.maintenance.backup import backup_create, default_backup_name


class Command(BaseCommand):
    help = "Cadangkan basis data dan seluruh berkas (data dukung, dokumen) ke satu berkas .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="berkas tujuan (default: nama bertanggal)")

    def handle(self, *args, **opts):
        output = Path(opts.get("output") or default_backup_name())
        summary = backup_create(output=output)
        self.stdout.write(
            _("Cadangan ditulis ke %(path)s: %(rows)s baris data, %(files)s berkas (%(kb)s KB).")
            % {
                "path": output,
                "rows": sum(summary.rows.values()),
                "files": summary.files,
                "kb": summary.bytes // 1024,
            }
        )
