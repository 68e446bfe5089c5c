"""Demo data of the reporting chain, for ``seed_demo``: the demo regency's TW I report was sent on
time and acknowledged, its TW II report sent late and returned with a note.

Through the services, with the clock set to each step's day (as ``monitoring.demo`` does), so the
history reads like a real year. Idempotent: a period that already has a report is left alone.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation

from renaksi.chain import notices
from renaksi.chain.models import MonitoringReport
from renaksi.chain.services import (
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
)
from renaksi.chain.snapshot import submission_pdf_make
from renaksi.monitoring.demo import demo_clock, demo_moment
from renaksi.plans.models import Plan

# (period, submitted on, decided on, decision, note); the days are those of the seed year 2022
# and move with the plan's year.
STORY = [
    (1, (4, 8), (4, 13), "acknowledge", "Laporan TW I diterima. Terima kasih."),
    (
        2,
        (7, 18),
        (7, 20),
        "return",
        "Data dukung kegiatan PPID bulan Juni belum dilampirkan; lengkapi lalu ajukan ulang.",
    ),
]


def demo_chain(
    *, plan: Plan, child_actor, parent_actor, today: date, make_pdfs: bool = False
) -> int:
    """Send and decide the demo reports of ``plan`` up to ``today``; returns how many were made.

    ``child_actor`` is the regency's Sekretaris, ``parent_actor`` the province's. The PDFs are
    queued for the worker like any submission's; ``make_pdfs`` lays them out here instead
    (WeasyPrint: several seconds each for the seed plan).
    """
    done = set(MonitoringReport.objects.filter(plan=plan).values_list("number", flat=True))
    made = 0
    # The demo's texts are Indonesian whatever language is active; nobody is mailed.
    with translation.override("id"), notices.muted():
        for number, (sm, sd), (dm, dd), decision, note in STORY:
            sent_on = date(plan.year, sm, sd)
            decided_on = date(plan.year, dm, dd)
            if number in done or decided_on > today:
                continue
            with demo_clock(demo_moment(sent_on, 90)):
                report = monitoring_report_submit(
                    plan=plan,
                    number=number,
                    actor=child_actor,
                    today=sent_on,
                    cover_note=f"Bersama ini kami sampaikan laporan monev triwulan {number}.",
                )
            with demo_clock(demo_moment(decided_on, 120)):
                if decision == "acknowledge":
                    monitoring_report_acknowledge(report=report, actor=parent_actor, note=note)
                else:
                    monitoring_report_return(report=report, actor=parent_actor, note=note)
            made += 1
            if make_pdfs:
                for submission in report.submissions.filter(pdf=""):
                    submission_pdf_make(submission_id=submission.pk)
    return made
