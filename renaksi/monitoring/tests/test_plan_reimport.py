import json

import pytest

from renaksi.conftest import small_parsed_plan
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.tests.conftest import save
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import Indicator
from renaksi.plans.services import PlanWriteError, plan_import_file


def test_it_refuses_to_rebuild_a_plan_that_already_has_realisations(people, cells, tree):
    save(cells.sk, 1, people.pelaksana, status="in_progress", progress=40)
    with pytest.raises(PlanWriteError, match="sudah memiliki realisasi"):
        plan_import_file(
            unit=tree.bengkulu_tengah,
            year=2023,
            filename="ulang.json",
            data=json.dumps(parsed_to_json(small_parsed_plan())).encode(),
            actor=people.sekretaris,
            replace=True,
        )
    assert Realisation.objects.get(indicator=cells.sk, period=1).progress == 40
    assert Indicator.objects.filter(activity__area__plan__year=2023).count() == 4
