"""The reports page polls an unfinished job in Debian's Chromium (htmx, under the strict CSP).

The worker is played by the test: the job is written as queued, then running at 40 %, then done,
and the page must follow each step by itself, with no error in the browser's console.
"""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from renaksi.monitoring.tests.test_browser import sign_in
from renaksi.reports.models import ReportJob

Status = ReportJob.Status


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reports_page_follows_a_job_until_it_is_done(live_server, page, people, small_plan):
    job = ReportJob.objects.create(
        plan=small_plan,
        kind=ReportJob.Kind.MONEV,
        format=ReportJob.Format.PDF,
        params={"paper": "a4", "span": "quarter", "number": 1},
        requested_by=people.sekretaris,
    )
    errors = console_errors(page)
    sign_in(page, live_server.url, "sekretaris_bt")
    page.goto(f"{live_server.url}/rencana/{small_plan.pk}/laporan/")
    row = page.locator(f"#laporan-{job.pk}")
    expect(row).to_have_attribute("data-status", "queued")
    expect(row).to_have_attribute("hx-get", f"/laporan/{job.pk}/status/")

    with page.expect_response(lambda r: f"/laporan/{job.pk}/status/" in r.url) as polled:
        ReportJob.objects.filter(pk=job.pk).update(
            status=Status.RUNNING, progress=40, started_at=timezone.now()
        )
    assert polled.value.status == 200
    expect(row).to_have_attribute("data-status", "running")
    expect(row.locator("progress")).to_have_attribute("value", "40")

    job.refresh_from_db()
    job.file.save("monev.pdf", ContentFile(b"%PDF-1.4 uji"), save=False)
    job.status, job.progress, job.finished_at = Status.DONE, 100, timezone.now()
    job.save()
    expect(row).to_have_attribute("data-status", "done", timeout=10_000)
    expect(row.get_by_test_id("job-download")).to_be_visible()

    # Finished: the row stops polling (no hx-get left on it).
    expect(row).not_to_have_attribute("hx-get", f"/laporan/{job.pk}/status/")
    assert errors == []
