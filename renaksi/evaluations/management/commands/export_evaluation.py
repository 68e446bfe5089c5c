import json

from django.core.management.base import BaseCommand, CommandError

from renaksi.evaluations.interchange import worksheet_json
from renaksi.evaluations.models import Worksheet
from renaksi.organisations.models import Unit


class Command(BaseCommand):
    help = "Ekspor lembar kerja evaluasi satu unit dan tahun sebagai JSON."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--instrument")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **o):
        unit = Unit.objects.filter(code=o["unit"]).first()
        if unit is None:
            raise CommandError(f"Satuan kerja {o['unit']} tidak ditemukan.")
        qs = Worksheet.objects.filter(unit=unit, year=o["year"]).select_related(
            "instrument", "unit"
        )
        if o["instrument"]:
            ws = qs.filter(instrument__code=o["instrument"]).first()
            if ws is None:
                raise CommandError(
                    f"Tidak ada lembar kerja {o['instrument']} untuk {unit.code} tahun {o['year']}."
                )
            data = worksheet_json(ws)
        else:
            data = [worksheet_json(ws) for ws in qs.order_by("instrument__code")]
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if o["output"] == "-":
            self.stdout.write(text)
        else:
            with open(o["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            self.stdout.write(f"Ditulis {o['output']}.")
