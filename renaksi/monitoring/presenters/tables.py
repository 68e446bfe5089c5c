"""The unit dashboard's shapes: tallies, period columns, heatmap cells, area and cell rows.

Plain dataclasses filled by ``monitoring.dashboard.plan_dashboard`` (no queries of their own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from renaksi.plans.models import Plan

# --- shapes --------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> float | None:
    return part * 100 / whole if whole else None


@dataclass
class Tally:
    """Counts over a set of scheduled cells."""

    planned: int = 0
    realised: int = 0
    verified: int = 0
    awaiting: int = 0
    overdue: int = 0
    evidenced: int = 0  # realised cells with at least one evidence item

    @property
    def realised_pct(self) -> float | None:
        return _pct(self.realised, self.planned)

    @property
    def verified_pct(self) -> float | None:
        return _pct(self.verified, self.planned)

    @property
    def evidence_pct(self) -> float | None:
        return _pct(self.evidenced, self.realised)


@dataclass
class PeriodColumn:
    period: int
    label: str  # short: "Jan", "TW I"
    title: str  # full: "Januari", "Triwulan I"
    timing: str  # "past", "current" or "future", relative to ``today``


@dataclass
class HeatCell:
    """One area × period of the heatmap (or a period's total over the shown areas)."""

    period: int
    timing: str
    planned: int = 0
    realised: int = 0
    verified: int = 0

    @property
    def pct(self) -> float | None:
        return _pct(self.verified, self.planned)

    @property
    def level(self) -> int | None:
        """Colour step by verified share: 0 none, 1 < 50 %, 2 < 75 %, 3 < 100 %, 4 all."""
        if not self.planned:
            return None
        if self.verified == 0:
            return 0
        if self.verified >= self.planned:
            return 4
        pct = self.verified * 100 / self.planned
        return 1 if pct < 50 else 2 if pct < 75 else 3


@dataclass
class AreaRow:
    area_id: int
    label: str
    tally: Tally
    heat: list[HeatCell]


@dataclass
class CellRow:
    """An overdue or awaiting cell, as listed under the figures."""

    indicator_id: int
    indicator: str
    area: str
    period: int
    period_label: str
    pic: str
    due_on: date
    days_late: int | None  # overdue: days since due; awaiting: days submitted after due
    review_state: str
    review_label: str
    timeliness: str
    timeliness_label: str
    submitted_on: date | None  # the last submission
    waiting_days: int | None  # awaiting: days since the last submission
    url: str
    note: str = ""  # returned: the assessor's note (filled by the page)
    realisation_id: int | None = None


@dataclass
class Filters:
    area_id: int | None = None
    pic: str | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.area_id or self.pic or self.status)


@dataclass
class Dashboard:
    plan: Plan
    today: date
    filters: Filters
    totals: Tally
    periods: list[PeriodColumn]
    areas: list[AreaRow]
    period_totals: list[HeatCell]
    overdue: list[CellRow]
    awaiting: list[CellRow]
    unscheduled: int  # realisations outside the schedule that match the filters
    has_realisations: bool  # anywhere in the plan, whatever the filters
    area_choices: list[tuple[int, str]] = field(default_factory=list)
    pic_choices: list[tuple[str, str]] = field(default_factory=list)
    status_choices: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    returned: list[CellRow] = field(default_factory=list)

    @property
    def filter_labels(self) -> list[tuple[str, str]]:
        """The active filters as (name, chosen value), for the printed page."""
        out = []
        if self.filters.area_id:
            out.append((_("Area"), dict(self.area_choices)[self.filters.area_id]))
        if self.filters.pic:
            out.append((_("Penanggung jawab"), dict(self.pic_choices)[self.filters.pic]))
        if self.filters.status:
            options = dict(opt for _group, opts in self.status_choices for opt in opts)
            out.append((_("Status"), options[self.filters.status]))
        return out

    def chart_data(self) -> dict:
        """The per-area bar chart's numbers; the per-area table shows the same ones."""
        return {
            "labels": [row.label for row in self.areas],
            "axis": _("Jumlah sel"),
            "series": [
                {
                    "key": "planned",
                    "label": _("Direncanakan"),
                    "data": [r.tally.planned for r in self.areas],
                },
                {
                    "key": "realised",
                    "label": _("Terealisasi"),
                    "data": [r.tally.realised for r in self.areas],
                },
                {
                    "key": "verified",
                    "label": _("Terverifikasi"),
                    "data": [r.tally.verified for r in self.areas],
                },
            ],
        }
