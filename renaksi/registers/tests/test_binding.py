from datetime import date

import pytest
from django.urls import reverse

from renaksi.monitoring.models import Realisation
from renaksi.plans.models import Indicator
from renaksi.registers import services
from renaksi.registers.models import IndicatorBinding

D = date


def complaint(unit, on, text):
    return services.complaint_submit(
        unit=unit, subject="Keluhan", body=f"Keluhan tentang {text}.", anonymous=True, on=on
    )


def test_a_bound_indicator_gets_its_realisation_proposed_with_the_report_as_evidence(
    client, tree, people, small_plan, holidays_seeded
):
    indicator = small_plan.areas.first().activities.first().indicators.first()
    Indicator.objects.filter(pk=indicator.pk).update(pic=people.pelaksana)  # the cell's PIC
    with pytest.raises(services.RegisterError, match="tidak tersedia"):
        services.binding_set(
            indicator=indicator,
            register="gratifikasi",
            figure="signed_pct",
            actor=people.sekretaris,
        )
    binding = services.binding_set(
        indicator=indicator, register="pengaduan", figure="received", actor=people.sekretaris
    )
    year = small_plan.year
    complaint(tree.bengkulu_tengah, D(year, 2, 3), "antrean")
    complaint(tree.bengkulu_tengah, D(year, 2, 17), "loket")
    complaint(tree.bengkulu_tengah, D(year, 3, 1), "website")  # another month
    client.force_login(people.pelaksana)  # the PIC
    response = client.post(reverse("binding_propose", args=[binding.pk]), {"period": "2"})
    assert response.status_code == 302
    r = Realisation.objects.get(indicator=indicator, period=2)
    assert r.review_state == "draft" and "= 2." in r.narrative
    assert [e.evidence.display_name for e in r.evidence_links.select_related("evidence")] == [
        f"register-pengaduan-17.09-{year}-02.xlsx"
    ]
    # Proposing again updates the draft and keeps the one report.
    complaint(tree.bengkulu_tengah, D(year, 2, 20), "parkir")
    client.post(reverse("binding_propose", args=[binding.pk]), {"period": "2"})
    r.refresh_from_db()
    assert "= 3." in r.narrative
    client.force_login(people.viewer)
    assert (
        client.post(reverse("binding_propose", args=[binding.pk]), {"period": "2"}).status_code
        == 403
    )


def test_managers_bind_an_indicator_from_the_page(client, tree, people, small_plan):
    indicator = small_plan.areas.first().activities.first().indicators.first()
    client.force_login(people.sekretaris)
    url = reverse("binding_list", args=[tree.bengkulu_tengah.pk])
    response = client.post(
        url, {"indicator": indicator.pk, "register": "ppid", "figure": "on_time_pct"}
    )
    assert response.status_code == 302
    assert IndicatorBinding.objects.get().figure == "on_time_pct"
    assert indicator.text[:40] in client.get(url).content.decode()


def test_the_dashboard_and_the_roll_up_show_the_register_figures(
    client, tree, people, small_plan, holidays_seeded, django_assert_max_num_queries
):
    """The pages hold a slot that htmx fills from a fragment, so their own query counts stay."""
    import re

    complaint(tree.bengkulu_tengah, D(small_plan.year, 2, 3), "antrean")
    client.force_login(people.province_sekretaris)
    dashboard = client.get(reverse("plan_dashboard", args=[small_plan.pk])).content.decode()
    slot = re.search(r'hx-get="([^"]+)"[^>]*data-testid="register-figures-slot"', dashboard)
    assert slot and slot.group(1) == reverse("register_figures_plan", args=[small_plan.pk])
    with django_assert_max_num_queries(16):
        card = client.get(slot.group(1)).content.decode()
    assert 'data-testid="register-figures"' in card
    rollup = client.get(reverse("unit_rollup", args=[tree.bengkulu.pk, small_plan.year]))
    slot = re.search(
        r'hx-get="([^"]+)"[^>]*data-testid="register-figures-rollup-slot"', rollup.content.decode()
    )
    assert slot
    with django_assert_max_num_queries(16):
        text = client.get(slot.group(1)).content.decode()
    assert 'data-testid="register-rollup"' in text and 'data-unit="17.09"' in text
