"""Fixtures of the cascade tests: the province's plan, and a template published from it."""

from __future__ import annotations

import pytest

from renaksi.cascade.models import TemplateRecipient
from renaksi.cascade.services import Scope, template_publish
from renaksi.conftest import small_parsed_plan
from renaksi.plans.services import plan_import

YEAR = 2023


@pytest.fixture
def province_plan(tree, people):
    """The small plan imported for KPU Provinsi Bengkulu (17), 2023."""
    return plan_import(
        unit=tree.bengkulu,
        year=YEAR,
        parsed=small_parsed_plan(),
        actor=people.province_sekretaris,
        source_name="provinsi.json",
        source_bytes=b"{}",
        source_format="json",
    )


@pytest.fixture
def template(province_plan, people):
    """Version 1 published by the province to its two regencies (17.01, 17.09)."""
    return template_publish(
        plan=province_plan, actor=people.province_sekretaris, scope=Scope.CHILDREN
    )


@pytest.fixture
def recipient_bt(template, tree) -> TemplateRecipient:
    return TemplateRecipient.objects.select_related("template__unit", "unit").get(
        template=template, unit=tree.bengkulu_tengah
    )


@pytest.fixture
def recipient_bs(template, tree) -> TemplateRecipient:
    return TemplateRecipient.objects.select_related("template__unit", "unit").get(
        template=template, unit=tree.bengkulu_selatan
    )
