"""Webhooks: events from UI/service writes after the commit, HMAC signature over
``timestamp.body``, retries with backoff and a log, SSRF refusal, a receiver that is down."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from renaksi.api import webhooks
from renaksi.api.models import Webhook, WebhookDelivery
from renaksi.api.webhooks import WebhookUrlError, webhook_delivery_attempt, webhook_url_check
from renaksi.monitoring.services import realisation_save, realisation_submit, realisation_verify
from renaksi.plans.models import Indicator

pytestmark = pytest.mark.django_db

SECRET = "rahasia-uji"


class Receiver:
    """A real HTTP server on 127.0.0.1 answering with the next queued status."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    r = Receiver()
    yield r
    r.close()


def _verified(plan, people):
    indicator = Indicator.objects.get(activity__area__plan=plan, text="Tersedianya SK")
    r = realisation_save(
        indicator=indicator,
        period=1,
        actor=people.pelaksana,
        expected_version=0,
        status="done",
        progress=100,
    )
    r = realisation_submit(realisation=r, actor=people.pelaksana, expected_version=1)
    return realisation_verify(realisation=r, actor=people.asesor, expected_version=2)


def test_a_verified_realisation_is_delivered_signed_after_the_commit(
    tree, people, small_plan, receiver, django_capture_on_commit_callbacks
):
    hook = Webhook.objects.create(
        unit=tree.bengkulu,
        url=receiver.url,
        secret=SECRET,
        events=["realisation.verified", "plan.imported"],
    )
    other = Webhook.objects.create(
        unit=tree.sumsel, url=receiver.url, secret=SECRET, events=["realisation.verified"]
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        realisation = _verified(small_plan, people)
    # Nothing leaves before the commit.
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()
    for callback in callbacks:
        callback()
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    timestamp = headers["x-renaksi-timestamp"]
    expected = hmac.new(
        SECRET.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256
    ).hexdigest()
    assert headers["x-renaksi-signature"] == f"sha256={expected}"
    assert headers["x-renaksi-event"] == "realisation.verified"
    body = json.loads(request["body"])
    assert body["event"] == "realisation.verified"
    assert body["data"]["object"] == {"type": "realisation", "id": realisation.pk}
    assert body["data"]["unit"] == "17.09"
    delivery = WebhookDelivery.objects.get()
    assert delivery.webhook == hook and delivery.status == "delivered"
    assert delivery.attempts == 1 and "HTTP 200" in delivery.log
    assert not other.deliveries.exists()


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(
    tree, people, small_plan, receiver, django_capture_on_commit_callbacks
):
    Webhook.objects.create(
        unit=tree.bengkulu_tengah,
        url=receiver.url,
        secret=SECRET,
        events=["realisation.verified"],
    )
    receiver.statuses = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        _verified(small_plan, people)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.response_status == 500
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=20) < wait <= timedelta(seconds=30)
    # The worker's sweep sends it again once due: 503, then the backoff grows.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    from renaksi.api.tasks import webhook_retry_due

    assert webhook_retry_due.call() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.response_status == 503
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=100)
    webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3
    assert delivery.log.count("\n") == 3
    assert len(receiver.requests) == 3
    # The same event body every time (one id), so receivers can de-duplicate.
    assert len({r["body"] for r in receiver.requests}) == 1


def test_a_receiver_that_is_down_fails_after_the_last_attempt_and_blocks_nothing(
    tree, people, small_plan, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    dead = Receiver()
    url = dead.url
    dead.close()  # nothing listens there now
    Webhook.objects.create(
        unit=tree.bengkulu_tengah, url=url, secret=SECRET, events=["realisation.verified"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        realisation = _verified(small_plan, people)
    realisation.refresh_from_db()
    assert realisation.review_state == "verified"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "Error" in delivery.log
    for _ in range(webhooks.MAX_ATTEMPTS - 1):
        webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == webhooks.MAX_ATTEMPTS
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/x",
        "http://localhost/x",
        "http://10.1.2.3/x",
        "http://192.168.0.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://0.0.0.0/x",
    ],
)
def test_private_and_loopback_addresses_are_refused(url, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(WebhookUrlError):
        webhook_url_check(url)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x", "http://u:p@example.org/"]
)
def test_only_http_and_https_are_allowed(url, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    with pytest.raises(WebhookUrlError):
        webhook_url_check(url)


def test_a_private_address_is_refused_at_delivery_too_and_not_retried(
    tree, people, small_plan, receiver, settings, django_capture_on_commit_callbacks
):
    Webhook.objects.create(
        unit=tree.bengkulu_tengah,
        url=receiver.url,
        secret=SECRET,
        events=["realisation.verified"],
    )
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True):
        _verified(small_plan, people)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and "privat" in delivery.log
    assert receiver.requests == []


def test_plan_import_and_chain_events_are_emitted(
    tree, people, small_plan, receiver, django_capture_on_commit_callbacks
):
    from renaksi.chain.services import monitoring_report_acknowledge, monitoring_report_submit

    Webhook.objects.create(
        unit=tree.bengkulu,
        url=receiver.url,
        secret=SECRET,
        events=["report.submitted", "report.acknowledged", "plan.imported"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_report_acknowledge(
            report=report, actor=people.province_sekretaris, expected_version=report.version
        )
    events = [json.loads(r["body"])["event"] for r in receiver.requests]
    assert events == ["report.submitted", "report.acknowledged"]
