from datetime import date

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from renaksi.chain.models import MonitoringReport, ReportingSchedule
from renaksi.chain.services import monitoring_report_return, monitoring_report_submit
from renaksi.chain.tests.conftest import FAKE_PDF, ON_TIME

pytestmark = pytest.mark.usefixtures("fast_pdf")
Status = MonitoringReport.Status


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def report(small_plan, people):
    """TW I submitted by 17.09, with its PDF made (the task runs inline after the commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return monitoring_report_submit(
            plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
        )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- the child's page and submit ----------------------------------------------------------


def test_it_shows_the_child_its_periods_and_submit_forms(client, small_plan, people):
    response = login(client, people.sekretaris).get(reverse("chain_plan", args=[small_plan.pk]))

    assert response.status_code == 200
    text = response.content.decode()
    # The parent is named (issue 20: "KPU Provinsi Bengkulu", not "satuan kerja induk") ...
    assert "Laporan monev ke KPU Provinsi Bengkulu" in text
    assert "KPU Kabupaten Bengkulu Tengah melapor kepada KPU Provinsi Bengkulu" in text
    assert "satuan kerja induk" not in text
    # ... but a regency's members do not see their province's pages: no link to them.
    assert reverse("chain_overview", args=[small_plan.unit.parent_id, small_plan.year]) not in text
    assert "Ajukan laporan Triwulan I" in text
    assert "14 April 2023" in text


def test_the_returned_report_and_its_preview_name_the_province_to_the_regency(
    client, report, people
):
    monitoring_report_return(report=report, actor=people.province_sekretaris, note="Lengkapi")
    login(client, people.sekretaris)
    detail = client.get(reverse("chain_report_detail", args=[report.pk])).content.decode()
    preview = client.get(reverse("chain_preview", args=[report.plan.pk, 1])).content.decode()
    overview = reverse("chain_overview", args=[report.recipient_id, report.plan.year])
    for html in (detail, preview):
        assert "Dikembalikan oleh KPU Provinsi Bengkulu" in html
        assert "satuan kerja induk" not in html
        assert overview not in html  # the province's pages stay closed to the regency
    assert "Pratinjau laporan Triwulan I kepada KPU Provinsi Bengkulu" in preview


def test_it_shows_a_reader_the_periods_without_forms(client, small_plan, people):
    response = login(client, people.pelaksana).get(reverse("chain_plan", args=[small_plan.pk]))

    assert response.status_code == 200
    assert "Ajukan laporan" not in response.content.decode()


def test_it_submits_from_the_page_and_shows_the_report(client, small_plan, people):
    login(client, people.sekretaris)
    response = client.post(
        reverse("chain_submit", args=[small_plan.pk]),
        {"number": "1", "cover_note": "Terlampir laporan TW I"},
        follow=True,
    )

    report = MonitoringReport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("chain_report_detail", args=[report.pk])
    assert "Laporan dikirim kepada KPU Provinsi Bengkulu." in messages_of(response)
    text = response.content.decode()
    assert "Terlampir laporan TW I" in text
    assert "Periode: Triwulan I Tahun 2023" in text
    assert report.status == Status.SUBMITTED


@pytest.mark.parametrize(
    "body",
    [{"number": "abc"}, {}, {"number": "99"}, {"number": "1", "version": "-4"}],
    ids=["text", "missing", "unknown", "bad-version"],
)
def test_it_refuses_a_tampered_submit_with_a_message(client, small_plan, people, body):
    response = login(client, people.sekretaris).post(
        reverse("chain_submit", args=[small_plan.pk]), body, follow=True
    )

    assert response.status_code == 200
    assert any("Periode laporan tidak dikenal" in m for m in messages_of(response))
    assert not MonitoringReport.objects.exists()


def test_it_refuses_a_second_submit_with_a_message(client, small_plan, people, report):
    response = login(client, people.admin_unit).post(
        reverse("chain_submit", args=[small_plan.pk]), {"number": "1"}, follow=True
    )

    assert "Laporan Triwulan I sudah diajukan (status: Diajukan)." in messages_of(response)
    assert report.submissions.count() == 1


def test_it_refuses_submitting_to_a_reader_and_hides_the_plan_from_other_branches(
    client, small_plan, people
):
    url = reverse("chain_submit", args=[small_plan.pk])
    assert login(client, people.pelaksana).post(url, {"number": "1"}).status_code == 403
    assert login(client, people.province_sekretaris).post(url, {"number": "1"}).status_code == 403
    assert login(client, people.sibling_sekretaris).post(url, {"number": "1"}).status_code == 404
    page = reverse("chain_plan", args=[small_plan.pk])
    assert login(client, people.other_province_sekretaris).get(page).status_code == 404
    assert client.get(reverse("chain_submit", args=[small_plan.pk])).status_code == 405
    assert not MonitoringReport.objects.exists()


# --- the report page and decisions ---------------------------------------------------------


def test_it_lets_the_parent_read_download_and_acknowledge(client, people, report):
    login(client, people.province_sekretaris)
    page = client.get(reverse("chain_report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert "Terima laporan" in page.content.decode()
    assert "Kembalikan dengan catatan" in page.content.decode()

    pdf = client.get(reverse("chain_report_pdf", args=[report.pk, 1]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == FAKE_PDF
    # Named in the reader's language: no English word on an Indonesian page, and back.
    name = 'filename="Laporan monev 17.09 2023 triwulan-1 (1).pdf"'
    assert name in pdf["Content-Disposition"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    try:
        english = client.get(reverse("chain_report_pdf", args=[report.pk, 1]))
    finally:
        client.post(reverse("set_language"), {"language": "id", "next": "/"})
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active here
    name = 'filename="Monitoring report 17.09 2023 quarter-1 (1).pdf"'
    assert name in english["Content-Disposition"]
    assert client.get(reverse("chain_report_pdf", args=[report.pk, 2])).status_code == 404

    response = client.post(
        reverse("chain_acknowledge", args=[report.pk]), {"version": "1"}, follow=True
    )
    assert "Laporan diterima." in messages_of(response)
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED


def test_it_says_when_the_pdf_is_still_being_made_or_failed(client, small_plan, people):
    report = monitoring_report_submit(
        plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
    )  # no commit in this test: the PDF task has not run
    login(client, people.province_sekretaris)
    url = reverse("chain_report_detail", args=[report.pk])

    assert "PDF sedang dibuat" in client.get(url).content.decode()
    assert client.get(reverse("chain_report_pdf", args=[report.pk, 1])).status_code == 404
    report.submissions.update(pdf_error="PDF gagal dibuat (OSError).")
    assert "PDF gagal dibuat (OSError)." in client.get(url).content.decode()


def test_it_asks_for_a_note_before_returning(client, people, report):
    response = login(client, people.province_sekretaris).post(
        reverse("chain_return", args=[report.pk]), {"version": "1", "note": " "}, follow=True
    )

    assert "Tulis catatan untuk satuan kerja: apa yang perlu diperbaiki." in messages_of(response)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_it_tells_a_second_reviewer_the_report_changed(client, people, report, tree):
    from renaksi.conftest import UserFactory, member

    other = UserFactory(username="admin_bengkulu")
    member(other, tree.bengkulu, "admin")
    login(client, people.province_sekretaris).post(
        reverse("chain_return", args=[report.pk]), {"version": "1", "note": "Kurang bukti"}
    )

    response = login(client, other).post(
        reverse("chain_acknowledge", args=[report.pk]), {"version": "1"}, follow=True
    )

    assert any("sudah dikembalikan" in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.version == 2


def test_it_refuses_a_decision_without_a_version(client, people, report):
    response = login(client, people.province_sekretaris).post(
        reverse("chain_acknowledge", args=[report.pk]), {"version": "abc"}, follow=True
    )

    assert "Formulir tidak lengkap. Muat ulang halaman lalu coba lagi." in messages_of(response)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("sekretaris", 403),
        ("national_admin", 403),
        ("asesor", 403),
        ("sibling_sekretaris", 404),
        ("other_province_sekretaris", 404),
        ("outsider", 404),
    ],
)
def test_it_lets_only_the_recipient_decide(client, people, report, persona, status):
    login(client, getattr(people, persona))
    for name, body in (
        ("chain_acknowledge", {"version": "1"}),
        ("chain_return", {"version": "1", "note": "x"}),
    ):
        assert client.post(reverse(name, args=[report.pk]), body).status_code == status
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.version == 1


def test_it_offers_the_child_a_resubmission_after_a_return(client, small_plan, people, report):
    monitoring_report_return(report=report, actor=people.province_sekretaris, note="Lengkapi")
    login(client, people.sekretaris)

    page = client.get(reverse("chain_report_detail", args=[report.pk]))
    assert "Ajukan ulang laporan" in page.content.decode()
    assert "Lengkapi" in page.content.decode()
    response = client.post(
        reverse("chain_submit", args=[small_plan.pk]),
        {"number": "1", "version": "2", "cover_note": "Sudah"},
        follow=True,
    )

    report.refresh_from_db()
    assert report.status == Status.RESUBMITTED
    assert "Diajukan ulang" in response.content.decode()


# --- the parent's pages ----------------------------------------------------------------------


def test_it_shows_the_parent_the_matrix_with_counts_and_filters(
    client, tree, people, report, sibling_plan
):
    login(client, people.province_sekretaris)
    url = reverse("chain_overview", args=[tree.bengkulu.pk, 2023])

    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Laporan monev dari satuan kerja bawahan" in text
    assert "KPU Kabupaten Bengkulu Selatan" in text and "KPU Kabupaten Bengkulu Tengah" in text
    assert reverse("chain_report_detail", args=[report.pk]) in text
    assert "jadwal bawaan" in text

    filtered = client.get(url, {"status": "submitted", "periode": "1"})
    matrix = filtered.context["matrix"]
    assert [r.unit.code for r in matrix.rows] == ["17.09"]
    # A tampered filter is ignored rather than refused.
    assert client.get(url, {"status": "<script>", "periode": "x"}).status_code == 200


def test_it_shows_a_reader_of_the_parent_the_matrix_without_the_schedule_link(client, tree, people):
    response = login(client, people.national_admin).get(
        reverse("chain_overview", args=[tree.bengkulu.pk, 2023])
    )

    assert response.status_code == 200
    assert b"chain-schedule-link" not in response.content
    assert (
        login(client, people.sibling_sekretaris)
        .get(reverse("chain_overview", args=[tree.bengkulu.pk, 2023]))
        .status_code
        == 404
    )


def test_it_runs_the_same_queries_for_3_and_6_children(client, tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renaksi.chain.tests.test_selectors import _children

    login(client, people.province_sekretaris)
    url = reverse("chain_overview", args=[tree.bengkulu.pk, 2023])
    client.get(url)  # warm the session and caches

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _children(tree.bengkulu, range(1))
    three = count()
    _children(tree.bengkulu, range(1, 4))
    assert count() == three


def test_it_lets_the_parent_set_the_rule_and_edit_a_date(client, tree, people):
    login(client, people.province_sekretaris)
    url = reverse("chain_schedule", args=[tree.bengkulu.pk, 2023])
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"action": "rule", "kind": "semester", "grace_workdays": "5"}, follow=True
    )
    assert "Aturan batas waktu disimpan." in messages_of(response)
    response = client.post(
        url, {"action": "dates", "due_1": "2023-07-31", "due_2": "2024-01-15"}, follow=True
    )
    assert "Batas waktu disimpan." in messages_of(response)

    schedule = ReportingSchedule.objects.get(unit=tree.bengkulu, year=2023)
    assert schedule.kind == "semester"
    assert list(schedule.deadlines.values_list("number", "due_on", "edited")) == [
        (1, date(2023, 7, 31), True),
        (2, date(2024, 1, 15), True),
    ]


def test_it_refuses_a_bad_schedule_post_with_a_message(client, tree, people):
    login(client, people.province_sekretaris)
    url = reverse("chain_schedule", args=[tree.bengkulu.pk, 2023])

    early = client.post(url, {"action": "dates", "due_1": "2023-02-01"}, follow=True)
    assert any("tidak boleh sebelum akhir periodenya" in m for m in messages_of(early))
    unknown = client.post(url, {"action": "hapus"}, follow=True)
    assert "Permintaan tidak dikenal." in messages_of(unknown)
    bad = client.post(url, {"action": "rule", "kind": "mingguan", "grace_workdays": "5"})
    assert bad.status_code == 200 and bad.context["rule_form"].errors
    assert not ReportingSchedule.objects.exists()


def test_it_lets_only_the_parents_managers_set_the_schedule(client, tree, people):
    url = reverse("chain_schedule", args=[tree.bengkulu.pk, 2023])
    assert login(client, people.national_admin).get(url).status_code == 403
    assert login(client, people.sekretaris).get(url).status_code == 404
    assert (
        login(client, people.sekretaris)
        .post(url, {"action": "rule", "kind": "month", "grace_workdays": "1"})
        .status_code
        == 404
    )
    assert not ReportingSchedule.objects.exists()


def test_it_answers_404_for_a_year_out_of_range(client, tree, people):
    login(client, people.province_sekretaris)
    assert client.get(reverse("chain_overview", args=[tree.bengkulu.pk, 1999])).status_code == 404


# --- the roll-up and the dashboard ---------------------------------------------------------


def test_it_shows_late_and_missing_reports_on_the_parents_rollup(
    client, tree, people, report, sibling_plan
):
    monitoring_report_return(report=report, actor=people.province_sekretaris, note="Perbaiki")

    response = login(client, people.province_sekretaris).get(
        reverse("unit_rollup", args=[tree.bengkulu.pk, 2023])
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Laporan monev satuan kerja bawahan" in text
    lateness = {i.unit.code: i for i in response.context["chain_lateness"]}
    assert lateness["17.09"].returned == ["TW I"]
    # Today is long past 2023: every period of 17.01 is missing after its due date.
    assert lateness["17.01"].missing_overdue == ["TW I", "TW II", "TW III", "TW IV"]
    assert reverse("chain_overview", args=[tree.bengkulu.pk, 2023]) in text


def test_it_shows_the_next_report_on_the_childs_dashboard(client, small_plan, people, report):
    response = login(client, people.pelaksana).get(reverse("plan_dashboard", args=[small_plan.pk]))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Laporan ke induk:" in text
    assert "Triwulan II, batas 14 Juli 2023" in text
    assert reverse("chain_plan", args=[small_plan.pk]) in text


def test_it_shows_a_report_sent_after_the_childs_dashboard_was_cached(client, small_plan, people):
    # Sending a report changes no figure of the plan (nor its stamp), only the chain's line: the
    # cached dashboard must still show it at once, and a browser's copy must not be confirmed.
    url = reverse("plan_dashboard", args=[small_plan.pk])
    before = login(client, people.pelaksana).get(url)
    assert "Triwulan II, batas 14 Juli 2023" not in before.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    with TestCase.captureOnCommitCallbacks(execute=True):
        monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME)

    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.context["dashboard"] is None  # the figures and body still came from the cache
    assert "Triwulan II, batas 14 Juli 2023" in after.content.decode()
