from datetime import date

import pytest
from django.test import TestCase
from django.utils import timezone

from renaksi.chain.demo import demo_chain
from renaksi.chain.models import MonitoringReport

pytestmark = pytest.mark.usefixtures("fast_pdf")


def test_it_makes_an_acknowledged_tw1_and_a_late_returned_tw2_once(small_plan, people, mail_outbox):
    kwargs = {
        "plan": small_plan,
        "child_actor": people.sekretaris,
        "parent_actor": people.province_sekretaris,
        "today": date(2023, 9, 15),
    }

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert demo_chain(**kwargs) == 2
    assert demo_chain(**kwargs) == 0

    tw1, tw2 = MonitoringReport.objects.order_by("number")
    assert (tw1.status, tw1.late) == ("acknowledged", False)
    assert (tw2.status, tw2.late) == ("returned", True)
    assert timezone.localtime(tw1.first_submitted_at).date() == date(2023, 4, 8)
    assert timezone.localtime(tw2.decided_at).date() == date(2023, 7, 20)
    assert "PPID" in tw2.events.get(action="returned").note
    assert mail_outbox == []


def test_it_makes_only_what_has_happened_by_today(small_plan, people):
    made = demo_chain(
        plan=small_plan,
        child_actor=people.sekretaris,
        parent_actor=people.province_sekretaris,
        today=date(2023, 5, 1),
        make_pdfs=True,
    )

    assert made == 1
    assert MonitoringReport.objects.get().submissions.get().pdf
