import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.rollup.dataset import national_dataset_build


class Command(BaseCommand):
    help = (
        "Bangun dataset nasional KPU (1 + 38 + 514 satuan kerja), masing-masing dengan rencana "
        "aksi seukuran dokumen seed dan realisasi setahun. Idempoten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2022)
        parser.add_argument("--provinces", type=int, help="hanya N provinsi pertama")
        parser.add_argument(
            "--regencies-per-province", type=int, help="paling banyak N kabupaten/kota per provinsi"
        )
        parser.add_argument(
            "--plan-scale",
            type=int,
            default=1,
            choices=[1, 2, 4, 8],
            help="ukuran rencana aksi: kelipatan dokumen seed",
        )
        parser.add_argument(
            "--scale-units",
            type=int,
            default=1,
            help=(
                "pohon satuan kerja N kali lebih besar: satuan kerja tingkat kecamatan dan desa "
                "di bawah kabupaten/kota (sampai lima tingkat), masing-masing dengan salinan "
                "rencana aksi kabupaten/kotanya; 10 = 5.530 satuan kerja"
            ),
        )
        parser.add_argument("--today", help="tanggal acuan realisasi, TTTT-BB-HH")

    def handle(self, *args, **opts):
        if opts["scale_units"] < 1:
            raise CommandError(_("--scale-units harus 1 atau lebih."))
        today = None
        if opts.get("today"):
            try:
                today = datetime.date.fromisoformat(opts["today"])
            except ValueError:
                raise CommandError(_("Tanggal harus berformat TTTT-BB-HH.")) from None
        summary = national_dataset_build(
            year=opts["year"],
            provinces=opts.get("provinces"),
            regencies_per_province=opts.get("regencies_per_province"),
            plan_scale=opts["plan_scale"],
            unit_scale=opts["scale_units"],
            today=today,
            progress=lambda message: self.stderr.write(f"  {message}"),
        )
        s = summary.seconds
        self.stdout.write(
            _(
                "Satuan kerja baru: %(units)s (%(t_units).1f s); rencana aksi baru: %(plans)s "
                "(%(t_plans).1f s); realisasi baru: %(real)s, tautan data dukung: %(links)s "
                "(%(t_real).1f s)."
            )
            % {
                "units": summary.units_created,
                "plans": summary.plans_created,
                "real": summary.realisations_created,
                "links": summary.evidence_links_created,
                "t_units": s["units"],
                "t_plans": s["plans"],
                "t_real": s["realisations"],
            }
        )
