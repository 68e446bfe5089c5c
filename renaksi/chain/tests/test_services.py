from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from renaksi.audit.models import AuditEvent
from renaksi.chain.models import (
    MonitoringReport,
    MonitoringReportEvent,
    MonitoringReportSubmission,
    ReportingDeadline,
    ReportingSchedule,
)
from renaksi.chain.selectors import schedule_get
from renaksi.chain.services import (
    ChainConflictError,
    ChainError,
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
    schedule_set_dates,
    schedule_set_rule,
)
from renaksi.chain.tests.conftest import FAKE_PDF, LATE, ON_TIME, TW1_DUE
from renaksi.monitoring.models import Holiday

Status = MonitoringReport.Status
pytestmark = pytest.mark.usefixtures("fast_pdf")


def submit(plan, actor, number=1, today=ON_TIME, **kwargs):
    return monitoring_report_submit(plan=plan, number=number, actor=actor, today=today, **kwargs)


# --- submit -----------------------------------------------------------------------------------


def test_it_submits_a_period_report_with_an_immutable_snapshot_and_pdf(
    small_plan, people, tree, mail_outbox
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = submit(small_plan, people.sekretaris, cover_note="Laporan TW I terlampir.")

    report.refresh_from_db()
    assert (report.status, report.kind, report.number) == (Status.SUBMITTED, "quarter", 1)
    assert report.recipient == tree.bengkulu
    assert report.due_on == TW1_DUE and not report.late
    submission = MonitoringReportSubmission.objects.get(report=report)
    assert submission.sequence == 1 and submission.submitted_by == people.sekretaris
    assert submission.cover_note == "Laporan TW I terlampir."
    assert submission.snapshot["span"] == {"kind": "quarter", "number": 1}
    assert submission.snapshot["unit"]["code"] == "17.09"
    # TW I of the small plan: months 1–3 hold 7 scheduled cells, none realised.
    assert submission.snapshot["totals"]["planned"] == 7
    assert submission.snapshot["period"] == "Periode: Triwulan I Tahun 2023"
    with submission.pdf.open("rb") as handle:
        assert handle.read() == FAKE_PDF
    event = MonitoringReportEvent.objects.get(report=report)
    assert (event.action, event.from_status, event.to_status) == ("submitted", "", "submitted")
    assert AuditEvent.objects.filter(action="chain.report_submitted", unit=tree.bengkulu_tengah)
    assert [m.to for m in mail_outbox] == [["sekretaris_bengkulu@kpu.example"]]
    assert "KPU Kabupaten Bengkulu Tengah" in mail_outbox[0].subject
    assert "diajukan" in mail_outbox[0].subject
    assert "Laporan TW I terlampir." in mail_outbox[0].body


def test_it_marks_a_first_submission_after_the_due_date_late(small_plan, people):
    report = submit(small_plan, people.sekretaris, today=LATE)

    assert report.late
    assert MonitoringReport.objects.get(pk=report.pk).late


def test_it_counts_the_due_date_in_working_days(small_plan, people):
    # Good Friday 2023 (7 April) pushes TW I's due date from 14 to 17 April.
    Holiday.objects.create(date=date(2023, 4, 7), name="Wafat Yesus Kristus", kind="public")

    on_due_day = submit(small_plan, people.sekretaris, today=date(2023, 4, 17))

    assert on_due_day.due_on == date(2023, 4, 17)
    assert not on_due_day.late


def test_it_refuses_to_submit_the_same_period_twice(small_plan, people):
    submit(small_plan, people.sekretaris)

    with pytest.raises(ChainError, match="sudah diajukan"):
        submit(small_plan, people.admin_unit)
    assert MonitoringReportSubmission.objects.count() == 1


def test_it_refuses_an_unknown_period(small_plan, people):
    for number in (0, 5, "x", None):
        with pytest.raises(ChainError, match="Periode laporan tidak dikenal"):
            submit(small_plan, people.sekretaris, number=number)
    assert not MonitoringReport.objects.exists()


def test_it_refuses_a_period_that_has_not_ended(small_plan, people):
    with pytest.raises(ChainError, match="setelah periodenya berakhir"):
        submit(small_plan, people.sekretaris, number=2, today=date(2023, 6, 29))
    assert not MonitoringReport.objects.exists()


def test_it_refuses_a_unit_without_a_parent(tree, people):
    from renaksi.conftest import small_parsed_plan
    from renaksi.plans.services import plan_import

    plan = plan_import(
        unit=tree.ri,
        year=2023,
        parsed=small_parsed_plan(),
        actor=None,
        source_name="x.json",
        source_bytes=b"{}",
        source_format="json",
    )
    with pytest.raises(ChainError, match="tidak memiliki satuan kerja induk"):
        submit(plan, people.national_admin)


@pytest.mark.parametrize(
    "persona", ["pelaksana", "asesor", "ketua", "viewer", "province_sekretaris", "outsider"]
)
def test_it_lets_only_the_units_managers_submit(small_plan, people, persona):
    with pytest.raises(PermissionDenied):
        submit(small_plan, getattr(people, persona))
    assert not MonitoringReport.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="chain.").exists()


def test_it_refuses_a_stale_resubmission_and_writes_nothing(small_plan, people):
    submit(small_plan, people.sekretaris)
    report = MonitoringReport.objects.get()
    monitoring_report_return(report=report, actor=people.province_sekretaris, note="Perbaiki")

    with pytest.raises(ChainConflictError, match="diubah orang lain"):
        submit(small_plan, people.sekretaris, expected_version=1)  # stale: now version 2

    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.version == 2
    assert MonitoringReportSubmission.objects.count() == 1
    assert report.events.count() == 2


# --- acknowledge, return, resubmit ------------------------------------------------------------


def test_it_lets_the_parent_acknowledge_a_report(small_plan, people, mail_outbox):
    report = submit(small_plan, people.sekretaris)

    with TestCase.captureOnCommitCallbacks(execute=True):
        done = monitoring_report_acknowledge(
            report=report, actor=people.province_sekretaris, expected_version=1, note="Baik"
        )

    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED and report.version == 2
    assert report.decided_at is not None
    assert done.status == Status.ACKNOWLEDGED
    assert list(report.events.values_list("action", "from_status", "to_status")) == [
        ("submitted", "", "submitted"),
        ("acknowledged", "submitted", "acknowledged"),
    ]
    assert AuditEvent.objects.filter(action="chain.report_acknowledged").count() == 1
    # The child's managers and the submitter hear about it, once each.
    assert sorted(m.to[0] for m in mail_outbox) == [
        "admin_bt@kpu.example",
        "sekretaris_bt@kpu.example",
    ]
    assert all("diterima" in m.subject for m in mail_outbox)


def test_it_returns_a_report_with_a_note_and_takes_it_back_resubmitted(
    small_plan, people, mail_outbox
):
    report = submit(small_plan, people.sekretaris, today=LATE)
    with TestCase.captureOnCommitCallbacks(execute=True):
        monitoring_report_return(
            report=report,
            actor=people.province_sekretaris,
            note="Lengkapi data dukung TW I",
            expected_version=1,
        )
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert any("Lengkapi data dukung TW I" in m.body for m in mail_outbox)
    assert all("dikembalikan" in m.subject for m in mail_outbox)
    mail_outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        again = submit(
            small_plan,
            people.admin_unit,
            today=date(2023, 4, 25),
            expected_version=2,
            cover_note="Sudah dilengkapi",
        )

    again.refresh_from_db()
    assert again.pk == report.pk
    assert again.status == Status.RESUBMITTED and again.version == 3
    assert again.late  # the first submission's lateness stays
    assert list(again.submissions.values_list("sequence", "cover_note", "as_of")) == [
        (1, "", LATE),
        (2, "Sudah dilengkapi", date(2023, 4, 25)),
    ]
    assert [e.action for e in again.events.all()] == ["submitted", "returned", "resubmitted"]
    assert [m.to for m in mail_outbox] == [["sekretaris_bengkulu@kpu.example"]]
    assert "diajukan ulang" in mail_outbox[0].subject

    monitoring_report_acknowledge(report=again, actor=people.province_sekretaris)
    again.refresh_from_db()
    assert again.status == Status.ACKNOWLEDGED


def test_it_requires_a_note_to_return_a_report(small_plan, people):
    report = submit(small_plan, people.sekretaris)

    for note in ("", "   "):
        with pytest.raises(ChainError, match="Tulis catatan"):
            monitoring_report_return(report=report, actor=people.province_sekretaris, note=note)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.version == 1


def test_it_refuses_a_decision_on_a_stale_version(small_plan, people, tree):
    from renaksi.conftest import UserFactory, member

    second = UserFactory(username="admin_bengkulu")
    member(second, tree.bengkulu, "admin")
    report = submit(small_plan, people.sekretaris)
    monitoring_report_acknowledge(
        report=report, actor=people.province_sekretaris, expected_version=1
    )

    with pytest.raises(ChainError):
        monitoring_report_return(report=report, actor=second, note="Kurang", expected_version=1)
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED and report.version == 2
    assert report.events.count() == 2


def test_it_refuses_two_reviewers_acting_on_the_same_version(small_plan, people):
    """The version compare-and-set, without the status check in front of it."""
    report = submit(small_plan, people.sekretaris)
    MonitoringReport.objects.filter(pk=report.pk).update(version=5)  # someone acted meanwhile

    with pytest.raises(ChainConflictError, match="diubah orang lain"):
        monitoring_report_acknowledge(
            report=report, actor=people.province_sekretaris, expected_version=1
        )
    assert MonitoringReport.objects.get(pk=report.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(
    "persona",
    [
        "sekretaris",
        "admin_unit",
        "national_admin",
        "sibling_sekretaris",
        "other_province_sekretaris",
    ],
)
def test_it_lets_only_the_recipients_managers_decide(small_plan, people, persona):
    report = submit(small_plan, people.sekretaris)

    with pytest.raises(PermissionDenied):
        monitoring_report_acknowledge(report=report, actor=getattr(people, persona))
    with pytest.raises(PermissionDenied):
        monitoring_report_return(report=report, actor=getattr(people, persona), note="x")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.events.count() == 1


def test_it_refuses_to_decide_twice(small_plan, people):
    report = submit(small_plan, people.sekretaris)
    monitoring_report_acknowledge(report=report, actor=people.province_sekretaris)

    with pytest.raises(ChainError, match="sudah diterima"):
        monitoring_report_acknowledge(report=report, actor=people.province_sekretaris)


def test_it_refuses_a_resubmission_of_a_report_that_was_not_returned(small_plan, people):
    submit(small_plan, people.sekretaris)

    with pytest.raises(ChainError, match="sudah diajukan"):
        submit(small_plan, people.sekretaris, expected_version=1)


# --- the schedule -----------------------------------------------------------------------------


def test_it_defaults_to_quarterly_reports_ten_working_days_after_the_quarter(tree):
    schedule = schedule_get(unit=tree.bengkulu, year=2023)

    assert not schedule.configured
    assert (schedule.kind, schedule.grace_workdays) == ("quarter", 10)
    assert [p.due_on for p in schedule.periods] == [
        date(2023, 4, 14),
        date(2023, 7, 14),
        date(2023, 10, 13),
        date(2024, 1, 12),
    ]


def test_it_sets_a_rule_and_computes_every_due_date(tree, people):
    Holiday.objects.create(date=date(2023, 7, 5), name="Libur lokal", kind="local")

    schedule_set_rule(
        unit=tree.bengkulu,
        year=2023,
        kind="semester",
        grace_workdays=5,
        actor=people.province_sekretaris,
    )

    schedule = schedule_get(unit=tree.bengkulu, year=2023)
    assert schedule.configured and schedule.kind == "semester"
    # 30 June 2023 (Friday) + 5 working days, one of them a holiday → 10 July.
    assert [p.due_on for p in schedule.periods] == [date(2023, 7, 10), date(2024, 1, 5)]
    assert AuditEvent.objects.filter(action="chain.schedule_rule", unit=tree.bengkulu).exists()


def test_it_lets_a_parent_edit_single_due_dates(tree, people, small_plan):
    schedule_set_dates(
        unit=tree.bengkulu,
        year=2023,
        dates={2: date(2023, 7, 31)},
        actor=people.province_sekretaris,
    )

    schedule = schedule_get(unit=tree.bengkulu, year=2023)
    assert schedule.configured and schedule.kind == "quarter"
    assert [(p.due_on, p.edited) for p in schedule.periods][:2] == [
        (date(2023, 4, 14), False),
        (date(2023, 7, 31), True),
    ]
    report = submit(small_plan, people.sekretaris, number=2, today=date(2023, 7, 28))
    assert report.due_on == date(2023, 7, 31) and not report.late


def test_it_refuses_a_due_date_before_the_period_ends_or_an_unknown_period(tree, people):
    with pytest.raises(ChainError, match="tidak boleh sebelum akhir periodenya"):
        schedule_set_dates(
            unit=tree.bengkulu,
            year=2023,
            dates={1: date(2023, 3, 1)},
            actor=people.province_sekretaris,
        )
    with pytest.raises(ChainError, match="tidak ada pada jadwal"):
        schedule_set_dates(
            unit=tree.bengkulu,
            year=2023,
            dates={7: date(2023, 9, 1)},
            actor=people.province_sekretaris,
        )
    assert not ReportingSchedule.objects.exists()
    assert not ReportingDeadline.objects.exists()


def test_it_refuses_to_change_the_kind_once_children_have_reported(tree, people, small_plan):
    submit(small_plan, people.sekretaris)

    with pytest.raises(ChainError, match="tidak dapat diubah"):
        schedule_set_rule(
            unit=tree.bengkulu,
            year=2023,
            kind="month",
            grace_workdays=5,
            actor=people.province_sekretaris,
        )
    # The rule of the same kind may still change.
    schedule_set_rule(
        unit=tree.bengkulu,
        year=2023,
        kind="quarter",
        grace_workdays=15,
        actor=people.province_sekretaris,
    )
    assert schedule_get(unit=tree.bengkulu, year=2023).grace_workdays == 15


@pytest.mark.parametrize("persona", ["sekretaris", "national_admin", "ketua", "outsider"])
def test_it_lets_only_the_parents_managers_set_the_schedule(tree, people, persona):
    with pytest.raises(PermissionDenied):
        schedule_set_rule(
            unit=tree.bengkulu,
            year=2023,
            kind="month",
            grace_workdays=5,
            actor=getattr(people, persona),
        )
    assert not ReportingSchedule.objects.exists()


def test_it_refuses_a_bad_rule(tree, people):
    for kind, days in (("weekly", 5), ("month", -1), ("month", 500)):
        with pytest.raises(ChainError):
            schedule_set_rule(
                unit=tree.bengkulu,
                year=2023,
                kind=kind,
                grace_workdays=days,
                actor=people.province_sekretaris,
            )
    assert not ReportingSchedule.objects.exists()


def test_it_follows_a_monthly_schedule(tree, people, small_plan):
    schedule_set_rule(
        unit=tree.bengkulu,
        year=2023,
        kind="month",
        grace_workdays=5,
        actor=people.province_sekretaris,
    )

    report = submit(small_plan, people.sekretaris, number=2, today=date(2023, 3, 3))

    assert (report.kind, report.number, report.due_on) == ("month", 2, date(2023, 3, 7))
    snapshot = report.submissions.get().snapshot
    assert snapshot["span"] == {"kind": "month", "number": 2}
    assert snapshot["period"] == "Periode: Bulan Februari 2023"
