"""The demo hook: the province publishes, a regency adopts and adapts; a rerun adds nothing."""

from renaksi.cascade.demo import demo_cascade
from renaksi.cascade.models import PlanTemplate, TemplateRecipient
from renaksi.cascade.selectors import recipient_diff


def test_it_publishes_adopts_and_adapts_once(small_plan, people):
    summary = demo_cascade(source_plan=small_plan, publisher=people.province_sekretaris)
    assert summary.created and summary.template.unit.code == "17"
    states = dict(
        TemplateRecipient.objects.filter(template=summary.template).values_list(
            "unit__code", "status"
        )
    )
    # 17.09 already has its plan for the year: it is left to answer the template itself.
    assert states == {"17.01": "adopted", "17.09": "pending"}
    adopted = TemplateRecipient.objects.get(template=summary.template, unit__code="17.01")
    diff = recipient_diff(recipient=adopted)
    assert (diff.changed, diff.added, diff.removed) == (1, 1, 0)

    again = demo_cascade(source_plan=small_plan, publisher=people.province_sekretaris)
    assert not again.created and again.template == summary.template
    assert PlanTemplate.objects.count() == 1
