from django.db import models

from renaksi.audit.models import AuditEvent
from renaksi.core.actors import user_or_none


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    unit=None,
    summary: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Record one audit event. Call inside the write's own transaction."""
    return AuditEvent.objects.create(
        actor=user_or_none(actor),
        unit=unit,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
        data=data or {},
    )
