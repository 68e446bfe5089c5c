"""Plain data shapes shared by every plan reader and writer.

Importers (seed text, JSON, later XLSX/CSV/DOCX) produce a ``ParsedPlan``; one service writes
it to the database, and the JSON exporter produces the same shape back. Keeping the shape free
of Django lets the parsers be tested as pure functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Severity = Literal["info", "warning", "error"]
Granularity = Literal["month", "quarter"]


@dataclass
class Finding:
    """One assumption or anomaly met while reading a source document.

    ``code`` selects a translatable message in ``renaksi.plans.findings``; ``params`` fill it.
    ``line`` is the 1-based source line (or row) the finding is about, when there is one.
    """

    code: str
    severity: Severity = "warning"
    line: int | None = None
    params: dict = field(default_factory=dict)


@dataclass
class ParsedIndicator:
    number: str
    text: str
    periods: list[int] = field(default_factory=list)
    note: str = ""
    target: Decimal | None = None
    unit: str = ""
    pic: str = ""
    # Numeric target per period, for plans that carry numbers (e.g. quarterly targets).
    period_targets: dict[int, Decimal] = field(default_factory=dict)
    # A second PIC, the budget (anggaran, Rupiah) and links to evidence named in the source.
    pic2: str = ""
    budget: Decimal | None = None
    evidence: list[str] = field(default_factory=list)
    # What the targets mean: "per_period" or "cumulative"; "percent", "fraction", "count" or
    # "currency" ("" when unknown).
    target_kind: str = ""
    target_scale: str = ""
    line: int | None = None


@dataclass
class ParsedSubActivity:
    number: str
    name: str
    sub_activities: list[ParsedSubActivity] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    line: int | None = None


@dataclass
class ParsedActivity:
    number: str
    name: str
    sub_activities: list[ParsedSubActivity] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    line: int | None = None


@dataclass
class ParsedArea:
    number: str
    name: str
    activities: list[ParsedActivity] = field(default_factory=list)
    # 1..8: the national Road Map area this area maps to (domain.md §1.1), None if unknown.
    reform_area: int | None = None
    line: int | None = None


@dataclass
class ParsedDecree:
    issuer: str = ""
    number: str = ""
    lampiran_number: str = ""
    about: str = ""
    place: str = ""
    date_set: datetime.date | None = None
    signer_name: str = ""
    signer_title: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    validity_text: str = ""
    considering: str = ""
    observing: str = ""
    deciding: str = ""


@dataclass
class ParsedPlan:
    decree: ParsedDecree = field(default_factory=ParsedDecree)
    granularity: Granularity = "month"
    areas: list[ParsedArea] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def iter_indicators(self):
        """Yield every indicator in source order."""

        def walk_sub(sub: ParsedSubActivity):
            yield from sub.indicators
            for child in sub.sub_activities:
                yield from walk_sub(child)

        for area in self.areas:
            for activity in area.activities:
                yield from activity.indicators
                for sub in activity.sub_activities:
                    yield from walk_sub(sub)
