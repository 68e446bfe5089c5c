"""Change stamps: one value per plan that changes with every write to what its pages show.

Every write service that changes a plan (its tree, decree, targets, realisations, evidence links,
or the working-day calendar of its year) calls ``plan_stamp_bump`` inside its own transaction,
directly (``plans.services``) or through ``core.hooks`` (``monitoring``, holidays): the stamp is a
column, so it commits or rolls back with the write, and every process sees it. Cached fragments
and ETags are keyed by it (``plans.page_cache``); a new stamp is a random UUID, never reused, so a
restored backup or a cleared cache cannot bring back a stale entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from renaksi.plans.models import Plan


def plan_stamp_bump(*, plan_ids: Iterable[int]) -> int:
    """Give those plans a new stamp (one UPDATE); returns how many plans were stamped."""
    ids = list(plan_ids)
    if not ids:
        return 0
    return Plan.objects.filter(pk__in=ids).update(change_stamp=uuid.uuid4())


def plan_stamp_bump_years(*, years: Iterable[int]) -> int:
    """Every plan of those years (their due dates and lateness follow the calendar)."""
    return Plan.objects.filter(year__in=list(years)).update(change_stamp=uuid.uuid4())


def on_plan_cells_changed(sender, *, plan_ids, periods=None, **kwargs):
    plan_stamp_bump(plan_ids=plan_ids)


def on_plans_changed(sender, *, plan_ids, **kwargs):
    plan_stamp_bump(plan_ids=plan_ids)


def on_calendar_changed(sender, *, years, **kwargs):
    plan_stamp_bump_years(years=years)
