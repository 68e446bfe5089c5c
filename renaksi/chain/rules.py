"""Who may do what in the reporting chain.

- the Sekretaris or administrator of a parent unit sets its children's reporting schedule, and
  acknowledges or returns the reports sent to it (only the unit a report was sent to decides,
  and never someone who is also a member of the sending unit);
- the Sekretaris or administrator of a unit submits its plan's reports;
- everyone who may see the sending unit (its members and the members of its ancestors) reads
  the reports; nobody else.
"""

import rules

from renaksi.organisations.models import Membership
from renaksi.organisations.rules import MANAGER_ROLES, can_manage_unit_of, can_view_unit_of


def _is_manager_of(user, unit) -> bool:
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit=unit, role__in=MANAGER_ROLES).exists()


@rules.predicate
def can_view_report(user, report) -> bool:
    return report is not None and can_view_unit_of(user, report.plan.unit)


@rules.predicate
def can_submit_for_plan(user, plan) -> bool:
    return plan is not None and can_manage_unit_of(user, plan.unit)


@rules.predicate
def is_member_of_sender(user, report) -> bool:
    """A member of the sending unit (any role) never reviews that unit's report."""
    if report is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, unit_id=report.plan.unit_id).exists()


@rules.predicate
def can_review_report(user, report) -> bool:
    return (
        report is not None
        and _is_manager_of(user, report.recipient)
        and not is_member_of_sender(user, report)
    )


rules.add_perm("chain.configure_schedule", can_manage_unit_of)
rules.add_perm("chain.view_report", can_view_report)
rules.add_perm("chain.submit_report", can_submit_for_plan)
rules.add_perm("chain.review_report", can_review_report)
