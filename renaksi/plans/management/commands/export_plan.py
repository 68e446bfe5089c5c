import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.plans.export import plan_export_data
from renaksi.plans.management.commands._common import unit_by_code
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_to_parsed

DOCUMENT_FORMATS = ("xlsx", "pdf", "docx")


class Command(BaseCommand):
    help = "Ekspor rencana aksi satu satuan kerja untuk satu tahun."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="kode satuan kerja, mis. 17.09")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--kind", default="general", choices=["general", "tematik"], help="jenis rencana"
        )
        parser.add_argument(
            "--format", default="json", choices=["json", "xlsx-kerja", *DOCUMENT_FORMATS]
        )
        parser.add_argument(
            "--kertas", default="a4", choices=["a4", "f4"], help="ukuran kertas untuk xlsx/pdf/docx"
        )
        parser.add_argument("-o", "--output", help="berkas tujuan (default: keluaran standar)")
        parser.add_argument(
            "--no-realisations",
            action="store_true",
            help="tanpa realisasi per indikator (hanya rencana)",
        )

    def handle(self, *args, **opts):
        unit = unit_by_code(opts["unit"])
        plan = (
            Plan.objects.filter(unit=unit, year=opts["year"], kind=opts["kind"])
            .select_related("unit")
            .first()
        )
        if plan is None:
            raise CommandError(
                _("Rencana aksi %(unit)s tahun %(year)s tidak ada.")
                % {"unit": unit.name, "year": opts["year"]}
            )
        if opts["format"] in DOCUMENT_FORMATS:
            self._write_document(plan, opts)
            return
        if opts["format"] == "xlsx-kerja":
            from renaksi.plans.workbook import plan_to_xlsx

            content = plan_to_xlsx(plan_to_parsed(plan=plan))
            if opts.get("output"):
                with open(opts["output"], "wb") as fh:
                    fh.write(content)
                self.stderr.write(_("Ditulis ke %(path)s") % {"path": opts["output"]})
            else:
                sys.stdout.buffer.write(content)
            return
        data = plan_export_data(plan=plan, realisations=not opts["no_realisations"])
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(_("Ditulis ke %(path)s") % {"path": opts["output"]})
        else:
            sys.stdout.write(text)

    def _write_document(self, plan: Plan, opts):
        """The lampiran in the official layout (XLSX, PDF or DOCX)."""
        from renaksi.reports.lampiran import lampiran_docx, lampiran_pdf, lampiran_xlsx

        writer = {"xlsx": lampiran_xlsx, "pdf": lampiran_pdf, "docx": lampiran_docx}[opts["format"]]
        content = writer(plan=plan, paper=opts["kertas"])
        if opts.get("output"):
            with open(opts["output"], "wb") as fh:
                fh.write(content)
            self.stderr.write(_("Ditulis ke %(path)s") % {"path": opts["output"]})
        else:
            sys.stdout.buffer.write(content)
