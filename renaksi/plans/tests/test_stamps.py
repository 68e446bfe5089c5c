"""A plan's change stamp follows the people and the unit its pages and documents name.

The plan grid, the dashboard and the generated documents are cached by the plan's stamp
(``plans.page_cache``, ``reports.queue.document_key``). They also show names kept outside the
plan: the PICs' names, the unit's name, the Sekretaris or Ketua who signs a monev report. A
rename or a new signer must therefore give the plan a new stamp, and a sign-in must not.
"""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from renaksi.conftest import PASSWORD
from renaksi.organisations.models import Membership, User
from renaksi.organisations.regions import UnitRow
from renaksi.organisations.services.memberships import membership_add, membership_remove
from renaksi.organisations.services.units import units_load
from renaksi.organisations.services.users import PersonRow, users_import
from renaksi.plans.models import Indicator, Plan
from renaksi.reports.queue import document_key


def _stamp(plan) -> str:
    return str(Plan.objects.get(pk=plan.pk).change_stamp)


def _monev_key(plan) -> str:
    fresh = Plan.objects.get(pk=plan.pk)
    return document_key(plan=fresh, kind="monev", fmt="pdf", params={}, today_matters=False)


def test_it_shows_a_pic_renamed_after_the_page_was_cached(client, people, small_plan):
    assert Indicator.objects.filter(activity__area__plan=small_plan, pic=people.pelaksana).exists()
    client.force_login(people.viewer)
    url = reverse("plan_detail", args=[small_plan.pk])
    cache.clear()
    assert "Pelaksana Baru Sekali" not in client.get(url).content.decode()
    key = _monev_key(small_plan)

    user = User.objects.get(pk=people.pelaksana.pk)
    user.full_name = "Pelaksana Baru Sekali"
    user.save()  # as the admin's change form saves it

    assert "Pelaksana Baru Sekali" in client.get(url).content.decode()
    assert _monev_key(small_plan) != key


def test_it_restamps_the_plans_of_a_person_renamed_by_a_users_import(people, small_plan, tree):
    stamp = _stamp(small_plan)
    row = PersonRow(
        line=2,
        username=people.sekretaris.username,
        name="Sekretaris Berganti Nama",
        email="",
        nip="",
        unit=tree.bengkulu_tengah.code,
        role=Membership.Role.SEKRETARIS,
    )
    users_import(rows=[row], actor=people.national_admin, source="pengguna.csv")
    assert _stamp(small_plan) != stamp


def test_a_sign_in_or_an_unrelated_field_keeps_the_stamp(client, people, small_plan):
    stamp = _stamp(small_plan)
    assert client.login(username=people.pelaksana.username, password=PASSWORD)  # last_login
    user = User.objects.get(pk=people.pelaksana.pk)
    user.email = "pelaksana@contoh.go.id"
    user.save(update_fields=["email"])
    assert _stamp(small_plan) == stamp


def test_it_restamps_the_plans_of_a_renamed_unit(people, small_plan, tree):
    stamp, key = _stamp(small_plan), _monev_key(small_plan)
    unit = tree.bengkulu_tengah
    row = UnitRow(
        line=2,
        code=unit.code,
        name="KPU Kabupaten Bengkulu Tengah (nama baru)",
        level=unit.level,
        parent_code=unit.parent.code,
        place=unit.place,
    )
    units_load(rows=[row], actor=people.national_admin, source="satker.csv")
    assert _stamp(small_plan) != stamp
    assert _monev_key(small_plan) != key


def test_a_new_or_removed_signer_restamps_the_units_plans(people, small_plan, tree):
    stamp = _stamp(small_plan)
    membership = membership_add(
        unit=tree.bengkulu_tengah,
        username="ketua_baru",
        role=Membership.Role.KETUA,
        actor=people.admin_unit,
        full_name="Ketua Baru",
    )
    after_add = _stamp(small_plan)
    assert after_add != stamp
    membership_remove(membership=membership, actor=people.admin_unit)
    assert _stamp(small_plan) != after_add


def test_a_change_elsewhere_keeps_the_stamp(people, small_plan, tree):
    stamp = _stamp(small_plan)
    membership_add(
        unit=tree.bengkulu_selatan,
        username="ketua_bs",
        role=Membership.Role.KETUA,
        actor=people.national_admin,
        full_name="Ketua Bengkulu Selatan",
    )
    user = User.objects.get(pk=people.sibling_sekretaris.pk)
    user.full_name = "Sekretaris Tetangga"
    user.save()
    assert _stamp(small_plan) == stamp
