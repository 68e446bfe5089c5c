import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.management.commands._common import unit_by_code
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_to_parsed


class Command(BaseCommand):
    help = "Ekspor rencana aksi satu satuan kerja untuk satu tahun."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="kode satuan kerja, mis. 17.09")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("-o", "--output", help="berkas tujuan (default: keluaran standar)")

    def handle(self, *args, **opts):
        unit = unit_by_code(opts["unit"])
        plan = Plan.objects.filter(unit=unit, year=opts["year"]).first()
        if plan is None:
            raise CommandError(
                _("Rencana aksi %(unit)s tahun %(year)s tidak ada.")
                % {"unit": unit.name, "year": opts["year"]}
            )
        data = parsed_to_json(
            plan_to_parsed(plan=plan),
            extra={"unit": {"code": unit.code, "name": unit.name}, "year": plan.year},
        )
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(_("Ditulis ke %(path)s") % {"path": opts["output"]})
        else:
            sys.stdout.write(text)
