"""E-mail notices of the reporting chain, sent after the commit to the other side.

- submitted / resubmitted: the Sekretaris and administrators of the receiving (parent) unit;
- acknowledged / returned: the Sekretaris and administrators of the sending unit, and whoever
  submitted the report.

People without an e-mail address are skipped. A mail server that refuses is logged, never
raised: the report's state is already committed and shows on the pages.
"""

from __future__ import annotations

import contextlib
import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from renaksi.chain.models import MonitoringReport, MonitoringReportEvent
from renaksi.organisations.models import Membership, User
from renaksi.organisations.rules import MANAGER_ROLES

logger = logging.getLogger(__name__)
Action = MonitoringReportEvent.Action
_muted: ContextVar[bool] = ContextVar("chain_notices_muted", default=False)


@contextlib.contextmanager
def muted():
    """No notices inside: demo data replays past steps, which are nobody's news."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _recipients(report: MonitoringReport, action: str) -> list[User]:
    to_parent = action in (Action.SUBMITTED, Action.RESUBMITTED)
    unit = report.recipient if to_parent else report.plan.unit
    users = {
        m.user.pk: m.user
        for m in Membership.objects.filter(unit=unit, role__in=MANAGER_ROLES).select_related("user")
    }
    if not to_parent:
        submitter = (
            report.submissions.exclude(submitted_by=None)
            .select_related("submitted_by")
            .order_by("-sequence")
            .first()
        )
        if submitter is not None:
            users.setdefault(submitter.submitted_by.pk, submitter.submitted_by)
    return [u for u in users.values() if u.is_active and (u.email or "").strip()]


def notice_messages(*, report: MonitoringReport, action: str) -> list[EmailMessage]:
    from renaksi.chain.selectors import period_label

    event = report.events.filter(action=action).select_related("actor").order_by("-id").first()
    with translation.override(settings.LANGUAGE_CODE):
        period = f"{period_label(report.kind, report.number)} {report.plan.year}"
        subjects = {
            Action.SUBMITTED: _("Renaksi: laporan %(period)s dari %(unit)s diajukan"),
            Action.RESUBMITTED: _("Renaksi: laporan %(period)s dari %(unit)s diajukan ulang"),
            Action.ACKNOWLEDGED: _("Renaksi: laporan %(period)s %(unit)s diterima"),
            Action.RETURNED: _("Renaksi: laporan %(period)s %(unit)s dikembalikan"),
        }
        subject = subjects[action] % {"period": period, "unit": report.plan.unit.name}
        link = settings.SITE_URL.rstrip("/") + reverse("chain_report_detail", args=[report.pk])
        messages = []
        for user in _recipients(report, action):
            body = render_to_string(
                "chain/email/notice.txt",
                {
                    "user": user,
                    "report": report,
                    "action": action,
                    "event": event,
                    "period": period,
                    "link": link,
                    "site_name": getattr(settings, "SITE_NAME", "Renaksi"),
                },
            )
            messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    return messages


def send_after_commit(*, report_id: int, action: str) -> None:
    """Queue the notice of one step for after the commit (unless notices are muted now)."""
    if not _muted.get():
        transaction.on_commit(lambda: send_notice(report_id=report_id, action=action))


def send_notice(*, report_id: int, action: str) -> int:
    """E-mail the other side about one step; returns how many messages went out."""
    report = (
        MonitoringReport.objects.select_related("plan__unit", "recipient")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    try:
        messages = notice_messages(report=report, action=action)
        if messages:
            mailers.default.send_messages(messages)
    except Exception:
        logger.exception("Chain notice for report %s (%s) could not be sent", report_id, action)
        return 0
    return len(messages)
