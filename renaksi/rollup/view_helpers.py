"""What the roll-up page and its XLSX export show: the selector's rows, filtered and sorted.

Pure functions over ``Rollup`` (no queries), except ``plan_ids_for`` (one query for every row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renaksi.organisations.models import Unit
from renaksi.plans.models import Plan
from renaksi.rollup.selectors import Rollup, RollupRow

# ?urut=<key> sorts ascending, ?urut=-<key> descending. Each key: column title, value of a row,
# and the direction a first click sorts in (numbers: largest first; names and rank: A→Z, 1→n).
SORT_KEYS = {
    "peringkat": (gettext_lazy("Peringkat"), lambda r: r.rank, ""),
    "kode": (gettext_lazy("Kode"), lambda r: r.unit.code, ""),
    "nama": (gettext_lazy("Satuan kerja"), lambda r: r.unit.name.casefold(), ""),
    "satker": (gettext_lazy("Satker"), lambda r: r.stats.units, "-"),
    "rencana": (gettext_lazy("Rencana aksi"), lambda r: r.stats.plans, "-"),
    "sel": (gettext_lazy("Direncanakan"), lambda r: r.stats.planned, "-"),
    "dilaporkan": (gettext_lazy("Dilaporkan"), lambda r: r.stats.reported_pct, "-"),
    "terverifikasi": (gettext_lazy("Terverifikasi"), lambda r: r.stats.verified_pct, "-"),
    "menunggu": (gettext_lazy("Menunggu"), lambda r: r.stats.awaiting, "-"),
    "terlambat": (gettext_lazy("Terlambat"), lambda r: r.stats.late, "-"),
    "lewat": (gettext_lazy("Lewat tenggat"), lambda r: r.stats.missed, "-"),
    "aktivitas": (
        gettext_lazy("Aktivitas terakhir"),
        lambda r: r.stats.last_activity.timestamp() if r.stats.last_activity else 0.0,
        "-",
    ),
}
DEFAULT_SORT = "peringkat"


@dataclass
class Filters:
    search: str = ""
    overdue_only: bool = False
    level: str = ""

    @property
    def active(self) -> bool:
        return bool(self.search or self.overdue_only or self.level)

    @classmethod
    def from_query(cls, query) -> Filters:
        level = query.get("tingkat", "")
        return cls(
            search=query.get("q", "").strip()[:100],
            overdue_only=query.get("lewat") == "1",
            level=level if level in Unit.Level.values else "",
        )


@dataclass
class SortColumn:
    key: str
    title: str
    query: str  # the ?urut= value a click on the heading asks for
    direction: str  # "ascending", "descending" or "" (not sorted by this column)


@dataclass
class Table:
    rows: list[RollupRow]
    shown: int
    total_rows: int
    sort: str  # the key, with "-" when descending
    columns: dict[str, SortColumn] = field(default_factory=dict)
    level_choices: list[tuple[str, str]] = field(default_factory=list)


def parse_sort(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.lstrip("-") in SORT_KEYS else DEFAULT_SORT


def rollup_table(rollup: Rollup, *, filters: Filters, sort: str) -> Table:
    """The rows the filters keep, in the asked order (rank, then code, breaks ties)."""
    rows = rollup.rows
    if filters.search:
        needle = filters.search.casefold()
        rows = [r for r in rows if needle in r.unit.name.casefold() or needle in r.unit.code]
    if filters.overdue_only:
        rows = [r for r in rows if r.stats.missed]
    if filters.level:
        rows = [r for r in rows if r.unit.level == filters.level]
    key = sort.lstrip("-")
    value = SORT_KEYS[key][1]
    rows = sorted(rows, key=lambda r: (r.rank, r.unit.code))
    rows.sort(key=value, reverse=sort.startswith("-"))

    columns = {}
    for name, (title, _value, first) in SORT_KEYS.items():
        if name == key:
            descending = sort.startswith("-")
            query = name if descending else f"-{name}"
            direction = "descending" if descending else "ascending"
        else:
            query, direction = f"{first}{name}", ""
        columns[name] = SortColumn(name, str(title), query, direction)
    levels = {r.unit.level for r in rollup.rows}
    return Table(
        rows=rows,
        shown=len(rows),
        total_rows=len(rollup.rows),
        sort=sort,
        columns=columns,
        level_choices=[(v, str(label)) for v, label in Unit.Level.choices if v in levels],
    )


def plan_ids_for(*, unit_ids: list[int], year: int) -> dict[int, int]:
    """Unit id → id of its plan for the year, for all the given units in one query."""
    return dict(
        Plan.objects.filter(unit_id__in=unit_ids, year=year, kind="general").values_list(
            "unit_id", "pk"
        )
    )


@dataclass
class TrendRow:
    period: int
    label: str
    title: str
    planned: int
    verified: int

    @property
    def pct(self) -> float | None:
        return self.verified * 100 / self.planned if self.planned else None


def trend_rows(rollup: Rollup) -> list[TrendRow]:
    """Month by month, January to December (months with nothing planned show zero)."""
    return [
        TrendRow(
            period=m,
            label=str(MONTHS_3[m]).capitalize(),
            title=str(MONTHS[m]),
            planned=rollup.trend.get(m, (0, 0))[0],
            verified=rollup.trend.get(m, (0, 0))[1],
        )
        for m in range(1, 13)
    ]


def trend_chart_data(rows: list[TrendRow]) -> dict:
    """The trend chart's numbers; the table under it shows the same ones."""
    return {
        "labels": [r.title for r in rows],
        "axis": _("Jumlah sel"),
        "series": [
            {"key": "planned", "label": _("Direncanakan"), "data": [r.planned for r in rows]},
            {"key": "verified", "label": _("Terverifikasi"), "data": [r.verified for r in rows]},
        ],
    }
