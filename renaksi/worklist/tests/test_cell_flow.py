"""The cell page worked from *Tugas saya*: one-step saving with files and links, the queue's
previous/next and *Simpan & berikutnya*, and the assessor's inline preview."""

import pytest
from django.urls import reverse

from renaksi.monitoring.models import Evidence, Realisation
from renaksi.monitoring.services import evidence_upload, realisation_submit
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload
from renaksi.plans.models import Indicator

S = Realisation.ReviewState


def url(name, plan, indicator, period):
    return reverse(name, args=[plan.pk, indicator.pk, period])


def form(version=0, **extra):
    return {
        "version": version,
        "status": "in_progress",
        "progress": "40",
        "narrative": "Rapat koordinasi sudah dilaksanakan.",
        "obstacles": "",
        "follow_up": "",
        **extra,
    }


def test_it_saves_the_realisation_a_file_a_photo_and_a_link_in_one_submit(
    client, people, cells, small_plan
):
    client.force_login(people.pelaksana)
    response = client.post(
        url("cell_save", small_plan, cells.sk, 1),
        form(
            new_file=upload("notulen.pdf", files.PDF),
            photo=upload("foto.png", files.PNG),
            link_url="https://kpu.go.id/berita",
            link_title="Berita rapat",
        ),
    )
    assert response.status_code == 302
    r = Realisation.objects.get(indicator=cells.sk, period=1)
    assert r.narrative == "Rapat koordinasi sudah dilaksanakan." and r.progress == 40
    kinds = sorted(r.evidence.values_list("kind", "content_type"))
    assert kinds == [("file", "pdf"), ("file", "png"), ("link", "")]


def test_a_refused_file_keeps_what_was_typed(client, people, cells, small_plan):
    client.force_login(people.pelaksana)
    response = client.post(
        url("cell_save", small_plan, cells.sk, 1),
        form(new_file=upload("virus.exe", files.EXE)),
        follow=True,
    )
    r = Realisation.objects.get(indicator=cells.sk, period=1)
    assert r.narrative == "Rapat koordinasi sudah dilaksanakan."
    assert not Evidence.objects.exists()
    html = response.content.decode()
    assert "Realisasi disimpan, tetapi data dukung ditolak" in html
    assert "Rapat koordinasi sudah dilaksanakan." in html


def test_save_and_next_goes_to_the_next_cell_of_the_queue(client, people, cells, small_plan):
    Indicator.objects.filter(pk=cells.ppid.pk).update(pic=people.pelaksana)
    client.force_login(people.pelaksana)
    response = client.post(
        url("cell_save", small_plan, cells.sk, 1), form(lanjut="1", antrian="saya")
    )
    assert response.status_code == 302
    # The queue (as of today, a year after the 2023 plan) is empty: back to Tugas saya.
    assert response["Location"] == reverse("home")


def test_the_cell_page_shows_the_queue_place_and_the_camera_input(
    client, people, cells, small_plan
):
    client.force_login(people.pelaksana)
    html = client.get(url("cell_detail", small_plan, cells.sk, 1) + "?antrian=saya").content
    html = html.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert 'data-testid="queue-nav"' in html
    assert 'enctype="multipart/form-data"' in html


def test_the_assessor_sees_a_pdf_inline_behind_the_access_check(client, people, cells, small_plan):
    r = save(cells.sk, 1, people.pelaksana)
    evidence = evidence_upload(
        realisation=r, upload=upload("sk.pdf", files.PDF), actor=people.pelaksana
    )
    realisation_submit(realisation=r, actor=people.pelaksana)
    client.force_login(people.asesor)
    page = client.get(url("cell_detail", small_plan, cells.sk, 1) + "?antrian=verifikasi")
    assert reverse("evidence_preview", args=[evidence.pk]) in page.content.decode()
    response = client.get(reverse("evidence_preview", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    client.force_login(people.other_province_sekretaris)
    assert client.get(reverse("evidence_preview", args=[evidence.pk])).status_code == 404


@pytest.mark.parametrize("name", ["doc.docx"])
def test_office_files_are_not_previewed(client, people, cells, small_plan, name):
    r = save(cells.sk, 1, people.pelaksana)
    evidence = evidence_upload(
        realisation=r, upload=upload(name, files.ooxml("docx")), actor=people.pelaksana
    )
    client.force_login(people.pelaksana)
    assert client.get(reverse("evidence_preview", args=[evidence.pk])).status_code == 404


def test_verifying_from_the_queue_goes_on_to_the_next_cell(client, people, cells, small_plan):
    for indicator in (cells.sk, cells.ppid):
        realisation_submit(
            realisation=save(indicator, 1, people.sekretaris), actor=people.sekretaris
        )
    client.force_login(people.asesor)
    first = Realisation.objects.get(indicator=cells.sk, period=1)
    response = client.post(
        url("cell_verify", small_plan, cells.sk, 1),
        {"version": first.version, "note": "", "antrian": "verifikasi"},
    )
    assert (
        response["Location"]
        == url("cell_detail", small_plan, cells.ppid, 1) + "?antrian=verifikasi"
    )
