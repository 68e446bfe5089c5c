"""Every persona × every action: allowed ones change the database, denied ones change nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from renaksi.monitoring.models import Evidence, Realisation, RealisationEvent
from renaksi.monitoring.selectors import (
    evidence_list_visible,
    realisation_get,
    realisation_list_visible,
)
from renaksi.monitoring.services import (
    evidence_upload,
    realisation_reopen,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.files import PDF, upload

S = Realisation.ReviewState

PERSONAS = [
    "pelaksana",  # the PIC of the cell
    "sekretaris",
    "admin_unit",
    "asesor",
    "viewer",
    "ketua",
    "province_sekretaris",
    "national_admin",
    "sibling_sekretaris",
    "other_province_sekretaris",
    "outsider",
]
EDITORS = {"pelaksana", "sekretaris", "admin_unit"}
READERS = {
    "pelaksana",
    "sekretaris",
    "admin_unit",
    "asesor",
    "viewer",
    "ketua",
    "province_sekretaris",
    "national_admin",
}


def _save(realisation, actor):
    return realisation_save(
        indicator=realisation.indicator,
        period=realisation.period,
        actor=actor,
        expected_version=realisation.version,
        status=Realisation.Status.DONE,
        progress=100,
        narrative="SK ditetapkan",
    )


def _upload(realisation, actor):
    return evidence_upload(realisation=realisation, upload=upload("sk.pdf", PDF), actor=actor)


ACTIONS = {
    # action: (state to start from, call, review state after, who may)
    "save": (S.DRAFT, _save, S.DRAFT, EDITORS),
    "submit": (
        S.DRAFT,
        lambda r, a: realisation_submit(realisation=r, actor=a),
        S.SUBMITTED,
        EDITORS,
    ),
    "verify": (
        S.SUBMITTED,
        lambda r, a: realisation_verify(realisation=r, actor=a),
        S.VERIFIED,
        {"asesor"},
    ),
    "return": (
        S.SUBMITTED,
        lambda r, a: realisation_return(realisation=r, actor=a, note="Tambahkan SK"),
        S.RETURNED,
        {"asesor"},
    ),
    "reopen": (
        S.VERIFIED,
        lambda r, a: realisation_reopen(realisation=r, actor=a, reason="Salah nomor SK"),
        S.DRAFT,
        {"sekretaris"},
    ),
    "upload": (S.DRAFT, _upload, S.DRAFT, EDITORS),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_it_allows_each_action_only_to_its_roles(people, realisation_in, persona, action):
    start, call, after, allowed = ACTIONS[action]
    realisation = realisation_in(start)
    before_events = RealisationEvent.objects.count()
    before_version = realisation.version
    user = getattr(people, persona)
    if persona in allowed:
        result = call(realisation, user)
        realisation.refresh_from_db()
        assert realisation.review_state == after
        assert realisation.events.last().actor == user
        if action == "upload":
            assert result.uploaded_by == user
            assert realisation.evidence.get() == result
            assert realisation.version == before_version  # evidence does not stale open forms
        else:
            assert result.version == realisation.version == before_version + 1
    else:
        with pytest.raises(PermissionDenied):
            call(realisation, user)
        fresh = Realisation.objects.get(pk=realisation.pk)
        assert fresh.review_state == start
        assert fresh.version == realisation.version
        assert RealisationEvent.objects.count() == before_events
        assert not Evidence.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_realisations_and_evidence_only_to_readers(people, tree, realisation_in, persona):
    realisation = realisation_in(S.DRAFT)
    _upload(realisation, people.pelaksana)
    user = getattr(people, persona)
    visible = list(realisation_list_visible(user=user))
    library = list(evidence_list_visible(user=user, unit=tree.bengkulu_tengah))
    assert user.has_perm("monitoring.view_realisation", realisation) is (persona in READERS)
    if persona in READERS:
        assert visible == [realisation]
        assert realisation_get(user=user, pk=realisation.pk) == realisation
        assert len(library) == 1
        assert user.has_perm("monitoring.view_evidence", library[0])
    else:
        assert visible == []
        assert library == []
        with pytest.raises(Http404):
            realisation_get(user=user, pk=realisation.pk)


def test_it_lets_a_pic_edit_only_their_own_cells(people, cells):
    with pytest.raises(PermissionDenied):
        realisation_save(
            indicator=cells.tim,  # no PIC
            period=1,
            actor=people.pelaksana,
            expected_version=0,
            status=Realisation.Status.IN_PROGRESS,
            progress=10,
        )
    assert not Realisation.objects.exists()


def test_it_stops_a_pic_who_left_the_unit(people, cells):
    people.pelaksana.memberships.all().delete()
    with pytest.raises(PermissionDenied):
        realisation_save(
            indicator=cells.sk,
            period=1,
            actor=people.pelaksana,
            expected_version=0,
            status=Realisation.Status.IN_PROGRESS,
            progress=10,
        )


def test_it_does_not_let_an_assessor_verify_their_own_cell(people, cells):
    cells.sk.pic = people.asesor
    cells.sk.save()
    realisation = realisation_save(
        indicator=cells.sk,
        period=1,
        actor=people.asesor,
        expected_version=0,
        status=Realisation.Status.IN_PROGRESS,
        progress=10,
    )
    realisation = realisation_submit(realisation=realisation, actor=people.asesor)
    with pytest.raises(PermissionDenied):
        realisation_verify(realisation=realisation, actor=people.asesor)
    realisation.refresh_from_db()
    assert realisation.review_state == S.SUBMITTED
