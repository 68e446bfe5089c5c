"""The submission's PDF: laid out by Typst in the background, from the snapshot alone."""

from pathlib import Path

from django.test import TestCase

from renaksi.chain.models import MonitoringReportSubmission
from renaksi.chain.services import monitoring_report_submit
from renaksi.chain.snapshot import submission_pdf_make
from renaksi.chain.tests.conftest import ON_TIME
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import realisation_save
from renaksi.plans.models import Indicator
from renaksi.reports.tests.helpers import pdf_pages


def pdf_text(submission) -> str:
    with submission.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    return "\n".join(pdf_pages(data))


def test_it_lays_out_the_pdf_from_the_snapshot_not_from_later_changes(small_plan, people):
    monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME)
    # The plan changes before the worker runs: the PDF must still show what was sent.
    indicator = Indicator.objects.get(activity__area__plan=small_plan, text="SK Tim RB")
    realisation_save(
        indicator=indicator,
        period=1,
        actor=people.sekretaris,
        expected_version=0,
        status=Realisation.Status.DONE,
        progress=100,
        narrative="Ditulis setelah pengajuan",
    )

    submission = submission_pdf_make(submission_id=MonitoringReportSubmission.objects.get().pk)

    text = pdf_text(submission)
    assert "KPU KABUPATEN BENGKULU TENGAH" in text
    assert "Periode: Triwulan I Tahun 2023" in text
    assert "Keadaan per 10 April 2023" in text
    assert "Ditulis setelah pengajuan" not in text
    assert submission.pdf_error == ""
    # Made once: a second run keeps the stored file.
    name = submission.pdf.name
    assert submission_pdf_make(submission_id=submission.pk).pdf.name == name


def test_it_queues_the_pdf_after_the_commit(small_plan, people):
    with TestCase.captureOnCommitCallbacks(execute=True):
        monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME)

    assert "Triwulan I" in pdf_text(MonitoringReportSubmission.objects.get())


def test_it_records_a_failed_pdf_and_keeps_no_file(small_plan, people, monkeypatch, settings):
    def broken(snapshot):
        raise OSError("font hilang")

    monkeypatch.setattr("renaksi.chain.snapshot.snapshot_pdf", broken)
    monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME)

    submission = submission_pdf_make(submission_id=MonitoringReportSubmission.objects.get().pk)

    assert not submission.pdf
    assert submission.pdf_error == "PDF gagal dibuat (OSError)."
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_it_ignores_a_submission_that_is_gone(db):
    assert submission_pdf_make(submission_id=999_999) is None
