"""A plan's cells as they stood at the end of a past day, from their recorded events.

*Keadaan per* a day counts only what had happened by then: a verification made later must not
count earlier. The stored realisation holds only its latest state; its events (each saved with
its time) give the state at any day, in one query.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from renaksi.monitoring.models import RealisationEvent
from renaksi.monitoring.selectors import Cell, timeliness_classify
from renaksi.plans.models import Plan

A = RealisationEvent.Action


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def realisation_states_as_of(*, plan: Plan, day: date) -> dict[int, dict]:
    """Per realisation id: review state, first and last submission and verification time, as
    of the end of ``day``; a realisation without any event by then is absent. One query."""
    rows = (
        RealisationEvent.objects.filter(
            realisation__indicator__activity__area__plan=plan, created_at__lt=end_of_day(day)
        )
        .order_by("realisation_id", "created_at", "id")
        .values_list("realisation_id", "action", "to_state", "created_at")
    )
    states: dict[int, dict] = {}
    for rid, action, to_state, at in rows:
        s = states.setdefault(
            rid, {"review_state": to_state, "first_submitted_at": None, "submitted_at": None}
        )
        s["review_state"] = to_state
        s.setdefault("verified_at", None)
        if action == A.SUBMITTED:
            s["first_submitted_at"] = s["first_submitted_at"] or at
            s["submitted_at"] = at
        elif action == A.VERIFIED:
            s["verified_at"] = at
    return states


def cells_as_of(cells: dict, states: dict[int, dict], today: date) -> dict:
    """``cells`` (from ``cell_map_for_plan``) turned back to the day: later work taken out."""
    out = {}
    for key, cell in cells.items():
        r = cell.realisation
        if r is not None:
            state = states.get(r.pk)
            if state is None:
                # No event by that day: first submitted after it, the cell was not reported yet;
                # otherwise the row carries history recorded without events (stamped, restored
                # or a draft) and is kept as stored.
                stored = r.first_submitted_at
                if stored is not None and timezone.localdate(stored) > today:
                    r = None
            else:
                for name, value in state.items():
                    setattr(r, name, value)
        if r is None and not cell.scheduled:
            continue
        out[key] = Cell(
            indicator_id=cell.indicator_id,
            period=cell.period,
            scheduled=cell.scheduled,
            target_value=cell.target_value,
            realisation=r,
            due_on=cell.due_on,
            timeliness=timeliness_classify(
                due_on=cell.due_on,
                submitted_at=r.first_submitted_at if r is not None else None,
                today=today,
                scheduled=cell.scheduled,
            ),
        )
    return out


def returned_notes_fill(rows, *, plan: Plan, day: date | None = None) -> None:
    """Put each returned cell's latest return note (by ``day``) on its dashboard row.

    Always one query (also when nothing is returned), so the page's count stays fixed.
    """
    events = RealisationEvent.objects.filter(
        realisation__indicator__activity__area__plan=plan, action=A.RETURNED
    )
    if day is not None:
        events = events.filter(created_at__lt=end_of_day(day))
    notes = dict(
        events.order_by("realisation_id", "created_at", "id").values_list("realisation_id", "note")
    )
    for row in rows:
        row.note = notes.get(row.realisation_id, "")
