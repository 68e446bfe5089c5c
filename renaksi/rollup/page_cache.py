"""The roll-up's cached figures and its page's ETag, keyed by a stamp of the unit's subtree.

A roll-up of a unit for a year is the same for every viewer who may open it (the access check
stays in front of the cache). Its figures change only when one of these changes, and the stamp
reads all of them on every view, in three small queries whatever the tree's size:

- the subtree's units (id, parent, code, name, level): a unit added, moved or renamed;
- its plans of the year, every kind (id, unit, kind, change stamp, ``updated_at``): each write to
  a plan bumps its stamp in the writer's transaction (``plans.stamps``), a plan added or removed
  changes the list, a kind or theme set changes ``updated_at``;
- the year's due dates (the holidays of the year and the next, the grace setting).

The key adds the day viewed, the language and the release (``plans.page_cache.stamped_key``). The
figures, the RB Tematik column and the plans' ids are cached in Django's cache (local memory per
process, Redis with ``REDIS_URL``): a node's entry is never stale, since every node reads the
stamp from the database. The page's ETag adds what is the viewer's own (breadcrumb, years,
reporting-chain lateness, the query string, the viewer: ``viewer_etag``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.http import Http404

from renaksi.organisations.models import Unit
from renaksi.plans import page_cache
from renaksi.plans.models import Plan, PlanKind
from renaksi.rollup.selectors import Rollup, rollup_compute
from renaksi.rollup.services import due_dates
from renaksi.rollup.tematik import TematikCell, tematik_by_child


@dataclass
class SubtreeStamp:
    digest: str
    units: int  # in the subtree, the unit itself included
    plan_ids: dict[int, int]  # unit id → its General plan of the year
    plans: dict[int, tuple[int, str]]  # General plan id → unit id, granularity
    due: dict[tuple[str, int], date]  # due_dates(year)


@dataclass
class CachedRollup:
    rollup: Rollup
    tematik: dict[int, TematikCell]
    tematik_own: TematikCell


def subtree_stamp(*, parent: Unit, year: int) -> SubtreeStamp:
    """What the roll-up of ``parent`` for ``year`` is made from, as one digest (three queries)."""
    # Every unit in one plain read (a few hundred short rows), the subtree picked here: cheaper
    # than the tree's recursive query, and only the subtree's units enter the digest.
    tree = Unit.objects.values_list("pk", "parent_id", "code", "name", "level").order_by()
    children: dict[int | None, list[tuple]] = defaultdict(list)
    for unit in tree:
        children[unit[1]].append(unit)
    units, todo = [], [parent.pk]
    while todo:
        pk = todo.pop()
        units.extend(children[pk])
        todo.extend(u[0] for u in children[pk])
    units = sorted([*units, *(u for u in children[parent.parent_id] if u[0] == parent.pk)])
    plans = sorted(
        Plan.objects.filter(unit_id__in=[u[0] for u in units], year=year)
        .values_list("pk", "unit_id", "kind", "granularity", "change_stamp", "updated_at")
        .order_by()
    )
    due = due_dates(year)
    general = [p for p in plans if p[2] == PlanKind.GENERAL]
    return SubtreeStamp(
        digest=page_cache.digest((units, plans, sorted(due.items()))),
        units=len(units),
        plan_ids={unit_id: pk for pk, unit_id, *_rest in general},
        plans={pk: (unit_id, granularity) for pk, unit_id, _k, granularity, *_rest in general},
        due=due,
    )


def rollup_key(*, parent: Unit, year: int, today: date, stamp: SubtreeStamp) -> str:
    return page_cache.stamped_key(
        kind="rollup",
        ident=parent.pk,
        stamp=(stamp.digest,),
        scope=(),
        params=(year, today.isoformat()),
    )


def rollup_cached(
    *, user, parent: Unit, year: int, today: date, stamp: SubtreeStamp
) -> CachedRollup:
    """``rollup_for_unit`` and its RB Tematik column, from the cache when the stamp is unchanged.

    ``stamp`` is the one read before: a write committed since is stored under the older key (and
    the plans and due dates come from the stamp), and the next view, reading the newer stamp,
    computes it again.
    """
    if not user.has_perm("organisations.view_unit", parent):
        raise Http404
    key = rollup_key(parent=parent, year=year, today=today, stamp=stamp)

    def make() -> CachedRollup:
        rollup = rollup_compute(
            parent=parent, year=year, today=today, plans=stamp.plans, due=stamp.due
        )
        tematik, own = tematik_by_child(rollup=rollup)
        return CachedRollup(rollup=rollup, tematik=tematik, tematik_own=own)

    return page_cache.cached_get_or_make(key, make)
