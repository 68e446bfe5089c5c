"""Request ids through logs and jobs, JSON logs, and the Prometheus metrics."""

import json
import logging

import pytest
from django.urls import reverse

from renaksi.core.observability import JsonFormatter, RequestIdFilter, request_id_var
from renaksi.reports.models import ReportJob

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_a_clean_given_one_is_kept(client):
    response = client.get("/masuk/")
    assert len(response["X-Request-ID"]) == 32
    assert client.get("/masuk/", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    # A hostile header is not echoed back.
    assert client.get("/masuk/", HTTP_X_REQUEST_ID="<x>\r\nSet-Cookie")["X-Request-ID"] != (
        "<x>\r\nSet-Cookie"
    )


def test_json_log_lines_hold_the_request_id():
    record = logging.LogRecord("renaksi", logging.ERROR, __file__, 1, "Gagal %s", ("X",), None)
    token = request_id_var.set("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-42"
    assert line["message"] == "Gagal X" and line["level"] == "ERROR"


def test_a_queued_job_keeps_the_id_of_the_request_that_queued_it(settings, tmp_path):
    from huey import SqliteHuey

    from renaksi.core.tasks import RECORD_KEY, HueyBackend, runner_for
    from renaksi.core.tests.test_tasks import unit_create

    huey = SqliteHuey(filename=str(tmp_path / "q.sqlite3"), immediate=False)
    settings.TASKS = {
        "default": {"BACKEND": "renaksi.core.tasks.HueyBackend", "OPTIONS": {"huey": huey}}
    }
    runner_for(huey)
    token = request_id_var.set("req-from-click")
    try:
        result = unit_create.enqueue("99.31", "KPU Unit Uji")
    finally:
        request_id_var.reset(token)
    assert huey.get(RECORD_KEY % result.id, peek=True)["request_id"] == "req-from-click"
    assert isinstance(HueyBackend, type)


def test_metrics_are_served_to_this_machine_only(client, small_plan):
    ReportJob.objects.create(plan=small_plan, kind="lampiran", format="pdf", status="failed")
    # Counters are per process: count a sign-in page here rather than rely on an earlier test.
    assert client.get(reverse("login")).status_code == 200
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'renaksi_report_jobs{status="failed"} 1.0' in text
    assert "renaksi_queue_pending" in text
    assert 'renaksi_http_requests_total{method="GET",status="2xx",view="login"}' in text
    assert "renaksi_request_db_seconds_bucket" in text
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403
