"""The registers' figures for a year: per unit, and rolled up over a unit's tree.

Counts only (no names), so a parent unit may read them. A fixed number of queries whatever the
number of units or items: the items of all the units are read at once and counted in Python,
because "finished on time" depends on each item's due date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from renaksi.organisations.models import Membership, Unit
from renaksi.registers.models import (
    Complaint,
    Declaration,
    Gratification,
    InfoRequest,
    IntegrityCampaign,
)
from renaksi.registers.selectors.due import Clock


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    complaints_received: int = 0
    complaints_open: int = 0
    complaints_finished: int = 0
    complaints_on_time: int = 0
    complaints_overdue: int = 0
    requests_received: int = 0
    requests_in_process: int = 0
    requests_finished: int = 0
    requests_refused: int = 0
    requests_objections: int = 0
    requests_disputes: int = 0
    requests_on_time: int = 0
    requests_overdue: int = 0
    gratifications_reported: int = 0
    gratifications_forwarded: int = 0
    gratifications_under_threshold: int = 0
    staff: int = 0
    signed: int = 0
    conflicts: int = 0
    conflicts_handled: int = 0
    units: list = field(default_factory=list)

    @property
    def complaints_on_time_pct(self) -> float | None:
        return _pct(self.complaints_on_time, self.complaints_finished)

    @property
    def requests_on_time_pct(self) -> float | None:
        return _pct(self.requests_on_time, self.requests_finished)

    @property
    def signed_pct(self) -> float | None:
        return _pct(self.signed, self.staff)

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            if name != "units":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        data = {n: getattr(self, n) for n in self.__dataclass_fields__ if n != "units"}
        data.update(
            complaints_on_time_pct=self.complaints_on_time_pct,
            requests_on_time_pct=self.requests_on_time_pct,
            signed_pct=self.signed_pct,
        )
        return data


def register_figures(
    *,
    unit_ids: list[int],
    year: int,
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> dict[int, Figures]:
    """unit id → figures of the items received in ``year`` (or from ``start`` to ``end``)."""
    start = start or date(year, 1, 1)
    end = end or date(year, 12, 31)
    figures = {pk: Figures() for pk in unit_ids}
    clock = Clock([year])
    span = Q(unit_id__in=unit_ids, received_on__gte=start, received_on__lte=end)

    for c in Complaint.objects.filter(span).only(
        "unit_id", "received_on", "classification", "status", "first_response_on", "answered_on"
    ):
        f = figures[c.unit_id]
        f.complaints_received += 1
        if c.answered_on is not None:
            f.complaints_finished += 1
            if c.answered_on <= clock.complaint_resolution(c).due_on:
                f.complaints_on_time += 1
        else:
            f.complaints_open += 1
            due = clock.complaint(c)
            if due and due.overdue(today):
                f.complaints_overdue += 1

    S = InfoRequest.Status
    for r in InfoRequest.objects.filter(span).only(
        "unit_id", "received_on", "status", "extended_on", "answered_on", "decision",
        "objection_on", "objection_answered_on", "dispute_on",
    ):  # fmt: skip
        f = figures[r.unit_id]
        f.requests_received += 1
        if r.answered_on is None and r.status in (S.RECEIVED, S.EXTENDED):
            f.requests_in_process += 1
            if clock.request_notice(r).overdue(today):
                f.requests_overdue += 1
        if r.answered_on is not None:
            f.requests_finished += 1
            if r.answered_on <= clock.request_notice(r).due_on:
                f.requests_on_time += 1
        if r.decision == InfoRequest.Decision.REFUSED:
            f.requests_refused += 1
        if r.objection_on is not None:
            f.requests_objections += 1
        if r.dispute_on is not None:
            f.requests_disputes += 1

    G = Gratification.Status
    for row in (
        Gratification.objects.filter(span)
        .values("unit_id")
        .annotate(
            n=Count("pk"),
            forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
            under=Count("pk", filter=Q(status=G.NOT_REQUIRED)),
        )
    ):
        f = figures[row["unit_id"]]
        f.gratifications_reported = row["n"]
        f.gratifications_forwarded = row["forwarded"]
        f.gratifications_under_threshold = row["under"]

    for row in (
        Membership.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(n=Count("user_id", distinct=True))
    ):
        figures[row["unit_id"]].staff = row["n"]
    campaign_units = dict(
        IntegrityCampaign.objects.filter(unit_id__in=unit_ids, year=year).values_list(
            "pk", "unit_id"
        )
    )
    for d in Declaration.objects.filter(campaign_id__in=list(campaign_units)).only(
        "campaign_id", "conflict_kind", "handling"
    ):
        f = figures[campaign_units[d.campaign_id]]
        f.signed += 1
        if d.conflict_kind:
            f.conflicts += 1
            if d.handling == Declaration.Handling.HANDLED:
                f.conflicts_handled += 1
    return figures


@dataclass
class TreeFigures:
    unit: Unit
    total: Figures
    children: list[tuple[Unit, Figures]]


def register_figures_tree(*, unit: Unit, year: int, today: date) -> TreeFigures:
    """The unit's own figures plus each child subtree's, summed; a fixed number of queries."""
    units = list(unit.descendants(include_self=True).order_by("code"))
    own = register_figures(unit_ids=[u.pk for u in units], year=year, today=today)
    by_parent = defaultdict(list)
    for u in units:
        by_parent[u.parent_id].append(u)

    def subtree(u: Unit) -> Figures:
        f = Figures()
        f.add(own[u.pk])
        for child in by_parent[u.pk]:
            f.add(subtree(child))
        return f

    return TreeFigures(unit, subtree(unit), [(c, subtree(c)) for c in by_parent[unit.pk]])
