"""Roll-up figures as they stood at the end of a past day (*Keadaan per*).

The maintained summaries hold each plan × period as it is now. For a plan changed after the day
viewed, its figures are counted again from its realisations as they stood then: each one's latest
event up to that day gives its review state, its first submission up to that day whether it was
reported (and late). A realisation without any event by then is taken as stored when it has no
events at all (bulk-loaded) or its own first submission is on or before the day (history stamped
without events), and as not yet reported otherwise. One query for all such plans together,
whatever their number; it also gives their last activity up to that day. The monthly trend keeps
the summaries' verified counts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from renaksi.monitoring.models import Realisation, RealisationEvent
from renaksi.plans.models import Target

State = Realisation.ReviewState
PLAN = "indicator__activity__area__plan_id"


def recount_as_of(
    *, stats, plans, plan_ids: set[int], today: date, end_of_today: datetime, due, planned_past
) -> None:
    """Replace the figures of ``plan_ids`` in ``stats`` (per unit) by their state at
    ``end_of_today``; ``planned_past`` is each plan's scheduled cells already due that day."""
    events = RealisationEvent.objects.filter(
        realisation=OuterRef("pk"), created_at__lte=end_of_today
    )
    rows = (
        Realisation.objects.filter(**{f"{PLAN}__in": sorted(plan_ids)})
        .annotate(
            state_then=Subquery(events.order_by("-created_at", "-id").values("to_state")[:1]),
            first_then=Subquery(
                events.filter(action=RealisationEvent.Action.SUBMITTED)
                .order_by("created_at", "id")
                .values("created_at")[:1]
            ),
            recorded=Exists(RealisationEvent.objects.filter(realisation=OuterRef("pk"))),
            scheduled=Exists(
                Target.objects.filter(indicator=OuterRef("indicator"), period=OuterRef("period"))
            ),
        )
        .values_list(
            PLAN,
            "period",
            "review_state",
            "first_submitted_at",
            "updated_at",
            "state_then",
            "first_then",
            "recorded",
            "scheduled",
        )
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {pk: defaultdict(int) for pk in plan_ids}
    last: dict[int, datetime] = {}
    for plan_id, period, state, first, updated, state_then, first_then, recorded, scheduled in rows:
        if not scheduled:
            continue
        if updated <= end_of_today and (plan_id not in last or updated > last[plan_id]):
            last[plan_id] = updated
        if state_then is None:
            # Events, but none by then, and first submitted after the day: not reported then.
            # Without any event (bulk-loaded data) the row is taken as stored.
            if recorded and first is not None and timezone.localdate(first) > today:
                continue
        else:
            state, first = state_then, first_then
        due_on = due[(plans[plan_id][1], period)]
        c = counts[plan_id]
        if first is not None:
            c["reported"] += 1
            c["reported_past"] += today > due_on
            c["late"] += timezone.localdate(first) > due_on
        c["verified"] += state == State.VERIFIED
        c["awaiting"] += state == State.SUBMITTED
    for plan_id, c in counts.items():
        s = stats[plans[plan_id][0]]
        s.reported, s.verified, s.awaiting, s.late = (
            c["reported"],
            c["verified"],
            c["awaiting"],
            c["late"],
        )
        s.missed = planned_past.get(plan_id, 0) - c["reported_past"]
        s.last_activity = last.get(plan_id)
