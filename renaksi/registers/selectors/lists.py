"""The staff registers: filtered lists with their current step, due date and overdue mark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from renaksi.organisations.models import Unit
from renaksi.registers.models import (
    Complaint,
    Gratification,
    InfoRequest,
    RegisterOfficer,
)
from renaksi.registers.selectors.due import Clock, Due, item_due


@dataclass
class Row:
    item: object
    due: Due | None
    overdue: bool


def rows_with_due(items, *, today: date) -> list[Row]:
    items = list(items)
    clock = Clock([i.received_on.year for i in items] or [today.year])
    rows = []
    for item in items:
        due = item_due(item, clock)
        rows.append(Row(item, due, bool(due and due.overdue(today))))
    return rows


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    status: str = ""
    classification: str = ""
    overdue: bool = False
    q: str = ""


def _filtered(qs: QuerySet, f: Filters) -> QuerySet:
    if f.year:
        qs = qs.filter(received_on__year=f.year)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(Q(number__icontains=f.q) | Q(tracking_code__iexact=f.q.upper()))
    return qs


def complaint_rows(*, unit: Unit, filters: Filters, today: date) -> list[Row]:
    """The unit's complaints (the caller checked ``registers.handle_complaints``): 2 + 2 queries."""
    qs = _filtered(Complaint.objects.filter(unit=unit).select_related("officer"), filters)
    if filters.classification:
        qs = qs.filter(classification=filters.classification)
    rows = rows_with_due(qs, today=today)
    return [r for r in rows if r.overdue] if filters.overdue else rows


def request_rows(*, unit: Unit, filters: Filters, today: date) -> list[Row]:
    qs = _filtered(InfoRequest.objects.filter(unit=unit).select_related("officer"), filters)
    rows = rows_with_due(qs, today=today)
    return [r for r in rows if r.overdue] if filters.overdue else rows


def gratification_list_visible(*, user) -> QuerySet[Gratification]:
    """The reports the user made, and those of the units where the user is UPG."""
    if not user.is_authenticated:
        return Gratification.objects.none()
    qs = Gratification.objects.select_related("unit", "reporter")
    if user.is_superuser:
        return qs
    upg_units = RegisterOfficer.objects.filter(user=user, role=RegisterOfficer.Role.UPG).values(
        "unit_id"
    )
    return qs.filter(Q(reporter=user) | Q(unit_id__in=upg_units))


def gratification_rows(*, user, today: date) -> list[Row]:
    items = list(gratification_list_visible(user=user))
    clock = Clock([g.received_on.year for g in items] or [today.year])
    return [
        Row(g, d, bool(d and d.overdue(today))) for g in items for d in [clock.gratification(g)]
    ]


def officers_of(*, unit: Unit, role: str):
    """People who may be assigned a complaint or a request of ``unit``."""
    from renaksi.organisations.models import User
    from renaksi.organisations.rules import MANAGER_ROLES

    return (
        User.objects.filter(
            Q(register_roles__unit=unit, register_roles__role=role)
            | Q(memberships__unit=unit, memberships__role__in=MANAGER_ROLES)
        )
        .distinct()
        .order_by("username")
    )
