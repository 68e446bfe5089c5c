"""The report upward: previewed before it is sent, and the parent's return note at the top."""

from django.urls import reverse

from renaksi.chain.models import MonitoringReport
from renaksi.chain.services import monitoring_report_return, monitoring_report_submit
from renaksi.chain.tests.conftest import fast_pdf  # noqa: F401


def test_the_sekretaris_previews_the_report_before_sending_it(client, people, small_plan):
    client.force_login(people.sekretaris)
    response = client.get(reverse("chain_preview", args=[small_plan.pk, 1]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="chain-preview-submit"' in html
    assert "Direncanakan" in html
    assert not MonitoringReport.objects.exists()  # a preview sends nothing
    plan_page = client.get(reverse("chain_plan", args=[small_plan.pk])).content.decode()
    assert reverse("chain_preview", args=[small_plan.pk, 1]) in plan_page


def test_a_reader_cannot_preview(client, people, small_plan):
    client.force_login(people.pelaksana)
    assert client.get(reverse("chain_preview", args=[small_plan.pk, 1])).status_code == 403


def test_the_return_note_is_at_the_top_beside_the_resubmit(
    client,
    people,
    small_plan,
    fast_pdf,  # noqa: F811
):
    report = monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris)
    monitoring_report_return(
        report=report, actor=people.province_sekretaris, note="Lengkapi data dukung PPID."
    )
    client.force_login(people.sekretaris)
    html = client.get(reverse("chain_report_detail", args=[report.pk])).content.decode()
    note_at = html.index('data-testid="chain-return-note"')
    assert note_at < html.index('data-testid="chain-resubmit"')
    assert "Lengkapi data dukung PPID." in html[note_at:]
    assert 'data-testid="chain-resubmit-preview"' in html
    preview = client.get(reverse("chain_preview", args=[small_plan.pk, 1])).content.decode()
    assert "Lengkapi data dukung PPID." in preview
    assert 'name="version"' in preview
