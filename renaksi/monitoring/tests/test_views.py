"""The monthly loop's pages through HTTP: every persona × action, conflicts, uploads, downloads,
the plan table's cell states and the evidence library."""

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from renaksi.audit.models import AuditEvent
from renaksi.conftest import small_parsed_plan
from renaksi.monitoring.models import (
    Evidence,
    Realisation,
    RealisationEvent,
    RealisationEvidence,
)
from renaksi.monitoring.selectors import realisation_due_on
from renaksi.monitoring.services import (
    evidence_attach,
    evidence_link_add,
    evidence_upload,
    realisation_return,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save, stored_files
from renaksi.monitoring.tests.files import upload
from renaksi.monitoring.view_helpers import EvidenceSizeLimitHandler, OversizeUpload
from renaksi.plans.models import Indicator
from renaksi.plans.services import plan_import

S = Realisation.ReviewState

PERSONAS = [
    "pelaksana",  # the PIC of "Tersedianya SK"
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
READERS = EDITORS | {"asesor", "viewer", "ketua", "province_sekretaris", "national_admin"}

OTHER_PDF = files.PDF + b"% laporan kegiatan\n"


# --- helpers -------------------------------------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def cell_url(name: str, indicator: Indicator, period: int = 1) -> str:
    return reverse(name, args=[indicator.activity.area.plan_id, indicator.pk, period])


def realisation_post(version: int, **changes) -> dict:
    data = {
        "version": version,
        "status": "in_progress",
        "progress": "50",
        "value": "",
        "narrative": "SK sedang disusun",
        "obstacles": "",
        "follow_up": "",
        "done_on": "",
    }
    data.update(changes)
    return data


def snapshot(media) -> tuple:
    """Everything an action could change; equal before and after a denied request."""
    return (
        list(
            Realisation.objects.order_by("pk").values_list(
                "pk", "version", "review_state", "status", "progress", "narrative"
            )
        ),
        list(Evidence.objects.order_by("pk").values_list("pk", "display_name", "url")),
        list(RealisationEvidence.objects.order_by("pk").values_list("realisation", "evidence")),
        RealisationEvent.objects.count(),
        AuditEvent.objects.exclude(action__startswith="auth.").count(),
        stored_files(media),
    )


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@dataclass
class Arranged:
    realisation: Realisation
    attached: Evidence  # a PDF backing the realisation
    library: Evidence  # a PNG in the unit's library, backing another cell


@pytest.fixture
def arrange(people, cells):
    """ "Tersedianya SK", January, with one attached file, brought to the asked review state."""

    def make(start: str = S.DRAFT) -> Arranged:
        pic = people.pelaksana
        r = save(cells.sk, 1, pic, narrative="SK sedang disusun")
        attached = evidence_upload(
            realisation=r, upload=upload("SK Tim RB.pdf", files.PDF), actor=pic
        )
        other = save(cells.sk, 2, pic)
        library = evidence_upload(
            realisation=other, upload=upload("foto kegiatan.png", files.PNG), actor=pic
        )
        if start in (S.SUBMITTED, S.VERIFIED, S.RETURNED):
            r = realisation_submit(realisation=r, actor=pic)
        if start == S.VERIFIED:
            r = realisation_verify(realisation=r, actor=people.asesor)
        if start == S.RETURNED:
            r = realisation_return(realisation=r, actor=people.asesor, note="Lengkapi SK")
        return Arranged(r, attached, library)

    return make


# --- every persona × every action ----------------------------------------------------------


def _get_cell(client, a, cells, tree):
    return client.get(cell_url("cell_detail", cells.sk))


def _save(client, a, cells, tree):
    data = realisation_post(a.realisation.version, status="done", progress="100")
    data.update(value="100", narrative="SK ditetapkan")
    return client.post(cell_url("cell_save", cells.sk), data)


def _upload(client, a, cells, tree):
    return client.post(
        cell_url("cell_evidence_upload", cells.sk),
        {"file": upload("laporan.pdf", OTHER_PDF), "description": "Laporan"},
    )


def _link(client, a, cells, tree):
    return client.post(
        cell_url("cell_link_add", cells.sk),
        {"url": "https://jdih.kpu.go.id/sk-tim-rb", "title": "SK di JDIH"},
    )


def _attach(client, a, cells, tree):
    return client.post(cell_url("cell_evidence_attach", cells.sk), {"evidence": a.library.pk})


def _detach(client, a, cells, tree):
    return client.post(cell_url("cell_evidence_detach", cells.sk), {"evidence": a.attached.pk})


def _submit(client, a, cells, tree):
    return client.post(cell_url("cell_submit", cells.sk), {"version": a.realisation.version})


def _verify(client, a, cells, tree):
    return client.post(
        cell_url("cell_verify", cells.sk), {"version": a.realisation.version, "note": "Lengkap"}
    )


def _return(client, a, cells, tree):
    return client.post(
        cell_url("cell_return", cells.sk),
        {"version": a.realisation.version, "note": "Lampirkan SK bertanda tangan"},
    )


def _reopen(client, a, cells, tree):
    return client.post(
        cell_url("cell_reopen", cells.sk),
        {"version": a.realisation.version, "reason": "Nomor SK salah ketik"},
    )


def _download(client, a, cells, tree):
    return client.get(reverse("evidence_download", args=[a.attached.pk]))


def _library(client, a, cells, tree):
    return client.get(reverse("evidence_library", args=[tree.bengkulu_tengah.pk]))


def _links_of(a) -> set[int]:
    return set(
        RealisationEvidence.objects.filter(realisation=a.realisation).values_list(
            "evidence", flat=True
        )
    )


def _check_saved(a, user, response):
    r = Realisation.objects.get(pk=a.realisation.pk)
    assert (r.status, r.progress, r.narrative, r.version) == ("done", 100, "SK ditetapkan", 2)
    assert r.value == 100 and r.updated_by == user


def _check_uploaded(a, user, response):
    sha = hashlib.sha256(OTHER_PDF).hexdigest()
    evidence = Evidence.objects.get(sha256=sha)
    assert evidence.uploaded_by == user and evidence.description == "Laporan"
    assert _links_of(a) == {a.attached.pk, evidence.pk}


def _check_linked(a, user, response):
    link = Evidence.objects.get(kind="link")
    assert (link.url, link.display_name) == ("https://jdih.kpu.go.id/sk-tim-rb", "SK di JDIH")
    assert _links_of(a) == {a.attached.pk, link.pk}


def _check_state(state):
    def check(a, user, response):
        assert Realisation.objects.get(pk=a.realisation.pk).review_state == state

    return check


def _check_download(a, user, response):
    assert b"".join(response.streaming_content) == files.PDF


def _check_nothing(a, user, response):
    pass


ACTIONS = {
    # action: (start state, request, who may, check after an allowed request)
    "view cell": (S.DRAFT, _get_cell, READERS, _check_nothing),
    "save": (S.DRAFT, _save, EDITORS, _check_saved),
    "upload": (S.DRAFT, _upload, EDITORS, _check_uploaded),
    "add link": (S.DRAFT, _link, EDITORS, _check_linked),
    "attach": (
        S.DRAFT,
        _attach,
        EDITORS,
        lambda a, user, response: _links_of(a) == {a.attached.pk, a.library.pk} or pytest.fail(),
    ),
    "detach": (
        S.DRAFT,
        _detach,
        EDITORS,
        lambda a, user, response: _links_of(a) == set() or pytest.fail(),
    ),
    "submit": (S.DRAFT, _submit, EDITORS, _check_state(S.SUBMITTED)),
    "verify": (S.SUBMITTED, _verify, {"asesor"}, _check_state(S.VERIFIED)),
    "return": (S.SUBMITTED, _return, {"asesor"}, _check_state(S.RETURNED)),
    "reopen": (S.VERIFIED, _reopen, {"sekretaris"}, _check_state(S.DRAFT)),
    "download evidence": (S.DRAFT, _download, READERS, _check_download),
    "view library": (S.DRAFT, _library, READERS, _check_nothing),
}
READS = {"view cell", "download evidence", "view library"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_it_lets_each_role_do_only_its_actions_through_http(
    client, people, tree, cells, arrange, media, persona, action
):
    start, request, allowed, check = ACTIONS[action]
    a = arrange(start)
    user = getattr(people, persona)
    before = snapshot(media)
    events_before = RealisationEvent.objects.count()
    response = request(login(client, user), a, cells, tree)
    if persona in allowed:
        if action in READS:
            assert response.status_code == 200
            if action != "download evidence":
                assert snapshot(media) == before
        else:
            assert response.status_code == 302, text_of(response)[:2000]
            assert response["Location"].startswith(cell_url("cell_detail", cells.sk))
            assert RealisationEvent.objects.count() == events_before + 1
            assert RealisationEvent.objects.order_by("pk").last().actor == user
        check(a, user, response)
    else:
        expected = 403 if persona in READERS else 404
        assert response.status_code == expected
        assert snapshot(media) == before


def test_it_sends_anonymous_visitors_to_the_login_page(client, arrange, cells, tree, media):
    a = arrange()
    before = snapshot(media)
    for request in ACTIONS.values():
        response = request[1](client, a, cells, tree)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot(media) == before


# --- the cell page -------------------------------------------------------------------------


def test_it_shows_the_cell_with_its_path_schedule_due_date_and_form(client, people, cells):
    response = login(client, people.pelaksana).get(cell_url("cell_detail", cells.sk))
    html = response.content.decode()
    text = text_of(response)
    plan = cells.sk.activity.area.plan
    assert response.status_code == 200
    for part in ("1. Manajemen Perubahan", "1. Perencanaan Reformasi Birokrasi"):
        assert part in text
    assert "1. Pembentukan tim RB" in text and "1. Tersedianya SK" in text
    assert "Periode Januari 2023" in text
    assert "terjadwal" in text and "di luar jadwal" not in text
    due = date_format(realisation_due_on(plan=plan, period=1), "j F Y")
    assert f"Tenggat {due}" in text
    assert "Ketepatan waktu Tidak dilaporkan" in text  # January 2023 is long past
    assert "Target 100 %" in text
    # An empty form with version 0, the numeric value since the cell has a target.
    assert 'name="version" value="0"' in html
    assert 'name="value"' in html and 'name="done_on"' in html
    assert "Belum ada riwayat." in text
    assert "Simpan realisasi terlebih dahulu" in text  # no evidence before a realisation


def test_it_marks_an_unscheduled_cell_and_hides_the_value_without_a_target(client, people, cells):
    response = login(client, people.sekretaris).get(cell_url("cell_detail", cells.tim, 5))
    text = text_of(response)
    assert response.status_code == 200
    assert "Periode Mei 2023" in text and "di luar jadwal" in text
    assert "Ketepatan waktu Tidak dijadwalkan" in text
    assert 'name="value"' not in response.content.decode()


def test_it_labels_quarters_as_tw(client, people, tree):
    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=small_parsed_plan(granularity="quarter"),
        actor=people.sekretaris,
        source_name="tw.json",
        source_bytes=b"{}",
        source_format="json",
    )
    ind = Indicator.objects.get(activity__area__plan=plan, text="Tersedianya SK")
    response = login(client, people.pelaksana).get(cell_url("cell_detail", ind, 1))
    assert "Periode TW I 2024" in text_of(response)
    assert login(client, people.pelaksana).get(cell_url("cell_detail", ind, 5)).status_code == 404


def test_it_answers_404_for_a_period_or_an_indicator_outside_the_plan(client, people, cells, tree):
    login(client, people.sekretaris)
    assert client.get(cell_url("cell_detail", cells.sk, 13)).status_code == 404
    assert client.get(cell_url("cell_detail", cells.sk, 0)).status_code == 404
    sibling = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sibling_sekretaris,
        source_name="saudara.json",
        source_bytes=b"{}",
        source_format="json",
    )
    foreign = Indicator.objects.get(activity__area__plan=sibling, text="Tersedianya SK")
    url = reverse("cell_save", args=[cells.sk.activity.area.plan_id, foreign.pk, 1])
    assert client.post(url, realisation_post(0)).status_code == 404
    assert not Realisation.objects.exists()


def test_it_saves_a_realisation_and_shows_it_in_the_history(client, people, cells):
    login(client, people.pelaksana)
    response = client.post(
        cell_url("cell_save", cells.sk),
        realisation_post(
            0,
            status="done",
            progress="100",
            value="1.234,5",
            narrative="SK ditetapkan",
            obstacles="Paraf lambat",
            follow_up="Koordinasi",
            done_on="2023-01-20",
        ),
        follow=True,
    )
    r = Realisation.objects.get()
    assert (r.status, r.progress, str(r.value), r.done_on.isoformat()) == (
        "done",
        100,
        "1234.5000",
        "2023-01-20",
    )
    assert (r.obstacles, r.follow_up, r.version) == ("Paraf lambat", "Koordinasi", 1)
    text = text_of(response)
    assert "Realisasi disimpan." in text
    assert 'value="1.234,5"' in response.content.decode()  # shown back in Indonesian format
    assert 'name="version" value="1"' in response.content.decode()
    assert "Disimpan" in text and people.pelaksana.display_name in text


def test_it_shows_the_services_refusal_and_keeps_the_input(client, people, cells):
    login(client, people.pelaksana)
    response = client.post(
        cell_url("cell_save", cells.sk),
        realisation_post(0, status="done", progress="80", narrative="Hampir"),
    )
    assert response.status_code == 200
    assert "Status “selesai” berarti progres 100%." in text_of(response)
    assert "Hampir</textarea>" in response.content.decode()
    assert not Realisation.objects.exists()


def test_it_refuses_a_stale_version_and_shows_the_stored_values(client, people, cells):
    save(cells.sk, 1, people.pelaksana, narrative="Draf awal")
    url = cell_url("cell_save", cells.sk)
    secretary = login(Client(), people.sekretaris)
    first = secretary.post(url, realisation_post(1, narrative="Versi Sekretaris"))
    assert first.status_code == 302

    pic = login(client, people.pelaksana)
    second = pic.post(url, realisation_post(1, narrative="Versi PIC"))
    assert second.status_code == 409
    html = second.content.decode()
    text = text_of(second)
    assert "sudah diubah oleh" in text and people.sekretaris.display_name in text
    current = html.split('data-testid="conflict-current"', 1)[1].split("</dl>", 1)[0]
    assert "Versi Sekretaris" in current and "versi 2" in current
    assert "Versi PIC</textarea>" in html  # the PIC's input is kept to copy from
    assert 'name="version" value="1"' in html  # sending it again conflicts again
    r = Realisation.objects.get()
    assert (r.narrative, r.version, r.updated_by) == ("Versi Sekretaris", 2, people.sekretaris)
    assert pic.post(url, realisation_post(1, narrative="Versi PIC")).status_code == 409
    assert Realisation.objects.get().narrative == "Versi Sekretaris"


def test_it_refuses_to_submit_a_version_it_did_not_see(client, people, cells):
    r = save(cells.sk, 1, people.pelaksana)
    save(cells.sk, 1, people.sekretaris, expected_version=1, narrative="Diubah")
    response = login(client, people.pelaksana).post(
        cell_url("cell_submit", cells.sk), {"version": r.version}
    )
    assert response.status_code == 409
    assert Realisation.objects.get().review_state == S.DRAFT


@pytest.mark.parametrize("state", [S.SUBMITTED, S.VERIFIED])
def test_it_shows_a_locked_cell_read_only_and_says_why(client, people, arrange, state, media):
    a = arrange(state)
    response = login(client, people.pelaksana).get(cell_url("cell_detail", a.realisation.indicator))
    html = response.content.decode()
    text = text_of(response)
    assert 'data-testid="realisation-form"' not in html
    assert 'data-testid="upload-form"' not in html and ">Lepas<" not in html
    assert "SK sedang disusun" in text  # the stored values, read only
    reason = "menunggu verifikasi" if state == S.SUBMITTED else "terverifikasi dan terkunci"
    assert reason in html.split('data-testid="lock-reason"')[1].split("</div>")[0]
    # And a POST made anyway is refused by the service, changing nothing.
    before = snapshot(media)
    response = client.post(
        cell_url("cell_save", a.realisation.indicator), realisation_post(a.realisation.version)
    )
    assert response.status_code == 200
    assert "tidak dapat diubah" in text_of(response) or "terkunci" in text_of(response)
    assert snapshot(media) == before


def test_it_shows_each_role_only_its_buttons(client, people, arrange):
    a = arrange(S.SUBMITTED)
    url = cell_url("cell_detail", a.realisation.indicator)
    assessor = login(client, people.asesor).get(url).content.decode()
    assert ">Verifikasi</button>" in assessor and ">Kembalikan</button>" in assessor
    assert ">Ajukan</button>" not in assessor and ">Buka kembali</button>" not in assessor
    pic = login(client, people.pelaksana).get(url).content.decode()
    assert ">Verifikasi</button>" not in pic and ">Kembalikan</button>" not in pic
    realisation_verify(realisation=a.realisation, actor=people.asesor)
    secretary = login(client, people.sekretaris).get(url).content.decode()
    assert ">Buka kembali</button>" in secretary
    assert ">Buka kembali</button>" not in login(client, people.asesor).get(url).content.decode()


def test_it_requires_a_note_to_return_and_a_reason_to_reopen(client, people, arrange, media):
    a = arrange(S.SUBMITTED)
    ind = a.realisation.indicator
    response = login(client, people.asesor).post(
        cell_url("cell_return", ind), {"version": a.realisation.version, "note": "  "}
    )
    assert "Tulis catatan untuk penanggung jawab" in text_of(response)
    assert Realisation.objects.get(pk=a.realisation.pk).review_state == S.SUBMITTED
    r = realisation_verify(realisation=a.realisation, actor=people.asesor)
    before = snapshot(media)
    response = login(client, people.sekretaris).post(
        cell_url("cell_reopen", ind), {"version": r.version, "reason": ""}
    )
    assert "Tulis alasan membuka kembali" in text_of(response)
    assert snapshot(media) == before


def test_it_shows_the_return_note_to_the_pic_and_the_full_history(client, people, arrange):
    a = arrange(S.RETURNED)
    response = login(client, people.pelaksana).get(cell_url("cell_detail", a.realisation.indicator))
    html = response.content.decode()
    note = html.split('data-testid="returned-note"')[1].split("</div>\n")[1]
    assert "Lengkapi SK" in note
    history = text_of(response).split("Riwayat", 1)[1]
    # Newest first: returned, submitted, evidence added, saved.
    order = [history.index(label) for label in ("Dikembalikan", "Diajukan", "Data dukung")]
    assert order == sorted(order)
    assert people.asesor.display_name in history and "SK Tim RB.pdf" in history
    assert 'data-testid="realisation-form"' in html  # returned cells are editable again


# --- evidence ------------------------------------------------------------------------------


def test_it_lists_evidence_with_type_size_uploader_and_short_hash(client, people, arrange):
    a = arrange()
    response = login(client, people.viewer).get(cell_url("cell_detail", a.realisation.indicator))
    item = response.content.decode().split('data-testid="evidence-list"')[1].split("</ul>")[0]
    words = " ".join(re.sub(r"<[^>]+>", " ", item).split())
    assert "SK Tim RB.pdf" in words and f"PDF · {len(files.PDF)} bita" in words
    assert reverse("evidence_download", args=[a.attached.pk]) in item
    assert a.attached.sha256[:12] in item and a.attached.sha256 in item  # short, full in title
    assert people.pelaksana.display_name in item
    assert ">Lepas<" not in item  # a reader cannot detach


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("surat.pdf", files.EXE, "tidak dapat diterima"),
        ("halaman.pdf", files.HTML, "tidak dapat diterima"),
        ("kosong.pdf", b"", "kosong"),
        ("SK lagi.pdf", files.PDF, "sudah dilampirkan pada realisasi ini"),
    ],
)
def test_it_refuses_bad_uploads_with_the_services_message_and_stores_nothing(
    client, people, arrange, media, name, content, message
):
    a = arrange()
    before = snapshot(media)
    response = login(client, people.pelaksana).post(
        cell_url("cell_evidence_upload", a.realisation.indicator),
        {"file": upload(name, content), "description": "x"},
    )
    assert response.status_code == 200
    error = response.content.decode().split('data-testid="cell-error"')[1].split("</div>")[0]
    assert message in error
    assert snapshot(media) == before


def test_it_refuses_a_file_over_the_limit_without_keeping_it(
    client, people, arrange, media, settings
):
    a = arrange()
    settings.EVIDENCE_MAX_BYTES = 1000
    before = snapshot(media)
    big = files.PDF + b"0" * 2000
    response = login(client, people.pelaksana).post(
        cell_url("cell_evidence_upload", a.realisation.indicator),
        {"file": upload("besar.pdf", big)},
    )
    assert response.status_code == 200
    assert "Berkas besar.pdf terlalu besar" in text_of(response)
    assert snapshot(media) == before


def test_it_refuses_a_huge_upload_by_its_announced_size(client, people, arrange, media, settings):
    a = arrange()
    settings.EVIDENCE_MAX_BYTES = 1000
    before = snapshot(media)
    response = login(client, people.pelaksana).post(
        cell_url("cell_evidence_upload", a.realisation.indicator),
        {"file": upload("sangat besar.pdf", files.PDF + b"0" * 200_000)},
    )
    assert response.status_code == 413
    assert "Unggahan terlalu besar" in text_of(response)
    assert snapshot(media) == before


@pytest.mark.parametrize("size", [999, 1000, 1001, 200_000])
def test_it_keeps_at_most_the_limit_of_an_upload(rf, size):
    data = b"%PDF-" + b"0" * (size - 5)
    request = rf.post("/", {"file": upload("besar.pdf", data)})
    request.upload_handlers = [
        EvidenceSizeLimitHandler(request, limit=1000),
        MemoryFileUploadHandler(request),
    ]
    received = request.FILES["file"]
    assert (received.name, received.size) == ("besar.pdf", size)
    if size <= 1000:
        assert received.read() == data
    else:
        assert isinstance(received, OversizeUpload) and received.read() == b""


def test_it_asks_for_a_file_when_none_was_chosen(client, people, arrange, media):
    a = arrange()
    before = snapshot(media)
    response = login(client, people.pelaksana).post(
        cell_url("cell_evidence_upload", a.realisation.indicator), {"description": "x"}
    )
    assert "Pilih berkas yang akan diunggah." in text_of(response)
    assert snapshot(media) == before


def test_it_still_checks_the_csrf_token_on_uploads(people, arrange, media):
    a = arrange()
    client = login(Client(enforce_csrf_checks=True), people.pelaksana)
    before = snapshot(media)
    response = client.post(
        cell_url("cell_evidence_upload", a.realisation.indicator),
        {"file": upload("laporan.pdf", OTHER_PDF)},
    )
    assert response.status_code == 403
    assert snapshot(media) == before


def test_it_asks_to_save_the_realisation_before_adding_evidence(client, people, cells, media):
    response = login(client, people.pelaksana).post(
        cell_url("cell_link_add", cells.sk), {"url": "https://kpu.go.id", "title": ""}
    )
    assert "Simpan realisasinya terlebih dahulu" in text_of(response)
    assert not Evidence.objects.exists()


def test_it_refuses_a_bad_link(client, people, arrange, media):
    a = arrange()
    before = snapshot(media)
    response = login(client, people.pelaksana).post(
        cell_url("cell_link_add", a.realisation.indicator),
        {"url": "javascript:alert(1)", "title": "x"},
    )
    assert "diawali http:// atau https://" in text_of(response)
    assert snapshot(media) == before


def test_it_does_not_attach_another_units_evidence(client, people, arrange, tree, media):
    a = arrange()
    foreign = Evidence.objects.create(
        unit=tree.bengkulu_selatan, kind="link", url="https://contoh.id", display_name="Asing"
    )
    before = snapshot(media)
    response = login(client, people.sekretaris).post(
        cell_url("cell_evidence_attach", a.realisation.indicator), {"evidence": foreign.pk}
    )
    assert response.status_code == 404
    assert snapshot(media) == before


def test_it_downloads_the_exact_bytes_with_the_sniffed_type(client, people, arrange):
    a = arrange()
    response = login(client, people.province_sekretaris).get(
        reverse("evidence_download", args=[a.attached.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="SK Tim RB.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_names_a_download_after_its_content(client, people, cells):
    r = save(cells.sk, 1, people.pelaksana)
    e = evidence_upload(realisation=r, upload=upload("foto.png", files.PDF), actor=people.pelaksana)
    response = login(client, people.viewer).get(reverse("evidence_download", args=[e.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="foto.png.pdf"'


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
def test_it_does_not_send_a_file_to_another_unit(client, people, arrange, persona):
    a = arrange()
    response = login(client, getattr(people, persona)).get(
        reverse("evidence_download", args=[a.attached.pk])
    )
    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


def test_it_opens_http_links_only_through_the_interstitial(client, people, arrange, tree):
    a = arrange()
    link = evidence_link_add(
        realisation=a.realisation, url="https://jdih.kpu.go.id/x", actor=people.pelaksana
    )
    login(client, people.viewer)
    response = client.get(reverse("evidence_download", args=[link.pk]))
    # Never a redirect (security round 2): a page naming the host and the full address.
    assert response.status_code == 200 and "Location" not in response
    assert "Anda akan membuka jdih.kpu.go.id" in response.content.decode()
    bad = Evidence.objects.create(
        unit=tree.bengkulu_tengah, kind="link", url="javascript:alert(1)", display_name="Jahat"
    )
    assert client.get(reverse("evidence_download", args=[bad.pk])).status_code == 404


def test_it_searches_the_library_from_the_cell_with_htmx(client, people, arrange):
    a = arrange()
    url = cell_url("cell_library_search", a.realisation.indicator)
    login(client, people.pelaksana)
    response = client.get(url, {"cari": "foto"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "foto kegiatan.png" in html and "SK Tim RB.pdf" not in html
    assert cell_url("cell_evidence_attach", a.realisation.indicator) in html
    everything = client.get(url).content.decode()
    assert "Sudah dilampirkan" in everything  # the PDF already backs this cell
    # Without JavaScript the page itself shows the same results.
    page = client.get(cell_url("cell_detail", a.realisation.indicator), {"cari": "foto"})
    results = page.content.decode().split('data-testid="library-results"')[1].split("</ul>")[0]
    assert "foto kegiatan.png" in results and "SK Tim RB.pdf" not in results
    assert login(client, people.viewer).get(url).status_code == 403


# --- the plan page -------------------------------------------------------------------------


class _PeriodCells(HTMLParser):
    """For each indicator row of the plan table: its period cells as (classes, link, text).

    The period cells are the row's last cells but KET (the small plan is monthly: 12 of them).
    """

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[list]] = {}
        self._row: str | None = None
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = attrs.get("id")
            if self._row:
                self.rows[self._row] = []
        elif tag == "td" and self._row:
            self._cell = [(attrs.get("class") or "").split(), None, ""]
            self.rows[self._row].append(self._cell)
        elif (
            tag == "a" and self._cell is not None and "edit-link" not in (attrs.get("class") or "")
        ):
            self._cell[1] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data.strip()


def period_cells(response) -> dict[str, list[list]]:
    """Rows of period cells, each cell's link resolved against the plan page's address."""
    parser = _PeriodCells()
    parser.feed(response.content.decode())
    page = response.wsgi_request.path
    rows = {}
    for row_id, cells in parser.rows.items():
        rows[row_id] = [
            [classes, urljoin(page, href) if href else None, text]
            for classes, href, text in cells[-13:-1]
        ]
    return rows


@pytest.fixture
def states(people, cells):
    """One cell in each state of the small plan (2023: every schedule is past due)."""
    pic, asesor = people.pelaksana, people.asesor
    r = realisation_submit(realisation=save(cells.sk, 1, pic), actor=pic)
    realisation_verify(realisation=r, actor=asesor)
    realisation_submit(realisation=save(cells.sk, 2, pic), actor=pic)
    secretary = people.sekretaris
    r = realisation_submit(realisation=save(cells.ppid, 1, secretary), actor=secretary)
    realisation_return(realisation=r, actor=asesor, note="Lengkapi")
    save(cells.ppid, 2, people.sekretaris)  # a draft past its due date
    save(cells.sk, 5, pic)  # unscheduled work, not yet submitted


def test_it_colours_and_links_every_cell_of_the_plan(client, people, cells, states):
    plan = cells.sk.activity.area.plan
    response = login(client, people.asesor).get(reverse("plan_detail", args=[plan.pk]))
    rows = period_cells(response)
    sk = rows[f"indikator-{cells.sk.pk}"]
    ppid = rows[f"indikator-{cells.ppid.pk}"]
    pengarah = rows[f"indikator-{cells.pengarah.pk}"]

    def state(cell):
        return [c for c in cell[0] if c not in ("late", "unscheduled")]

    # One class says the state (the legend names it); "late" and "unscheduled" go beside it.
    assert state(sk[0]) == ["verified"] and "late" in sk[0][0]  # submitted in 2026
    assert state(sk[1]) == ["submitted"]
    assert sk[4][0] == ["draft", "unscheduled"] and sk[4][2] == "•"  # unscheduled, realised
    assert state(ppid[0]) == ["returned"] and ppid[0][2] == "2,5"
    assert state(ppid[1]) == ["missed"]  # a draft past its due date
    assert state(ppid[2]) == ["missed"] and state(pengarah[2]) == ["missed"]
    for row, ind in ((sk, cells.sk), (ppid, cells.ppid)):
        for period, cell in enumerate(row, start=1):
            link = cell_url("cell_detail", ind, period)
            assert cell[1] == (link if state(cell) else None)
    assert state(sk[2]) == [] and sk[2][1] is None  # nothing planned, nothing done

    html = response.content.decode()
    legend = text_of(response).split("Keterangan warna sel:")[1]
    assert "Terverifikasi (1)" in legend and "Menunggu verifikasi (1)" in legend
    assert "Dikembalikan (1)" in legend and "Lewat tenggat, belum diajukan (5)" in legend
    badge = html.split('data-testid="awaiting-verification"')
    assert cell_url("cell_detail", cells.sk, 2) in badge[0].rsplit("<a", 1)[1]
    assert "Perlu verifikasi" in badge[1].split("</a>")[0]
    pic_page = login(client, people.pelaksana).get(reverse("plan_detail", args=[plan.pk]))
    assert 'data-testid="awaiting-verification"' not in pic_page.content.decode()


def test_it_keeps_the_plan_page_queries_constant_with_realisations(client, people, cells, media):
    plan = cells.sk.activity.area.plan
    login(client, people.asesor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 200
        return len(ctx.captured_queries)

    empty = queries()
    for period in (1, 2, 3, 5, 7):
        r = save(cells.sk, period, people.pelaksana)
        evidence_upload(
            realisation=r,
            upload=upload(f"b{period}.pdf", files.PDF + bytes([period])),
            actor=people.pelaksana,
        )
        realisation_submit(realisation=r, actor=people.pelaksana)
    save(cells.ppid, 1, people.sekretaris)
    assert queries() == empty


# --- the evidence library ------------------------------------------------------------------


def test_it_lists_the_library_with_the_cells_each_item_backs(client, people, arrange, tree):
    a = arrange()
    other = save(a.realisation.indicator, 3, people.pelaksana)
    evidence_attach(realisation=other, evidence=a.attached, actor=people.pelaksana)
    response = login(client, people.ketua).get(
        reverse("evidence_library", args=[tree.bengkulu_tengah.pk])
    )
    html = response.content.decode()
    row = html.split("SK Tim RB.pdf")[1].split("</tr>")[0]
    ind = a.realisation.indicator
    assert cell_url("cell_detail", ind, 1) in row and cell_url("cell_detail", ind, 3) in row
    assert "Januari 2023 · 1. Tersedianya SK" in row and "Maret 2023" in row
    assert "foto kegiatan.png" in html and "Februari 2023" in html
    assert a.attached.sha256[:12] in html


def test_it_searches_and_paginates_the_library(client, people, tree, media):
    unit = tree.bengkulu_tengah
    Evidence.objects.bulk_create(
        [
            Evidence(
                unit=unit,
                kind="link",
                url=f"https://kpu.go.id/dokumen/{i}",
                display_name=f"Notulen rapat {i}" if i % 2 else f"Daftar hadir {i}",
                description="Rapat tim RB" if i == 4 else "",
            )
            for i in range(1, 31)
        ]
    )
    Evidence.objects.create(
        unit=tree.bengkulu_selatan, kind="link", url="https://x.id", display_name="Notulen asing"
    )
    login(client, people.viewer)
    url = reverse("evidence_library", args=[unit.pk])

    def queries(params) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(ctx.captured_queries), text_of(response)

    count_first, first = queries({})
    assert "Halaman 1 dari 2" in first and first.count("kpu.go.id/dokumen/") == 25
    count_second, second = queries({"halaman": 2})
    assert second.count("kpu.go.id/dokumen/") == 5 and count_second == count_first
    _count, found = queries({"q": "notulen"})
    assert "15 data dukung cocok dengan “notulen”." in found
    assert "Notulen asing" not in found and "Daftar hadir" not in found
    _count, by_description = queries({"q": "tim rb"})
    assert "Daftar hadir 4" in by_description and "1 data dukung cocok" in by_description
    assert login(client, people.sibling_sekretaris).get(url).status_code == 404
