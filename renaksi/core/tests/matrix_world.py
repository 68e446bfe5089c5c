"""The world of the permission matrix: the shared unit tree and personas, a plan for four units,
and in each plan one realisation, one evidence file and one finished report job.

Built once per test module (see ``test_permission_matrix.world``); the builder itself only writes
through the services the application uses, except the report job, whose file the worker would
write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile

from renaksi.cascade.models import PlanTemplate, TemplateRecipient
from renaksi.cascade.services import Scope, template_publish
from renaksi.chain.models import MonitoringReport
from renaksi.chain.services import monitoring_report_submit
from renaksi.conftest import UnitFactory, UserFactory, member, small_parsed_plan
from renaksi.monitoring.models import Evidence, Realisation
from renaksi.monitoring.services import evidence_upload, realisation_save
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.files import upload
from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.models import Activity, Area, Indicator, Plan, SubActivity
from renaksi.plans.services import plan_import
from renaksi.reports.models import ReportJob

R = Membership.Role

# The personas of ``renaksi/conftest.py`` (``people``): name → (username, unit code, role).
PERSONAS: dict[str, tuple[str, str | None, str | None]] = {
    "sekretaris": ("sekretaris_bt", "17.09", R.SEKRETARIS),
    "admin_unit": ("admin_bt", "17.09", R.ADMIN),
    "asesor": ("asesor_bt", "17.09", R.ASESOR),
    # The "author of this version" relation: a Tim Asesor member of 17.09 who filled the 17.09
    # cell while they were its PIC (the PIC is pelaksana again): they may never verify it.
    "asesor_author": ("asesor_penulis_bt", "17.09", R.ASESOR),
    "pelaksana": ("pelaksana_bt", "17.09", R.PELAKSANA),
    "ketua": ("ketua_bt", "17.09", R.KETUA),
    "viewer": ("pembaca_bt", "17.09", R.VIEWER),
    "province_sekretaris": ("sekretaris_bengkulu", "17", R.SEKRETARIS),
    "national_admin": ("admin_ri", "RI", R.ADMIN),
    "sibling_sekretaris": ("sekretaris_bs", "17.01", R.SEKRETARIS),
    "other_province_sekretaris": ("sekretaris_sumsel", "16", R.SEKRETARIS),
    "outsider": ("tanpa_unit", None, None),
}

# Units whose objects are the targets of the matrix; every one has a 2023 plan.
TARGET_UNITS = ("17.09", "17", "17.01", "16.71")

# Indicator "Tersedianya SK" (PIC: pelaksana_bt in every plan), January: the cell of the matrix.
CELL_TEXT = "Tersedianya SK"
CELL_PERIOD = 1


@dataclass
class Target:
    """Everything of one unit a route can point at."""

    unit: Unit
    plan: Plan
    area: Area
    activity: Activity
    sub_activity: SubActivity
    indicator: Indicator  # unique text per unit, so a leak is recognisable
    period: int
    realisation: Realisation
    evidence: Evidence
    job: ReportJob
    # The template cascade: 17 publishes its 2023 plan to 17.09 and 17.01 (see world_build).
    template: PlanTemplate | None = None
    recipient: TemplateRecipient | None = None
    # The reporting chain: every target sent its TW I 2023 report to its parent (world_build).
    report: MonitoringReport | None = None
    # Objects of the apps that plug into the matrix (``matrix_rules.extend_world``), by name.
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    units: dict[str, Unit]
    users: dict[str, User]
    targets: dict[str, Target]


def _tree() -> dict[str, Unit]:
    # Same codes, names and levels as the ``tree`` fixture of renaksi/conftest.py.
    L = Unit.Level
    ri = UnitFactory(code="RI", name="KPU Republik Indonesia", level=L.NATIONAL)
    bengkulu = UnitFactory(code="17", name="KPU Provinsi Bengkulu", level=L.PROVINCE, parent=ri)
    sumsel = UnitFactory(
        code="16", name="KPU Provinsi Sumatera Selatan", level=L.PROVINCE, parent=ri
    )
    return {
        "RI": ri,
        "17": bengkulu,
        "16": sumsel,
        "17.09": UnitFactory(
            code="17.09",
            name="KPU Kabupaten Bengkulu Tengah",
            parent=bengkulu,
            place="Bengkulu Tengah",
        ),
        "17.01": UnitFactory(code="17.01", name="KPU Kabupaten Bengkulu Selatan", parent=bengkulu),
        "16.71": UnitFactory(code="16.71", name="KPU Kota Palembang", parent=sumsel),
    }


def _people(units: dict[str, Unit]) -> dict[str, User]:
    users = {}
    for name, (username, code, role) in PERSONAS.items():
        user = UserFactory(username=username)
        if code is not None:
            member(user, units[code], role)
        users[name] = user
    return users


def _target(unit: Unit) -> Target:
    parsed = small_parsed_plan()
    # Every indicator text names its unit: a denied page showing it would be a leak.
    for indicator in parsed.iter_indicators():
        indicator.text = f"{indicator.text} ({unit.code})"
    plan = plan_import(
        unit=unit,
        year=2023,
        parsed=parsed,
        actor=None,  # the system, as the import command: the world is not what is tested
        source_name=f"matriks-{unit.code}.json",
        source_bytes=b"{}",
        source_format="json",
    )
    indicator = Indicator.objects.select_related("activity__area", "sub_activity").get(
        activity__area__plan=plan, text=f"{CELL_TEXT} ({unit.code})"
    )
    realisation = realisation_save(
        indicator=indicator,
        period=CELL_PERIOD,
        actor=None,
        expected_version=0,
        status=Realisation.Status.IN_PROGRESS,
        progress=50,
        narrative=f"SK sedang disusun di {unit.code}",
    )
    evidence = evidence_upload(
        realisation=realisation,
        upload=upload(f"SK {unit.code}.pdf", files.PDF + f"% {unit.code}\n".encode()),
        actor=None,
    )
    job = ReportJob(
        plan=plan,
        kind=ReportJob.Kind.LAMPIRAN,
        format=ReportJob.Format.PDF,
        status=ReportJob.Status.DONE,
        progress=100,
        file_name=f"Lampiran {unit.code}.pdf",
    )
    job.file.save(f"lampiran-{unit.code}.pdf", ContentFile(files.PDF), save=False)
    job.save()
    return Target(
        unit=unit,
        plan=plan,
        area=indicator.activity.area,
        activity=indicator.activity,
        sub_activity=indicator.sub_activity,
        indicator=indicator,
        period=CELL_PERIOD,
        realisation=realisation,
        evidence=evidence,
        job=job,
    )


def _authored_by(target: Target, author: User) -> None:
    """The author writes the cell's current version as its PIC; then the PIC changes back."""
    indicator = target.indicator
    pic = indicator.pic
    Indicator.objects.filter(pk=indicator.pk).update(pic=author)
    target.realisation = realisation_save(
        indicator=indicator,
        period=target.period,
        actor=author,
        expected_version=target.realisation.version,
        status=Realisation.Status.IN_PROGRESS,
        progress=60,
        narrative=f"SK sedang disusun di {target.unit.code} (diisi asesor)",
    )
    Indicator.objects.filter(pk=indicator.pk).update(pic=pic)


def world_build() -> World:
    units = _tree()
    users = _people(units)
    targets = {code: _target(units[code]) for code in TARGET_UNITS}
    _authored_by(targets["17.09"], users["asesor_author"])
    province = targets["17"]
    province.template = template_publish(plan=province.plan, actor=None, scope=Scope.CHILDREN)
    for recipient in province.template.recipients.select_related("unit"):
        targets[recipient.unit.code].recipient = recipient
    for code in TARGET_UNITS:
        targets[code].report = monitoring_report_submit(
            plan=targets[code].plan, number=1, actor=None, today=date(2023, 4, 10)
        )
        # The PDF, which the background task would lay out from the snapshot.
        submission = targets[code].report.submissions.get()
        submission.pdf.save(f"laporan-{code}.pdf", ContentFile(files.PDF), save=True)
    return World(units=units, users=users, targets=targets)
