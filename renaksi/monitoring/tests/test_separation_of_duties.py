"""Nobody verifies or returns a cell they wrote, whatever roles they hold (pen-test finding)."""

import pytest
from django.core.exceptions import PermissionDenied

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    realisation_return,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.conftest import save
from renaksi.organisations.models import Membership
from renaksi.plans.models import Indicator

S = Realisation.ReviewState


def test_a_sekretaris_who_is_also_asesor_cannot_verify_what_they_saved_and_submitted(
    people, cells, tree
):
    both = people.sekretaris
    Membership.objects.create(user=both, unit=tree.bengkulu_tengah, role=Membership.Role.ASESOR)
    r = save(cells.tim, 1, both, status="done", progress=100)
    r = realisation_submit(realisation=r, actor=both)
    with pytest.raises(PermissionDenied):
        realisation_verify(realisation=r, actor=both)
    with pytest.raises(PermissionDenied):
        realisation_return(realisation=r, actor=both, note="kembali")
    r.refresh_from_db()
    assert r.review_state == S.SUBMITTED and r.verified_at is None
    # Another assessor of the unit verifies it.
    assert realisation_verify(realisation=r, actor=people.asesor).review_state == S.VERIFIED


def test_an_assessor_cannot_verify_a_cell_they_filled_once_the_pic_changed(people, cells):
    asesor = people.asesor
    Indicator.objects.filter(pk=cells.sk.pk).update(pic=asesor)
    cells.sk.refresh_from_db()
    r = save(cells.sk, 1, asesor, status="done", progress=100, narrative="Saya yang mengisi")
    # The PIC moves to someone else; the assessor is no longer PIC of the cell.
    Indicator.objects.filter(pk=cells.sk.pk).update(pic=people.pelaksana)
    r = realisation_submit(realisation=r, actor=people.pelaksana)
    assert not asesor.has_perm("monitoring.verify_realisation", r)
    with pytest.raises(PermissionDenied):
        realisation_verify(realisation=r, actor=asesor)
    r.refresh_from_db()
    assert r.review_state == S.SUBMITTED


def test_the_cell_page_offers_no_verification_to_its_author(client, people, cells, tree):
    both = people.sekretaris
    Membership.objects.create(user=both, unit=tree.bengkulu_tengah, role=Membership.Role.ASESOR)
    r = save(cells.tim, 1, both, status="done", progress=100)
    r = realisation_submit(realisation=r, actor=both)
    client.force_login(both)
    plan = cells.tim.activity.area.plan
    url = f"/rencana/{plan.pk}/sel/{cells.tim.pk}/1/verifikasi/"
    page = client.get(f"/rencana/{plan.pk}/sel/{cells.tim.pk}/1/")
    assert page.status_code == 200 and 'verifikasi/"' not in page.content.decode()
    response = client.post(url, {"version": r.version, "note": ""})
    assert response.status_code in (403, 404)
    r.refresh_from_db()
    assert r.review_state == S.SUBMITTED
