"""Reads of the template cascade, given the viewer, in a fixed number of queries.

The comparison of an adopted plan with its template works on keys: every template item has a
``key``, every row the adoption created has an ``AdoptedItem`` with that key. A template item
whose link is gone was removed by the recipient; a plan row without a link was added by it; a
linked row whose name, schedule, target values or keterangan differ from the item was changed.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from renaksi.cascade.models import PlanTemplate, TemplateRecipient
from renaksi.cascade.selectors.comparison import (
    FIELD_LABELS,
    ITEM_STATUS_LABELS,
    DiffItem,
    FieldChange,
    ItemStatus,
    PlanDiff,
    recipient_diff,
    template_diffs,
    template_items,
)
from renaksi.cascade.selectors.indicator import (
    IndicatorCell,
    IndicatorRow,
    template_indicator_rows,
    template_item_get,
)
from renaksi.cascade.selectors.status import (
    CHILD_STATE_LABELS,
    ChildRow,
    ChildState,
    template_child_rows,
    template_recipient_list,
    template_state_counts,
)
from renaksi.organisations.models import Membership, Unit
from renaksi.organisations.selectors import unit_list_manageable, unit_list_visible
from renaksi.plans.models import Plan

__all__ = [
    "CHILD_STATE_LABELS",
    "FIELD_LABELS",
    "ITEM_STATUS_LABELS",
    "ChildRow",
    "ChildState",
    "DiffItem",
    "FieldChange",
    "IndicatorCell",
    "IndicatorRow",
    "ItemStatus",
    "PlanDiff",
    "plan_list_publishable",
    "recipient_adopted_earlier",
    "recipient_diff",
    "recipient_get",
    "recipient_list_for_member",
    "template_child_rows",
    "template_diffs",
    "template_get",
    "template_indicator_rows",
    "template_item_get",
    "template_items",
    "template_latest_version",
    "template_list_published",
    "template_recipient_list",
    "template_state_counts",
    "template_version_list",
]

# --- getting one object ----------------------------------------------------------------------


def template_get(*, user, pk: int) -> PlanTemplate:
    """The template if the user may see its publishing unit; 404 otherwise."""
    template = (
        PlanTemplate.objects.filter(pk=pk, unit__in=unit_list_visible(user=user))
        .select_related("unit", "published_by", "source_plan")
        .first()
    )
    if template is None:
        raise Http404
    return template


def recipient_get(*, user, pk: int) -> TemplateRecipient:
    """A recipient row if the user may see the recipient unit (its members, and the
    publisher's, who sit above it); 404 otherwise."""
    recipient = (
        TemplateRecipient.objects.filter(pk=pk, unit__in=unit_list_visible(user=user))
        .select_related("template__unit", "template__published_by", "unit", "plan", "responded_by")
        .first()
    )
    if recipient is None:
        raise Http404
    return recipient


def template_latest_version(*, template: PlanTemplate) -> PlanTemplate:
    return (
        PlanTemplate.objects.filter(unit_id=template.unit_id, year=template.year)
        .order_by("-version")
        .first()
    )


def template_version_list(*, unit_id: int, year: int) -> QuerySet[PlanTemplate]:
    """Every version a unit published for a year, newest first, with its recipient count."""
    return (
        PlanTemplate.objects.filter(unit_id=unit_id, year=year)
        .select_related("published_by")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-version")
    )


def recipient_adopted_earlier(*, recipient: TemplateRecipient) -> TemplateRecipient | None:
    """The unit's adoption of an earlier version of the same template, if any."""
    template = recipient.template
    return (
        TemplateRecipient.objects.filter(
            unit_id=recipient.unit_id,
            template__unit_id=template.unit_id,
            template__year=template.year,
            template__version__lt=template.version,
            status=TemplateRecipient.Status.ADOPTED,
        )
        .select_related("template")
        .order_by("-template__version")
        .first()
    )


# --- lists for the "Templat" page ------------------------------------------------------------


def template_list_published(*, user) -> QuerySet[PlanTemplate]:
    """Latest version of every template series the user may see, newest first."""
    newer = PlanTemplate.objects.filter(
        unit_id=OuterRef("unit_id"), year=OuterRef("year"), version__gt=OuterRef("version")
    )
    return (
        PlanTemplate.objects.filter(unit__in=unit_list_visible(user=user))
        .exclude(Exists(newer))
        .select_related("unit", "published_by")
        .order_by("-year", "unit__code")
    )


def recipient_list_for_member(*, user) -> QuerySet[TemplateRecipient]:
    """Templates received by the units the user is a member of, the unanswered first."""
    if not user.is_authenticated:
        return TemplateRecipient.objects.none()
    units = Membership.objects.filter(user=user).values("unit_id")
    return (
        TemplateRecipient.objects.filter(unit_id__in=units)
        .select_related("template__unit", "unit")
        .order_by("status", "-template__year", "-template__version", "unit__code")
    )


def plan_list_publishable(*, user) -> QuerySet[Plan]:
    """Plans of units the user manages that have units below them to publish to."""
    return (
        Plan.objects.filter(unit__in=unit_list_manageable(user=user))
        .filter(Exists(Unit.objects.filter(parent=OuterRef("unit"))))
        .select_related("unit")
        .order_by("-year", "unit__code")
    )
