"""Documents made in the background: request, run, progress, failure, stale jobs, the pages."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from renaksi.audit.models import AuditEvent
from renaksi.conftest import PASSWORD
from renaksi.reports import services
from renaksi.reports.common import DocumentError
from renaksi.reports.kinds import KINDS
from renaksi.reports.lampiran import lampiran_xlsx
from renaksi.reports.models import ReportJob
from renaksi.reports.services import report_job_fail_stale, report_job_request
from renaksi.reports.tests.helpers import open_sheet, pdf_pages

Status = ReportJob.Status
MONEV_TW1 = {"span": "quarter", "number": 1, "as_of": "2023-03-15"}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a request queues after its commit (the task runs inline: ImmediateBackend)."""

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            job = report_job_request(**kwargs)
        job.refresh_from_db()
        return job

    return request


@pytest.fixture
def media(tmp_path):
    """Where the default storage keeps files in tests (``renaksi/conftest.py``)."""
    return tmp_path / "media"


def _cells(xlsx: bytes) -> list:
    return [[c.value for c in row] for row in open_sheet(xlsx).iter_rows()]


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_makes_a_monev_pdf_in_the_background(small_plan, people, run_on_commit):
    job = run_on_commit(
        plan=small_plan, kind="monev", fmt="pdf", params=MONEV_TW1, actor=people.sekretaris
    )

    assert job.status == Status.DONE
    assert job.progress == 100
    assert job.file_name == "Monev_triwulan1_RB_17.09_2023.pdf"  # no English word in Indonesian
    assert job.started_at <= job.finished_at
    assert "Selesai." in job.log
    assert job.log.count("\n") == 5
    text = "\n".join(pdf_pages(job.file.read()))
    assert "Periode: Triwulan I Tahun 2023" in text
    assert "Keadaan per 15 Maret 2023" in text
    event = AuditEvent.objects.get(action="report_job.request")
    assert (event.actor, event.object_id) == (people.sekretaris, str(job.pk))


def test_it_serves_the_stored_file_to_whoever_may_see_the_plan(
    client, small_plan, people, run_on_commit
):
    job = run_on_commit(
        plan=small_plan, kind="lampiran", fmt="xlsx", params={}, actor=people.sekretaris
    )

    response = _login(client, people.province_sekretaris).get(
        reverse("report_job_download", args=[job.pk])
    )

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == job.file.open("rb").read()
    assert body[:2] == b"PK"
    # The same workbook as the synchronous download (the files differ only in their timestamps).
    assert _cells(body) == _cells(lampiran_xlsx(plan=small_plan))
    assert 'filename="Lampiran_RB_17.09_2023.xlsx"' in response["Content-Disposition"]


def test_the_monev_file_is_named_in_the_downloaders_language(
    client, small_plan, people, run_on_commit
):
    job = run_on_commit(
        plan=small_plan, kind="monev", fmt="xlsx", params=MONEV_TW1, actor=people.sekretaris
    )
    url = reverse("report_job_download", args=[job.pk])
    _login(client, people.sekretaris)
    indonesian = client.get(url)
    assert 'filename="Monev_triwulan1_RB_17.09_2023.xlsx"' in indonesian["Content-Disposition"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    try:
        english = client.get(url)
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active here
    assert 'filename="Monev_quarter1_RB_17.09_2023.xlsx"' in english["Content-Disposition"]
    assert b"".join(english.streaming_content) == b"".join(indonesian.streaming_content)


def test_it_marks_a_failed_render_with_a_clear_message_and_no_file(
    small_plan, people, run_on_commit, monkeypatch, media
):
    def broken(**kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setitem(KINDS[ReportJob.Kind.MONEV].renderers, "xlsx", broken)

    job = run_on_commit(
        plan=small_plan, kind="monev", fmt="xlsx", params=MONEV_TW1, actor=people.sekretaris
    )

    assert job.status == Status.FAILED
    assert job.error.startswith("Dokumen gagal dibuat karena kesalahan sistem (RuntimeError)")
    assert "Gagal:" in job.log
    assert not job.file
    assert not list(media.rglob("*.xlsx"))


def test_it_removes_the_file_when_storing_fails_half_way(
    small_plan, people, run_on_commit, monkeypatch, media
):
    real_step = services._step

    def step(job, progress, line, **fields):
        if progress == 100:
            raise OSError("basis data terputus")
        real_step(job, progress, line, **fields)

    monkeypatch.setattr(services, "_step", step)
    job = run_on_commit(
        plan=small_plan, kind="decree", fmt="pdf", params={}, actor=people.sekretaris
    )

    assert job.status == Status.FAILED
    assert "(OSError)" in job.error
    assert not job.file
    assert not list(media.rglob("*.pdf"))


def test_it_refuses_a_format_the_document_does_not_have(small_plan, people):
    with pytest.raises(DocumentError, match="tidak tersedia dalam format XLSX"):
        report_job_request(
            plan=small_plan, kind="decree", fmt="xlsx", params={}, actor=people.sekretaris
        )
    assert not ReportJob.objects.exists()


def test_it_fails_jobs_whose_worker_died(small_plan, people):
    long_ago = timezone.now() - timedelta(minutes=45)
    stale = ReportJob.objects.create(
        plan=small_plan, kind="monev", format="pdf", status=Status.RUNNING, started_at=long_ago
    )
    fresh = ReportJob.objects.create(
        plan=small_plan,
        kind="monev",
        format="pdf",
        status=Status.RUNNING,
        started_at=timezone.now(),
    )

    assert report_job_fail_stale(older_than_minutes=30) == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Status.FAILED
    assert "tidak selesai dalam 30 menit" in stale.error
    assert stale.finished_at is not None
    assert fresh.status == Status.RUNNING


def test_opening_the_reports_page_writes_nothing(client, small_plan, people):
    """A GET is read-only: stale jobs are failed by the workers' periodic check, not by a page."""
    long_ago = timezone.now() - timedelta(minutes=45)
    stale = ReportJob.objects.create(
        plan=small_plan, kind="monev", format="pdf", status=Status.RUNNING, started_at=long_ago
    )
    client.force_login(people.sekretaris)
    response = client.get(reverse("plan_reports", args=[small_plan.pk]))
    assert response.status_code == 200
    stale.refresh_from_db()
    assert (stale.status, stale.error, stale.finished_at) == (Status.RUNNING, "", None)


def test_it_requests_a_report_from_the_page(
    client, small_plan, people, django_capture_on_commit_callbacks
):
    _login(client, people.province_sekretaris)
    url = reverse("plan_reports", args=[small_plan.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"kind": "monev", "span": "semester", "number": "1", "fmt": "docx", "paper": "a4"},
        )

    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.kind, job.format, job.status, job.requested_by) == (
        "monev",
        "docx",
        Status.DONE,
        people.province_sekretaris,
    )
    assert job.params == {"paper": "a4", "span": "semester", "number": 1}
    page = client.get(url)
    assert reverse("report_job_download", args=[job.pk]) in page.content.decode()


def test_it_shows_the_span_error_on_the_page(client, small_plan, people):
    _login(client, people.sekretaris)

    response = client.post(
        reverse("plan_reports", args=[small_plan.pk]),
        {"kind": "monev", "span": "quarter", "number": "7", "fmt": "pdf", "paper": "a4"},
    )

    assert response.status_code == 200
    assert "Nomor triwulan harus antara 1 dan 4." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_it_polls_a_running_job_with_a_progress_bar(client, small_plan, people):
    job = ReportJob.objects.create(
        plan=small_plan,
        kind="monev",
        format="pdf",
        params={"span": "year", "number": 1, "paper": "a4"},
        status=Status.RUNNING,
        progress=40,
        started_at=timezone.now(),
        log="2023-03-15 10:00:00  Mengumpulkan data\n",
    )
    _login(client, people.viewer)

    response = client.get(reverse("report_job_status", args=[job.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress class="job-progress" value="40" max="100"' in html
    assert "style=" not in html  # the content security policy forbids inline styles
    assert f'hx-get="{reverse("report_job_status", args=[job.pk])}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Mengumpulkan data" in html
    assert "Berjalan" in html


def test_it_stops_polling_a_finished_job(client, small_plan, people):
    job = ReportJob.objects.create(
        plan=small_plan, kind="monev", format="pdf", status=Status.FAILED, error="Rusak"
    )
    _login(client, people.viewer)

    html = client.get(reverse("report_job_status", args=[job.pk])).content.decode()

    assert "hx-trigger" not in html
    assert "Rusak" in html
    assert reverse("report_job_download", args=[job.pk]) not in html


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
def test_it_hides_the_jobs_from_other_units(client, small_plan, people, run_on_commit, persona):
    job = run_on_commit(
        plan=small_plan, kind="decree", fmt="docx", params={}, actor=people.sekretaris
    )
    _login(client, getattr(people, persona))

    for url in (
        reverse("plan_reports", args=[small_plan.pk]),
        reverse("report_job_status", args=[job.pk]),
        reverse("report_job_download", args=[job.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("plan_reports", args=[small_plan.pk]), {}).status_code == 404


def test_it_refuses_a_request_from_outside_the_unit_tree(small_plan, people):
    from django.http import Http404

    with pytest.raises(Http404):
        report_job_request(
            plan=small_plan, kind="lampiran", fmt="pdf", params={}, actor=people.sibling_sekretaris
        )


def test_it_does_not_serve_an_unfinished_job(client, small_plan, people):
    job = ReportJob.objects.create(plan=small_plan, kind="monev", format="pdf")
    _login(client, people.sekretaris)

    assert client.get(reverse("report_job_download", args=[job.pk])).status_code == 404


def test_it_lists_the_jobs_in_a_constant_number_of_queries(client, small_plan, people):
    _login(client, people.sekretaris)
    url = reverse("plan_reports", args=[small_plan.pk])

    def make(n):
        for _i in range(n):
            ReportJob.objects.create(
                plan=small_plan, kind="lampiran", format="pdf", requested_by=people.sekretaris
            )

    make(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(5)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)

    assert response.content.decode().count('class="report-job"') == 6
    assert len(six) == len(one)
