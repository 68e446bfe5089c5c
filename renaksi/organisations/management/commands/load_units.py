"""Load a unit tree: ``load_units --kpu`` (the real KPU tree) or ``load_units FILE.csv``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renaksi.organisations.regions import kpu_units
from renaksi.organisations.services import UnitsLoadError, units_load, units_read_csv

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Memuat pohon satuan kerja: --kpu untuk KPU RI, 38 KPU Provinsi dan 514 KPU "
        "Kabupaten/Kota, atau berkas CSV (kode, nama, kode induk[, tingkat, tempat])."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV: code,name,parent_code[,level,place]")
        parser.add_argument("--kpu", action="store_true", help="the real KPU tree (vendored)")
        parser.add_argument("--quiet-rows", action="store_true", help="print the totals only")

    def handle(self, *args, **opts):
        if bool(opts["kpu"]) == bool(opts["file"]):
            raise CommandError("Sebutkan --kpu atau satu berkas CSV (tidak keduanya).")
        try:
            if opts["kpu"]:
                rows, source = kpu_units(), "pohon KPU (wilayah_kpu.csv)"
            else:
                path = Path(opts["file"])
                if not path.is_file():
                    raise CommandError(f"Berkas {path} tidak ditemukan.")
                if path.stat().st_size > MAX_BYTES:
                    raise CommandError(
                        f"{path.name} lebih besar dari {MAX_BYTES // 1024 // 1024} MB."
                    )
                source = path.name
                rows = units_read_csv(path.read_bytes(), source_name=source)
            report = units_load(rows=rows, actor=None, source=source)
        except UnitsLoadError as exc:
            for line, problem in exc.problems:
                self.stderr.write(f"baris {line}: {problem}")
            raise CommandError(f"{exc} Tidak ada yang diubah.") from exc
        if not opts["quiet_rows"]:
            for line, code, what in report.lines:
                self.stdout.write(f"baris {line}: {code} {what}")
        self.stdout.write(
            f"{report.total} satuan kerja: {len(report.created)} dibuat, {len(report.updated)} "
            f"diperbarui, {len(report.unchanged)} tetap; {len(report.kept)} yang tidak tercantum "
            "dibiarkan (tidak pernah dihapus)."
        )
