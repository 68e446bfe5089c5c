from renaksi.conftest import small_parsed_plan
from renaksi.plans.models import Area, ReformArea
from renaksi.plans.services import plan_import


def test_it_maps_areas_even_when_the_road_map_table_was_emptied(tree, people):
    # A flushed test database (or a hand-emptied table) must not silently drop the mapping.
    ReformArea.objects.all().delete()
    plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sekretaris,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )
    assert ReformArea.objects.count() == 8
    assert sorted(Area.objects.values_list("reform_area__number", flat=True)) == [1, 4]
