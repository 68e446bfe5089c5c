"""Demo data: the KPU tree around Bengkulu Tengah, one account per role, the seed plan imported,
and the seed plan carried out up to ``--today`` (realisations, evidence, verification).

Idempotent: running it again changes nothing that is already there.
"""

import io
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.organisations.models import Membership, Unit, User
from renaksi.organisations.regions import kpu_units
from renaksi.organisations.services import units_load
from renaksi.plans.models import Plan
from renaksi.plans.services import plan_import_file

DEMO_PASSWORD = "renaksi-demo"  # noqa: S105 (printed demo credential, embedded install only)
SEED_UNIT, SEED_YEAR = "17.09", 2022
# The day the demo's realisations run up to: mid-September of the seed year.
DEMO_TODAY = date(2022, 9, 15)


R = Membership.Role
# Who works the demo cells: the PIC, the unit operator, the assessor; the Sekretaris sets PICs.
DEMO_WORKERS = ("pelaksana", "adminunit", "asesor", "sekretaris")
# (username, full name, unit code, role, position)
DEMO_ACCOUNTS = [
    ("sekretaris", "Sekretaris KPU Bengkulu Tengah", "17.09", R.SEKRETARIS, "Sekretaris"),
    ("ketua", "Brotoseno", "17.09", R.KETUA, "Ketua KPU Kabupaten Bengkulu Tengah"),
    ("pengarah", "Anggota Tim Pengarah", "17.09", R.PENGARAH, "Anggota KPU"),
    ("pelaksana", "Anggota Tim Pelaksana", "17.09", R.PELAKSANA, "Kasubbag Perencanaan"),
    ("agen", "Agen Perubahan", "17.09", R.AGEN_PERUBAHAN, "Staf"),
    ("asesor", "Anggota Tim Asesor", "17.09", R.ASESOR, "Kasubbag Hukum dan SDM"),
    ("adminunit", "Administrator Unit", "17.09", R.ADMIN, "Operator"),
    ("pembaca", "Pembaca", "17.09", R.VIEWER, "Staf"),
    ("provinsi", "Sekretaris KPU Provinsi Bengkulu", "17", R.SEKRETARIS, "Sekretaris"),
    ("pusat", "Biro Perencanaan KPU RI", "RI", R.ADMIN, "Analis Kebijakan"),
]


class Command(BaseCommand):
    help = "Isi data demo: pohon satuan kerja, akun per peran, dan rencana aksi dari dokumen seed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=DEMO_TODAY,
            help=_(
                "isi realisasi rencana seed sampai tanggal ini, TTTT-BB-HH (default: %(default)s)"
            ),
        )

    def handle(self, *args, **opts):
        today = opts["today"]
        if isinstance(today, str):  # call_command(today="2022-09-15")
            today = date.fromisoformat(today)
        # The real KPU tree (KPU RI, 38 provinces, 514 regencies/cities); idempotent.
        units_load(rows=kpu_units(), actor=None, source="seed_demo")
        with transaction.atomic():
            units = self._tree_and_accounts()
        # Working-day deadlines need the holiday calendar: the seed year up to next year.
        this_year = timezone.localdate().year
        call_command(
            "seed_holidays",
            years=list(range(SEED_YEAR, max(this_year, today.year) + 2)),
            verbosity=0,
            stdout=io.StringIO(),
        )
        plan = self._seed_plan(units)
        self._seed_realisations(plan, today)
        self._seed_tree_work(plan, today)
        # Apps add their own demo (surveys, registers, evaluations…) with a function
        # ``seed_demo_extension(*, plan, today)`` in their ``demo`` module; each is idempotent.
        for extension in _demo_extensions():
            extension(plan=plan, today=today)
        self._print_accounts(units)

    def _tree_and_accounts(self) -> dict:
        # The tree itself was loaded by units_load (handle).
        units = {u.code: u for u in Unit.objects.filter(code__in=["RI", "17", SEED_UNIT])}

        # Every demo account has the same published password: hash it once, not eleven times
        # (PBKDF2 at full strength is most of this command's time otherwise).
        password = make_password(DEMO_PASSWORD)
        if not User.objects.filter(username="admin").exists():
            User.objects.create(
                username="admin",
                email="admin@renaksi.local",
                password=password,
                full_name="Superadmin Renaksi",
                is_staff=True,
                is_superuser=True,
            )
        for username, full_name, code, role, position in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create(
                    username=username,
                    email=f"{username}@renaksi.local",
                    password=password,
                    full_name=full_name,
                )
            Membership.objects.get_or_create(
                user=user, unit=units[code], role=role, defaults={"position": position}
            )
        return units

    def _seed_plan(self, units) -> Plan:
        plan = Plan.objects.filter(unit=units[SEED_UNIT], year=SEED_YEAR, kind="general").first()
        if plan is None:
            seed = settings.BASE_DIR / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
            plan = plan_import_file(
                unit=units[SEED_UNIT],
                year=SEED_YEAR,
                filename=seed.name,
                data=seed.read_bytes(),
                actor=User.objects.get(username="sekretaris"),
            )
            self.stdout.write(_("Rencana aksi seed diimpor: %(plan)s") % {"plan": plan})
        return plan

    def _seed_realisations(self, plan: Plan, today: date) -> None:
        # Imported here: the plans app does not depend on monitoring at import time.
        from renaksi.monitoring.demo import demo_pics_assign, demo_realisations_fill

        people = {u.username: u for u in User.objects.filter(username__in=DEMO_WORKERS)}
        assigned = demo_pics_assign(plan=plan, pic=people["pelaksana"], actor=people["sekretaris"])
        summary = demo_realisations_fill(
            plan=plan,
            today=today,
            pic=people["pelaksana"],
            operator=people["adminunit"],
            asesor=people["asesor"],
        )
        if assigned or summary.realisations:
            self.stdout.write(
                _(
                    "Realisasi demo sampai %(today)s: %(count)s realisasi, %(files)s berkas, "
                    "%(links)s tautan; pelaksana menjadi PIC %(pics)s indikator."
                )
                % {
                    "today": today.isoformat(),
                    "count": summary.realisations,
                    "files": summary.files,
                    "links": summary.links,
                    "pics": assigned,
                }
            )

    def _seed_tree_work(self, plan: Plan, today: date) -> None:
        """The province's template cascade and the regency's reports to the province."""
        # Imported here: the plans app does not depend on these apps at import time.
        from renaksi.cascade.demo import demo_cascade
        from renaksi.chain.demo import demo_chain

        people = {
            u.username: u for u in User.objects.filter(username__in=["provinsi", "sekretaris"])
        }
        cascade = demo_cascade(source_plan=plan, publisher=people["provinsi"])
        reports = demo_chain(
            plan=plan,
            child_actor=people["sekretaris"],
            parent_actor=people["provinsi"],
            today=today,
        )
        if cascade.created or reports:
            self.stdout.write(
                _(
                    "Templat provinsi diterbitkan ke kabupaten/kota; laporan berjenjang demo: "
                    "%(reports)s laporan."
                )
                % {"reports": reports}
            )

    def _print_accounts(self, units):
        self.stdout.write("")
        self.stdout.write(_("Akun demo (kata sandi untuk semua: %(pw)s):") % {"pw": DEMO_PASSWORD})
        self.stdout.write(f"  {'admin':<12} {_('Superadmin (semua unit, /admin/)')}")
        for username, _full, code, role, _pos in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {role.label} — {units[code].name}")


def _demo_extensions() -> list:
    import importlib

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("renaksi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        extension = getattr(module, "seed_demo_extension", None)
        if extension is not None:
            found.append(extension)
    return found
