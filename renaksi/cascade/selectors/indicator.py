"""One template indicator across all recipients: their copy, each period's state, evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from renaksi.cascade.models import (
    AdoptedItem,
    ItemKind,
    PlanTemplate,
    TemplateItem,
    TemplateRecipient,
)
from renaksi.plans.models import Indicator, Plan, Target

# --- one template indicator across all recipients ---------------------------------------------


@dataclass
class IndicatorCell:
    period: int
    scheduled: bool
    state: object | None  # monitoring.view_helpers.CellState, None when nothing is due or done
    realisation_id: int | None
    evidence: list = field(default_factory=list)


@dataclass
class IndicatorRow:
    recipient: TemplateRecipient
    state: str  # "adopted", "removed", "not_adopted", "declined"
    indicator: Indicator | None = None
    plan_id: int | None = None
    cells: list[IndicatorCell] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return {
            "adopted": _("Diadopsi"),
            "removed": _("Dihapus"),
            "not_adopted": _("Tidak diadopsi"),
            "declined": _("Ditolak"),
        }[self.state]


def template_item_get(*, template: PlanTemplate, key: str) -> TemplateItem:
    item = TemplateItem.objects.filter(template=template, key=key, kind=ItemKind.INDICATOR).first()
    if item is None:
        raise Http404
    return item


def template_indicator_rows(*, template: PlanTemplate, item: TemplateItem, today):
    """Every recipient of the template with its copy of one template indicator, each period's
    state and the evidence behind it; a fixed number of queries whatever the recipients.

    A recipient that adopted an earlier version of the same template counts: keys are stable.
    """
    from renaksi.monitoring.models import Realisation, RealisationEvidence
    from renaksi.monitoring.selectors import (
        Cell,
        grace_workdays,
        holidays_for_year,
        realisation_due_on,
        timeliness_classify,
    )
    from renaksi.monitoring.view_helpers import cell_state
    from renaksi.plans.view_helpers import period_labels

    recipients = list(
        TemplateRecipient.objects.filter(template=template)
        .select_related("unit")
        .order_by("unit__code")
    )
    S = TemplateRecipient.Status
    links = {
        link.recipient.unit_id: link
        for link in AdoptedItem.objects.filter(
            key=item.key,
            recipient__unit_id__in=[r.unit_id for r in recipients],
            recipient__template__unit_id=template.unit_id,
            recipient__template__year=template.year,
            recipient__status=S.ADOPTED,
        )
        .select_related("recipient", "indicator__activity__area__plan")
        .order_by("recipient__template__version")
    }
    adopted_units = set(
        TemplateRecipient.objects.filter(
            unit_id__in=[r.unit_id for r in recipients],
            template__unit_id=template.unit_id,
            template__year=template.year,
            status=S.ADOPTED,
        ).values_list("unit_id", flat=True)
    )
    indicators = [link.indicator for link in links.values()]
    ind_ids = [i.pk for i in indicators]
    targets: dict[tuple[int, int], Decimal | None] = {
        (ind_id, period): value
        for ind_id, period, value in Target.objects.filter(indicator_id__in=ind_ids).values_list(
            "indicator_id", "period", "value"
        )
    }
    realisations = {
        (r.indicator_id, r.period): r for r in Realisation.objects.filter(indicator_id__in=ind_ids)
    }
    evidence: dict[int, list] = defaultdict(list)
    for re_link in (
        RealisationEvidence.objects.filter(realisation__indicator_id__in=ind_ids)
        .select_related("evidence")
        .order_by("added_at", "id")
    ):
        evidence[re_link.realisation_id].append(re_link.evidence)

    # All plans of one template share its year and granularity: one calendar, one set of labels.
    holidays = holidays_for_year(template.year, grace_workdays())
    label_plan = Plan(year=template.year, granularity=template.granularity)
    labels = [long for _short, long in period_labels(label_plan)]
    due = {
        p: realisation_due_on(plan=label_plan, period=p, holidays=holidays)
        for p in range(1, template.period_count + 1)
    }
    rows = []
    for r in recipients:
        link = links.get(r.unit_id)
        if link is None:
            if r.status == S.DECLINED:
                state = "declined"
            elif r.unit_id in adopted_units:
                state = "removed"
            else:
                state = "not_adopted"
            rows.append(IndicatorRow(r, state))
            continue
        ind = link.indicator
        cells = []
        for p in range(1, template.period_count + 1):
            key = (ind.pk, p)
            realisation = realisations.get(key)
            scheduled = key in targets
            state_obj = None
            if scheduled or realisation is not None:
                cell = Cell(
                    indicator_id=ind.pk,
                    period=p,
                    scheduled=scheduled,
                    target_value=targets.get(key),
                    realisation=realisation,
                    due_on=due[p],
                    timeliness=timeliness_classify(
                        due_on=due[p],
                        submitted_at=realisation.first_submitted_at if realisation else None,
                        today=today,
                        scheduled=scheduled,
                    ),
                )
                state_obj = cell_state(cell, label=labels[p - 1])
            cells.append(
                IndicatorCell(
                    period=p,
                    scheduled=scheduled,
                    state=state_obj,
                    realisation_id=realisation.pk if realisation else None,
                    evidence=evidence.get(realisation.pk, []) if realisation else [],
                )
            )
        rows.append(
            IndicatorRow(
                r, "adopted", indicator=ind, plan_id=ind.activity.area.plan_id, cells=cells
            )
        )
    return rows
