"""The citizen's forms: abuse protections, hostile input, and never a half-written item."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.monitoring.tests import files
from renaksi.registers.models import Complaint, ComplaintAttachment, InfoRequest, RegisterEvent
from renaksi.registers.public import stamp_new

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE registers_complaint; --",
    "\x00\x01\x02 kontrol",
    "\u202egnp.exe",  # a right-to-left override, written as an escape
    "{{ 7*7 }} {% debug %}",
    "A" * 20000,
    "😀" * 300,
    "   ",
]


def complaint_body(**kw):
    data = {
        "subject": "Layanan salinan DPT lambat",
        "body": "Sudah dua minggu permohonan salinan belum dilayani.",
        "name": "Rahmat",
        "contact": "rahmat@example.org",
        "stamp": stamp_new(),
        "website": "",
    }
    data.update(kw)
    return data


def post_complaint(client, unit, **kw):
    return client.post(reverse("public_complaint", args=[unit.code]), complaint_body(**kw))


def test_a_citizen_files_a_complaint_and_gets_a_tracking_code(client, tree, holidays_seeded):
    response = client.post(
        reverse("public_complaint", args=["17.09"]),
        {**complaint_body(), "attachments": [SimpleUploadedFile("foto.pdf", files.PDF)]},
    )
    c = Complaint.objects.get()
    assert response.status_code == 200 and c.tracking_code in response.content.decode()
    assert c.attachments.count() == 1 and c.channel == "web"
    track = client.post(reverse("public_track"), {"code": c.tracking_code, "stamp": stamp_new()})
    assert "Diterima" in track.content.decode()


def test_a_bot_filling_the_honeypot_is_refused(client, tree):
    response = post_complaint(client, tree.bengkulu_tengah, website="http://spam.example")
    assert response.status_code == 200 and "tidak dapat diterima" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_form_sent_too_fast_or_with_a_forged_stamp_is_refused(client, tree, settings):
    settings.REGISTERS_FORM_MIN_SECONDS = 60
    assert "terlalu cepat" in post_complaint(client, tree.bengkulu_tengah).content.decode()
    settings.REGISTERS_FORM_MIN_SECONDS = 0
    forged = post_complaint(client, tree.bengkulu_tengah, stamp="1700000000.0")
    assert "kedaluwarsa" in forged.content.decode()
    assert not Complaint.objects.exists()


def test_too_many_posts_from_one_address_are_refused(client, tree, settings, holidays_seeded):
    settings.REGISTERS_PUBLIC_RATE = 2
    for i in range(2):
        assert (
            post_complaint(
                client, tree.bengkulu_tengah, body=f"Keluhan ke-{i} yang berbeda."
            ).status_code
            == 200
        )
    response = post_complaint(client, tree.bengkulu_tengah, body="Keluhan ketiga yang berbeda.")
    assert response.status_code == 429 and Complaint.objects.count() == 2
    # Another form keeps its own count.
    assert client.get(reverse("public_request", args=["17.09"])).status_code == 200


def test_a_disguised_attachment_stores_nothing(client, tree):
    response = client.post(
        reverse("public_complaint", args=["17.09"]),
        {**complaint_body(), "attachments": [SimpleUploadedFile("foto.jpg", files.EXE)]},
    )
    assert "bukan PDF" in response.content.decode()
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


def test_an_unknown_unit_is_a_404(client, tree):
    assert client.get(reverse("public_complaint", args=["99.99"])).status_code == 404


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_breaks_the_complaint_form(client, tree, holidays_seeded, text):
    response = post_complaint(
        client, tree.bengkulu_tengah, subject=text, body=text, name=text, contact=text
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    for c in Complaint.objects.all():
        assert "\x00" not in c.subject + c.body and len(c.subject) <= 200
        assert c.events.count() == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_breaks_the_request_form(client, tree, holidays_seeded, text):
    response = client.post(
        reverse("public_request", args=["17.09"]),
        {
            "requester_name": text,
            "requester_id": text[:30],
            "contact": text,
            "information": text,
            "purpose": text,
            "stamp": stamp_new(),
        },
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert RegisterEvent.objects.count() == InfoRequest.objects.count()


@pytest.mark.parametrize("code", [*HOSTILE, "ABCD-EFGH-JKMN", "abcd efgh jkmn", ""])
def test_hostile_codes_find_nothing(client, tree, code):
    response = client.post(reverse("public_track"), {"code": code, "stamp": stamp_new()})
    assert response.status_code == 200
    assert 'data-testid="track-result"' not in response.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    subject=st.text(max_size=300),
    body=st.text(max_size=600),
    name=st.text(max_size=250),
    contact=st.text(max_size=250),
    anonymous=st.booleans(),
)
def test_any_complaint_input_is_stored_whole_or_refused_with_a_message(
    client, tree, subject, body, name, contact, anonymous
):
    from django.core.cache import cache

    cache.clear()
    before = Complaint.objects.count(), RegisterEvent.objects.count()
    data = complaint_body(subject=subject, body=body, name=name, contact=contact)
    if anonymous:
        data["anonymous"] = "on"
    response = client.post(reverse("public_complaint", args=["17.09"]), data)
    assert response.status_code == 200
    after = Complaint.objects.count(), RegisterEvent.objects.count()
    if after == before:
        assert (
            "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
        )
    else:
        c = Complaint.objects.latest("pk")
        assert after == (before[0] + 1, before[1] + 1)
        assert c.subject and len(c.body) >= 10
        assert not anonymous or (c.name, c.contact) == ("", "")


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    fields=st.fixed_dictionaries(
        {
            "requester_name": st.text(max_size=250),
            "requester_id": st.text(max_size=40),
            "contact": st.text(max_size=250),
            "information": st.text(max_size=500),
            "purpose": st.text(max_size=300),
        }
    )
)
def test_any_request_input_is_stored_whole_or_refused(client, tree, fields):
    from django.core.cache import cache

    cache.clear()
    before = InfoRequest.objects.count()
    response = client.post(
        reverse("public_request", args=["17.09"]), {**fields, "stamp": stamp_new()}
    )
    assert response.status_code == 200
    assert InfoRequest.objects.count() in (before, before + 1)
    assert RegisterEvent.objects.count() == InfoRequest.objects.count() + Complaint.objects.count()


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(code=st.text(max_size=60), rating=st.text(max_size=5))
def test_any_tracking_or_rating_input_is_answered(client, tree, code, rating):
    from django.core.cache import cache

    cache.clear()
    response = client.post(
        reverse("public_track"), {"code": code, "rating": rating, "stamp": stamp_new()}
    )
    assert response.status_code == 200


def test_the_complainant_rates_through_the_tracking_page(client, tree, people, holidays_seeded):
    from renaksi.registers import services

    c = services.complaint_submit(
        unit=tree.bengkulu_tengah, subject="A", body="Keluhan tentang layanan", anonymous=True,
        on=date(2022, 5, 2),
    )  # fmt: skip
    services.complaint_classify(complaint=c, classification="ringan", actor=people.sekretaris)
    services.complaint_answer(complaint=c, text="Sudah diperbaiki", actor=people.sekretaris)
    for bad in ("0", "6", "x"):
        client.post(
            reverse("public_track"), {"code": c.tracking_code, "rating": bad, "stamp": stamp_new()}
        )
    assert Complaint.objects.get().rating is None
    response = client.post(
        reverse("public_track"),
        {"code": c.tracking_code, "rating": "4", "note": "Baik", "stamp": stamp_new()},
    )
    assert Complaint.objects.get().rating == 4 and "4 dari 5" in response.content.decode()


def test_the_public_form_speaks_english_when_chosen(client, tree, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("public_complaint", args=["17.09"])).content.decode()
    assert "Public complaints" in text and "Send the complaint" in text
