"""Webhook events from the writes: every use case that matters records an ``AuditEvent`` in its
own transaction; after that transaction commits, its event is queued for the unit's webhooks.
UI, CLI and API writes all pass here, and other apps need no change."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from renaksi.audit.models import AuditEvent

logger = logging.getLogger(__name__)

# Audit action → webhook event.
EVENTS = {
    "realisation.verified": "realisation.verified",
    "chain.report_submitted": "report.submitted",
    "chain.report_resubmitted": "report.submitted",
    "chain.report_acknowledged": "report.acknowledged",
    "chain.report_returned": "report.returned",
    "plan.imported": "plan.imported",
    "plan.reimported": "plan.imported",
}


def _payload(audit: AuditEvent) -> dict:
    kind = audit.object_type.split(".")[-1]
    data = {k: v for k, v in (audit.data or {}).items() if k in _SAFE_KEYS}
    return {
        "object": {"type": kind, "id": int(audit.object_id) if audit.object_id.isdigit() else None},
        "unit": audit.unit.code if audit.unit is not None else None,
        "action": audit.action,
        "at": audit.created_at.isoformat(),
        **data,
    }


_SAFE_KEYS = {"plan", "indicator", "period", "kind", "number", "from", "to", "version", "note"}


def webhook_emit(audit: AuditEvent) -> None:
    """After the commit: one delivery per subscribed webhook, each queued for the worker."""
    from renaksi.api.models import WebhookDelivery
    from renaksi.api.tasks import delivery_enqueue
    from renaksi.api.webhooks import webhooks_for

    event = EVENTS[audit.action]
    try:
        hooks = webhooks_for(event=event, unit_id=audit.unit_id)
        payload = _payload(audit)
        for hook in hooks:
            delivery = WebhookDelivery.objects.create(webhook=hook, event=event, payload=payload)
            delivery_enqueue(delivery.pk)
    except Exception:  # a receiver or queue problem never reaches the user's write
        logger.exception("webhook emit failed for audit event %s", audit.pk)


@receiver(post_save, sender=AuditEvent, dispatch_uid="renaksi.api.webhook_hook")
def _on_audit(sender, instance: AuditEvent, created: bool, **kwargs):
    if created and instance.action in EVENTS and instance.unit_id:
        transaction.on_commit(lambda: webhook_emit(instance), robust=True)
