"""A chain submission whose PDF failed can be made again from the same snapshot."""

import pytest
from django.test import TestCase
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.chain.services import monitoring_report_submit
from renaksi.chain.tests.conftest import FAKE_PDF, ON_TIME

pytestmark = pytest.mark.usefixtures("fast_pdf")


def _failed_report(small_plan, people):
    report = monitoring_report_submit(
        plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
    )  # no commit: the PDF task has not run
    report.submissions.update(pdf_error="PDF gagal dibuat (OSError).")
    return report


def test_the_sender_retries_a_failed_pdf_and_the_worker_makes_it(client, small_plan, people):
    report = _failed_report(small_plan, people)
    client.force_login(people.sekretaris)
    detail = client.get(reverse("chain_report_detail", args=[report.pk])).content.decode()
    assert "Buat ulang PDF" in detail
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        response = client.post(reverse("chain_report_pdf_retry", args=[report.pk, 1]))
    assert response.status_code == 302
    assert len(callbacks) == 1
    submission = report.submissions.get()
    assert submission.pdf_error == "" and submission.pdf.read() == FAKE_PDF
    assert AuditEvent.objects.filter(action="chain.pdf_retry").count() == 1


def test_a_pdf_that_exists_is_not_made_twice(client, small_plan, people):
    report = _failed_report(small_plan, people)
    report.submissions.update(pdf_error="", pdf="ada.pdf")
    client.force_login(people.province_sekretaris)
    client.post(reverse("chain_report_pdf_retry", args=[report.pk, 1]))
    assert not AuditEvent.objects.filter(action="chain.pdf_retry").exists()


def test_a_reader_may_not_retry(client, small_plan, people):
    report = _failed_report(small_plan, people)
    client.force_login(people.viewer)
    assert client.post(reverse("chain_report_pdf_retry", args=[report.pk, 1])).status_code == 403
    assert report.submissions.get().pdf_error == "PDF gagal dibuat (OSError)."
