"""PIC usernames in an import resolve among the unit's members only (pen-test finding)."""

from renaksi.conftest import UserFactory, small_parsed_plan
from renaksi.plans.models import ImportReport, Indicator
from renaksi.plans.services import plan_import


def _import_with_pics(unit, actor, pics: list[str]):
    parsed = small_parsed_plan()
    for indicator, pic in zip(parsed.iter_indicators(), pics, strict=False):
        indicator.pic = pic
    return plan_import(
        unit=unit,
        year=2023,
        parsed=parsed,
        actor=actor,
        source_name="pic.json",
        source_bytes=b"{}",
        source_format="json",
    )


def test_a_sibling_unit_cannot_learn_which_usernames_exist(tree, people):
    superuser = UserFactory(username="root_admin")
    superuser.is_superuser = True
    superuser.save()
    plan = _import_with_pics(
        tree.bengkulu_selatan,
        people.sibling_sekretaris,
        # Another unit's account, the superuser, a name nobody has, and the unit's own member.
        ["pelaksana_bt", "root_admin", "tidak_ada_sama_sekali", "sekretaris_bs"],
    )
    by_pic_name = {
        i.pic_name or i.pic.username: i
        for i in Indicator.objects.filter(activity__area__plan=plan).select_related("pic")
    }
    # Foreign accounts are not linked: they stay text, like a name nobody has.
    assert by_pic_name["pelaksana_bt"].pic is None
    assert by_pic_name["root_admin"].pic is None
    assert by_pic_name["tidak_ada_sama_sekali"].pic is None
    assert by_pic_name["sekretaris_bs"].pic == people.sibling_sekretaris
    findings = [
        f for f in ImportReport.objects.get(plan=plan).findings if f["code"] == "pic_not_member"
    ]
    assert sorted(f["params"]["name"] for f in findings) == [
        "pelaksana_bt",
        "root_admin",
        "tidak_ada_sama_sekali",
    ]
    # The three findings read alike: nothing tells an existing account from a missing one.
    assert {tuple(sorted(f)) for f in findings} == {("code", "line", "params", "severity")}
    assert len({f["severity"] for f in findings}) == 1


def test_a_written_name_with_spaces_is_kept_without_a_finding(tree, people):
    plan = _import_with_pics(tree.bengkulu_tengah, people.sekretaris, ["Kasubbag Hukum"])
    assert not [
        f for f in ImportReport.objects.get(plan=plan).findings if f["code"] == "pic_not_member"
    ]
    assert Indicator.objects.filter(activity__area__plan=plan, pic_name="Kasubbag Hukum").exists()
