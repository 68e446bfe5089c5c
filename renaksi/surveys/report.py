"""The IKM report's data, in the layout of PermenPAN-RB 14/2017 (pengolahan data SKM).

Per unsur: the sum of the answers, the answers given, NRR = sum / given, the weight and the
weighted NRR (NRR x weight); then the sum of the weighted NRR (the index on the 1–4 scale), the
IKM (x 25), mutu and kinerja, the respondents and the period. One report is built from
``selectors.survey_ikm`` plus a fixed number of queries (profile, suggestions, answer grid).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from renaksi.surveys.models import Answer, Response, Service
from renaksi.surveys.selectors import SurveyIkm, survey_ikm

FOUR = Decimal("0.0001")
PROFILE_LABELS = {
    "sex": _("Jenis kelamin"),
    "age_band": _("Usia"),
    "education": _("Pendidikan"),
    "occupation": _("Pekerjaan"),
}
SEX_LABELS = {"L": _("Laki-laki"), "P": _("Perempuan")}
MAX_GRID = 20000  # respondents listed one per row in the XLSX worksheet
MAX_SUGGESTIONS = 300


@dataclass(frozen=True)
class UnsurRow:
    key: str  # "U1"
    name: str
    total: int
    given: int
    nrr: Decimal | None  # 4 decimals
    weight: Decimal
    weighted: Decimal | None  # 4 decimals


@dataclass
class IkmReport:
    result: SurveyIkm
    period_label: str
    rows: list[UnsurRow]
    weighted_total: Decimal | None  # the index on the 1-4 scale (Σ NRR tertimbang), 4 decimals
    profile: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    grid: list[list[int | None]] = field(default_factory=list)  # one row per respondent

    @property
    def unit(self):
        return self.result.unit

    @property
    def service(self) -> Service | None:
        return self.result.service


def _responses(*, unit, start, end, service):
    qs = Response.objects.filter(questionnaire__unit=unit, date__gte=start, date__lte=end)
    return qs.filter(service=service) if service is not None else qs


def ikm_report(
    *,
    unit,
    start: Date,
    end: Date,
    period_label: str,
    service: Service | None = None,
    with_suggestions: bool = True,
    with_grid: bool = False,
) -> IkmReport:
    """The report of one unit (optionally one service) over [start, end]."""
    result = survey_ikm(unit=unit, start=start, end=end, service=service)
    rows = []
    total = Decimal(0)
    for key, weight in result.weight_values.items():
        given = result.answers.get(key, 0)
        s = result.sums.get(key, 0)
        nrr = Decimal(s) / Decimal(given) if given else None
        weighted = nrr * weight if nrr is not None else None
        if weighted is not None:
            total += weighted
        rows.append(
            UnsurRow(
                key=key,
                name=result.labels.get(key, key),
                total=s,
                given=given,
                nrr=nrr.quantize(FOUR, rounding=ROUND_HALF_UP) if nrr is not None else None,
                weight=weight.quantize(FOUR, rounding=ROUND_HALF_UP),
                weighted=(
                    weighted.quantize(FOUR, rounding=ROUND_HALF_UP)
                    if weighted is not None
                    else None
                ),
            )
        )
    report = IkmReport(
        result=result,
        period_label=period_label,
        rows=rows,
        weighted_total=(
            total.quantize(FOUR, rounding=ROUND_HALF_UP) if result.ikm is not None else None
        ),
    )
    responses = _responses(unit=unit, start=start, end=end, service=service)
    for name, label in PROFILE_LABELS.items():
        counts = (
            responses.exclude(**{name: ""})
            .values(name)
            .annotate(n=Count("pk"))
            .order_by("-n", name)
        )
        shown = [
            (str(SEX_LABELS.get(c[name], c[name])) if name == "sex" else c[name], c["n"])
            for c in counts
        ]
        if shown:
            report.profile[str(label)] = shown
    if with_suggestions:
        report.suggestions = list(
            responses.exclude(suggestion="")
            .order_by("date", "pk")
            .values_list("suggestion", flat=True)[:MAX_SUGGESTIONS]
        )
    if with_grid:
        keys = [r.key for r in rows]
        position = {k: i for i, k in enumerate(keys)}
        ids = list(responses.order_by("date", "pk").values_list("pk", flat=True)[:MAX_GRID])
        grid: dict[int, list] = {pk: [None] * len(keys) for pk in ids}
        cells = Answer.objects.filter(response__in=ids).values_list(
            "response_id", "unsur__position", "value"
        )
        for response_id, pos, value in cells:
            col = position.get(f"U{pos}")
            if col is not None:
                grid[response_id][col] = value
        report.grid = [grid[pk] for pk in ids]
    return report


def chart_bars(report: IkmReport, *, width: int = 560, height: int = 220) -> dict:
    """Geometry of the NRR-per-unsur bar chart (an SVG drawn by the template, no script)."""
    left, bottom, top = 34, 28, 12
    plot_h = height - bottom - top
    count = max(len(report.rows), 1)
    slot = (width - left - 8) / count
    bars = []
    for i, row in enumerate(report.rows):
        value = row.nrr or Decimal(0)
        h = float(value) / 4 * plot_h
        x = left + i * slot + slot * 0.15
        bars.append(
            {
                "key": row.key,
                "name": row.name,
                "x": round(x, 1),
                "y": round(top + plot_h - h, 1),
                "w": round(slot * 0.7, 1),
                "h": round(h, 1),
                "cx": round(x + slot * 0.35, 1),
                "value": row.nrr,
            }
        )
    ticks = [{"value": v, "y": round(top + plot_h - v / 4 * plot_h, 1)} for v in (0, 1, 2, 3, 4)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "base": top + plot_h,
        "label_y": height - 10,
        "bars": bars,
        "ticks": ticks,
    }
