"""The menu's "Survei (SKM)" entry: the user's own units' survey pages, never another unit's."""

from django.urls import reverse

from renaksi.conftest import UserFactory
from renaksi.organisations.models import Membership


def test_a_member_of_one_unit_goes_straight_to_its_surveys(client, people, tree):
    client.force_login(people.pelaksana)
    response = client.get(reverse("surveys:survey_start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:survey_home", args=[tree.bengkulu_tengah.pk])


def test_a_member_of_several_units_chooses_among_them_only(client, people, tree):
    Membership.objects.create(user=people.pelaksana, unit=tree.bengkulu, role="viewer")
    client.force_login(people.pelaksana)
    html = client.get(reverse("surveys:survey_start")).content.decode()
    assert reverse("surveys:survey_home", args=[tree.bengkulu_tengah.pk]) in html
    assert reverse("surveys:survey_home", args=[tree.bengkulu.pk]) in html
    assert reverse("surveys:survey_home", args=[tree.bengkulu_selatan.pk]) not in html
    assert tree.sumsel.name not in html


def test_someone_without_a_unit_is_told_what_to_do(client, db):
    client.force_login(UserFactory(username="baru"))
    html = client.get(reverse("surveys:survey_start")).content.decode()
    assert "belum tercatat sebagai anggota satuan kerja" in html


def test_the_menu_links_to_it(client, people):
    client.force_login(people.viewer)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("surveys:survey_start")}"' in html and "Survei (SKM)" in html


def test_it_reads_in_english_too(client, db):
    client.force_login(UserFactory(username="baru"))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("surveys:survey_start")).content.decode()
    assert "Surveys (SKM)" in html and "not yet a member of any unit" in html
