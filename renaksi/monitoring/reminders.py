"""Daily reminder digests by e-mail (issue "The monthly loop").

- Each PIC gets one digest of their cells that are **due** (scheduled, the period has begun, the
  due date — period end plus the grace in working days — has not passed, not submitted yet) and
  **overdue** (due date passed, nothing submitted, or returned and not submitted again).
- Each Tim Asesor member of a unit gets one digest of the unit's cells **awaiting verification**
  (submitted), except cells they are PIC of: nobody verifies their own work.

Plans of this year are covered, and last year's plan until its last due date (December's report
is due in January). A PIC hears only about plans of units they are a member of, and only active
people with an e-mail address are written to.

At most one digest per person, kind and day: ``ReminderLog`` rows are claimed before sending (and
released if sending fails), so a second run on the same day, or a second worker, sends nothing
twice. The whole run reads in a fixed number of queries, whatever the number of people and cells.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renaksi.core import hooks, workdays
from renaksi.monitoring.models import Realisation, RealisationEvent, ReminderLog
from renaksi.monitoring.selectors import (
    holiday_dates,
    realisation_due_on,
    realisation_verifiers,
)
from renaksi.organisations.models import Membership, User
from renaksi.plans.models import Plan, Target
from renaksi.plans.view_helpers import numbered, period_labels

logger = logging.getLogger(__name__)

State = Realisation.ReviewState
Kind = ReminderLog.Kind


@dataclass(frozen=True)
class ReminderItem:
    """One cell in a digest."""

    indicator_id: int
    period: int
    indicator: str  # "1. Tersedianya SK …"
    unit: str
    period_label: str  # "Maret 2022", "TW III 2022"
    due_on: date
    link: str
    returned_note: str = ""  # the assessor's note when the cell came back
    submitted_on: date | None = None
    sort_key: tuple = field(default=(), compare=False, repr=False)


@dataclass
class ReminderDigest:
    """Everything one person hears about in one e-mail."""

    user: User
    kind: ReminderLog.Kind
    due: list[ReminderItem] = field(default_factory=list)
    overdue: list[ReminderItem] = field(default_factory=list)
    awaiting: list[ReminderItem] = field(default_factory=list)

    @property
    def items(self) -> list[ReminderItem]:
        return [*self.due, *self.overdue, *self.awaiting]

    def cell_keys(self) -> list[list[int]]:
        return sorted([item.indicator_id, item.period] for item in self.items)


@dataclass
class ReminderRunSummary:
    """What one run did; ``digests`` are those sent (or, in a dry run, those that would be)."""

    today: date
    dry_run: bool = False
    pic_sent: int = 0
    asesor_sent: int = 0
    already_sent: int = 0  # digests skipped because today's was sent before
    no_email: int = 0  # people with something to hear about but no address
    failed: int = 0  # digests the mailer refused (released, so a later run retries)
    digests: list[ReminderDigest] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "pic_sent": self.pic_sent,
            "asesor_sent": self.asesor_sent,
            "already_sent": self.already_sent,
            "no_email": self.no_email,
            "failed": self.failed,
        }


def cell_link(plan_id: int, indicator_id: int, period: int) -> str:
    """Absolute address of a cell: its own page when the cell pages exist, else the plan's."""
    try:
        path = reverse("cell_detail", args=[plan_id, indicator_id, period])
    except NoReverseMatch:
        path = reverse("plan_detail", args=[plan_id]) + f"#indikator-{indicator_id}"
    return settings.SITE_URL.rstrip("/") + path


def _label(plan: Plan, period: int) -> str:
    return f"{period_labels(plan)[period - 1][1]} {plan.year}"


def _item(plan: Plan, indicator, period: int, due_on: date, **extra) -> ReminderItem:
    return ReminderItem(
        indicator_id=indicator.pk,
        period=period,
        indicator=numbered(indicator.number, indicator.text),
        unit=plan.unit.name,
        period_label=_label(plan, period),
        due_on=due_on,
        link=cell_link(plan.pk, indicator.pk, period),
        sort_key=(due_on, plan.unit.code, plan.year, indicator.activity_id, indicator.position),
        **extra,
    )


def _sorted(items: list[ReminderItem]) -> list[ReminderItem]:
    return sorted(items, key=lambda i: (*i.sort_key, i.period))


def reminder_digests(*, today: date) -> list[ReminderDigest]:
    """Who should hear about what today, in a fixed number of queries (no query per person)."""
    candidate_plans = Plan.objects.filter(year__gte=today.year - 1, year__lte=today.year)
    plans = {p.pk: p for p in candidate_plans.select_related("unit")}
    submitted = list(
        Realisation.objects.filter(review_state=State.SUBMITTED).select_related(
            "indicator__activity__area__plan__unit"
        )
    )
    first_year = min(
        [today.year - 1, *(r.indicator.activity.area.plan.year for r in submitted)],
    )
    holidays = holiday_dates(start=date(first_year, 1, 1), end=date(today.year + 1, 12, 31))
    due_on_cache: dict[tuple[int, int], date] = {}

    def due_on(plan: Plan, period: int) -> date:
        key = (plan.pk, period)
        if key not in due_on_cache:
            due_on_cache[key] = realisation_due_on(plan=plan, period=period, holidays=holidays)
        return due_on_cache[key]

    # Last year's plan stays open until the report of its last period is due.
    open_plan_ids = {
        pk
        for pk, plan in plans.items()
        if plan.year == today.year or today <= due_on(plan, plan.period_count)
    }

    # --- PIC digests -------------------------------------------------------------------------
    targets = (
        Target.objects.filter(
            indicator__activity__area__plan__in=candidate_plans,
            indicator__pic__isnull=False,
            indicator__pic__is_active=True,
        )
        .select_related("indicator__pic", "indicator__activity__area")
        .order_by("indicator_id", "period")
    )
    states = {
        (ind_id, period): (pk, state)
        for pk, ind_id, period, state in Realisation.objects.filter(
            indicator__activity__area__plan__in=candidate_plans
        ).values_list("pk", "indicator_id", "period", "review_state")
    }
    return_notes: dict[int | None, str] = dict(
        RealisationEvent.objects.filter(
            realisation__indicator__activity__area__plan__in=candidate_plans,
            realisation__review_state=State.RETURNED,
            action=RealisationEvent.Action.RETURNED,
        )
        .order_by("realisation_id", "created_at", "id")
        .values_list("realisation_id", "note")
    )  # the latest return per cell wins
    # A PIC edits a cell only while a member of its unit (monitoring.rules).
    member_of = set(
        Membership.objects.filter(unit__plans__in=candidate_plans, user__is_active=True)
        .values_list("user_id", "unit_id")
        .distinct()
    )

    pic_digests: dict[int | None, ReminderDigest] = {}
    for target in targets:
        indicator = target.indicator
        plan = plans[indicator.activity.area.plan_id]
        if plan.pk not in open_plan_ids or (indicator.pic_id, plan.unit_id) not in member_of:
            continue
        if workdays.period_start(plan.year, plan.granularity, target.period) > today:
            continue
        realisation_pk, state = states.get((indicator.pk, target.period), (None, State.DRAFT))
        if state in (State.SUBMITTED, State.VERIFIED):
            continue
        deadline = due_on(plan, target.period)
        item = _item(
            plan,
            indicator,
            target.period,
            deadline,
            returned_note=return_notes.get(realisation_pk, "") if state == State.RETURNED else "",
        )
        digest = pic_digests.setdefault(
            indicator.pic_id, ReminderDigest(user=cast(User, indicator.pic), kind=Kind.PIC)
        )
        (digest.overdue if deadline < today else digest.due).append(item)

    # --- Tim Asesor digests ------------------------------------------------------------------
    verifiers = realisation_verifiers(submitted)

    asesor_digests: dict[int, ReminderDigest] = {}
    for realisation in submitted:
        indicator = realisation.indicator
        plan = indicator.activity.area.plan
        item = _item(
            plan,
            indicator,
            realisation.period,
            due_on(plan, realisation.period),
            submitted_on=timezone.localdate(realisation.submitted_at),
        )
        for user in verifiers[realisation.pk]:
            asesor_digests.setdefault(user.pk, ReminderDigest(user=user, kind=Kind.ASESOR))
            asesor_digests[user.pk].awaiting.append(item)

    # Items of other apps (e.g. the public-service registers), registered in core.hooks.
    for provider in hooks.reminder_providers:
        for user, item, overdue in provider(today=today):
            digest = pic_digests.setdefault(user.pk, ReminderDigest(user=user, kind=Kind.PIC))
            (digest.overdue if overdue else digest.due).append(item)

    digests = [*pic_digests.values(), *asesor_digests.values()]
    for digest in digests:
        digest.due, digest.overdue = _sorted(digest.due), _sorted(digest.overdue)
        digest.awaiting = _sorted(digest.awaiting)
    return sorted(digests, key=lambda d: (d.kind, d.user.username))


def reminder_message(digest: ReminderDigest, *, today: date) -> EmailMessage:
    """The plain-text e-mail of a digest, in Bahasa Indonesia."""
    template = {
        Kind.PIC: "monitoring/email/reminder_pic.txt",
        Kind.ASESOR: "monitoring/email/reminder_asesor.txt",
    }[digest.kind]
    with translation.override(settings.LANGUAGE_CODE):
        if digest.kind == Kind.PIC:
            subject = _("Renaksi: %(due)s realisasi jatuh tempo, %(overdue)s terlambat") % {
                "due": len(digest.due),
                "overdue": len(digest.overdue),
            }
        else:
            subject = _("Renaksi: %(count)s realisasi menunggu verifikasi Anda") % {
                "count": len(digest.awaiting)
            }
        body = render_to_string(
            template,
            {
                "digest": digest,
                "today": today,
                "site_name": getattr(settings, "SITE_NAME", "Renaksi"),
                "site_url": settings.SITE_URL,
            },
        )
    return EmailMessage(subject=subject, body=body, to=[digest.user.email])


def _not_sent_yet(digests: list[ReminderDigest], *, today: date) -> list[ReminderDigest]:
    sent = set(ReminderLog.objects.filter(date=today).values_list("user_id", "kind"))
    return [d for d in digests if (d.user.pk, d.kind) not in sent]


def _claim(digests: list[ReminderDigest], *, today: date) -> list[ReminderDigest]:
    """Write today's log rows for the digests not sent yet; those are the ones to send."""
    for _attempt in range(3):
        to_send = _not_sent_yet(digests, today=today)
        if not to_send:
            return []
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    [
                        ReminderLog(user=d.user, kind=d.kind, date=today, cells=d.cell_keys())
                        for d in to_send
                    ]
                )
            return to_send
        except IntegrityError:
            # Another run claimed some of them at this moment: read again and claim the rest.
            continue
    raise RuntimeError("Reminder digests could not be claimed; another run keeps claiming them.")


def _release(digests: list[ReminderDigest], *, today: date) -> None:
    keys = Q()
    for digest in digests:
        keys |= Q(user_id=digest.user.pk, kind=digest.kind)
    ReminderLog.objects.filter(keys, date=today).delete()


def reminders_send(*, today: date, dry_run: bool = False) -> ReminderRunSummary:
    """E-mail today's digests, each person at most once per kind and day.

    ``dry_run`` works out the digests and writes and sends nothing.
    """
    summary = ReminderRunSummary(today=today, dry_run=dry_run)
    digests = reminder_digests(today=today)
    without_email = {d.user.pk for d in digests if not (d.user.email or "").strip()}
    summary.no_email = len(without_email)
    digests = [d for d in digests if d.user.pk not in without_email]

    if dry_run:
        to_send = _not_sent_yet(digests, today=today)
    else:
        to_send = _claim(digests, today=today)
    summary.already_sent = len(digests) - len(to_send)

    failed: list[ReminderDigest] = []
    if to_send and not dry_run:
        mailer = mailers.default
        mailer.open()
        try:
            for digest in to_send:
                try:
                    mailer.send_messages([reminder_message(digest, today=today)])
                except Exception:
                    logger.exception("Reminder to user %s could not be sent", digest.user.pk)
                    failed.append(digest)
        finally:
            mailer.close()
        if failed:
            # Released, so a later run today tries them again.
            _release(failed, today=today)

    summary.failed = len(failed)
    summary.digests = [d for d in to_send if all(d is not f for f in failed)]
    summary.pic_sent = sum(1 for d in summary.digests if d.kind == Kind.PIC)
    summary.asesor_sent = sum(1 for d in summary.digests if d.kind == Kind.ASESOR)
    return summary
