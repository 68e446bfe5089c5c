from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.monitoring.tests import files
from renaksi.registers import services
from renaksi.registers.models import Complaint, ComplaintAttachment, RegisterEvent, RegisterOfficer

D = date


def submit(unit, **kw):
    data = {
        "subject": "Antrean layanan data pemilih",
        "body": "Petugas tidak ada di meja layanan pada jam kerja.",
        "anonymous": False,
        "name": "Siti Aminah",
        "contact": "0812-1111-2222",
        "on": D(2022, 4, 28),
    }
    data.update(kw)
    return services.complaint_submit(unit=unit, **data)


def test_it_registers_a_complaint_with_a_number_a_code_and_history(tree, holidays_seeded):
    c = submit(tree.bengkulu_tengah)
    assert c.number == "PGD/17.09/2022/0001"
    assert services.tracking_code_normalise(c.tracking_code.lower().replace("-", " ")) == (
        c.tracking_code
    )
    assert list(c.events.values_list("action", flat=True)) == ["received"]
    assert AuditEvent.objects.filter(action="registers.complaint.received").count() == 1
    assert submit(tree.bengkulu_tengah, body="Keluhan lain tentang antrean.").number.endswith(
        "/0002"
    )


def test_it_refuses_the_same_complaint_twice(tree, holidays_seeded):
    submit(tree.bengkulu_tengah)
    with pytest.raises(services.RegisterError, match="sudah kami terima"):
        submit(tree.bengkulu_tengah, body="  PETUGAS tidak ada di meja layanan   pada jam kerja. ")
    assert Complaint.objects.count() == 1


def test_an_anonymous_complaint_keeps_no_identity(tree, holidays_seeded):
    c = submit(tree.bengkulu_tengah, anonymous=True)
    assert (c.name, c.contact) == ("", "")


def test_it_needs_a_name_and_contact_unless_anonymous(tree):
    with pytest.raises(services.RegisterError) as exc:
        submit(tree.bengkulu_tengah, name="", contact="")
    assert "anpa identitas" in str(exc.value)
    assert not Complaint.objects.exists()


def test_it_keeps_attachments_checked_by_content(tree, holidays_seeded):
    c = submit(tree.bengkulu_tengah, uploads=[services.Upload("foto.png", files.PNG)])
    a = c.attachments.get()
    assert (a.content_type, a.display_name) == ("png", "foto.png")
    assert default_storage.exists(a.file.name)


def test_a_disguised_file_stores_nothing(tree, holidays_seeded):
    with pytest.raises(services.RegisterError, match="bukan PDF"):
        submit(
            tree.bengkulu_tengah,
            uploads=[
                services.Upload("ok.pdf", files.PDF),
                services.Upload("foto.jpg", files.EXE),
            ],
        )
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


def test_the_officer_answers_within_the_class_sla_and_the_complainant_rates(
    tree, people, holidays_seeded
):
    c = submit(tree.bengkulu_tengah)
    officer = people.pelaksana
    RegisterOfficer.objects.create(unit=tree.bengkulu_tengah, user=officer, role="pengaduan")
    services.complaint_assign(complaint=c, officer=officer, actor=people.sekretaris)
    services.complaint_classify(complaint=c, classification="normatif", actor=officer)
    services.complaint_respond(
        complaint=c, text="Sedang kami periksa.", actor=officer, on=D(2022, 5, 9)
    )
    c = services.complaint_answer(
        complaint=c, text="Jadwal piket diperbaiki.", actor=officer, on=D(2022, 5, 12)
    )
    c = services.complaint_close(complaint=c, actor=officer, on=D(2022, 5, 13))
    c = services.complaint_rate(complaint=c, rating=5, note="Cepat")
    assert (c.status, c.answered_on, c.closed_on, c.rating) == (
        "selesai",
        D(2022, 5, 12),
        D(2022, 5, 13),
        5,
    )
    assert list(c.events.values_list("action", flat=True)) == [
        "received",
        "assigned",
        "classified",
        "responded",
        "answered",
        "closed",
        "rated",
    ]
    with pytest.raises(services.RegisterError, match="sudah dinilai"):
        services.complaint_rate(complaint=c, rating=1)


def test_only_the_units_handlers_act(tree, people, holidays_seeded):
    c = submit(tree.bengkulu_tengah)
    for outsider in (people.viewer, people.province_sekretaris, people.sibling_sekretaris):
        with pytest.raises(PermissionDenied):
            services.complaint_classify(complaint=c, classification="ringan", actor=outsider)
    assert Complaint.objects.get().classification == ""


def test_an_answer_needs_a_classification_and_closing_needs_an_answer(
    tree, people, holidays_seeded
):
    c = submit(tree.bengkulu_tengah)
    with pytest.raises(services.RegisterError, match="klasifikasi"):
        services.complaint_answer(complaint=c, text="x", actor=people.sekretaris)
    with pytest.raises(services.RegisterError, match="belum dijawab"):
        services.complaint_close(complaint=c, actor=people.sekretaris)
    assert RegisterEvent.objects.count() == 1


def test_the_complainants_identity_shows_only_to_the_units_handlers(
    client, tree, people, holidays_seeded
):
    c = submit(tree.bengkulu_tengah)
    url = reverse("complaint_detail", args=[c.pk])
    client.force_login(people.sekretaris)
    assert "Siti Aminah" in client.get(url).content.decode()
    for user, status in (
        (people.viewer, 403),
        (people.asesor, 403),
        (people.province_sekretaris, 403),  # a parent reads the figures, not the identities
        (people.sibling_sekretaris, 404),
        (people.outsider, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        assert "Siti Aminah" not in response.content.decode()


def test_the_public_tracking_page_never_shows_the_identity(client, tree, people, holidays_seeded):
    c = submit(tree.bengkulu_tengah)
    response = client.post(reverse("public_track"), {"code": c.tracking_code, "stamp": _stamp()})
    text = response.content.decode()
    assert response.status_code == 200 and c.subject in text
    assert "Siti Aminah" not in text and "0812-1111-2222" not in text


def test_the_register_marks_overdue_items_in_a_fixed_number_of_queries(
    client, tree, people, holidays_seeded, django_assert_max_num_queries
):
    for i in range(6):
        submit(tree.bengkulu_tengah, body=f"Keluhan nomor {i} tentang layanan.", on=D(2022, 4, 1))
    client.force_login(people.sekretaris)
    url = reverse("complaint_list", args=[tree.bengkulu_tengah.pk])
    with django_assert_max_num_queries(14) as ctx:
        response = client.get(url + "?terlambat=1")
    first = len(ctx.captured_queries)
    submit(tree.bengkulu_tengah, body="Satu keluhan lagi tentang layanan.", on=D(2022, 4, 1))
    with django_assert_max_num_queries(first):
        client.get(url + "?terlambat=1")
    assert response.content.decode().count("terlambat</span>") == 6


def _stamp():
    from renaksi.registers.public import stamp_new

    return stamp_new()


def test_an_attachment_downloads_with_its_sniffed_type_to_handlers_only(
    client, tree, people, holidays_seeded
):
    c = submit(tree.bengkulu_tengah, uploads=[services.Upload("x.html", files.PDF)])
    url = reverse("complaint_attachment", args=[c.attachments.get().pk])
    client.force_login(people.sekretaris)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.PDF
    client.force_login(people.viewer)
    assert client.get(url).status_code == 403


def test_the_registers_page_reads_in_a_fixed_number_of_queries(
    client, tree, people, django_assert_max_num_queries
):
    RegisterOfficer.objects.create(unit=tree.bengkulu_selatan, user=people.sekretaris, role="ppid")
    client.force_login(people.sekretaris)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("registers_home")).content.decode()
    assert "KPU Kabupaten Bengkulu Selatan" in page and "KPU Kabupaten Bengkulu Tengah" in page
    client.force_login(people.viewer)
    assert "Bengkulu Tengah" not in client.get(reverse("registers_home")).content.decode()
