from datetime import date

import pytest

from renaksi.surveys import services


@pytest.fixture
def questionnaire(tree, people):
    return services.questionnaire_create(
        unit=tree.bengkulu_tengah,
        title="SKM 2022",
        start=date(2022, 1, 1),
        end=date(2022, 12, 31),
        actor=people.sekretaris,
    )


@pytest.fixture
def service(tree, people):
    return services.service_create(
        unit=tree.bengkulu_tengah, name="Pelayanan PPID", population=100, actor=people.sekretaris
    )
