from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.plans.findings import finding_message
from renaksi.plans.management.commands._common import unit_by_code, user_by_username
from renaksi.plans.parsed import Finding
from renaksi.plans.selectors import import_report_latest
from renaksi.plans.services import PlanWriteError, plan_import_file


class Command(BaseCommand):
    help = "Impor rencana aksi dari teks keputusan atau JSON Renaksi."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .txt (teks keputusan) atau .json")
        parser.add_argument("--unit", required=True, help="kode satuan kerja, mis. 17.09")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--replace", action="store_true", help="bangun ulang rencana yang ada")
        parser.add_argument("--user", help="nama pengguna yang dicatat sebagai pelaku")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        unit = unit_by_code(opts["unit"])
        actor = user_by_username(opts.get("user"))
        try:
            plan = plan_import_file(
                unit=unit,
                year=opts["year"],
                filename=path.name,
                data=path.read_bytes(),
                actor=actor,
                replace=opts["replace"],
            )
        except PlanWriteError as exc:
            raise CommandError(str(exc)) from exc
        report = import_report_latest(plan=plan)
        s = report.summary
        self.stdout.write(
            _(
                "Rencana aksi %(unit)s %(year)s diimpor: %(areas)s area, %(activities)s kegiatan, "
                "%(subs)s sub kegiatan, %(indicators)s indikator, %(targets)s target periode."
            )
            % {
                "unit": unit.name,
                "year": plan.year,
                "areas": s["areas"],
                "activities": s["activities"],
                "subs": s["sub_activities"],
                "indicators": s["indicators"],
                "targets": s["targets"],
            }
        )
        if opts["verbosity"] >= 1 and report.findings:
            self.stdout.write(_("Laporan impor (%(n)s temuan):") % {"n": len(report.findings)})
            for item in report.findings:
                where = _("baris %(n)s") % {"n": item["line"]} if item.get("line") else "-"
                self.stdout.write(
                    f"  [{item['severity']}] {where}: {finding_message(Finding(**item))}"
                )
