from datetime import date

from renaksi.conftest import UserFactory, member, small_parsed_plan
from renaksi.organisations.models import Membership
from renaksi.plans.services import plan_import
from renaksi.registers.demo import seed_demo_extension
from renaksi.registers.interchange import export_rows
from renaksi.registers.models import (
    Complaint,
    Declaration,
    Gratification,
    InfoRequest,
    RegisterEvent,
)

R = Membership.Role


def test_the_demo_fills_every_register_with_a_realistic_year(tree, holidays_seeded):
    unit = tree.bengkulu_tengah
    for name, role in [
        ("sekretaris", R.SEKRETARIS), ("ketua", R.KETUA), ("pelaksana", R.PELAKSANA),
        ("asesor", R.ASESOR), ("adminunit", R.ADMIN), ("agen", R.AGEN_PERUBAHAN),
    ]:  # fmt: skip
        member(UserFactory(username=name), unit, role)
    plan = plan_import(
        unit=unit, year=2022, parsed=small_parsed_plan(), actor=None,
        source_name="x.json", source_bytes=b"{}", source_format="json",
    )  # fmt: skip
    today = date(2022, 9, 15)
    seed_demo_extension(plan=plan, today=today)
    counts = (
        Complaint.objects.count(),
        InfoRequest.objects.count(),
        Gratification.objects.count(),
        Declaration.objects.count(),
    )
    assert counts == (12, 7, 4, 5)
    complaints = {
        r["code"]: r for r in export_rows(unit=unit, kind="pengaduan", year=2022, today=today)
    }
    assert sum(r["overdue"] for r in complaints.values()) >= 2  # late items on purpose
    lebaran = InfoRequest.objects.get(received_on=date(2022, 4, 28))
    # 10 + 7 working days from 28 April across Idul Fitri and its cuti bersama: 3 June.
    assert lebaran.extended_on and lebaran.answered_on == date(2022, 6, 2)
    first = Complaint.objects.get(received_on=date(2022, 4, 28))
    assert first.first_response_on == date(2022, 5, 9)  # the first working day after the break
    late_gift = Gratification.objects.get(description="Biaya penginapan narasumber")
    from renaksi.registers.selectors.due import Clock

    assert Clock([2022]).gratification_reported_late(late_gift)
    parcel = Gratification.objects.get(description="Parsel Lebaran dari penyedia ATK")
    assert (parcel.incomplete_on, parcel.completed_on, parcel.forwarded_on) == (
        date(2022, 5, 10), date(2022, 5, 12), date(2022, 5, 12),
    )  # fmt: skip
    assert list(parcel.events.values_list("action", flat=True)) == [
        "reported", "incomplete", "completed", "forwarded", "decided",
    ]  # fmt: skip
    # History carries the day of each step.
    assert RegisterEvent.objects.filter(
        complaint=first, action="responded"
    ).get().created_at.date() == date(2022, 5, 9)
    events = RegisterEvent.objects.count()
    seed_demo_extension(plan=plan, today=today)  # idempotent
    assert RegisterEvent.objects.count() == events
