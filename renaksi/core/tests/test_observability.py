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


def test_the_first_requests_of_a_fresh_process_make_the_instruments_once(monkeypatch):
    # A fresh gunicorn worker takes several requests at once: each used to register the
    # counters, and every one but the first got DuplicateTimeseries (a 500; the load bench).
    import threading
    import time

    import prometheus_client
    from prometheus_client import REGISTRY

    from renaksi.core import observability

    made = dict(observability._metrics)
    for metric in made.values():
        REGISTRY.unregister(metric)
    monkeypatch.setattr(observability, "_metrics", {})
    real_counter = prometheus_client.Counter

    def slow_counter(*args, **kwargs):  # the window the other threads arrive in
        time.sleep(0.05)
        return real_counter(*args, **kwargs)

    monkeypatch.setattr(prometheus_client, "Counter", slow_counter)
    results, errors = [], []

    def first_request():
        try:
            results.append(observability._instruments())
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            errors.append(error)

    threads = [threading.Thread(target=first_request) for _ in range(7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    try:
        assert not errors, errors
        assert len(results) == 7 and all(r is results[0] for r in results)
        assert set(results[0]) == {"requests", "latency", "db"}
    finally:
        for metric in observability._metrics.values():
            REGISTRY.unregister(metric)
        for metric in made.values():
            REGISTRY.register(metric)
