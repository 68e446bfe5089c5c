import pytest

from renaksi.audit.models import AuditEvent
from renaksi.monitoring.models import Realisation, RealisationEvent
from renaksi.monitoring.selectors import realisation_event_list
from renaksi.monitoring.services import (
    MonitoringWriteError,
    evidence_detach,
    evidence_link_add,
    evidence_upload,
    realisation_reopen,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import PDF, PNG, upload

S = Realisation.ReviewState
A = RealisationEvent.Action


def test_it_runs_the_whole_monthly_loop(people, cells):
    pic, asesor, sekretaris = people.pelaksana, people.asesor, people.sekretaris

    r = save(
        cells.sk,
        1,
        pic,
        status="in_progress",
        progress=60,
        value="60",
        narrative="Draf SK disusun",
        obstacles="Menunggu paraf",
        follow_up="Koordinasi",
    )
    assert (r.review_state, r.version, r.value) == (S.DRAFT, 1, 60)
    evidence = evidence_upload(realisation=r, upload=upload("draf-sk.pdf", PDF), actor=pic)

    r = realisation_submit(realisation=r, actor=pic)
    assert r.review_state == S.SUBMITTED and r.first_submitted_at == r.submitted_at
    first_submitted_at = r.first_submitted_at

    r = realisation_return(
        realisation=r, actor=asesor, note="Lampirkan SK yang sudah ditandatangani"
    )
    assert r.review_state == S.RETURNED

    r = save(
        cells.sk,
        1,
        pic,
        expected_version=r.version,
        status="done",
        progress=100,
        value="100",
        narrative="SK ditetapkan",
    )
    assert r.review_state == S.RETURNED  # still waiting to be resubmitted
    evidence_detach(realisation=r, evidence=evidence, actor=pic)
    signed = evidence_upload(realisation=r, upload=upload("sk-ttd.png", PNG), actor=pic)

    r = realisation_submit(realisation=r, actor=pic)
    assert r.first_submitted_at == first_submitted_at
    assert r.submitted_at > first_submitted_at

    r = realisation_verify(realisation=r, actor=asesor, note="Lengkap")
    assert r.review_state == S.VERIFIED and r.verified_at is not None

    # Verified: locked for every editor, for content and evidence alike.
    for actor in (pic, sekretaris):
        with pytest.raises(MonitoringWriteError, match="terverifikasi dan terkunci"):
            save(cells.sk, 1, actor, expected_version=r.version, status="done", progress=100)
        with pytest.raises(MonitoringWriteError, match="terkunci"):
            evidence_upload(realisation=r, upload=upload("lagi.pdf", PDF), actor=actor)
        with pytest.raises(MonitoringWriteError, match="terkunci"):
            evidence_detach(realisation=r, evidence=signed, actor=actor)
    with pytest.raises(MonitoringWriteError, match="alasan"):
        realisation_reopen(realisation=r, actor=sekretaris, reason="  ")

    r = realisation_reopen(realisation=r, actor=sekretaris, reason="Nomor SK salah ketik")
    assert r.review_state == S.DRAFT and r.verified_at is None
    r = save(
        cells.sk,
        1,
        pic,
        expected_version=r.version,
        status="done",
        progress=100,
        narrative="SK ditetapkan (nomor diperbaiki)",
    )

    db = Realisation.objects.get(pk=r.pk)
    assert db.narrative == "SK ditetapkan (nomor diperbaiki)"
    assert db.review_state == S.DRAFT and db.version == r.version == 8
    assert list(db.evidence.all()) == [signed]

    steps = list(
        realisation_event_list(user=people.viewer, realisation=r).values_list(
            "action", "actor__username", "from_state", "to_state", "note"
        )
    )
    assert steps == [
        (A.SAVED, "pelaksana_bt", S.DRAFT, S.DRAFT, ""),
        (A.EVIDENCE_ADDED, "pelaksana_bt", S.DRAFT, S.DRAFT, ""),
        (A.SUBMITTED, "pelaksana_bt", S.DRAFT, S.SUBMITTED, ""),
        (
            A.RETURNED,
            "asesor_bt",
            S.SUBMITTED,
            S.RETURNED,
            "Lampirkan SK yang sudah ditandatangani",
        ),
        (A.SAVED, "pelaksana_bt", S.RETURNED, S.RETURNED, ""),
        (A.EVIDENCE_REMOVED, "pelaksana_bt", S.RETURNED, S.RETURNED, ""),
        (A.EVIDENCE_ADDED, "pelaksana_bt", S.RETURNED, S.RETURNED, ""),
        (A.SUBMITTED, "pelaksana_bt", S.RETURNED, S.SUBMITTED, ""),
        (A.VERIFIED, "asesor_bt", S.SUBMITTED, S.VERIFIED, "Lengkap"),
        (A.REOPENED, "sekretaris_bt", S.VERIFIED, S.DRAFT, "Nomor SK salah ketik"),
        (A.SAVED, "pelaksana_bt", S.DRAFT, S.DRAFT, ""),
    ]
    # Row history (simple-history) has one version per content or state change.
    assert db.history.count() == 8
    assert db.history.first().history_user == pic
    assert list(db.history.values_list("review_state", flat=True))[:3] == [
        S.DRAFT,
        S.DRAFT,
        S.VERIFIED,
    ]
    audited = list(
        AuditEvent.objects.filter(object_type="monitoring.realisation")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert audited == [f"realisation.{s[0]}" for s in steps]
    assert AuditEvent.objects.filter(action="realisation.reopened").get().data["note"] == (
        "Nomor SK salah ketik"
    )


def test_it_requires_a_note_to_return(people, realisation_in):
    r = realisation_in(S.SUBMITTED)
    with pytest.raises(MonitoringWriteError, match="catatan"):
        realisation_return(realisation=r, actor=people.asesor, note=" \n ")
    r.refresh_from_db()
    assert r.review_state == S.SUBMITTED
    assert not r.events.filter(action=A.RETURNED).exists()


def test_it_locks_a_submitted_cell_until_it_is_returned(people, cells, realisation_in):
    r = realisation_in(S.SUBMITTED)
    with pytest.raises(MonitoringWriteError, match="menunggu verifikasi"):
        save(cells.sk, 1, people.pelaksana, expected_version=r.version)
    with pytest.raises(MonitoringWriteError, match="menunggu verifikasi"):
        evidence_link_add(realisation=r, url="https://kpu.go.id/sk", actor=people.pelaksana)
    with pytest.raises(MonitoringWriteError, match="sudah diajukan"):
        realisation_submit(realisation=r, actor=people.pelaksana)
    assert Realisation.objects.get(pk=r.pk).version == r.version


@pytest.mark.parametrize(
    ("start", "call", "message"),
    [
        (S.DRAFT, lambda r, p: realisation_verify(realisation=r, actor=p.asesor), "diajukan"),
        (S.RETURNED, lambda r, p: realisation_verify(realisation=r, actor=p.asesor), "diajukan"),
        (
            S.VERIFIED,
            lambda r, p: realisation_return(realisation=r, actor=p.asesor, note="x"),
            "sudah terverifikasi",
        ),
        (
            S.SUBMITTED,
            lambda r, p: realisation_reopen(realisation=r, actor=p.sekretaris, reason="x"),
            "Hanya realisasi yang sudah terverifikasi",
        ),
        (
            S.VERIFIED,
            lambda r, p: realisation_submit(realisation=r, actor=p.pelaksana),
            "sudah terverifikasi",
        ),
    ],
)
def test_it_refuses_steps_out_of_order(people, realisation_in, start, call, message):
    r = realisation_in(start)
    with pytest.raises(MonitoringWriteError, match=message):
        call(r, people)
    assert Realisation.objects.get(pk=r.pk).review_state == start


def test_it_lets_a_manager_submit_any_cell(people, cells):
    r = save(cells.tim, 1, people.admin_unit)
    r = realisation_submit(realisation=r, actor=people.sekretaris)
    assert Realisation.objects.get(pk=r.pk).review_state == S.SUBMITTED


def test_it_keeps_the_database_invariants_even_without_the_services(cells):
    from django.db import IntegrityError, transaction

    bad = [
        {"status": "done", "progress": 90},
        {"status": "not_started", "progress": 10},
        {"status": "in_progress", "progress": 101},
        {"period": 13},
        {"review_state": "verified"},
    ]
    for values in bad:
        fields = {"indicator": cells.sk, "period": 1, "status": "in_progress", "progress": 5}
        fields.update(values)
        with pytest.raises(IntegrityError), transaction.atomic():
            Realisation.objects.create(**fields)


def test_it_keeps_the_submitted_time_through_a_reopen(people, realisation_in):
    r = realisation_in(S.VERIFIED)
    first = r.first_submitted_at
    r = realisation_reopen(realisation=r, actor=people.sekretaris, reason="Revisi")
    r = realisation_submit(realisation=r, actor=people.pelaksana)
    assert Realisation.objects.get(pk=r.pk).first_submitted_at == first


def test_it_does_not_record_a_step_when_a_save_fails(people, cells):
    with pytest.raises(MonitoringWriteError):
        realisation_save(
            indicator=cells.sk,
            period=1,
            actor=people.pelaksana,
            expected_version=0,
            status="done",
            progress=50,
        )
    assert not Realisation.objects.exists()
    assert not RealisationEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="realisation.").exists()
