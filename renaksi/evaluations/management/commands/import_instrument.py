import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.evaluations.services import EvaluationError, instrument_create
from renaksi.evaluations.xlsx_import import WorkbookError, read_workbook

MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = "Impor buku kerja LKE resmi (XLSX) sebagai draf instrumen."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--code", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--sheet")
        parser.add_argument("--year-from", type=int)
        parser.add_argument("--year-to", type=int)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **o):
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                _("Berkas %(name)s terlalu besar (maksimal 20 MiB).") % {"name": path.name}
            )
        try:
            result = read_workbook(path.read_bytes(), sheet=o["sheet"])
        except WorkbookError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        from django.utils import timezone

        year = timezone.localdate().year
        spec = {
            "code": o["code"],
            "name": o["name"],
            "kind": "other",
            "source": _("Impor %(name)s, lembar %(sheet)s")
            % {"name": path.name, "sheet": result.sheet},
            "year_from": o["year_from"] or year,
            "year_to": o["year_to"] or o["year_from"] or year,
            "nodes": result.nodes,
            "notes": "\n".join(_finding(row, msg) for row, msg in result.findings),
        }
        try:
            instrument_create(spec=spec)
        except EvaluationError as exc:
            raise CommandError(str(exc)) from exc
        summary = {
            "code": o["code"],
            "components": len(result.nodes),
            "criteria": result.count_criteria(),
            "findings": len(result.findings),
        }
        if o["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            _("Draf %(code)s: %(components)s komponen, %(criteria)s kriteria (lembar %(sheet)s).")
            % {**summary, "sheet": result.sheet}
        )
        for row, msg in result.findings:
            self.stdout.write("  " + _finding(row, msg))


def _finding(row, message) -> str:
    return _("baris %(row)s: %(message)s") % {"row": row, "message": message}
