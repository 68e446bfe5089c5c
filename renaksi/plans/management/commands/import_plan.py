import json
from pathlib import Path
from typing import cast

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.plans.findings import STOP_AND_ASK, finding_message
from renaksi.plans.importers.table import MappingError, mappings_from_json
from renaksi.plans.management.commands._common import unit_by_code, user_by_username
from renaksi.plans.models import ImportReport
from renaksi.plans.parsed import Finding
from renaksi.plans.selectors import import_report_latest
from renaksi.plans.services import PlanWriteError, plan_import, plan_parse_file


class Command(BaseCommand):
    help = "Impor rencana aksi dari teks keputusan, JSON Renaksi, XLSX, CSV atau DOCX."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .txt, .json, .xlsx, .csv atau .docx")
        parser.add_argument("--unit", required=True, help="kode satuan kerja, mis. 17.09")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--replace", action="store_true", help="bangun ulang rencana yang ada")
        parser.add_argument(
            "--kind", default="general", choices=["general", "tematik"], help="jenis rencana"
        )
        parser.add_argument("--user", help="nama pengguna yang dicatat sebagai pelaku")
        parser.add_argument(
            "--mapping", help="berkas JSON pemetaan kolom untuk tabel (XLSX, CSV, DOCX)"
        )
        parser.add_argument(
            "--flat",
            action="store_true",
            help="terima tabel tanpa kolom area/kegiatan (semua di bawah “Area tanpa nama”)",
        )
        parser.add_argument(
            "--accept-changes",
            action="store_true",
            help="simpan walau isi kolom berubah jenis di tengah tabel (lihat --dry-run dahulu)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="hanya baca dan laporkan temuan; tidak ada yang disimpan",
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        unit = unit_by_code(opts["unit"])
        actor = user_by_username(opts.get("user"))
        mapping = None
        if opts.get("mapping"):
            mapping_path = Path(opts["mapping"])
            if not mapping_path.is_file():
                raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": mapping_path})
            try:
                raw = json.loads(mapping_path.read_bytes().decode("utf-8-sig"))
                mapping = mappings_from_json(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(
                    _("Berkas pemetaan bukan JSON: %(error)s") % {"error": exc}
                ) from exc
            except MappingError as exc:
                raise CommandError(str(exc)) from exc
        data = path.read_bytes()
        try:
            parsed, source_format = plan_parse_file(
                filename=path.name, data=data, mapping=mapping, flat=opts["flat"]
            )
            if opts["dry_run"]:
                self._dry_run(parsed)
                return
            stops = [f for f in parsed.findings if f.code in STOP_AND_ASK]
            if stops and not opts["accept_changes"]:
                self._findings(stops)
                raise CommandError(
                    _(
                        "Impor dihentikan: isi kolom yang dipetakan berubah jenis di tengah "
                        "tabel (lihat temuan di atas). Tentukan bagian tabel dengan --mapping "
                        '("sections"), atau ulangi dengan --accept-changes bila bacaan ini benar.'
                    )
                )
            plan = plan_import(
                unit=unit,
                year=opts["year"],
                parsed=parsed,
                actor=actor,
                source_name=path.name,
                source_bytes=data,
                source_format=source_format,
                replace=opts["replace"],
                kind=opts["kind"],
            )
        except PlanWriteError as exc:
            raise CommandError(str(exc)) from exc
        report = cast(ImportReport, import_report_latest(plan=plan))  # the import wrote one
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
            self._findings([Finding(**item) for item in report.findings])

    def _dry_run(self, parsed):
        activities = [act for area in parsed.areas for act in area.activities]
        indicators = list(parsed.iter_indicators())
        self.stdout.write(
            _(
                "Uji baca (tidak disimpan): %(areas)s area, %(activities)s kegiatan, "
                "%(indicators)s indikator."
            )
            % {
                "areas": len(parsed.areas),
                "activities": len(activities),
                "indicators": len(indicators),
            }
        )
        if parsed.findings:
            self._findings(parsed.findings)

    def _findings(self, findings):
        self.stdout.write(_("Laporan impor (%(n)s temuan):") % {"n": len(findings)})
        for item in findings:
            where = _("baris %(n)s") % {"n": item.line} if item.line else "-"
            self.stdout.write(f"  [{item.severity}] {where}: {finding_message(item)}")
