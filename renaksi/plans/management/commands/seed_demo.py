"""Demo data: the KPU tree around Bengkulu Tengah, one account per role, the seed plan imported.

Idempotent: running it again changes nothing that is already there.
"""

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.models import Plan
from renaksi.plans.services import plan_import_file

DEMO_PASSWORD = "renaksi-demo"  # noqa: S105 (printed demo credential, embedded install only)
SEED_UNIT, SEED_YEAR = "17.09", 2022

# Kemendagri codes of Provinsi Bengkulu and its regencies/city.
BENGKULU_REGENCIES = [
    ("17.01", "KPU Kabupaten Bengkulu Selatan", "Bengkulu Selatan"),
    ("17.02", "KPU Kabupaten Rejang Lebong", "Rejang Lebong"),
    ("17.03", "KPU Kabupaten Bengkulu Utara", "Bengkulu Utara"),
    ("17.04", "KPU Kabupaten Kaur", "Kaur"),
    ("17.05", "KPU Kabupaten Seluma", "Seluma"),
    ("17.06", "KPU Kabupaten Mukomuko", "Mukomuko"),
    ("17.07", "KPU Kabupaten Lebong", "Lebong"),
    ("17.08", "KPU Kabupaten Kepahiang", "Kepahiang"),
    ("17.09", "KPU Kabupaten Bengkulu Tengah", "Bengkulu Tengah"),
    ("17.71", "KPU Kota Bengkulu", "Bengkulu"),
]

R = Membership.Role
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

    def handle(self, *args, **opts):
        with transaction.atomic():
            units = self._tree_and_accounts()
        self._seed_plan(units)
        # Working-day deadlines need the holiday calendar: the seed year up to next year.
        this_year = timezone.localdate().year
        call_command(
            "seed_holidays",
            years=list(range(SEED_YEAR, this_year + 2)),
            verbosity=0,
            stdout=io.StringIO(),
        )
        self._print_accounts(units)

    def _tree_and_accounts(self) -> dict:
        ri, _created = Unit.objects.get_or_create(
            code="RI",
            defaults={
                "name": "KPU Republik Indonesia",
                "level": Unit.Level.NATIONAL,
                "place": "Jakarta",
            },
        )
        province, _created = Unit.objects.get_or_create(
            code="17",
            defaults={
                "name": "KPU Provinsi Bengkulu",
                "level": Unit.Level.PROVINCE,
                "parent": ri,
                "place": "Bengkulu",
            },
        )
        for code, name, place in BENGKULU_REGENCIES:
            Unit.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "level": Unit.Level.REGENCY,
                    "parent": province,
                    "place": place,
                },
            )
        units = {u.code: u for u in Unit.objects.filter(code__in=["RI", "17", SEED_UNIT])}

        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser(
                "admin", "admin@renaksi.local", DEMO_PASSWORD, full_name="Superadmin Renaksi"
            )
        for username, full_name, code, role, position in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username, f"{username}@renaksi.local", DEMO_PASSWORD, full_name=full_name
                )
            Membership.objects.get_or_create(
                user=user, unit=units[code], role=role, defaults={"position": position}
            )
        return units

    def _seed_plan(self, units):
        if not Plan.objects.filter(unit=units[SEED_UNIT], year=SEED_YEAR).exists():
            seed = settings.BASE_DIR / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
            plan = plan_import_file(
                unit=units[SEED_UNIT],
                year=SEED_YEAR,
                filename=seed.name,
                data=seed.read_bytes(),
                actor=User.objects.get(username="sekretaris"),
            )
            self.stdout.write(_("Rencana aksi seed diimpor: %(plan)s") % {"plan": plan})

    def _print_accounts(self, units):
        self.stdout.write("")
        self.stdout.write(_("Akun demo (kata sandi untuk semua: %(pw)s):") % {"pw": DEMO_PASSWORD})
        self.stdout.write(f"  {'admin':<12} {_('Superadmin (semua unit, /admin/)')}")
        for username, _full, code, role, _pos in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {role.label} — {units[code].name}")
