"""The evidence-type check: an indicator names the kind of data dukung it will be proven by,
and the evidence attached to its cells is of that kind."""

import pytest

from renaksi.monitoring.services import evidence_upload
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import PDF, PNG, upload
from renaksi.quality.checks import structural_checks
from renaksi.quality.evidence_types import evidence_matches, named_types
from renaksi.quality.facts import plan_facts


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Tersedianya SK Tim RB", ["document"]),
        ("Notulen rapat evaluasi", ["document"]),
        ("Dokumentasi sosialisasi maklumat pelayanan", ["photo"]),  # not "dokumen"
        ("Publikasi di laman KPU", ["link"]),
        ("Laporan dan foto kegiatan", ["document", "photo"]),
        ("Jumlah permohonan informasi", []),
        ("Tersedianya desk skrining", []),  # "sk" only as a whole word
    ],
)
def test_an_indicator_names_the_kind_of_evidence(text, codes):
    assert [t.code for t in named_types(text)] == codes


@pytest.mark.parametrize(
    ("text", "items", "ok"),
    [
        ("SK Tim RB", [("file", "png")], False),  # a photo of the SK
        ("SK Tim RB", [("file", "pdf")], True),
        ("SK Tim RB", [("file", "png"), ("file", "pdf")], True),
        ("SK Tim RB", [("link", "")], True),  # a link to the signed document
        ("Foto kegiatan", [("file", "jpeg")], True),
        ("Foto kegiatan", [("file", "xlsx")], False),
        ("Publikasi di laman", [("file", "pdf")], False),
        ("Publikasi di laman", [("link", "")], True),
        ("Jumlah permohonan", [("file", "png")], True),  # nothing named: nothing to match
        ("SK Tim RB", [], True),  # nothing attached yet: another check's business
    ],
)
def test_evidence_matches_the_named_kind(text, items, ok):
    assert evidence_matches(named_types(text), items) is ok


def _checks(plan):
    return {c.code: c for c in structural_checks(plan_facts(plan=plan))}


def test_plan_check_names_indicators_without_a_kind_and_mismatched_evidence(
    small_plan, cells, people, media
):
    checks = _checks(small_plan)
    unnamed = checks["indicator-no-evidence-type"]
    labels = " | ".join(r.label for r in unnamed.rows)
    assert "Jumlah permohonan informasi" in labels
    assert "SK Tim RB" not in labels and "Tersedianya SK" not in labels
    assert "/indikator/" in unnamed.rows[0].url and unnamed.fix
    assert "evidence-type-mismatch" not in checks

    realisation = save(cells.sk, 1, people.sekretaris)
    evidence_upload(realisation=realisation, upload=upload("sk.png", PNG), actor=people.sekretaris)
    mismatch = _checks(small_plan)["evidence-type-mismatch"]
    [row] = mismatch.rows
    assert "Tersedianya SK" in row.label
    assert "disebut: dokumen; dilampirkan: gambar" in row.label
    assert row.url.endswith(f"/indikator/{cells.sk.pk}/ubah/") or str(cells.sk.pk) in row.url

    # The signed PDF beside the photo settles it.
    evidence_upload(realisation=realisation, upload=upload("sk.pdf", PDF), actor=people.sekretaris)
    assert "evidence-type-mismatch" not in _checks(small_plan)


def test_a_source_link_counts_as_a_named_evidence(small_plan, cells, people):
    from renaksi.plans.models import Indicator

    Indicator.objects.filter(pk=cells.ppid.pk).update(evidence_links=["https://ppid.kpu.go.id/"])
    unnamed = _checks(small_plan).get("indicator-no-evidence-type")
    labels = " | ".join(r.label for r in unnamed.rows) if unnamed else ""
    assert "Jumlah permohonan informasi" not in labels


def test_the_check_speaks_english_too(small_plan, cells):
    from django.utils import translation

    with translation.override("en"):
        check = _checks(small_plan)["indicator-no-evidence-type"]
    assert check.message.endswith("indicators name no kind of supporting evidence.")
    assert check.fix.startswith("Name the output's form in the indicator")
