"""The registers' items in the daily reminder digest (hooked in through ``core.hooks``)."""

from __future__ import annotations

from datetime import date

from django.conf import settings


def register_reminder_items(*, today: date) -> list[tuple]:
    """(user, item, overdue) for every open register step a person must act on."""
    from renaksi.monitoring.reminders import ReminderItem
    from renaksi.registers.selectors.tasks import open_steps

    out = []
    for step in open_steps(today=today):
        item = ReminderItem(
            indicator_id=0,
            period=0,
            indicator=step.title,
            unit=step.unit_name,
            period_label=step.reason,
            due_on=step.due_on,
            link=settings.SITE_URL.rstrip("/") + step.url,
        )
        for user in step.users:
            out.append((user, item, step.due_on < today))
    return out
