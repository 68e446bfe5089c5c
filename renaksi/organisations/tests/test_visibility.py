import pytest

from renaksi.organisations.selectors import unit_list_manageable, unit_list_visible


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_it_shows_a_regency_member_only_their_own_unit(people):
    assert codes(unit_list_visible(user=people.asesor)) == ["17.09"]


def test_it_shows_a_province_member_the_province_and_its_regencies(people):
    assert codes(unit_list_visible(user=people.province_sekretaris)) == ["17", "17.01", "17.09"]


def test_it_shows_a_national_member_the_whole_tree(people):
    assert codes(unit_list_visible(user=people.national_admin)) == [
        "16",
        "16.71",
        "17",
        "17.01",
        "17.09",
        "RI",
    ]


def test_it_shows_an_outsider_nothing(people):
    assert codes(unit_list_visible(user=people.outsider)) == []


def test_it_lets_only_sekretaris_and_admin_manage_their_own_unit(people, tree):
    assert codes(unit_list_manageable(user=people.sekretaris)) == ["17.09"]
    assert codes(unit_list_manageable(user=people.admin_unit)) == ["17.09"]
    assert codes(unit_list_manageable(user=people.asesor)) == []
    assert codes(unit_list_manageable(user=people.province_sekretaris)) == ["17"]


@pytest.mark.parametrize(
    ("persona", "can_view", "can_change"),
    [
        ("sekretaris", True, True),
        ("admin_unit", True, True),
        ("asesor", True, False),
        ("pelaksana", True, False),
        ("ketua", True, False),
        ("viewer", True, False),
        ("province_sekretaris", True, False),
        ("national_admin", True, False),
        ("sibling_sekretaris", False, False),
        ("other_province_sekretaris", False, False),
        ("outsider", False, False),
    ],
)
def test_it_applies_the_tree_to_plan_permissions(people, small_plan, persona, can_view, can_change):
    user = getattr(people, persona)
    assert user.has_perm("plans.view_plan", small_plan) is can_view
    assert user.has_perm("plans.change_plan", small_plan) is can_change


def test_it_finds_visible_units_in_one_query(people, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(unit_list_visible(user=people.national_admin))
