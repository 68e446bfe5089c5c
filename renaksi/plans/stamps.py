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


# What a plan's pages and documents show of the people and the unit around it: the unit's name,
# code and place (headers, the monev cover), the Sekretaris or Ketua who signs a monev report
# (a membership and its position), and the names of the indicators' PICs. Those rows are written
# by ``organisations`` (services and the admin), which knows nothing of plans: the plans app
# listens to the rows themselves, so a rename reaches every cached grid, dashboard and document.
USER_NAME_FIELDS = frozenset({"full_name", "first_name", "last_name", "username"})
UNIT_SHOWN_FIELDS = frozenset({"name", "code", "place", "level", "parent", "agency"})


def _shown_fields_changed(update_fields, shown: frozenset) -> bool:
    return update_fields is None or bool(shown & set(update_fields))


def on_unit_saved(sender, *, instance, created, update_fields=None, raw=False, **kwargs):
    if created or raw or not _shown_fields_changed(update_fields, UNIT_SHOWN_FIELDS):
        return
    Plan.objects.filter(unit_id=instance.pk).update(change_stamp=uuid.uuid4())


def on_membership_changed(sender, *, instance, raw=False, **kwargs):
    if raw:
        return
    Plan.objects.filter(unit_id=instance.unit_id).update(change_stamp=uuid.uuid4())


def on_user_saved(sender, *, instance, created, update_fields=None, raw=False, **kwargs):
    # A sign-in saves last_login only; a new account is nobody's PIC or signer yet.
    if created or raw or not _shown_fields_changed(update_fields, USER_NAME_FIELDS):
        return
    from django.db.models import Q

    from renaksi.plans.models import Indicator

    as_pic = Indicator.objects.filter(Q(pic=instance) | Q(pic2=instance)).values(
        "activity__area__plan_id"
    )
    units = instance.memberships.values("unit_id")
    Plan.objects.filter(Q(unit_id__in=units) | Q(pk__in=as_pic)).update(change_stamp=uuid.uuid4())
