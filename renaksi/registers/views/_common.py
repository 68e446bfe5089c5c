from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.utils import timezone

from renaksi.registers.services import RegisterError


def say_errors(request, exc: RegisterError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def today() -> date:
    return timezone.localdate()


def int_or_none(value) -> int | None:
    """A year, a month or a period from a form: a small positive number, else ``None``.

    Never for a primary key: those grow past any small bound (``pk_or_none``)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10_000 else None
