import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.plans.management.commands._common import unit_by_code
from renaksi.surveys.management.commands.skm_import import parse_date
from renaksi.surveys.models import Service
from renaksi.surveys.selectors import survey_ikm


class Command(BaseCommand):
    help = "Hitung IKM satuan kerja untuk suatu rentang tanggal."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--service")
        parser.add_argument("--weights", choices=["exact", "0.11"])
        parser.add_argument(
            "--subtree", action="store_true", help="termasuk semua satuan kerja di bawahnya"
        )
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **opts):
        unit = unit_by_code(opts["unit"])
        start, end = parse_date(opts["start"]), parse_date(opts["end"])
        if end < start:
            raise CommandError(_("--to tidak boleh sebelum --from."))
        service = None
        if opts.get("service"):
            service = Service.objects.filter(unit=unit, name=opts["service"]).first()
            if service is None:
                raise CommandError(
                    _("Layanan %(s)s tidak ditemukan di %(u)s.")
                    % {"s": opts["service"], "u": unit.code}
                )
        result = survey_ikm(
            unit=unit,
            start=start,
            end=end,
            service=service,
            weights=opts.get("weights"),
            include_subtree=opts["subtree"],
        )
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
