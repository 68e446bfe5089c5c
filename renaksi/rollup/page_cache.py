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
each kept with a digest of the child's own subtree (made from the same three reads, no query
more; ``subtree_nodes``); a changed child's figures are its own plan's plus its children's, again
kept or composed the same way. A write in one regency changes the digests of that
regency, its province and KPU RI only: the national roll-up counts those three plans again and
takes everything else from the cache, in the same fixed number of queries as a roll-up counted
whole (``rollup_from_children``).
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
    subtree_figures_sum,
    unit_figures,
)
from renaksi.rollup.services import due_dates
from renaksi.rollup.tematik import TematikCell, tematik_cell, tematik_plans


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
class SubtreeNodes:
    """The units below a stamp's unit, from the stamp's rows (no query)."""

    children: dict[int, list[int]]  # unit id → its children's ids
    digests: dict[int, str]  # unit id → a digest of its own subtree's units and plans
    child_of: dict[int, int]  # every unit of the subtree → its direct child (the parent → itself)


@dataclass
class ChildFigures:
    """A unit's whole subtree as a roll-up shows it, kept with the unit's subtree digest."""

    figures: SubtreeFigures
    tematik: list[tuple[str, str, str]]  # its RB Tematik plans: unit code, theme, focus


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


def subtree_nodes(*, parent: Unit, stamp: SubtreeStamp) -> SubtreeNodes:
    """Every unit's subtree digest, each made of the unit's own rows (unit, plans of every kind)
    and its children's digests: a change anywhere changes the digests of the units above it only.
    """
    children: dict[int, list[int]] = defaultdict(list)
    rows = {}
    for unit in stamp.unit_rows:
        rows[unit[0]] = unit
        if unit[0] != parent.pk:
            children[unit[1]].append(unit[0])
    plans: dict[int, list[tuple]] = defaultdict(list)
    for plan in stamp.plan_rows:
        plans[plan[1]].append(plan)
    order, todo = [], [parent.pk]  # parents before their children
    child_of = {parent.pk: parent.pk}
    while todo:
        pk = todo.pop()
        order.append(pk)
        for child in children[pk]:
            child_of[child] = child if pk == parent.pk else child_of[pk]
            todo.append(child)
    digests: dict[int, str] = {}
    for pk in reversed(order):
        digests[pk] = page_cache.digest((rows[pk], plans[pk], [digests[c] for c in children[pk]]))
    return SubtreeNodes(children=dict(children), digests=digests, child_of=child_of)


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


def nodes_key(*, parent: Unit, due: str, year: int, today: date) -> str:
    """Where the figures of every unit below ``parent`` are kept, each with its subtree digest."""
    return page_cache.stamped_key(
        kind="rollup-nodes",
        ident=parent.pk,
        stamp=(due,),
        scope=(),
        params=(year, today.isoformat()),
    )


def rollup_from_children(
    *, parent: Unit, year: int, today: date, stamp: SubtreeStamp
) -> CachedRollup:
    """The roll-up composed from each child's subtree figures, equal to ``rollup_compute`` and
    ``tematik_by_child``. A subtree whose digest is unchanged since the last count keeps its
    figures; a changed one is its root's own plan plus its children's subtrees, each again kept
    or composed the same way: only the plans of the units above a change are counted again (a
    write in one regency: the parent's plan, its province's and its own), all together in the
    queries of one roll-up. Every unit's figures below ``parent`` are one cache entry (one read,
    one write: a per-process cache of a few hundred entries keeps it whole)."""
    nodes = subtree_nodes(parent=parent, stamp=stamp)
    key = nodes_key(
        parent=parent, due=page_cache.digest(sorted(stamp.due.items())), year=year, today=today
    )
    kept: dict[int, tuple[str, ChildFigures]] = django_cache.get(key) or {}
    known = {pk: f for pk, (digest, f) in kept.items() if nodes.digests.get(pk) == digest}
    changed: list[int] = []  # upper levels first
    level = nodes.children.get(parent.pk, [])
    while level:
        below = []
        for pk in level:
            if pk not in known:
                changed.append(pk)
                below.extend(nodes.children.get(pk, []))
        level = below
    counted = [parent.pk, *changed]
    own = unit_figures(
        unit_ids=counted,
        year=year,
        today=today,
        plans=stamp.plans,
        due=stamp.due,
    )
    tematik = tematik_plans(unit_ids=counted, year=year)
    for pk in reversed(changed):  # children before their parents
        parts = [known[c] for c in nodes.children.get(pk, [])]
        known[pk] = ChildFigures(
            figures=subtree_figures_sum([own[pk], *(part.figures for part in parts)]),
            tematik=[*tematik.get(pk, []), *(plan for part in parts for plan in part.tematik)],
        )
    if changed:
        django_cache.set(
            key,
            {pk: (nodes.digests[pk], f) for pk, f in known.items()},
            page_cache.FRAGMENT_SECONDS,
        )
    direct = nodes.children.get(parent.pk, [])
    children = list(Unit.objects.filter(pk__in=direct).order_by())
    rollup = rollup_compose(
        parent=parent,
        year=year,
        today=today,
        children=children,
        figures={parent.pk: own[parent.pk], **{c.pk: known[c.pk].figures for c in children}},
        child_of=nodes.child_of,
        with_children={pk for pk in direct if nodes.children.get(pk)},
    )
    cells = {c.pk: tematik_cell(known[c.pk].tematik) for c in children}
    return CachedRollup(
        rollup=rollup,
        tematik={pk: cell for pk, cell in cells.items() if cell.plans},
        tematik_own=tematik_cell(tematik.get(parent.pk, [])),
    )
