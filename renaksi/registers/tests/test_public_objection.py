"""A requester's keberatan to the Atasan PPID, filed on the public page with the tracking code.

Golden windows (UU 14/2008 Pasal 35–36). The requester's 30 working days count cuti bersama as
working days (it is leave for civil servants, not a holiday for the public); the Atasan PPID's
30 skip them.
- 2022: notice on Thursday 28 April, the day before cuti bersama 29 April; Idul Fitri 2–3 May,
  Waisak 16 May, Kenaikan 26 May, Pancasila 1 June → last day Thursday 16 June 2022.
- 2026: notice on Tuesday 17 March; Nyepi 19 March, Good Friday 3 April → last day 30 April 2026.
- 2026, no notice: received 17 March, the ten working days skip cuti bersama 18, 20, 23, 24 March
  → notice due 8 April; a keberatan from 9 April; the Atasan PPID's 30 working days skip Kenaikan
  14 May and cuti bersama 15 May → 26 May 2026.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.registers import services
from renaksi.registers.models import InfoRequest, RegisterEvent, RegisterOfficer
from renaksi.registers.public import stamp_new
from renaksi.registers.selectors.due import Clock
from renaksi.registers.selectors.figures import register_figures
from renaksi.registers.selectors.tasks import register_tasks_for
from renaksi.registers.tests.test_public_forms import HOSTILE

pytestmark = pytest.mark.django_db
D = date


def submitted(unit, on):
    return services.info_request_submit(
        unit=unit,
        requester_name="Budi Santoso",
        requester_id="1709012345678901",
        contact="budi@example.org",
        information="Salinan SK penetapan DPT",
        purpose="Penelitian",
        on=on,
    )


def answered(unit, on, decision="ditolak"):
    return services.info_request_decide(
        info_request=submitted(unit, on),
        decision=decision,
        note="Informasi dikecualikan.",
        exemption_article="UU 14/2008 Pasal 17 huruf h",
        actor=None,
        on=on,
    )


def object_(r, on, ground="a", note="Penolakan tidak beralasan menurut Pasal 17."):
    return services.info_request_object_public(
        code=r.tracking_code.lower().replace("-", " "), ground=ground, note=note, on=on
    )


def test_2022_the_window_runs_thirty_working_days_counting_cuti_bersama(tree, holidays_seeded):
    r = answered(tree.bengkulu_tengah, D(2022, 4, 28))
    assert Clock([2022]).objection_window(r) == (D(2022, 4, 28), D(2022, 6, 16))
    with pytest.raises(services.RegisterError, match="16 Juni 2022"):
        object_(r, D(2022, 6, 17))
    r = object_(r, D(2022, 6, 16))
    assert (r.status, r.objection_on, r.objection_ground) == ("keberatan", D(2022, 6, 16), "a")
    figures = register_figures(unit_ids=[r.unit_id], year=2022, today=D(2022, 6, 16))
    assert (figures[r.unit_id].requests_objections, figures[r.unit_id].requests_finished) == (1, 1)
    event = r.events.get(action="objected")
    assert event.actor is None and event.public


def test_2026_the_window_after_a_notice_crosses_nyepi_and_good_friday(tree, holidays_seeded):
    r = answered(tree.bengkulu_tengah, D(2026, 3, 17))
    assert Clock([2026]).objection_window(r) == (D(2026, 3, 17), D(2026, 4, 30))


def test_2026_without_a_notice_the_window_opens_when_its_deadline_lapses(tree, holidays_seeded):
    r = submitted(tree.bengkulu_tengah, D(2026, 3, 17))
    assert Clock([2026]).request_notice(r).due_on == D(2026, 4, 8)
    with pytest.raises(services.RegisterError, match="8 April 2026"):
        object_(r, D(2026, 4, 8), ground="c")
    r = object_(r, D(2026, 4, 9), ground="c")
    due = Clock([2026]).request(r)
    assert (due.step, due.due_on, due.office) == ("objection_answer", D(2026, 5, 26), True)


def test_a_keberatan_is_filed_once_and_only_for_a_request(tree, holidays_seeded):
    r = object_(answered(tree.bengkulu_tengah, D(2026, 3, 17)), D(2026, 3, 18))
    with pytest.raises(services.RegisterError, match="berstatus Keberatan diajukan"):
        object_(r, D(2026, 3, 19))
    complaint = services.complaint_submit(
        unit=tree.bengkulu_tengah,
        subject="Layanan lambat",
        body="Permohonan salinan tidak dilayani.",
        anonymous=True,
        name="",
        contact="",
        uploads=[],
        on=D(2026, 3, 17),
    )
    with pytest.raises(services.RegisterError, match="tidak ditemukan"):
        object_(complaint, D(2026, 3, 18))
    with pytest.raises(services.RegisterError) as exc:
        services.info_request_object_public(code="x", ground="z", note="", on=D(2026, 3, 18))
    assert len(exc.value.messages) == 3
    assert RegisterEvent.objects.filter(action="objected").count() == 1


def post(client, **kw):
    data = {"code": "", "ground": "a", "note": "Penolakan tidak beralasan.", "stamp": stamp_new()}
    data.update(kw)
    return client.post(reverse("public_objection"), data)


def test_the_citizen_objects_the_ppid_handles_and_the_atasan_answers(
    client, tree, people, holidays_seeded
):
    unit, today = tree.bengkulu_tengah, timezone.localdate()
    RegisterOfficer.objects.create(unit=unit, user=people.pelaksana, role="ppid")
    RegisterOfficer.objects.create(unit=unit, user=people.ketua, role="atasan_ppid")
    r = answered(unit, today)
    track = client.post(reverse("public_track"), {"code": r.tracking_code, "stamp": stamp_new()})
    assert 'data-testid="objection-open"' in track.content.decode()
    assert client.get(reverse("public_objection")).status_code == 200

    response = post(client, code=r.tracking_code, note="Data pribadi dapat dihitamkan saja.")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="objection-received"' in page
    for secret in ("Budi Santoso", "budi@example.org", "1709012345678901"):
        assert secret not in page
    r.refresh_from_db()
    assert (r.status, r.objection_note) == ("keberatan", "Data pribadi dapat dihitamkan saja.")

    # The Atasan PPID has it in their tasks; the PPID officer reads it but cannot answer it.
    assert [t.title for t in register_tasks_for(user=people.ketua, today=today)] == [
        f"Permohonan informasi {r.number}"
    ]
    client.force_login(people.pelaksana)
    detail = client.get(reverse("request_detail", args=[r.pk])).content.decode()
    assert 'data-testid="objection"' in detail and "dihitamkan" in detail
    act = reverse("request_act", args=[r.pk])
    assert client.post(act, {"action": "answer_objection", "answer": "x"}).status_code == 403
    client.force_login(people.ketua)
    client.post(act, {"action": "answer_objection", "answer": "Salinan dengan data dihitamkan."})
    r.refresh_from_db()
    assert (r.status, r.objection_answered_on) == ("keberatan_dijawab", today)
    letter = client.get(reverse("request_letter", args=[r.pk, "tanggapan-keberatan", "docx"]))
    assert letter.status_code == 200

    client.logout()
    track = client.post(reverse("public_track"), {"code": r.tracking_code, "stamp": stamp_new()})
    page = track.content.decode()
    assert "Salinan dengan data dihitamkan." in page and 'data-testid="objection-open"' not in page
    assert "Budi Santoso" not in page and "budi@example.org" not in page


def test_a_late_or_unknown_keberatan_is_refused_with_a_message(client, tree, holidays_seeded):
    r = answered(tree.bengkulu_tengah, D(2022, 4, 28))
    response = post(client, code=r.tracking_code)
    assert response.status_code == 200 and "sudah lewat" in response.content.decode()
    response = post(client, code="ABCD-EFGH-JKMN")
    assert "tidak ditemukan" in response.content.decode()
    assert InfoRequest.objects.get().status == "dijawab"


def test_the_objection_form_has_the_public_forms_protections(client, tree, settings):
    r = answered(tree.bengkulu_tengah, timezone.localdate())
    assert (
        "Formulir tidak dapat" in post(client, code=r.tracking_code, website="x").content.decode()
    )
    assert "kedaluwarsa" in post(client, code=r.tracking_code, stamp="forged").content.decode()
    settings.REGISTERS_PUBLIC_RATE = 2
    cache.clear()
    statuses = [post(client, code="ABCD-EFGH-JKMN").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert InfoRequest.objects.get().status == "dijawab"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_breaks_the_objection_form(client, tree, text):
    r = answered(tree.bengkulu_tengah, timezone.localdate())
    for data in ({"code": text}, {"code": r.tracking_code, "ground": text}, {"note": text}):
        response = post(client, **data)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    r.refresh_from_db()
    assert r.status == "dijawab" and not r.events.filter(action="objected").exists()


def test_hostile_text_in_a_valid_keberatan_is_stored_clean(client, tree):
    r = answered(tree.bengkulu_tengah, timezone.localdate())
    post(client, code=r.tracking_code, note="<script>alert(1)</script>\x01 dan \u202eteks")
    r.refresh_from_db()
    assert r.objection_note == "<script>alert(1)</script> dan teks"
    track = client.post(reverse("public_track"), {"code": r.tracking_code, "stamp": stamp_new()})
    assert "<script>alert(1)</script>" not in track.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    use_code=st.booleans(),
    code=st.text(max_size=60),
    ground=st.one_of(st.sampled_from(InfoRequest.Ground.values), st.text(max_size=3)),
    note=st.text(max_size=400),
)
def test_any_keberatan_input_is_stored_whole_or_refused(client, tree, use_code, code, ground, note):
    cache.clear()
    r = InfoRequest.objects.filter(status="dijawab").first() or answered(
        tree.bengkulu_tengah, timezone.localdate()
    )
    events = RegisterEvent.objects.count()
    response = post(client, code=r.tracking_code if use_code else code, ground=ground, note=note)
    assert response.status_code == 200
    r.refresh_from_db()
    if r.status == "keberatan":
        assert RegisterEvent.objects.count() == events + 1
        assert r.objection_ground == ground and len(r.objection_note) >= 10
        assert r.objection_on == timezone.localdate()
        # Back to answered for the next example; the test database rolls back afterwards.
        InfoRequest.objects.filter(pk=r.pk).update(
            status="dijawab", objection_on=None, objection_ground="", objection_note=""
        )
        RegisterEvent.objects.filter(action="objected").delete()
    else:
        assert RegisterEvent.objects.count() == events
        assert r.objection_on is None and r.objection_note == ""
        page = response.content.decode()
        assert "is-invalid" in page or "alert-danger" in page
