import json

import pytest
from django.urls import reverse

from renaksi.plans.export import plan_export_data


def export_url(plan) -> str:
    return reverse("plan_export_json", kwargs={"pk": plan.pk})


def test_it_serves_the_plan_in_the_interchange_format(
    client, people, small_plan, django_assert_max_num_queries
):
    client.force_login(people.viewer)
    with django_assert_max_num_queries(20):
        response = client.get(export_url(small_plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="Rencana_RB_17.09_2023.json"'
    data = json.loads(response.content)
    assert data == json.loads(json.dumps(plan_export_data(plan=small_plan)))
    assert data["format"] == "renaksi-plan"
    assert data["year"] == 2023


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
def test_it_hides_the_export_from_people_who_cannot_see_the_plan(
    client, people, small_plan, persona
):
    client.force_login(getattr(people, persona))
    assert client.get(export_url(small_plan)).status_code == 404
