"""Background tasks of the monitoring app (``django.tasks``, run by the huey worker)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from renaksi.monitoring.reminders import reminders_send


@task
def send_reminders(today: str | None = None) -> dict:
    """E-mail today's reminder digests; ``today`` (YYYY-MM-DD) defaults to the local date."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return reminders_send(today=day).as_dict()


# The worker's scheduler checks this every minute; the crontab hour is local time (settings.HUEY
# keeps huey on local time). It only queues the task, which a worker then runs like any other.
@db_periodic_task(crontab(hour=settings.REMINDER_HOUR, minute=0), name="reminders_daily")
def reminders_daily() -> None:
    send_reminders.enqueue()
