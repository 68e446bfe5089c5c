"""The current step of every register item and its due date (``deadlines`` rules, one due_on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from renaksi.core.periods import Holidays, holidays_for_years
from renaksi.registers.deadlines import RuleBook
from renaksi.registers.models import (
    Complaint,
    Gratification,
    InfoRequest,
    IntegrityCampaign,
    RegisterKind,
)


@dataclass(frozen=True)
class Due:
    step: str
    label: str
    due_on: date
    office: bool  # the office must act (False: the public's window, e.g. keberatan)

    def overdue(self, today: date) -> bool:
        return self.office and today > self.due_on


class Clock:
    """Rules and holidays for the items of some years, read once (two queries)."""

    def __init__(self, years) -> None:
        years = sorted(set(years)) or [date.today().year]
        self.book = RuleBook(years)
        self.holidays: Holidays = holidays_for_years(years[0], years[-1] + 1)

    def due(self, register, step, start: date, *, extension: int = 0, office=True) -> Due:
        rule = self.book.rule(register, step, start.year)
        return Due(
            step, str(rule.label), rule.due_on(start, self.holidays, extension=extension), office
        )

    # --- per register -----------------------------------------------------------------------

    def complaint_resolution(self, c: Complaint) -> Due:
        step = c.classification or Complaint.Classification.NORMATIF
        return self.due(RegisterKind.PENGADUAN, step, c.received_on)

    def complaint(self, c: Complaint) -> Due | None:
        if c.status == Complaint.Status.CLOSED or c.answered_on is not None:
            return None
        if c.first_response_on is None:
            return self.due(RegisterKind.PENGADUAN, "first_response", c.received_on)
        return self.complaint_resolution(c)

    def request_notice(self, r: InfoRequest) -> Due:
        extension = 0
        if r.extended_on is not None:
            extension = self.book.rule(RegisterKind.PPID, "extension", r.received_on.year).days
        return self.due(RegisterKind.PPID, "notice", r.received_on, extension=extension)

    def request(self, r: InfoRequest) -> Due | None:
        S = InfoRequest.Status
        if r.status in (S.RECEIVED, S.EXTENDED):
            return self.request_notice(r)
        if r.status == S.ANSWERED:
            return self.due(RegisterKind.PPID, "objection", r.answered_on, office=False)
        if r.status == S.OBJECTION:
            return self.due(RegisterKind.PPID, "objection_answer", r.objection_on)
        if r.status == S.OBJECTION_ANSWERED:
            return self.due(RegisterKind.PPID, "dispute", r.objection_answered_on, office=False)
        return None

    def objection_window(self, r: InfoRequest) -> tuple[date, date] | None:
        """First and last day the requester may file a keberatan, or None when it is no longer
        open (already filed, or the matter closed).

        The reason arises on the day of the written notice, or, with no notice, on the day after
        its deadline lapsed (UU 14/2008 Pasal 35 ayat (1) huruf c and g; Pasal 36 ayat (1)).
        """
        S = InfoRequest.Status
        if r.status == S.ANSWERED:
            start = first = r.answered_on
        elif r.status in (S.RECEIVED, S.EXTENDED):
            start = self.request_notice(r).due_on
            first = start + timedelta(days=1)
        else:
            return None
        return first, self.due(RegisterKind.PPID, "objection", start, office=False).due_on

    def gratification(self, g: Gratification) -> Due | None:
        S = Gratification.Status
        if g.status == S.INCOMPLETE:
            # The reporter's window; the UPG's 10 days restart from the completed report.
            return self.due(RegisterKind.GRATIFIKASI, "completion", g.incomplete_on, office=False)
        if g.status in (S.REPORTED, S.REVIEWED):
            upg = self.due(RegisterKind.GRATIFIKASI, "upg_to_kpk", g.completed_on or g.reported_on)
            absolute = self.due(RegisterKind.GRATIFIKASI, "to_kpk", g.received_on)
            return min(upg, absolute, key=lambda d: d.due_on)
        if g.status == S.FORWARDED:
            return self.due(RegisterKind.GRATIFIKASI, "kpk_decision", g.forwarded_on, office=False)
        return None

    def gratification_reported_late(self, g: Gratification) -> bool:
        return g.reported_on > self.due(RegisterKind.GRATIFIKASI, "to_upg", g.received_on).due_on

    def campaign(self, c: IntegrityCampaign) -> Due | None:
        if c.closed_on is not None:
            return None
        return self.due(RegisterKind.BENTURAN, "declaration", c.opened_on)


def item_due(item, clock: Clock) -> Due | None:
    if isinstance(item, Complaint):
        return clock.complaint(item)
    if isinstance(item, InfoRequest):
        return clock.request(item)
    if isinstance(item, Gratification):
        return clock.gratification(item)
    return clock.campaign(item)
