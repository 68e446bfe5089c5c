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

When the stamp has changed, the roll-up is composed from each direct child's subtree figures,
each cached under the stamp of the child's own subtree (digested from the same three reads, no
query more): a write in one regency changes one province's stamp, so the national roll-up counts
that province's plans again (and the parent's own plan) and takes the other 37 provinces' figures
from the cache, in the same fixed number of queries as a roll-up counted whole.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache as django_cache
from django.http import Http404

from renaksi.organisations.models import Unit
from renaksi.plans import page_cache
from renaksi.plans.models import Plan, PlanKind
from renaksi.rollup.selectors import (
    Rollup,
    SubtreeFigures,
    rollup_compose,
    rollup_figures_by_root,
)
from renaksi.rollup.services import due_dates
from renaksi.rollup.tematik import TematikCell, tematik_by_root


@dataclass
class SubtreeStamp:
    digest: str
    units: int  # in the subtree, the unit itself included
    plan_ids: dict[int, int]  # unit id → its General plan of the year
    plans: dict[int, tuple[int, str]]  # General plan id → unit id, granularity
    due: dict[tuple[str, int], date]  # due_dates(year)
    # What the digest is made of: the subtree's units and its plans of every kind, sorted
    unit_rows: list[tuple]
    plan_rows: list[tuple]


@dataclass
class CachedRollup:
    rollup: Rollup
    tematik: dict[int, TematikCell]
    tematik_own: TematikCell


@dataclass
class ChildTree:
    """The direct children of a stamp's unit, from the stamp's rows (no query)."""

    digests: dict[int, str]  # child id → the stamp digest of the child's own subtree
    subtrees: dict[int, list[int]]  # child id → the unit ids of its subtree, itself included
    child_of: dict[int, int]  # every unit of the subtree → its direct child (the parent → itself)
    with_children: set[int]  # the children that have children of their own


@dataclass
class ChildFigures:
    """What a roll-up shows of one child, cached under the stamp of the child's subtree."""

    figures: SubtreeFigures
    tematik: TematikCell | None


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
        unit_rows=units,
        plan_rows=plans,
    )


def child_tree(*, parent: Unit, stamp: SubtreeStamp) -> ChildTree:
    """Each direct child's subtree and its stamp digest: the one ``subtree_stamp`` of the child
    would give, made of the child's part of the parent's rows."""
    parent_of = {pk: parent_id for pk, parent_id, *_rest in stamp.unit_rows}
    child_of: dict[int, int] = {}
    for pk in parent_of:
        node = pk
        while node != parent.pk and parent_of[node] != parent.pk:
            node = parent_of[node]
        child_of[pk] = node
    units: dict[int, list[tuple]] = defaultdict(list)
    for unit in stamp.unit_rows:
        units[child_of[unit[0]]].append(unit)
    plans: dict[int, list[tuple]] = defaultdict(list)
    for plan in stamp.plan_rows:
        plans[child_of[plan[1]]].append(plan)
    due = sorted(stamp.due.items())
    children = [pk for pk, parent_id in parent_of.items() if parent_id == parent.pk]
    return ChildTree(
        digests={pk: page_cache.digest((units[pk], plans[pk], due)) for pk in children},
        subtrees={pk: [u[0] for u in units[pk]] for pk in children},
        child_of=child_of,
        with_children=set(children) & set(parent_of.values()),
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

    return page_cache.cached_get_or_make(
        key, lambda: rollup_from_children(parent=parent, year=year, today=today, stamp=stamp)
    )


def child_key(*, child: int, digest: str, year: int, today: date) -> str:
    return page_cache.stamped_key(
        kind="rollup-subtree",
        ident=child,
        stamp=(digest,),
        scope=(),
        params=(year, today.isoformat()),
    )


def rollup_from_children(
    *, parent: Unit, year: int, today: date, stamp: SubtreeStamp
) -> CachedRollup:
    """The roll-up composed from each child's figures, those of a child whose subtree changed
    counted again (all such children and the parent's own plan together, in the queries of one
    roll-up), the others from the cache. Equal to ``rollup_compute`` and ``tematik_by_child``."""
    tree = child_tree(parent=parent, stamp=stamp)
    keys = {
        pk: child_key(child=pk, digest=digest, year=year, today=today)
        for pk, digest in tree.digests.items()
    }
    found = django_cache.get_many(list(keys.values()))
    cached = {pk: found[key] for pk, key in keys.items() if key in found}
    roots = {parent.pk: [parent.pk], **{pk: tree.subtrees[pk] for pk in keys if pk not in cached}}
    figures = rollup_figures_by_root(
        subtrees=roots, year=year, today=today, plans=stamp.plans, due=stamp.due
    )
    tematik = tematik_by_root(
        group_of={unit_id: root for root, ids in roots.items() for unit_id in ids}, year=year
    )
    fresh = {pk: ChildFigures(figures[pk], tematik.get(pk)) for pk in roots if pk != parent.pk}
    django_cache.set_many(
        {keys[pk]: value for pk, value in fresh.items()}, page_cache.FRAGMENT_SECONDS
    )
    by_child = {**cached, **fresh}
    children = list(Unit.objects.filter(parent_id=parent.pk, pk__in=list(by_child)).order_by())
    rollup = rollup_compose(
        parent=parent,
        year=year,
        today=today,
        children=children,
        figures={parent.pk: figures[parent.pk], **{c.pk: by_child[c.pk].figures for c in children}},
        child_of=tree.child_of,
        with_children=tree.with_children,
    )
    return CachedRollup(
        rollup=rollup,
        tematik={c.pk: t for c in children if (t := by_child[c.pk].tematik) is not None},
        tematik_own=tematik.get(parent.pk, TematikCell()),
    )
