"""``manage.py export_register --unit CODE --kind pengaduan|ppid|gratifikasi|benturan
--year YYYY --format json|xlsx [-o FILE]``: the items of one register of one unit."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renaksi.organisations.models import Unit
from renaksi.registers.interchange import KINDS, export_rows, export_xlsx


class Command(BaseCommand):
    help = "Export one register of one unit for a year (JSON or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. 17.09")
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", default="json", choices=["json", "xlsx"])
        parser.add_argument("-o", "--output", default="", help="file (default: standard output)")

    def handle(self, *args, **opts):
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Satuan kerja dengan kode {opts['unit']!r} tidak ditemukan.")
        if not 2000 <= opts["year"] <= 2100:
            raise CommandError(f"Tahun {opts['year']} tidak masuk akal.")
        today = timezone.localdate()
        if opts["format"] == "json":
            rows = export_rows(unit=unit, kind=opts["kind"], year=opts["year"], today=today)
            payload = {
                "format": "renaksi-register",
                "version": 1,
                "unit": {"code": unit.code, "name": unit.name},
                "kind": opts["kind"],
                "year": opts["year"],
                "items": rows,
            }
            data = json.dumps(payload, ensure_ascii=False, indent=2).encode() + b"\n"
        else:
            data = export_xlsx(unit=unit, kind=opts["kind"], year=opts["year"], today=today)
            if not opts["output"]:
                raise CommandError("XLSX perlu berkas keluaran: -o register.xlsx")
        if opts["output"]:
            with open(opts["output"], "wb") as fh:
                fh.write(data)
            self.stderr.write(f"Ditulis: {opts['output']}")
        else:
            self.stdout.write(data.decode(), ending="")
