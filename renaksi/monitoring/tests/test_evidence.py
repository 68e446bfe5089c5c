import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from renaksi.audit.models import AuditEvent
from renaksi.monitoring.models import Evidence, RealisationEvidence
from renaksi.monitoring.selectors import evidence_list_for_realisation, evidence_list_visible
from renaksi.monitoring.services import (
    EvidenceError,
    evidence_attach,
    evidence_link_add,
    evidence_upload,
)
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save, stored_files
from renaksi.monitoring.tests.files import upload


def _upload(realisation, people, name, content, **kwargs):
    return evidence_upload(
        realisation=realisation, upload=upload(name, content), actor=people.pelaksana, **kwargs
    )


def test_it_keeps_hash_uploader_time_and_a_hash_derived_path(people, realisation_in, media, tree):
    r = realisation_in()
    e = _upload(r, people, "SK Tim RB.pdf", files.PDF, description="SK penetapan tim")
    sha = hashlib.sha256(files.PDF).hexdigest()
    db = Evidence.objects.get()
    assert db.pk == e.pk
    assert (db.kind, db.content_type, db.sha256, db.size) == ("file", "pdf", sha, len(files.PDF))
    assert db.uploaded_by == people.pelaksana and db.uploaded_at is not None
    assert (db.display_name, db.description, db.unit) == (
        "SK Tim RB.pdf",
        "SK penetapan tim",
        tree.bengkulu_tengah,
    )
    assert db.file.name == f"evidence/{tree.bengkulu_tengah.pk}/{sha[:2]}/{sha}.pdf"
    assert stored_files(media) == [db.file.name]
    assert (media / db.file.name).read_bytes() == files.PDF
    assert (
        AuditEvent.objects.filter(action="realisation.evidence_added").get().data["sha256"] == sha
    )


def test_it_accepts_a_pdf_named_png_as_a_pdf(people, realisation_in, media):
    e = _upload(realisation_in(), people, "foto.png", files.PDF)
    assert e.content_type == "pdf"
    assert e.file.name.endswith(".pdf")
    assert e.display_name == "foto.png"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.jpg", files.JPEG, "jpeg"),
        ("grafik.png", files.PNG, "png"),
        ("laporan.docx", files.ooxml("docx"), "docx"),
        ("data.xlsx", files.ooxml("xlsx"), "xlsx"),
        ("paparan.pptx", files.ooxml("pptx"), "pptx"),
        ("lama.doc", files.ole("WordDocument"), "doc"),
        ("lama.xls", files.ole("Workbook"), "xls"),
        ("lama.ppt", files.ole("PowerPoint Document"), "ppt"),
        ("tanpa-ekstensi", files.ooxml("docx"), "docx"),
    ],
)
def test_it_accepts_office_documents_and_images_by_content(
    people, realisation_in, name, content, kind
):
    assert _upload(realisation_in(), people, name, content).content_type == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("surat.pdf", files.EXE),
        ("surat.pdf", files.HTML),
        ("arsip.docx", files.plain_zip()),
        ("makro.docx", files.ooxml("docm")),
        ("rusak.docx", files.ooxml("docx", with_main_part=False)),
        ("installer.doc", files.ole("SummaryInformation")),
        ("teks.pdf", b"Ini bukan PDF"),
        ("potong.docx", files.ooxml("docx")[:30]),
    ],
)
def test_it_refuses_files_whose_content_is_not_an_accepted_type(
    people, realisation_in, media, name, content
):
    r = realisation_in()
    with pytest.raises(EvidenceError, match="tidak dapat diterima"):
        _upload(r, people, name, content)
    assert not Evidence.objects.exists()
    assert not r.events.filter(action="evidence_added").exists()
    assert stored_files(media) == []


def test_it_refuses_an_empty_file(people, realisation_in, media):
    with pytest.raises(EvidenceError, match="kosong"):
        _upload(realisation_in(), people, "kosong.pdf", b"")
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_it_refuses_a_file_over_the_configured_limit(people, realisation_in, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    r = realisation_in()
    big = files.PDF + b"0" * 2048
    with pytest.raises(EvidenceError, match="terlalu besar"):
        _upload(r, people, "besar.pdf", big)
    assert not Evidence.objects.exists() and stored_files(media) == []
    exactly = files.PDF + b"0" * (1024 - len(files.PDF))
    assert _upload(r, people, "pas.pdf", exactly).size == 1024


def test_it_refuses_the_same_file_twice_on_one_cell(people, realisation_in, media):
    r = realisation_in()
    _upload(r, people, "sk.pdf", files.PDF)
    with pytest.raises(EvidenceError, match="(?i)berkas yang sama sudah dilampirkan"):
        _upload(r, people, "sk-lagi.pdf", files.PDF)
    assert Evidence.objects.count() == 1
    assert RealisationEvidence.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_it_stores_a_file_backing_two_cells_once(people, cells, realisation_in, media):
    first = realisation_in()
    second = save(cells.sk, 2, people.pelaksana)
    a = _upload(first, people, "sk.pdf", files.PDF)
    b = _upload(second, people, "sk-februari.pdf", files.PDF)
    assert a.pk == b.pk
    assert Evidence.objects.count() == 1
    assert sorted(RealisationEvidence.objects.values_list("realisation_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    assert stored_files(media) == [a.file.name]
    assert list(evidence_list_for_realisation(user=people.viewer, realisation=second)) == [a]


def test_it_stores_a_traversal_name_safely(people, realisation_in, media, tmp_path):
    e = _upload(realisation_in(), people, "../../etc/passwd.pdf", files.PDF)
    assert e.display_name == "passwd.pdf"
    assert ".." not in e.file.name and e.file.name.startswith("evidence/")
    assert stored_files(media) == [e.file.name]
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("/etc/passwd", "passwd"),
        ("...", "berkas.pdf"),
        ("a\x00b<script>.pdf", "abscript.pdf"),
        ("", "berkas.pdf"),
    ],
)
def test_it_cleans_display_names(name, expected):
    from renaksi.monitoring.evidence import display_name_clean

    assert display_name_clean(name, fallback_extension="pdf") == expected


def test_it_removes_a_written_file_when_the_transaction_fails(
    people, realisation_in, media, monkeypatch
):
    r = realisation_in()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("renaksi.monitoring.services.evidence.step", broken)
    with pytest.raises(RuntimeError):
        _upload(r, people, "sk.pdf", files.PDF)
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_it_keeps_a_library_file_when_a_later_reuse_fails(
    people, cells, realisation_in, media, monkeypatch
):
    first = realisation_in()
    e = _upload(first, people, "sk.pdf", files.PDF)
    second = save(cells.sk, 2, people.pelaksana)
    monkeypatch.setattr(
        "renaksi.monitoring.services.evidence.step",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")),
    )
    with pytest.raises(RuntimeError):
        _upload(second, people, "sk.pdf", files.PDF)
    assert stored_files(media) == [e.file.name]


def test_it_adds_http_and_https_links_once_per_unit(people, cells, realisation_in):
    r = realisation_in()
    link = evidence_link_add(
        realisation=r, url=" https://kpu.go.id/berita/123 ", actor=people.pelaksana
    )
    assert (link.kind, link.url, link.display_name) == (
        "link",
        "https://kpu.go.id/berita/123",
        "kpu.go.id/berita/123",
    )
    other = save(cells.sk, 2, people.pelaksana)
    again = evidence_link_add(
        realisation=other,
        url="https://kpu.go.id/berita/123",
        actor=people.sekretaris,
        title="Berita\nrapat",
    )
    assert again.pk == link.pk and Evidence.objects.count() == 1
    with pytest.raises(EvidenceError, match="Tautan yang sama"):
        evidence_link_add(realisation=r, url="https://kpu.go.id/berita/123", actor=people.pelaksana)
    titled = evidence_link_add(
        realisation=r, url="http://jdih.kpu.go.id/x", actor=people.pelaksana, title="JDIH\tKPU"
    )
    assert titled.display_name == "JDIH KPU"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://kpu.go.id/a", "kpu.go.id", "file:///etc/passwd", "", "https://"],
)
def test_it_refuses_links_that_are_not_http(people, realisation_in, url):
    with pytest.raises(EvidenceError, match="http"):
        evidence_link_add(realisation=realisation_in(), url=url, actor=people.pelaksana)
    assert not Evidence.objects.exists()


def test_it_reuses_a_library_item_and_keeps_units_apart(people, cells, realisation_in, tree):
    first = realisation_in()
    e = _upload(first, people, "sk.pdf", files.PDF)
    second = save(cells.sk, 2, people.pelaksana)
    evidence_attach(realisation=second, evidence=e, actor=people.pelaksana)
    assert set(e.realisations.all()) == {first, second}
    with pytest.raises(EvidenceError, match="sudah dilampirkan"):
        evidence_attach(realisation=second, evidence=e, actor=people.pelaksana)

    foreign = Evidence.objects.create(
        unit=tree.bengkulu_selatan,
        kind="link",
        url="https://contoh.go.id/",
        display_name="milik unit lain",
    )
    with pytest.raises(PermissionDenied):
        evidence_attach(realisation=second, evidence=foreign, actor=people.sekretaris)
    assert not foreign.realisation_links.exists()


def test_it_searches_the_unit_library(people, realisation_in, tree):
    r = realisation_in()
    _upload(r, people, "SK Tim RB 2023.pdf", files.PDF, description="penetapan tim")
    _upload(r, people, "Daftar hadir.png", files.PNG, description="rapat koordinasi")
    evidence_link_add(realisation=r, url="https://ppid.kpu.go.id/laporan", actor=people.pelaksana)

    def names(search):
        return sorted(
            evidence_list_visible(
                user=people.viewer, unit=tree.bengkulu_tengah, search=search
            ).values_list("display_name", flat=True)
        )

    assert names("tim rb") == ["SK Tim RB 2023.pdf"]
    assert names("KOORDINASI") == ["Daftar hadir.png"]
    assert names("ppid") == ["ppid.kpu.go.id/laporan"]
    assert len(names("")) == 3
    assert (
        evidence_list_visible(user=people.viewer, unit=tree.bengkulu_tengah).first().use_count == 1
    )
