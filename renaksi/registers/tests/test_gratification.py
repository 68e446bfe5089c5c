from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from renaksi.registers import services
from renaksi.registers.models import Gratification
from renaksi.registers.selectors.due import Clock
from renaksi.registers.services.gratification import threshold_check

D = date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("occasion", "form", "value", "received_on", "under", "regulation"),
    [
        # Weddings and religious ceremonies: Rp 1 000 000 per giver, then Rp 1 500 000.
        ("upacara", "uang", 1_000_000, D(2025, 12, 31), True, "Peraturan KPK 2/2019"),
        ("upacara", "uang", 1_200_000, D(2025, 12, 31), False, "Peraturan KPK 2/2019"),
        ("upacara", "uang", 1_200_000, D(2026, 1, 1), True, "Peraturan KPK 1/2026"),
        ("upacara", "uang", 1_500_001, D(2026, 6, 1), False, "Peraturan KPK 1/2026"),
        # Colleagues, not money: Rp 200 000 per giver, then Rp 500 000.
        ("rekan", "barang", 200_000, D(2022, 5, 2), True, "Peraturan KPK 2/2019"),
        ("rekan", "barang", 350_000, D(2022, 5, 2), False, "Peraturan KPK 2/2019"),
        ("rekan", "barang", 350_000, D(2026, 3, 1), True, "Peraturan KPK 1/2026"),
        ("rekan", "uang", 100_000, D(2026, 3, 1), False, "Peraturan KPK 1/2026"),
        # Farewell gifts: Rp 300 000 under 2/2019; the category is gone in 1/2026.
        ("pisah_sambut", "barang", 300_000, D(2025, 7, 1), True, "Peraturan KPK 2/2019"),
        ("pisah_sambut", "barang", 400_000, D(2025, 7, 1), False, "Peraturan KPK 2/2019"),
        ("pisah_sambut", "barang", 400_000, D(2026, 7, 1), True, "Peraturan KPK 1/2026"),
        # Other gifts: always reported.
        ("lainnya", "barang", 1, D(2026, 7, 1), False, ""),
    ],
)
def test_the_threshold_in_force_on_the_receipt_date_applies(
    occasion, form, value, received_on, under, regulation
):
    check = threshold_check(
        occasion=occasion, form=form, value=Decimal(value), received_on=received_on
    )
    assert (check.under, check.regulation) == (under, regulation)


@pytest.mark.django_db
def test_the_yearly_total_from_one_giver_counts():
    before_2026 = threshold_check(
        occasion="rekan", form="barang", value=Decimal(150_000), received_on=D(2025, 3, 1),
        year_total_before=Decimal(900_000),
    )  # fmt: skip
    after = threshold_check(
        occasion="rekan", form="barang", value=Decimal(150_000), received_on=D(2026, 3, 1),
        year_total_before=Decimal(900_000),
    )  # fmt: skip
    assert (before_2026.under, after.under) == (False, True)


def report(unit, reporter, actor=None, **kw):
    data = {
        "received_on": D(2022, 4, 28),
        "giver_name": "CV Maju Jaya",
        "giver_relation": "rekanan",
        "occasion": "lainnya",
        "form": "barang",
        "description": "Parsel Lebaran",
        "estimated_value": "750.000",
        "on": D(2022, 5, 9),
    }
    data.update(kw)
    return services.gratification_report(
        unit=unit, reporter=reporter, actor=actor or reporter, **data
    )


def test_an_employee_reports_and_the_upg_forwards_to_the_kpk(tree, people, upg, holidays_seeded):
    g = report(tree.bengkulu_tengah, people.pelaksana)
    assert (g.number, g.estimated_value, g.under_threshold) == (
        "GRT/17.09/2022/0001", Decimal(750_000), False,
    )  # fmt: skip
    clock = Clock([2022])
    # Received 28 April 2022, the day before the Idul Fitri break: due to the UPG 23 May.
    assert not clock.gratification_reported_late(g)
    due = clock.gratification(g)
    assert due.step == "upg_to_kpk"
    with pytest.raises(PermissionDenied):
        services.gratification_forward(gratification=g, kpk_number="x", actor=people.sekretaris)
    g = services.gratification_forward(
        gratification=g, kpk_number="KPK-1", actor=upg, on=D(2022, 5, 10)
    )
    g = services.gratification_decide(
        gratification=g, decision="milik_negara", actor=upg, on=D(2022, 6, 1)
    )
    assert (g.status, g.closed_on) == ("milik_negara", D(2022, 6, 1))


def test_a_report_after_ten_working_days_is_marked_late(tree, people, holidays_seeded):
    g = report(tree.bengkulu_tengah, people.pelaksana, on=D(2022, 5, 24))
    assert Clock([2022]).gratification_reported_late(g)


def test_it_refuses_bad_values_and_reports_for_other_units(tree, people):
    with pytest.raises(services.RegisterError) as exc:
        report(tree.bengkulu_selatan, people.pelaksana, estimated_value="banyak")
    text = " ".join(exc.value.messages)
    assert "bukan anggota" in text and "angka rupiah" in text
    with pytest.raises(PermissionDenied):
        report(tree.bengkulu_tengah, people.pelaksana, actor=people.asesor)
    assert not Gratification.objects.exists()


def test_only_the_upg_and_the_reporter_see_a_report(client, tree, people, upg, holidays_seeded):
    g = report(tree.bengkulu_tengah, people.pelaksana)
    url = reverse("gratification_detail", args=[g.pk])
    for user in (people.pelaksana, upg):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and "CV Maju Jaya" in response.content.decode()
    for user, status in (
        (people.sekretaris, 403),  # the unit's manager is not UPG
        (people.asesor, 403),
        (people.province_sekretaris, 403),
        (people.sibling_sekretaris, 404),
        (people.outsider, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        assert "CV Maju Jaya" not in response.content.decode()
        listing = client.get(reverse("gratification_list")).content.decode()
        assert g.number not in listing


def test_the_upg_lists_its_units_reports(client, tree, people, upg, holidays_seeded):
    g = report(tree.bengkulu_tengah, people.pelaksana)
    client.force_login(upg)
    assert g.number in client.get(reverse("gratification_list")).content.decode()
