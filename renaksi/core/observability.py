"""Request ids, structured logs and Prometheus metrics.

- Every request gets an id: the proxy's ``X-Request-ID`` when it is a plain token, else a new one.
  It is answered in the ``X-Request-ID`` header, added to every log line of the request, and
  carried into the background jobs the request queues (``core.tasks`` keeps it in the job record),
  so one id follows a document from the click to the worker.
- ``LOG_FORMAT=json`` writes one JSON object per log line (time, level, logger, message,
  request_id, exception), for log collectors.
- ``/metrics`` (prometheus_client) counts requests, their latency and database time, and adds,
  at each scrape, what lives in the database and the queue: jobs waiting, report jobs by state,
  reminders sent. It answers only the addresses in ``METRICS_ALLOWED_IPS`` (default: this
  machine).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import threading
import uuid

from django.conf import settings
from django.http import HttpResponseForbidden

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _TOKEN.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- metrics -------------------------------------------------------------------------------
# prometheus_client itself (django-prometheus 2.5 caps Django below 6.1). With several gunicorn
# processes set PROMETHEUS_MULTIPROC_DIR to an empty folder: each process writes its samples there
# and /metrics adds them up (prometheus_client's multiprocess mode).

_metrics: dict = {}
_metrics_lock = threading.Lock()


def _instruments() -> dict:
    """The instruments, made by the first request of a process. Under a lock: a fresh gunicorn
    worker takes several requests at once on its threads, and a second registration of the same
    name raises ``DuplicateTimeseries`` (a 500 for that request; seen in the load bench)."""
    if "db" in _metrics:
        return _metrics
    with _metrics_lock:
        if "db" not in _metrics:
            _make_instruments()
    return _metrics


def _make_instruments() -> None:
    from prometheus_client import Counter, Histogram

    _metrics["requests"] = Counter(
        "renaksi_http_requests",
        "HTTP requests by view, method and status class",
        ["view", "method", "status"],
    )
    _metrics["latency"] = Histogram(
        "renaksi_http_request_seconds",
        "Time to answer a request",
        ["view"],
        buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    )
    # Last: its presence tells _instruments that all three are there.
    _metrics["db"] = Histogram(
        "renaksi_request_db_seconds",
        "Time spent in the database per request",
        buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
    )


class RequestMetricsMiddleware:
    """Counts requests and observes their latency and database time (all connections)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import contextlib
        import time

        from django.db import connections

        spent = [0.0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - started

        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(timed))
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "<unresolved>"
        m = _instruments()
        m["requests"].labels(view, request.method, f"{response.status_code // 100}xx").inc()
        m["latency"].labels(view).observe(time.perf_counter() - started)
        m["db"].observe(spent[0])
        return response


class RenaksiCollector:
    """Figures read at scrape time from the shared stores, so every node reports the same."""

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        from renaksi.core.health import check_queue
        from renaksi.monitoring.models import ReminderLog
        from renaksi.reports.models import ReportJob

        pending = GaugeMetricFamily("renaksi_queue_pending", "Jobs waiting in the queue")
        try:
            pending.add_metric([], check_queue())
        except Exception:  # noqa: BLE001, S110 - a queue that does not answer has no figure
            pass
        yield pending
        jobs = GaugeMetricFamily("renaksi_report_jobs", "Report jobs by state", labels=["status"])
        counts = dict.fromkeys(ReportJob.Status.values, 0)
        for status, n in _counts(ReportJob, "status"):
            counts[status] = n
        for status, n in counts.items():
            jobs.add_metric([status], n)
        yield jobs
        sent = CounterMetricFamily(
            "renaksi_reminders_sent", "Reminder digests sent", labels=["kind"]
        )
        for kind, n in _counts(ReminderLog, "kind"):
            sent.add_metric([kind], n)
        yield sent


def _counts(model, field: str):
    from django.db.models import Count

    return model.objects.values_list(field).annotate(n=Count("pk")).order_by()


_registered = False


def register_collector() -> None:
    global _registered
    if _registered:
        return
    from prometheus_client import REGISTRY

    REGISTRY.register(RenaksiCollector())
    _registered = True


def metrics(request):
    """The Prometheus text format, only for the allowed addresses."""
    import os

    from django.http import HttpResponse
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    allowed = getattr(settings, "METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
    if request.META.get("REMOTE_ADDR") not in allowed:
        return HttpResponseForbidden("Akses metrik hanya dari alamat yang diizinkan.")
    register_collector()
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(RenaksiCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
