"""The data of the monitoring report (laporan monev): the span, the figures and the tables.

``monev_data`` gathers everything in a fixed number of queries; the writers (``reports.monev``
for the PDF, ``monev_xlsx_writer``, ``docx_writer.render_monev``) only lay it out.

A cell counts the way the dashboard counts it (``cell_is_realised``, ``cell_is_overdue`` and
``Tally`` come from ``renaksi.monitoring.dashboard``); only the cells whose period lies in the
span are counted. The report has no viewer: the caller has checked that the plan may be seen.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from renaksi.core.periods import PERIODS_PER_KIND, QUARTER_TITLES, ROMAN, period_kind_noun
from renaksi.monitoring.dashboard import Tally, cell_is_overdue, cell_is_realised
from renaksi.monitoring.models import Realisation, RealisationEvidence
from renaksi.monitoring.selectors import Cell, plan_cell_map
from renaksi.organisations.models import Membership
from renaksi.plans.models import Area, Indicator, Plan
from renaksi.plans.view_helpers import numbered
from renaksi.reports.common import (
    DocumentError,
    Signature,
    long_date,
    number_text,
    plan_kind_title,
)

State = Realisation.ReviewState
# One period vocabulary (core.periods); the old names stay for their importers.
SPAN_KINDS = PERIODS_PER_KIND
SPAN_LABELS = {kind: period_kind_noun(kind) for kind in PERIODS_PER_KIND}
# The signer: the Sekretaris prepares the report; the Ketua when the unit has no Sekretaris.
SIGNER_ROLES = (Membership.Role.SEKRETARIS, Membership.Role.KETUA)


@dataclass(frozen=True)
class Span:
    """``Span("quarter", 1)`` is TW I; ``Span("year")`` the whole year."""

    kind: str
    number: int = 1

    @classmethod
    def parse(cls, kind: str, number) -> Span:
        if kind not in SPAN_KINDS:
            raise DocumentError(_("Rentang laporan %(kind)s tidak dikenal.") % {"kind": kind})
        try:
            number = int(number or 1)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= SPAN_KINDS[kind]:
            raise DocumentError(
                _("Nomor %(span)s harus antara 1 dan %(last)s.")
                % {"span": SPAN_LABELS[kind].lower(), "last": SPAN_KINDS[kind]}
            )
        return cls(kind, number)

    @property
    def months(self) -> range:
        size = 12 // SPAN_KINDS[self.kind]
        return range((self.number - 1) * size + 1, self.number * size + 1)

    def periods(self, plan: Plan) -> list[int]:
        """The plan's periods in the span: months, or quarters of a quarterly plan."""
        if plan.period_count == 12:
            return list(self.months)
        if self.kind == "month":
            raise DocumentError(_("Rencana aksi triwulanan tidak dapat dilaporkan per bulan."))
        return sorted({(m - 1) // 3 + 1 for m in self.months})

    def first_day(self, year: int) -> date:
        return date(year, self.months[0], 1)

    def last_day(self, year: int) -> date:
        month = self.months[-1]
        return date(year, month, calendar.monthrange(year, month)[1])

    def label(self, year: int) -> str:
        """ "Bulan Maret 2023", "Triwulan I Tahun 2023", "Semester II Tahun 2023", "Tahun 2023"."""
        if self.kind == "month":
            return _("Bulan %(month)s %(year)s") % {"month": MONTHS[self.number], "year": year}
        if self.kind == "year":
            return _("Tahun %(year)s") % {"year": year}
        return _("%(span)s %(number)s Tahun %(year)s") % {
            "span": SPAN_LABELS[self.kind],
            "number": ROMAN[self.number - 1],
            "year": year,
        }

    def as_params(self) -> dict:
        return {"span": self.kind, "number": self.number}


@dataclass
class Figure:
    label: str
    value: str


@dataclass
class AreaFigure:
    label: str
    tally: Tally

    @property
    def pct(self) -> str:
        return pct_text(self.tally.realised_pct)


@dataclass
class Bar:
    """One area of the chart; widths are percentages of the longest bar."""

    label: str
    planned: int
    realised: int
    verified: int
    planned_w: float
    realised_w: float
    verified_w: float


@dataclass
class IndicatorRow:
    area: str
    indicator: str
    period: str
    status: str
    progress: str
    value: str
    target: str
    narrative: str
    obstacles: str
    follow_up: str
    review: str

    @property
    def value_target(self) -> str:
        """ "4 / 10 dokumen"; "–" stands for a value not written yet."""
        return f"{self.value or '–'} / {self.target}" if self.target else self.value or "–"


# The indicator table's columns: the chain's snapshot and the Typst report carry these keys.
INDICATOR_KEYS = (
    "area", "indicator", "period", "status", "progress",
    "value_target", "narrative", "obstacles", "follow_up", "review",
)  # fmt: skip


def indicator_row_dict(row) -> dict:
    """An ``IndicatorRow`` (or a snapshot's row read back) as plain values."""
    return {key: getattr(row, key) for key in INDICATOR_KEYS}


@dataclass
class EvidenceRow:
    name: str
    link: str
    kind: str
    cells: list[str]


@dataclass
class MonevData:
    plan: Plan
    span: Span
    today: date
    title_lines: list[str]
    unit: str
    period: str
    as_of: str
    totals: Tally
    figures: list[Figure]
    areas: list[AreaFigure]
    bars: list[Bar]
    indicators: list[IndicatorRow]
    evidence: list[EvidenceRow]
    signature: Signature
    headings: dict = field(default_factory=dict)


def pct_text(value: float | None) -> str:
    if value is None:
        return "–"
    value = round(value, 1)
    return f"{number_text(int(value) if value == int(value) else value)} %"


def _period_title(plan: Plan, period: int) -> str:
    return str(QUARTER_TITLES[period - 1]) if plan.period_count == 4 else str(MONTHS[period])


def _cells(plan: Plan, periods: list[int], today: date) -> dict[tuple[int, int], Cell]:
    """The plan's scheduled or realised cells in ``periods``; access was checked by the caller."""
    return plan_cell_map(plan=plan, today=today, periods=periods)


def monev_bars(areas) -> list[Bar]:
    """The chart's bars: each area's counts, widths relative to the largest planned count."""
    top = max([a.tally.planned for a in areas] + [1])
    return [
        Bar(
            label=a.label,
            planned=a.tally.planned,
            realised=a.tally.realised,
            verified=a.tally.verified,
            planned_w=round(a.tally.planned * 100 / top, 2),
            realised_w=round(a.tally.realised * 100 / top, 2),
            verified_w=round(a.tally.verified * 100 / top, 2),
        )
        for a in areas
    ]


def _signature(plan: Plan, today: date) -> Signature:
    members = {
        m.role: m
        for m in Membership.objects.filter(unit=plan.unit, role__in=SIGNER_ROLES)
        .select_related("user")
        .order_by("created_at")  # the newest of a role wins
    }
    place = (plan.decree.place if plan.decree else "") or plan.unit.place
    day = long_date(today)
    place_date = _("%(place)s, %(date)s") % {"place": place, "date": day} if place else day
    signer = next((members[role] for role in SIGNER_ROLES if role in members), None)
    if signer is None:
        return Signature(place_date=place_date, place=place, date=day, title="", name="")
    title = signer.position or f"{signer.get_role_display()} {plan.unit.name}"
    return Signature(
        place_date=place_date,
        place=place,
        date=day,
        title=f"{title.upper()},",
        name=signer.user.display_name,
    )


def _value_text(value, unit: str) -> str:
    if value is None:
        return ""
    return f"{number_text(value.normalize())} {unit}".strip()


def monev_data(*, plan: Plan, span: Span, today: date) -> MonevData:
    """The report's figures and lists, in seven queries whatever the plan's size."""
    periods = span.periods(plan)
    areas = list(Area.objects.filter(plan=plan).order_by("position"))
    indicators = list(
        Indicator.objects.filter(activity__area__plan=plan)
        .select_related("activity")
        .order_by("activity__area__position", "activity__position", "position")
    )
    cells = _cells(plan, periods, today)

    area_labels = {a.pk: numbered(a.number, a.name) for a in areas}
    tallies = {a.pk: Tally() for a in areas}
    totals = Tally()
    rows: list[IndicatorRow] = []
    realised_ids: dict[int, str] = {}
    by_indicator: dict[int, list[Cell]] = {}
    for cell in cells.values():
        by_indicator.setdefault(cell.indicator_id, []).append(cell)
    for ind in indicators:
        label = numbered(ind.number, ind.text)
        for cell in by_indicator.get(ind.pk, []):
            r = cell.realisation
            period = _period_title(plan, cell.period)
            if cell.scheduled:
                realised = cell_is_realised(cell)
                for tally in (totals, tallies[ind.activity.area_id]):
                    tally.planned += 1
                    tally.realised += realised
                    tally.verified += r is not None and r.review_state == State.VERIFIED
                    tally.awaiting += r is not None and r.review_state == State.SUBMITTED
                    tally.overdue += cell_is_overdue(cell, today)
                    tally.evidenced += realised and r.evidence_count > 0
            if r is not None:
                realised_ids[r.pk] = f"{label} ({period})"
            target = cell.target_value if cell.target_value is not None else ind.target_value
            rows.append(
                IndicatorRow(
                    area=area_labels[ind.activity.area_id],
                    indicator=label,
                    period=period
                    if cell.scheduled
                    else _("%(period)s (di luar jadwal)") % {"period": period},
                    status=r.get_status_display() if r else _("Belum diisi"),
                    progress=f"{r.progress} %" if r else "",
                    value=_value_text(r.value, ind.target_unit) if r else "",
                    target=_value_text(target, ind.target_unit)
                    + (
                        f" ({_('kumulatif')})"
                        if target is not None and ind.target_kind == "cumulative"
                        else ""
                    ),
                    narrative=r.narrative if r else "",
                    obstacles=r.obstacles if r else "",
                    follow_up=r.follow_up if r else "",
                    review=r.get_review_state_display() if r else _("Belum diisi"),
                )
            )

    evidence: dict[int, EvidenceRow] = {}
    links = (
        RealisationEvidence.objects.filter(realisation_id__in=list(realised_ids))
        .select_related("evidence")
        .order_by("evidence__display_name", "evidence_id", "realisation_id")
    )
    for link in links:
        ev = link.evidence
        if ev.pk not in evidence:
            evidence[ev.pk] = EvidenceRow(
                name=ev.display_name,
                link=ev.url or ev.file.name,
                kind=ev.get_kind_display()
                + (f" ({ev.get_content_type_display()})" if ev.content_type else ""),
                cells=[],
            )
        evidence[ev.pk].cells.append(realised_ids[link.realisation_id])

    area_figures = [AreaFigure(area_labels[a.pk], tallies[a.pk]) for a in areas]
    unit_name = plan.unit.name
    return MonevData(
        plan=plan,
        span=span,
        today=today,
        title_lines=[
            _("LAPORAN MONITORING DAN EVALUASI"),
            plan_kind_title(plan),
            unit_name.upper(),
        ],
        unit=unit_name,
        period=_("Periode: %(span)s") % {"span": span.label(plan.year)},
        as_of=_("Keadaan per %(date)s") % {"date": long_date(today)},
        totals=totals,
        figures=[
            Figure(_("Sel direncanakan dalam periode"), str(totals.planned)),
            Figure(_("Terealisasi"), f"{totals.realised} ({pct_text(totals.realised_pct)})"),
            Figure(_("Terverifikasi"), f"{totals.verified} ({pct_text(totals.verified_pct)})"),
            Figure(_("Lewat tenggat"), str(totals.overdue)),
            Figure(_("Menunggu verifikasi"), str(totals.awaiting)),
            Figure(
                _("Cakupan data dukung (sel terealisasi berbukti)"),
                f"{totals.evidenced} ({pct_text(totals.evidence_pct)})",
            ),
        ],
        areas=area_figures,
        bars=monev_bars(area_figures),
        indicators=rows,
        evidence=list(evidence.values()),
        signature=_signature(plan, today),
        headings=headings(),
    )


def headings() -> dict:
    return {
        "summary": _("A. Ringkasan"),
        "areas": _("B. Progres per Area Perubahan"),
        "indicators": _("C. Realisasi per Indikator"),
        "evidence": _("D. Data Dukung"),
        "no": _("NO"),
        "figure": _("Uraian"),
        "value": _("Jumlah"),
        "area": _("Area Perubahan"),
        "planned": _("Direncanakan"),
        "realised": _("Terealisasi"),
        "verified": _("Terverifikasi"),
        "awaiting": _("Menunggu"),
        "overdue": _("Lewat tenggat"),
        "realised_pct": _("% Realisasi"),
        "indicator": _("Indikator Keberhasilan"),
        "period": _("Periode"),
        "status": _("Status"),
        "progress": _("Progres"),
        "value_target": _("Realisasi / Target"),
        "narrative": _("Uraian Realisasi"),
        "obstacles": _("Kendala"),
        "follow_up": _("Tindak Lanjut"),
        "review": _("Verifikasi"),
        "evidence_name": _("Nama"),
        "link": _("Tautan / berkas"),
        "evidence_kind": _("Jenis"),
        "evidence_cells": _("Dipakai pada"),
        "no_evidence": _("Belum ada data dukung pada periode ini."),
        "no_rows": _("Tidak ada sel yang direncanakan atau direalisasikan pada periode ini."),
    }


def page_label() -> str:
    return _("Halaman %(number)s dari %(total)s")
