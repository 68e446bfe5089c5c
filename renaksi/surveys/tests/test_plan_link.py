# ruff: noqa: E501
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from renaksi.monitoring.models import Realisation
from renaksi.plans.models import Indicator
from renaksi.surveys import plan_link, services
from renaksi.surveys.tests.test_services import record_example


@pytest.fixture
def indicator(small_plan):
    return Indicator.objects.filter(activity__area__plan=small_plan).order_by("pk").first()


def test_the_realisation_is_proposed_and_prefilled_as_a_draft(indicator, people, tree):
    plan = indicator.activity.area.plan
    questionnaire = services.questionnaire_create(
        unit=tree.bengkulu_tengah,
        title="SKM",
        start=date(plan.year, 1, 1),
        end=date(plan.year, 12, 31),
        actor=people.sekretaris,
    )
    plan_link.indicator_link_create(indicator=indicator, actor=people.sekretaris)
    record_example(questionnaire, people.sekretaris, when=date(plan.year, 8, 1))
    period = 8 if plan.period_count == 12 else 3
    proposal = plan_link.realisation_proposal(indicator=indicator, period=period)
    assert proposal.ikm == Decimal("91.48") and proposal.respondents == 29
    assert plan_link.realisation_proposal(indicator=indicator, period=1).ikm is None
    realisation = plan_link.realisation_prefill(
        indicator=indicator, period=period, actor=people.sekretaris
    )
    assert (
        realisation.value is None
    )  # the seed indicator has no numeric target: IKM in the narrative
    assert "IKM 91,48 (mutu A" in realisation.narrative
    indicator.target_value = Decimal("90")
    indicator.save(update_fields=["target_value"])
    again = plan_link.realisation_prefill(
        indicator=indicator, period=period, actor=people.sekretaris
    )
    assert Realisation.objects.get(pk=again.pk).value == Decimal("91.48")
    assert "29 responden" in realisation.narrative


def test_only_managers_link_an_indicator(indicator, people):
    with pytest.raises(PermissionDenied):
        plan_link.indicator_link_create(indicator=indicator, actor=people.viewer)


def test_period_dates():
    class P:
        year = 2022
        period_count = 4

    assert plan_link.period_dates(P, 3) == (date(2022, 7, 1), date(2022, 9, 30))
    P.period_count = 12
    assert plan_link.period_dates(P, 2) == (date(2022, 2, 1), date(2022, 2, 28))
