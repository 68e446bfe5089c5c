"""Nobody reviews a report of a unit they belong to (pen-test finding: separation of duties)."""

import pytest
from django.core.exceptions import PermissionDenied

from renaksi.chain.models import MonitoringReport
from renaksi.chain.services import (
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
)
from renaksi.chain.tests.conftest import ON_TIME
from renaksi.organisations.models import Membership

pytestmark = pytest.mark.usefixtures("fast_pdf")


def test_a_manager_of_both_units_cannot_review_their_own_units_report(small_plan, people, tree):
    both = people.province_sekretaris
    Membership.objects.create(user=both, unit=tree.bengkulu_tengah, role=Membership.Role.SEKRETARIS)
    report = monitoring_report_submit(plan=small_plan, number=1, actor=both, today=ON_TIME)
    assert not both.has_perm("chain.review_report", report)
    with pytest.raises(PermissionDenied):
        monitoring_report_acknowledge(report=report, actor=both, expected_version=1)
    with pytest.raises(PermissionDenied):
        monitoring_report_return(report=report, actor=both, expected_version=1, note="x")
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.SUBMITTED


def test_even_a_reader_of_the_sending_unit_cannot_review_it(small_plan, people, tree):
    parent_admin = people.province_sekretaris
    Membership.objects.create(
        user=parent_admin, unit=tree.bengkulu_tengah, role=Membership.Role.VIEWER
    )
    report = monitoring_report_submit(
        plan=small_plan, number=1, actor=people.sekretaris, today=ON_TIME
    )
    with pytest.raises(PermissionDenied):
        monitoring_report_acknowledge(report=report, actor=parent_admin, expected_version=1)
