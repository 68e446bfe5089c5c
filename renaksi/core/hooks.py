"""Small explicit extension points between layers: a lower app calls, a higher app registers.

``reminder_providers``: callables ``provider(*, today) -> list[(user, ReminderItem-like, overdue)]``
that add items to the daily reminder digest (``monitoring.reminders``) without monitoring
importing the apps that provide them. Registered in the providing app's ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

reminder_providers: list[Callable] = []


def reminder_providers_add(provider: Callable) -> None:
    if provider not in reminder_providers:
        reminder_providers.append(provider)
