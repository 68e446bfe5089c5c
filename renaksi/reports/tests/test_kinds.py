"""The registry of document kinds is the one list: every job kind has an entry, the reports page
offers exactly its kinds, and each entry renders every format it announces."""

from __future__ import annotations

import pytest

from renaksi.reports.common import DocumentError
from renaksi.reports.kinds import KINDS, document_kind
from renaksi.reports.models import ReportJob
from renaksi.reports.views import ReportRequestForm


def test_every_job_kind_has_an_entry_with_renderers_for_its_formats():
    assert set(KINDS) == set(ReportJob.Kind.values)
    formats = set(ReportJob.Format.values)
    for kind, entry in KINDS.items():
        assert entry.kind == kind
        assert entry.label == ReportJob.Kind(kind).label
        assert entry.formats, kind
        assert set(entry.formats) <= formats, kind
        assert all(callable(entry.renderers[fmt]) for fmt in entry.formats), kind
        assert entry.prefix


def test_the_reports_form_offers_the_registry_kinds_in_its_order():
    choices = ReportRequestForm().fields["kind"].choices

    assert [value for value, _label in choices] == list(KINDS)
    assert [str(label) for _value, label in choices] == [str(e.label) for e in KINDS.values()]


def test_a_kind_outside_the_registry_or_a_format_it_lacks_is_refused():
    with pytest.raises(DocumentError, match="tidak dikenal"):
        document_kind("laporan_rahasia")
    with pytest.raises(DocumentError, match="XLSX"):
        KINDS[ReportJob.Kind.DECREE].clean_params("xlsx", {})


@pytest.mark.parametrize(
    ("params", "prefix"),
    [
        ({"paper": "a4", "span": "year", "number": 1}, "Monev"),
        ({"paper": "a4", "span": "quarter", "number": 2}, "Monev_triwulan2"),
        ({"paper": "a4", "span": "semester", "number": 1}, "Monev_semester1"),
    ],
)
def test_the_monev_file_prefix_names_its_span(params, prefix):
    # In the active language: Indonesian here (issue 20: no English file name on an Indonesian
    # page); the English one is checked in test_jobs.
    assert KINDS[ReportJob.Kind.MONEV].file_prefix(params) == prefix
    assert KINDS[ReportJob.Kind.LAMPIRAN].file_prefix({"paper": "a4"}) == "Lampiran"
