"""Keys chosen in a form are read without an upper bound.

A long-lived database (or the PostgreSQL test run, whose sequences are never reset) hands out
keys past 10,000: an indicator, an officer or a reporter chosen by such a key must still be found.
"""

from datetime import date

from django.urls import reverse

from renaksi.conftest import UserFactory
from renaksi.organisations.models import Membership
from renaksi.plans.models import Indicator
from renaksi.registers import services
from renaksi.registers.models import Gratification, IndicatorBinding, RegisterOfficer

BIG = 9_000_000


def test_an_indicator_with_a_large_key_is_bound_from_the_page(client, tree, people, small_plan):
    activity = small_plan.areas.first().activities.first()
    indicator = Indicator.objects.create(
        pk=BIG, activity=activity, position=99, text="Indikator dengan kunci besar"
    )
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("binding_list", args=[tree.bengkulu_tengah.pk]),
        {"indicator": str(indicator.pk), "register": "ppid", "figure": "on_time_pct"},
    )
    assert response.status_code == 302
    assert IndicatorBinding.objects.get().indicator_id == BIG


def test_an_officer_with_a_large_key_is_assigned_a_complaint(client, tree, people):
    officer = UserFactory(pk=BIG + 1, username="petugas_pengaduan")
    Membership.objects.create(user=officer, unit=tree.bengkulu_tengah, role="pelaksana")
    RegisterOfficer.objects.create(
        unit=tree.bengkulu_tengah, user=officer, role=RegisterOfficer.Role.PENGADUAN
    )
    complaint = services.complaint_submit(
        unit=tree.bengkulu_tengah,
        subject="Keluhan",
        body="Antrean terlalu panjang.",
        anonymous=True,
        on=date(2022, 5, 2),
    )
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("complaint_act", args=[complaint.pk]),
        {"action": "assign", "officer": str(officer.pk)},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.officer_id == officer.pk


def test_the_upg_reports_for_an_employee_with_a_large_key(client, tree, people, upg):
    employee = UserFactory(pk=BIG + 2, username="pegawai_besar")
    Membership.objects.create(user=employee, unit=tree.bengkulu_tengah, role="pelaksana")
    client.force_login(upg)
    response = client.post(
        reverse("gratification_new"),
        {
            "unit": str(tree.bengkulu_tengah.pk),
            "reporter": str(employee.pk),
            "received_on": "2022-04-28",
            "giver_name": "CV Maju Jaya",
            "giver_relation": "rekanan",
            "occasion": "lainnya",
            "form": "barang",
            "description": "Parsel Lebaran",
            "estimated_value": "750.000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Gratification.objects.get().reporter_id == employee.pk
