"""Stage windows per instrument and year, in working days (national holidays and cuti bersama
excluded, from the monitoring app's holiday table)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.core.workdays import add_working_days
from renaksi.monitoring.selectors import holiday_dates

from .models import StageWindow


def window_closes(window: StageWindow) -> date:
    """The last day of a window of ``workdays`` working days opening on ``opens_on``."""
    holidays = holiday_dates(
        start=window.opens_on, end=window.opens_on + timedelta(days=window.workdays * 3 + 60)
    )
    return add_working_days(window.opens_on - timedelta(days=1), window.workdays, holidays)


def window_refusal(*, instrument, year: int, stage: str, today: date | None = None) -> str:
    """An Indonesian message when the stage's window is set and ``today`` is outside it."""
    window = StageWindow.objects.filter(instrument=instrument, year=year, stage=stage).first()
    if window is None:
        return ""
    today = today or timezone.localdate()
    closes = window_closes(window)
    if window.opens_on <= today <= closes:
        return ""
    return _("Tahap %(stage)s dibuka %(opens)s sampai %(closes)s.") % {
        "stage": window.get_stage_display(),
        "opens": window.opens_on.strftime("%d-%m-%Y"),
        "closes": closes.strftime("%d-%m-%Y"),
    }
