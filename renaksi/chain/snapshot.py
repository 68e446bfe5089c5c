"""What a submission keeps: the monitoring report's figures as JSON, and the PDF laid out from
that JSON alone (never from the plan's current data) by a background task.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from renaksi.chain.models import MonitoringReportSubmission
from renaksi.reports.common import document_language
from renaksi.reports.monev import monev_pdf_of
from renaksi.reports.monev_data import MonevData, indicator_row_dict, monev_bars

logger = logging.getLogger(__name__)


def snapshot_of(data: MonevData) -> dict:
    """The figures of the report as plain JSON: what the parent reads on the report's page."""
    t = data.totals
    return {
        "format": "renaksi-monev-snapshot",
        "version": 1,
        "plan": data.plan.pk,
        "unit": {"code": data.plan.unit.code, "name": data.unit},
        "year": data.plan.year,
        "span": {"kind": data.span.kind, "number": data.span.number},
        "as_of": data.today.isoformat(),
        "title_lines": data.title_lines,
        "period": data.period,
        "as_of_text": data.as_of,
        "totals": {
            "planned": t.planned,
            "realised": t.realised,
            "verified": t.verified,
            "awaiting": t.awaiting,
            "overdue": t.overdue,
            "evidenced": t.evidenced,
        },
        "figures": [{"label": f.label, "value": f.value} for f in data.figures],
        "areas": [
            {
                "label": a.label,
                "planned": a.tally.planned,
                "realised": a.tally.realised,
                "verified": a.tally.verified,
                "awaiting": a.tally.awaiting,
                "overdue": a.tally.overdue,
                "pct": a.pct,
            }
            for a in data.areas
        ],
        "indicators": [indicator_row_dict(r) for r in data.indicators],
        "evidence": [
            {"name": e.name, "link": e.link, "kind": e.kind, "cells": e.cells}
            for e in data.evidence
        ],
        "signature": {
            "place_date": data.signature.place_date,
            "title": data.signature.title,
            "name": data.signature.name,
        },
        "headings": dict(data.headings),
    }


TALLY_KEYS = ("planned", "realised", "verified", "awaiting", "overdue")


def snapshot_document(snapshot: dict) -> SimpleNamespace:
    """The snapshot in the shape the monitoring report's PDF template reads (``MonevData``)."""
    areas = [
        SimpleNamespace(
            label=a["label"], pct=a["pct"], tally=SimpleNamespace(**{k: a[k] for k in TALLY_KEYS})
        )
        for a in snapshot["areas"]
    ]
    bars = monev_bars(areas)
    return SimpleNamespace(
        title_lines=snapshot["title_lines"],
        unit=snapshot["unit"]["name"],
        period=snapshot["period"],
        as_of=snapshot["as_of_text"],
        figures=[SimpleNamespace(**f) for f in snapshot["figures"]],
        areas=areas,
        bars=bars,
        indicators=[SimpleNamespace(**r) for r in snapshot["indicators"]],
        evidence=[SimpleNamespace(**e) for e in snapshot["evidence"]],
        signature=SimpleNamespace(**snapshot["signature"]),
        headings=snapshot["headings"],
    )


def snapshot_pdf(snapshot: dict) -> bytes:
    """The monitoring report's PDF, laid out from a snapshot (not from today's data)."""
    with document_language(None):
        return monev_pdf_of(snapshot_document(snapshot))


def submission_pdf_make(*, submission_id: int) -> MonitoringReportSubmission | None:
    """Lay out a submission's PDF from its snapshot and store it, once (the background task).

    A submission that already has its PDF is left alone; on failure the error is kept on the
    submission for the report's page, and no file stays behind.
    """
    submission = (
        MonitoringReportSubmission.objects.select_related("report__plan__unit")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or submission.pdf:
        return submission
    report = submission.report
    name = (
        f"laporan-berjenjang/{report.plan.unit.code}/{report.plan.year}/"
        f"{report.kind}-{report.number}-{submission.sequence}.pdf"
    )
    stored = ""
    try:
        stored = default_storage.save(name, ContentFile(snapshot_pdf(submission.snapshot)))
        claimed = MonitoringReportSubmission.objects.filter(pk=submission.pk, pdf="").update(
            pdf=stored, pdf_error=""
        )
        if not claimed:  # another worker stored it first
            default_storage.delete(stored)
    except Exception as exc:
        logger.exception("PDF of chain submission %s failed", submission_id)
        if stored:
            default_storage.delete(stored)
        MonitoringReportSubmission.objects.filter(pk=submission.pk, pdf="").update(
            pdf_error=_("PDF gagal dibuat (%(error)s).") % {"error": type(exc).__name__}
        )
    submission.refresh_from_db()
    return submission


def enqueue_pdf(submission_id: int) -> None:
    from renaksi.chain.tasks import submission_pdf_run

    submission_pdf_run.enqueue(submission_id)


def submission_pdf_retry(*, submission: MonitoringReportSubmission, actor) -> bool:
    """Queue a failed submission PDF again (the same snapshot, so the same figures).

    Allowed to the sending unit's managers and to the reviewers of the report; returns False when
    there is nothing to retry (the PDF exists, or is still being made).
    """
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from renaksi.audit.services import audit_record

    report = submission.report
    if not (
        actor.has_perm("chain.review_report", report)
        or actor.has_perm("plans.change_plan", report.plan)
    ):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        retried = (
            MonitoringReportSubmission.objects.filter(pk=submission.pk, pdf="")
            .exclude(pdf_error="")
            .update(pdf_error="")
        )
        if not retried:
            return False
        audit_record(
            actor=actor,
            action="chain.pdf_retry",
            obj=submission,
            unit=report.plan.unit,
            summary=_("PDF laporan diminta ulang"),
            data={"report": report.pk, "sequence": submission.sequence},
        )
        transaction.on_commit(lambda: enqueue_pdf(submission.pk))
    return True


def snapshot_in_language(snapshot: dict) -> dict:
    """The snapshot for the page, its words in the reader's language: the period, the "as of"
    line and the figure labels are rebuilt from the numbers that were sent (which never change);
    a snapshot without them is shown as stored."""
    from datetime import date

    from renaksi.monitoring.dashboard import Tally
    from renaksi.reports.common import long_date
    from renaksi.reports.monev_data import Span, pct_text

    totals, span = snapshot.get("totals"), snapshot.get("span")
    try:
        tally = Tally(**totals)
        period = Span(span["kind"], span["number"]).label(snapshot["year"])
        as_of = date.fromisoformat(snapshot["as_of"])
    except (KeyError, TypeError, ValueError):
        return snapshot
    return {
        **snapshot,
        "period": _("Periode: %(span)s") % {"span": period},
        "as_of_text": _("Keadaan per %(date)s") % {"date": long_date(as_of)},
        "figures": [
            {"label": _("Sel direncanakan dalam periode"), "value": str(tally.planned)},
            {
                "label": _("Terealisasi"),
                "value": f"{tally.realised} ({pct_text(tally.realised_pct)})",
            },
            {
                "label": _("Terverifikasi"),
                "value": f"{tally.verified} ({pct_text(tally.verified_pct)})",
            },
            {"label": _("Lewat tenggat"), "value": str(tally.overdue)},
            {"label": _("Menunggu verifikasi"), "value": str(tally.awaiting)},
            {
                "label": _("Cakupan data dukung (sel terealisasi berbukti)"),
                "value": f"{tally.evidenced} ({pct_text(tally.evidence_pct)})",
            },
        ],
    }
