"""The holiday table: seeded from the ``holidays`` package, edited by administrators."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays as holidays_lib
from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.core.hooks import announce_calendar_changed
from renaksi.monitoring.models import Holiday
from renaksi.monitoring.services._common import MonitoringWriteError, user_or_none


def holiday_library_entries(*, years: Iterable[int]) -> dict[date, tuple[str, str]]:
    """Date → (name, kind) from the library: national holidays and cuti bersama (SKB 3 Menteri).

    A date that is both keeps the national holiday as its kind and both names.
    """
    years = sorted(set(years))
    public = holidays_lib.country_holidays("ID", years=years, categories=("public",))
    cuti = holidays_lib.country_holidays("ID", years=years, categories=("government",))
    entries: dict[date, tuple[str, str]] = {}
    for day, name in cuti.items():
        entries[day] = (name, Holiday.Kind.CUTI_BERSAMA)
    for day, name in public.items():
        if day in entries:
            name = f"{name}; {entries[day][0]}"
        entries[day] = (name, Holiday.Kind.PUBLIC)
    return entries


@transaction.atomic(durable=True)
def holiday_seed(*, years: Iterable[int], actor=None) -> dict[str, int]:
    """Bring the table in line with the library for ``years``; safe to run again and again.

    Rows from the library are added, updated or removed as the library changes; rows an
    administrator added or edited (``source = manual``) are kept exactly as they are.
    """
    years = sorted(set(years))
    if not years or any(not 1900 <= y <= 2200 for y in years):
        raise MonitoringWriteError(_("Tahun tidak valid: %(years)s.") % {"years": years})
    entries = holiday_library_entries(years=years)
    existing = {h.date: h for h in Holiday.objects.filter(date__year__in=years)}
    counts = {"created": 0, "updated": 0, "removed": 0, "kept": 0}
    history_user = user_or_none(actor)
    for day, (name, kind) in sorted(entries.items()):
        name = name[:200]
        row = existing.get(day)
        if row is None:
            row = Holiday(date=day, name=name, kind=kind, source=Holiday.Source.LIBRARY)
            row._history_user = history_user
            row.save()
            counts["created"] += 1
        elif row.source == Holiday.Source.MANUAL:
            counts["kept"] += 1
        elif (row.name, row.kind, row.active) != (name, kind, True):
            row.name, row.kind, row.active = name, kind, True
            row._history_user = history_user
            row.save()
            counts["updated"] += 1
    # A library date that disappeared (a revised SKB moved it) goes too, unless an admin owns it.
    for day, row in existing.items():
        if day not in entries:
            if row.source == Holiday.Source.LIBRARY:
                row._history_user = history_user
                row.delete()
                counts["removed"] += 1
            else:
                counts["kept"] += 1
    if counts["created"] or counts["updated"] or counts["removed"]:
        # Due dates moved: "late" in the roll-up summaries of these years must be recounted.
        announce_calendar_changed(years=years)
    audit_record(
        actor=actor,
        action="holiday.seeded",
        summary=", ".join(str(y) for y in years),
        data={"years": years, "library_version": holidays_lib.__version__, **counts},
    )
    return counts
