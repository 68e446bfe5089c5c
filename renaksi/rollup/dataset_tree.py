"""The national dataset ``unit_scale`` times larger: units below the regencies, five levels deep.

For agencies larger than KPU (``generate_national_dataset --scale-units 10``: 5,530 units). Below
each regency of the base tree come PPK-like units (level 4, codes ``<regency>.NN`` as Kemendagri
numbers its kecamatan) and, under those, PPS-like units (level 5, ``<kecamatan>.2NNN`` as it
numbers its desa), both of level ``other``. The extra ``(unit_scale − 1) × base`` units are spread
evenly over the regencies in code order (the first ones take one more), two thirds on level 4 and
one third on level 5, so the tree has exactly ``unit_scale × base`` units and is the same on every
build.

A deep unit's plan is a copy of its regency's plan, realisations, evidence links and roll-up
summaries included: rebuilding 5,000 plans through the import service and a year of cells through
Python would take most of an hour, so the copies are made in the database, a few
``INSERT … SELECT`` statements per batch of plans, matched on the structure's natural keys
(position under the parent). The structure's history rows are written the same way (one "+"
row each, as the import writes); the regency's cells and summaries are copied as they stand.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from renaksi.monitoring.models import Evidence, Realisation, RealisationEvidence
from renaksi.organisations.models import Unit
from renaksi.plans.models import Activity, Area, Indicator, SubActivity, Target
from renaksi.rollup.models import PlanPeriodSummary

CLONE_BATCH = 250  # plans copied per transaction
MAP_TABLE = "dataset_clone_map"

# (code, name, level, parent code)
UnitSpec = tuple[str, str, str, str | None]


def deep_units(regencies: list[tuple[str, str]], *, base: int, unit_scale: int) -> list[list]:
    """Levels 4 and 5 below ``regencies`` [(code, name)], as two lists of UnitSpec (parents first).

    ``base`` is the unit count of the tree above them; the result holds ``(unit_scale − 1) × base``
    units.
    """
    extra = (unit_scale - 1) * base
    if extra <= 0:
        return [[], []]
    if not regencies:
        raise ValueError("a deeper tree needs at least one regency")
    level4: list[UnitSpec] = []
    level5: list[UnitSpec] = []
    per, more = divmod(extra, len(regencies))
    for i, (code, name) in enumerate(regencies):
        quota = per + (1 if i < more else 0)
        lower = quota // 3
        upper = quota - lower
        kecamatan = [f"{code}.{k:02d}" for k in range(1, upper + 1)]
        for k, k_code in enumerate(kecamatan, 1):
            level4.append((k_code, f"PPK Kecamatan {k:02d}, {name}", Unit.Level.OTHER, code))
        for m in range(lower):
            parent = kecamatan[m % len(kecamatan)]
            number = 2001 + m // len(kecamatan)
            level5.append(
                (
                    f"{parent}.{number}",
                    f"PPS Desa {number}, Kecamatan {parent.rsplit('.', 1)[1]}, {name}",
                    Unit.Level.OTHER,
                    parent,
                )
            )
    return [level4, level5]


# --- copying plans in the database -----------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _t(model) -> str:
    return _q(model._meta.db_table)


def _run(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_select(model, joins: str, overrides: dict[str, str], where: str = "") -> int:
    """Insert a copy of each ``src`` row of the model's table that ``joins`` reaches.

    Every column is copied but the primary key (new ids) and those in ``overrides`` (column →
    SQL expression over the joined tables).
    """
    cols = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    select = ", ".join(overrides.get(c, f"src.{_q(c)}") for c in cols)
    return _run(
        f"INSERT INTO {_t(model)} ({', '.join(_q(c) for c in cols)}) "
        f"SELECT {select} FROM {_t(model)} src {joins} {where}"
    )


def _history(model, joins: str, now) -> None:
    """One "+" history row (no user, no reason) for each ``new`` row that ``joins`` reaches."""
    hist = model.history.model
    cols, select, params = [], [], []
    for f in hist._meta.concrete_fields:
        if f.name == "history_id":
            continue
        cols.append(_q(f.column))
        if f.name == "history_date":
            select.append("%s")
            params.append(now)
        elif f.name == "history_type":
            select.append("'+'")
        elif f.name in ("history_change_reason", "history_user"):
            select.append("NULL")
        else:
            select.append(f"new.{_q(f.column)}")
    _run(
        f"INSERT INTO {_t(hist)} ({', '.join(cols)}) "
        f"SELECT {', '.join(select)} FROM {_t(model)} new {joins}",
        params,
    )


# From a source row to the row at the same place in the destination plan (natural keys: the
# position under the parent). ``m`` is the batch's (src_plan, dst_plan, dst_unit) map.
def _to_area(a: str) -> str:
    return (
        f"JOIN {MAP_TABLE} m ON {a}.plan_id = m.src_plan "
        f"JOIN {_t(Area)} na ON na.plan_id = m.dst_plan AND na.position = {a}.position"
    )


def _to_activity(x: str) -> str:
    return (
        f"JOIN {_t(Area)} a ON {x}.area_id = a.id {_to_area('a')} "
        f"JOIN {_t(Activity)} nx ON nx.area_id = na.id AND nx.position = {x}.position"
    )


def _to_indicator(i: str) -> str:
    return (
        f"JOIN {_t(Activity)} x ON {i}.activity_id = x.id {_to_activity('x')} "
        f"JOIN {_t(Indicator)} ni ON ni.activity_id = nx.id AND ni.position = {i}.position"
    )


# The new rows of the batch (for their history rows): ``new`` up to the map's dst_plan.
_NEW_AREA = f"JOIN {MAP_TABLE} d ON d.dst_plan = {{area}}.plan_id"


def _new_under_activity(activity_id: str) -> str:
    return (
        f"JOIN {_t(Activity)} hx ON {activity_id} = hx.id "
        f"JOIN {_t(Area)} ha ON hx.area_id = ha.id {_NEW_AREA.format(area='ha')}"
    )


def map_table_prepare() -> None:
    _run(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {MAP_TABLE} "
        "(src_plan integer NOT NULL, dst_plan integer NOT NULL, dst_unit integer NOT NULL)"
    )


def tables_analyze() -> None:
    """Planner statistics for the tables the copies read (PostgreSQL, whose autovacuum may be off
    or behind a bulk load): without them it may scan whole tables where an index reaches a batch's
    few rows."""
    if connection.vendor != "postgresql":
        return
    models = [Area, Activity, SubActivity, Indicator, Target, Realisation, RealisationEvidence]
    models += [Evidence, PlanPeriodSummary]
    _run("ANALYZE " + ", ".join(_t(m) for m in models))


def plans_copy(pairs: list[tuple[int, int, int]]) -> dict[str, int]:
    """Copy the structure, cells, evidence links and summaries of src plans into dst plans.

    ``pairs``: (src plan, dst plan, dst unit). The dst plans exist and are empty, the dst units
    have evidence records with the same kind and display names as the src units'. Run inside the
    caller's transaction, after ``map_table_prepare``.
    """
    now = timezone.now()
    _run(f"DELETE FROM {MAP_TABLE}")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {MAP_TABLE} (src_plan, dst_plan, dst_unit) VALUES (%s, %s, %s)", pairs
        )
    if connection.vendor == "postgresql":
        _run(f"ANALYZE {MAP_TABLE}")  # a temporary table has no statistics otherwise

    _insert_select(
        Area, f"JOIN {MAP_TABLE} m ON src.plan_id = m.src_plan", {"plan_id": "m.dst_plan"}
    )
    _history(Area, _NEW_AREA.format(area="new"), now)
    _insert_select(
        Activity, f"JOIN {_t(Area)} a ON src.area_id = a.id {_to_area('a')}", {"area_id": "na.id"}
    )
    _history(
        Activity,
        f"JOIN {_t(Area)} ha ON new.area_id = ha.id {_NEW_AREA.format(area='ha')}",
        now,
    )
    under_activity = f"JOIN {_t(Activity)} x ON src.activity_id = x.id {_to_activity('x')}"
    _insert_select(
        SubActivity,
        under_activity,
        {"activity_id": "nx.id", "parent_id": "NULL"},
        "WHERE src.parent_id IS NULL",
    )
    _insert_select(  # the importer's second level (a sub kegiatan's children)
        SubActivity,
        f"{under_activity} JOIN {_t(SubActivity)} sp ON src.parent_id = sp.id "
        f"JOIN {_t(SubActivity)} nsp ON nsp.activity_id = nx.id AND nsp.position = sp.position",
        {"activity_id": "nx.id", "parent_id": "nsp.id"},
    )
    _history(SubActivity, _new_under_activity("new.activity_id"), now)
    _insert_select(
        Indicator,
        f"{under_activity} LEFT JOIN {_t(SubActivity)} sa ON src.sub_activity_id = sa.id "
        f"LEFT JOIN {_t(SubActivity)} nsa ON nsa.activity_id = nx.id "
        "AND nsa.position = sa.position",
        # PICs are the src unit's members: the copy has none, as an import into a new unit.
        {"activity_id": "nx.id", "sub_activity_id": "nsa.id", "pic_id": "NULL", "pic2_id": "NULL"},
    )
    _history(Indicator, _new_under_activity("new.activity_id"), now)
    cells = f"JOIN {_t(Indicator)} i ON src.indicator_id = i.id {_to_indicator('i')}"
    targets = _insert_select(Target, cells, {"indicator_id": "ni.id"})
    _history(
        Target,
        f"JOIN {_t(Indicator)} hi ON new.indicator_id = hi.id "
        + _new_under_activity("hi.activity_id"),
        now,
    )
    realisations = _insert_select(Realisation, cells, {"indicator_id": "ni.id"})
    links = _insert_select(
        RealisationEvidence,
        f"JOIN {_t(Realisation)} r ON src.realisation_id = r.id "
        f"JOIN {_t(Indicator)} i ON r.indicator_id = i.id {_to_indicator('i')} "
        f"JOIN {_t(Realisation)} nr ON nr.indicator_id = ni.id AND nr.period = r.period "
        f"JOIN {_t(Evidence)} e ON src.evidence_id = e.id "
        f"JOIN {_t(Evidence)} ne ON ne.unit_id = m.dst_unit AND ne.kind = e.kind "
        "AND ne.display_name = e.display_name",
        {"realisation_id": "nr.id", "evidence_id": "ne.id"},
    )
    _insert_select(
        PlanPeriodSummary,
        f"JOIN {MAP_TABLE} m ON src.plan_id = m.src_plan",
        {"plan_id": "m.dst_plan"},
    )
    return {"targets": targets, "realisations": realisations, "links": links}
