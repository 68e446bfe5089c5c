"""Expensive documents are bounded: queue, de-duplication, quotas, fair order, cache.

Measured in jobs, not seconds: how many jobs the worker runs before a Sekretaris's job.
"""

import pytest
from django.urls import reverse

from renaksi.reports.common import DocumentError
from renaksi.reports.models import ReportJob
from renaksi.reports.queue import jobs_ahead, next_job_id
from renaksi.reports.services import report_job_execute, report_job_request


def _monev(plan, actor, number, fmt="xlsx"):
    return report_job_request(
        plan=plan,
        kind="monev",
        fmt=fmt,
        params={"span": "month", "number": number, "paper": "a4"},
        actor=actor,
    )


def test_the_read_only_role_cannot_flood_the_queue(people, small_plan):
    accepted, refused = [], 0
    for n in range(30):
        try:
            accepted.append(_monev(small_plan, people.viewer, n % 12 + 1, ("xlsx", "pdf")[n % 2]))
        except DocumentError as exc:
            refused += 1
            assert "sedang dibuat" in str(exc)
    # Before: 30 of 30 accepted. Now one pending job for a reader (repeats of the same request
    # get that same job back); every other request is refused.
    assert len({j.pk for j in accepted}) == 1 and refused == 30 - len(accepted) >= 27
    assert ReportJob.objects.count() == 1
    job = _monev(small_plan, people.sekretaris, 3)
    assert jobs_ahead(job) <= 1


def test_identical_pending_requests_are_one_job(people, small_plan):
    first = _monev(small_plan, people.sekretaris, 2)
    again = _monev(small_plan, people.sekretaris, 2)
    other = _monev(small_plan, people.admin_unit, 2)
    assert first.pk == again.pk == other.pk
    assert ReportJob.objects.count() == 1


def test_a_flood_does_not_starve_another_units_sekretaris(people, small_plan, settings):
    # Even with the quotas raised, the fair order runs the Sekretaris's job almost at once.
    settings.REPORT_JOBS_PER_READER = settings.REPORT_JOBS_PER_UNIT = 100
    for n in range(30):
        _monev(small_plan, people.viewer, n % 12 + 1, ("xlsx", "pdf", "docx")[n // 12])
    mine = report_job_request(
        plan=small_plan, kind="lampiran", fmt="xlsx", params={}, actor=people.sekretaris
    )
    assert ReportJob.objects.filter(status="queued").count() == 31
    ran_before = 0
    while (next_id := next_job_id()) != mine.pk:
        report_job_execute(job_id=next_id)
        ran_before += 1
    report_job_execute(job_id=mine.pk)
    mine.refresh_from_db()
    # Before: 30 jobs ahead (FIFO). Now at most one of the flood runs first.
    assert mine.status == "done" and ran_before <= 1


def test_per_user_and_per_unit_quotas(people, small_plan, settings):
    settings.REPORT_JOBS_PER_USER = 2
    settings.REPORT_JOBS_PER_UNIT = 3
    _monev(small_plan, people.sekretaris, 1)
    _monev(small_plan, people.sekretaris, 2)
    with pytest.raises(DocumentError, match="batas 2"):
        _monev(small_plan, people.sekretaris, 3)
    _monev(small_plan, people.admin_unit, 4)
    with pytest.raises(DocumentError, match="Satuan kerja ini"):
        _monev(small_plan, people.ketua, 5)


def test_direct_pdf_downloads_never_render_in_the_request(client, people, small_plan):
    client.force_login(people.viewer)
    url = reverse("plan_lampiran_download", kwargs={"pk": small_plan.pk, "fmt": "pdf"})
    responses = [client.get(url) for _ in range(6)]
    # Before: six PDFs rendered inside six requests. Now: a waiting page and one queued job.
    assert {r.status_code for r in responses} == {202}
    assert all(not r.content.startswith(b"%PDF") for r in responses)
    assert ReportJob.objects.filter(status="queued").count() == 1
    assert "Dokumen sedang disiapkan" in responses[0].content.decode()


def test_a_finished_document_is_served_again_until_the_plan_changes(
    client, people, small_plan, django_capture_on_commit_callbacks
):
    from renaksi.plans.models import Area
    from renaksi.plans.services import area_update

    client.force_login(people.sekretaris)
    url = reverse("plan_decree_download", kwargs={"pk": small_plan.pk, "fmt": "docx"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 202
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert ReportJob.objects.count() == 1  # served from the cache of this plan version
    area = Area.objects.filter(plan=small_plan).first()
    area_update(
        area=area, actor=people.sekretaris, name="Area baru", number=area.number, reform_area=None
    )
    assert client.get(url).status_code == 202  # a new version: made again
    assert ReportJob.objects.count() == 2


def test_a_document_is_rendered_once_per_plan_version_and_format(people, small_plan):
    """Counted in renders (jobs executed), not seconds: the same request for an unchanged plan
    gets the finished job and its file; a realisation, another format or another language
    makes a new one."""
    from renaksi.monitoring.services.realisations import realisation_save
    from renaksi.plans.models import Indicator

    def request(fmt="xlsx", **extra):
        return report_job_request(
            plan=small_plan,
            kind="monev",
            fmt=fmt,
            params={"span": "year", "paper": "a4", **extra},
            actor=people.sekretaris,
        )

    first = request()
    report_job_execute(job_id=first.pk)
    again = request()
    assert again.pk == first.pk and again.status == "done" and again.file
    assert ReportJob.objects.count() == 1  # no new job, nothing rendered
    assert request(fmt="docx").pk != first.pk  # another format: its own document

    indicator = Indicator.objects.filter(activity__area__plan=small_plan).first()
    realisation_save(
        indicator=indicator,
        period=1,
        actor=people.sekretaris,
        expected_version=0,
        status="in_progress",
        progress=50,
    )
    changed = request()
    assert changed.pk != first.pk and changed.status == "queued"
    assert ReportJob.objects.filter(format="xlsx").count() == 2


def test_the_cache_key_holds_the_language_and_the_day_of_a_report_without_a_date(
    people, small_plan, settings, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    def request(kind="lampiran", **params):
        return report_job_request(
            plan=small_plan, kind=kind, fmt="xlsx", params=params, actor=people.sekretaris
        )

    lampiran, monev = request(), request("monev", span="year")
    dated = request("monev", span="year", as_of="2022-09-15")
    for job in (lampiran, monev, dated):
        report_job_execute(job_id=job.pk)
    assert request().pk == lampiran.pk and request("monev", span="year").pk == monev.pk
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert request().pk == lampiran.pk  # the lampiran does not read the date
    assert request("monev", span="year", as_of="2022-09-15").pk == dated.pk
    assert request("monev", span="year").pk != monev.pk  # "today" is another day
    settings.LANGUAGE_CODE = "en"
    assert request().pk != lampiran.pk
