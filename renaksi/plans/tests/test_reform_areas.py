import pytest

from renaksi.plans.models import ReformArea


# Transactional on purpose: pytest-django runs these after the ordinary tests, so this one also
# proves that the browser tests (which flush the database) give the migration rows back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_the_eight_road_map_areas_seeded_by_migration():
    assert list(ReformArea.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
