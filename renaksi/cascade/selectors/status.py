"""The publisher's status page: each recipient's state and, when adopted, its comparison."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from renaksi.cascade.models import (
    PlanTemplate,
    TemplateItem,
    TemplateRecipient,
)
from renaksi.cascade.selectors.comparison import PlanDiff, template_diffs

# --- the publisher's status page -------------------------------------------------------------


class ChildState:
    PENDING = "pending"
    ADOPTED = "adopted"
    DECLINED = "declined"
    OUTDATED = "outdated"


CHILD_STATE_LABELS = {
    ChildState.PENDING: _("Belum merespons"),
    ChildState.ADOPTED: _("Diadopsi"),
    ChildState.DECLINED: _("Ditolak"),
    ChildState.OUTDATED: _("Versi lama"),
}


@dataclass
class ChildRow:
    recipient: TemplateRecipient
    state: str
    diff: PlanDiff | None = None
    # For an outdated child: the older recipient row it adopted, and its comparison.
    adopted: TemplateRecipient | None = None

    @property
    def state_label(self) -> str:
        return CHILD_STATE_LABELS[self.state]


def _older_adoption(template: PlanTemplate):
    return TemplateRecipient.objects.filter(
        unit_id=OuterRef("unit_id"),
        template__unit_id=template.unit_id,
        template__year=template.year,
        template__version__lt=template.version,
        status=TemplateRecipient.Status.ADOPTED,
    )


def template_recipient_list(*, template: PlanTemplate, state: str = "") -> QuerySet:
    """The recipients of one version, filterable by the state the publisher sees."""
    qs = (
        TemplateRecipient.objects.filter(template=template)
        .select_related("unit", "plan", "responded_by")
        .annotate(has_older_adoption=Exists(_older_adoption(template)))
        .order_by("unit__code")
    )
    S = TemplateRecipient.Status
    if state == ChildState.ADOPTED:
        qs = qs.filter(status=S.ADOPTED)
    elif state == ChildState.DECLINED:
        qs = qs.filter(status=S.DECLINED)
    elif state == ChildState.OUTDATED:
        qs = qs.filter(status=S.PENDING, has_older_adoption=True)
    elif state == ChildState.PENDING:
        qs = qs.filter(status=S.PENDING, has_older_adoption=False)
    return qs


def template_child_rows(*, template: PlanTemplate, recipients: list[TemplateRecipient]):
    """Each recipient of a page with its state and, when adopted, its comparison; a fixed number
    of queries whatever the page size."""
    S = TemplateRecipient.Status
    outdated_units = [
        r.unit_id
        for r in recipients
        if r.status == S.PENDING and getattr(r, "has_older_adoption", False)
    ]
    older: dict[int, TemplateRecipient] = {}
    if outdated_units:
        for r in (
            TemplateRecipient.objects.filter(
                unit_id__in=outdated_units,
                template__unit_id=template.unit_id,
                template__year=template.year,
                template__version__lt=template.version,
                status=S.ADOPTED,
            )
            .select_related("template", "unit", "plan")
            .order_by("template__version")
        ):
            older[r.unit_id] = r  # the latest adopted version wins
    compared = [r for r in recipients if r.status == S.ADOPTED] + list(older.values())
    template_ids = {r.template_id for r in compared}
    items_by_template: dict[int, list[TemplateItem]] = defaultdict(list)
    if template_ids:
        for item in TemplateItem.objects.filter(template_id__in=template_ids).order_by(
            "template_id", "position"
        ):
            items_by_template[item.template_id].append(item)
    diffs = template_diffs(recipients=compared, items_by_template=items_by_template)
    rows = []
    for r in recipients:
        if r.status == S.ADOPTED:
            rows.append(ChildRow(r, ChildState.ADOPTED, diffs.get(r.pk)))
        elif r.status == S.DECLINED:
            rows.append(ChildRow(r, ChildState.DECLINED))
        elif r.unit_id in older:
            old = older[r.unit_id]
            rows.append(ChildRow(r, ChildState.OUTDATED, diffs.get(old.pk), adopted=old))
        else:
            rows.append(ChildRow(r, ChildState.PENDING))
    return rows


def template_state_counts(*, template: PlanTemplate) -> dict[str, int]:
    S = TemplateRecipient.Status
    qs = TemplateRecipient.objects.filter(template=template).annotate(
        older=Exists(_older_adoption(template))
    )
    counts = {s: 0 for s in CHILD_STATE_LABELS}
    for (
        status,
        older,
    ) in qs.values_list("status", "older"):
        if status == S.PENDING:
            counts[ChildState.OUTDATED if older else ChildState.PENDING] += 1
        else:
            counts[status] += 1
    return counts
