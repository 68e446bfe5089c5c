"""``manage.py plan_quality --unit CODE --year YYYY [--kind general] --format json``."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.plans.management.commands._common import unit_by_code
from renaksi.plans.models import Plan
from renaksi.quality.selectors import plan_quality


class Command(BaseCommand):
    help = "Nilai mutu rencana aksi menurut kriteria evaluator dan pemeriksaan strukturnya."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="kode satuan kerja, mis. 17.09")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--kind", default="general", choices=["general", "tematik"])
        parser.add_argument("--format", default="text", choices=["json", "text"])
        parser.add_argument("--today", help="tanggal acuan implementasi (YYYY-MM-DD)")

    def handle(self, *args, **opts):
        unit = unit_by_code(opts["unit"])
        plan = (
            Plan.objects.filter(unit=unit, year=opts["year"], kind=opts["kind"])
            .select_related("unit", "decree")
            .first()
        )
        if plan is None:
            raise CommandError(
                _("Rencana aksi %(unit)s tahun %(year)s tidak ada.")
                % {"unit": unit.name, "year": opts["year"]}
            )
        if opts["today"]:
            today = timezone.datetime.fromisoformat(opts["today"]).date()
        else:
            today = timezone.localdate()
        report = plan_quality(plan=plan, today=today)
        data = report.as_json()
        if opts["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for c in data["criteria"]:
            self.stdout.write(f"{c['grade']:>5}  {c['percent']:6.2f} %  {c['name']} ({c['rows']})")
        for c in data["checks"]:
            self.stdout.write(f"  ! {c['message']} ({c['rows']})")
        self.stdout.write(_("Strategi Pelaksanaan (proyeksi): %s") % data["strategy_score"])
