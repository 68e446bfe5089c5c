"""Webhook deliveries on the background worker (``django.tasks`` on huey)."""

from __future__ import annotations

from django.tasks import default_task_backend, task
from django.utils import timezone

from renaksi.api.models import WebhookDelivery
from renaksi.api.webhooks import webhook_delivery_attempt


def delivery_enqueue(delivery_id: int, *, run_after=None) -> None:
    """Queue one attempt; a retry waits for its backoff when the backend can defer."""
    if run_after is not None and default_task_backend.supports_defer:
        webhook_deliver.using(run_after=run_after).enqueue(delivery_id)
    elif run_after is None:
        webhook_deliver.enqueue(delivery_id)
    # Otherwise (a backend without defer, e.g. the tests' inline one) the retry waits for
    # ``webhook_retry_due``, which the worker runs every few minutes.


@task
def webhook_deliver(delivery_id: int) -> str:
    delivery = webhook_delivery_attempt(delivery_id=delivery_id)
    if delivery is None:
        return "gone"
    if delivery.status == WebhookDelivery.Status.PENDING:
        delivery_enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


@task
def webhook_retry_due() -> int:
    """Attempt every pending delivery whose backoff has passed (a safety net for lost jobs)."""
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:500]
    )
    for pk in due:
        webhook_delivery_attempt(delivery_id=pk)
    return len(due)


def _schedule():
    # The worker's scheduler: every 5 minutes, retries whose backoff has passed.
    from huey import crontab
    from huey.contrib.djhuey import db_periodic_task

    @db_periodic_task(crontab(minute="*/5"), name="webhook_retry_due")
    def webhook_retry_periodic():
        webhook_retry_due.call()

    return webhook_retry_periodic


webhook_retry_periodic = _schedule()
