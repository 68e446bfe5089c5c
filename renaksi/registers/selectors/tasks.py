"""Open register steps a person must act on: for "Tugas saya" and the daily reminder digest."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from renaksi.organisations.models import Membership
from renaksi.organisations.rules import MANAGER_ROLES
from renaksi.registers.models import (
    Complaint,
    Declaration,
    Gratification,
    InfoRequest,
    IntegrityCampaign,
    RegisterOfficer,
)
from renaksi.registers.selectors.due import Clock

Role = RegisterOfficer.Role


@dataclass
class OpenStep:
    title: str
    reason: str
    due_on: date
    url: str
    unit_name: str
    users: list = field(default_factory=list)


@dataclass(frozen=True)
class RegisterTask:
    """One item of the "Tugas saya" page (the providers' contract: title, reason, due_on, url)."""

    title: str
    reason: str
    due_on: date
    url: str


def _people(unit_ids, user=None):
    """unit id → (managers, officers by role, members): three queries."""
    managers, members = defaultdict(list), defaultdict(list)
    officers = defaultdict(lambda: defaultdict(list))
    memberships = Membership.objects.filter(unit_id__in=unit_ids, user__is_active=True)
    roles = RegisterOfficer.objects.filter(unit_id__in=unit_ids, user__is_active=True)
    if user is not None:
        memberships, roles = memberships.filter(user=user), roles.filter(user=user)
    for m in memberships.select_related("user"):
        if m.user not in members[m.unit_id]:
            members[m.unit_id].append(m.user)
        if m.role in MANAGER_ROLES and m.user not in managers[m.unit_id]:
            managers[m.unit_id].append(m.user)
    for o in roles.select_related("user"):
        officers[o.unit_id][o.role].append(o.user)
    return managers, officers, members


def open_steps(*, today: date, user=None) -> list[OpenStep]:
    """Every open office step, with the people who must act on it; a fixed number of queries.

    With ``user``, only the units where that person is a manager, an officer or a member.
    """
    units = None
    if user is not None:
        units = set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
        units |= set(RegisterOfficer.objects.filter(user=user).values_list("unit_id", flat=True))
    scope = Q() if units is None else Q(unit_id__in=units)
    complaints = list(
        Complaint.objects.filter(scope, answered_on__isnull=True)
        .exclude(status=Complaint.Status.CLOSED)
        .select_related("unit", "officer")
    )
    S = InfoRequest.Status
    requests = list(
        InfoRequest.objects.filter(
            scope, status__in=[S.RECEIVED, S.EXTENDED, S.OBJECTION]
        ).select_related("unit", "officer")
    )
    G = Gratification.Status
    gratifications = list(
        Gratification.objects.filter(
            scope, status__in=[G.REPORTED, G.REVIEWED, G.INCOMPLETE]
        ).select_related("unit", "reporter")
    )
    campaigns = list(
        IntegrityCampaign.objects.filter(scope, closed_on__isnull=True).select_related("unit")
    )
    signed = set(
        Declaration.objects.filter(campaign__in=campaigns).values_list("campaign_id", "user_id")
    )
    items = [*complaints, *requests, *gratifications]
    unit_ids = {i.unit_id for i in items} | {c.unit_id for c in campaigns}
    managers, officers, members = _people(unit_ids, user)
    years = [i.received_on.year for i in items] + [c.opened_on.year for c in campaigns]
    clock = Clock(years or [today.year])
    steps: list[OpenStep] = []

    for c in complaints:
        due = clock.complaint(c)
        who = (
            [c.officer] if c.officer else managers[c.unit_id] + officers[c.unit_id][Role.PENGADUAN]
        )
        if user is not None:
            who = [u for u in who if u == user]
        steps.append(
            OpenStep(
                _("Pengaduan %(n)s: %(s)s") % {"n": c.number, "s": c.subject},
                due.label,
                due.due_on,
                reverse("complaint_detail", args=[c.pk]),
                c.unit.name,
                who,
            )
        )
    for r in requests:
        due = clock.request(r)
        if r.status == S.OBJECTION:
            who = managers[r.unit_id] + officers[r.unit_id][Role.ATASAN_PPID]
        else:
            who = [r.officer] if r.officer else managers[r.unit_id] + officers[r.unit_id][Role.PPID]
        if user is not None:
            who = [u for u in who if u == user]
        steps.append(
            OpenStep(
                _("Permohonan informasi %(n)s") % {"n": r.number},
                due.label,
                due.due_on,
                reverse("request_detail", args=[r.pk]),
                r.unit.name,
                who,
            )
        )
    for g in gratifications:
        due = clock.gratification(g)
        who = list(officers[g.unit_id][Role.UPG])
        if g.status == G.INCOMPLETE:  # the reporter completes their own report
            who = [g.reporter] if user is None or g.reporter == user else []
        steps.append(
            OpenStep(
                _("Laporan gratifikasi %(n)s") % {"n": g.number},
                due.label,
                due.due_on,
                reverse("gratification_detail", args=[g.pk]),
                g.unit.name,
                who,
            )
        )
    for campaign in campaigns:
        due = clock.campaign(campaign)
        who = [u for u in members[campaign.unit_id] if (campaign.pk, u.pk) not in signed]
        steps.append(
            OpenStep(
                campaign.title,
                due.label,
                due.due_on,
                reverse("campaign_sign", args=[campaign.pk]),
                campaign.unit.name,
                who,
            )
        )
    for step in steps:
        step.users = list(dict.fromkeys(u for u in step.users if u is not None))
    return sorted((s for s in steps if s.users), key=lambda s: (s.due_on, s.title))


def register_tasks_for(*, user, today: date) -> list[RegisterTask]:
    """The register steps ``user`` must act on, soonest first (a "Tugas saya" provider)."""
    if not user.is_authenticated:
        return []
    return [
        RegisterTask(s.title, s.reason, s.due_on, s.url) for s in open_steps(today=today, user=user)
    ]
