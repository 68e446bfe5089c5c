"""Members of a unit are managed by the administrators of that unit and of the units above."""

import pytest
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.organisations.models import Membership, User

pytestmark = pytest.mark.django_db


def test_a_national_administrator_adds_a_new_person_to_a_regency(client, tree, people):
    client.force_login(people.national_admin)
    url = reverse("unit_members", args=[tree.bengkulu_tengah.pk])
    response = client.post(
        url,
        {"username": "rina", "role": "pelaksana", "full_name": "Rina", "email": "rina@kpu.go.id"},
    )
    assert response.status_code == 302
    rina = User.objects.get(username="rina")
    assert not rina.has_usable_password()
    assert Membership.objects.filter(
        user=rina, unit=tree.bengkulu_tengah, role="pelaksana"
    ).exists()
    event = AuditEvent.objects.get(action="membership.add")
    assert event.actor == people.national_admin and event.data["new_account"] is True
    page = client.get(url)
    assert "rina" in page.content.decode() and "Tim Pelaksana" in page.content.decode()


def test_a_second_identical_role_is_refused_at_the_field(client, tree, people):
    client.force_login(people.admin_unit)
    url = reverse("unit_members", args=[tree.bengkulu_tengah.pk])
    response = client.post(url, {"username": people.sekretaris.username, "role": "sekretaris"})
    assert response.status_code == 200
    assert "sudah memegang peran itu" in response.content.decode()
    assert Membership.objects.filter(user=people.sekretaris, role="sekretaris").count() == 1


def test_the_sekretaris_may_not_manage_members_and_a_stranger_sees_nothing(client, tree, people):
    client.force_login(people.sekretaris)
    assert client.get(reverse("unit_members", args=[tree.bengkulu_tengah.pk])).status_code == 403
    client.force_login(people.admin_unit)  # administrator of 17.09: not of its parent
    assert client.get(reverse("unit_members", args=[tree.bengkulu.pk])).status_code == 404


def test_an_administrator_removes_a_role_but_not_their_own_admin_role(client, tree, people):
    client.force_login(people.admin_unit)
    viewer = Membership.objects.get(user=people.viewer)
    url = reverse("unit_member_remove", args=[tree.bengkulu_tengah.pk, viewer.pk])
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    assert AuditEvent.objects.filter(action="membership.remove").count() == 1
    own = Membership.objects.get(user=people.admin_unit, role="admin")
    client.post(reverse("unit_member_remove", args=[tree.bengkulu_tengah.pk, own.pk]))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_members_page_runs_a_fixed_number_of_queries(
    client, tree, people, django_assert_max_num_queries
):
    client.force_login(people.national_admin)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("unit_members", args=[tree.bengkulu_tengah.pk])).status_code == 200
        )
