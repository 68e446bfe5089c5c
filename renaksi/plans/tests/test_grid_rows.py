# ruff: noqa: E501
"""The grid's rows written in Python (``plan_rows_html``) are the template's rows, byte for byte.

The reference is the template loop the rows were written with until session 6, kept here as the
oracle: the whole grid is rendered once with it and once with the Python rows, for the seed plan
and for an indicator that shows every piece of metadata and hostile text, with and without the
edit links, in both languages, and filtered by a search.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.utils import translation

from renaksi.plans.models import Indicator
from renaksi.plans.presenters.tables import plan_rows_html, plan_table
from renaksi.plans.selectors import plan_tree

REFERENCE_LOOP = '{% for row in table.rows %}\n<tr{% if row.anchor %} id="{{ row.anchor }}"{% endif %}>\n{% if row.area %}<td{% if row.area.rowspan > 1 %} rowspan="{{ row.area.rowspan }}"{% endif %} class="cell-area-no" id="{{ row.area.anchor }}">{{ row.area.obj.number }}</td><td{% if row.area.rowspan > 1 %} rowspan="{{ row.area.rowspan }}"{% endif %} class="cell-area">{{ row.area.label }}{% if can_change %} <a class="edit-link" href="{% url \'area_edit\' plan.pk row.area.obj.pk %}" aria-label="{% translate \'Ubah area perubahan\' %}">✎</a>{% endif %}</td>{% endif %}\n{% if row.activity %}<td{% if row.activity.rowspan > 1 %} rowspan="{{ row.activity.rowspan }}"{% endif %}{% if row.activity.anchor %} id="{{ row.activity.anchor }}"{% endif %}>{% if row.activity.obj %}{{ row.activity.label }}{% if can_change %} <a class="edit-link" href="{% url \'activity_edit\' plan.pk row.activity.obj.pk %}" aria-label="{% translate \'Ubah kegiatan\' %}">✎</a>{% endif %}{% endif %}</td>{% endif %}\n{% if row.sub %}<td{% if row.sub.rowspan > 1 %} rowspan="{{ row.sub.rowspan }}"{% endif %}{% if row.sub.is_child %} class="cell-sub-child"{% endif %}{% if row.sub.anchor %} id="{{ row.sub.anchor }}"{% endif %}>{% if row.sub.obj %}{{ row.sub.label }}{% if can_change %} <a class="edit-link" href="{% url \'sub_activity_edit\' plan.pk row.sub.obj.pk %}" aria-label="{% translate \'Ubah sub kegiatan\' %}">✎</a>{% endif %}{% endif %}</td>{% endif %}\n{% with ind=row.indicator %}<td>{% if ind %}{{ row.label }}{% if can_change %} <a class="edit-link" href="{% url \'indicator_edit\' plan.pk ind.pk %}" aria-label="{% translate \'Ubah indikator\' %}">✎</a>{% endif %}\n{% if ind.target_value is not None or ind.pic_id or ind.pic_name or ind.pic2_id or ind.pic2_name or ind.budget is not None or ind.evidence_links or ind.target_kind %}<div class="indicator-meta">\n{% if ind.target_value is not None %}<span>{% translate "Target" %}: {{ row.target }} {{ ind.target_unit }}</span>{% endif %}\n{% if ind.target_kind %}<span data-testid="target-meaning">{{ ind.get_target_kind_display }}{% if ind.target_scale %} · {{ ind.get_target_scale_display }}{% endif %}</span>{% endif %}\n{% if ind.pic_id %}<span>{% translate "PIC" %}: {{ ind.pic.display_name }}</span>{% elif ind.pic_name %}<span>{% translate "PIC" %}: {{ ind.pic_name }}</span>{% endif %}\n{% if ind.pic2_id %}<span>{% translate "PIC kedua" %}: {{ ind.pic2.display_name }}</span>{% elif ind.pic2_name %}<span>{% translate "PIC kedua" %}: {{ ind.pic2_name }}</span>{% endif %}\n{% if ind.budget is not None %}<span>{% translate "Anggaran" %}: Rp {{ ind.budget|floatformat:"2g" }}</span>{% endif %}\n{% for url in ind.evidence_links %}<span><a href="{{ url }}" rel="noopener noreferrer nofollow" target="_blank">{% translate "Tautan bukti" %} {{ forloop.counter }}</a></span>{% endfor %}\n</div>{% endif %}{% endif %}</td>{% endwith %}\n{{ row.cells_html }}<td>{{ row.indicator.note }}</td></tr>\n{% endfor %}'
ROWS = "{{ rows_html }}{# plans.presenters.tables.plan_rows_html #}"


def _grids(plan, user, *, can_change: bool, query: str = ""):
    from renaksi.monitoring.view_helpers import plan_cells

    cells = plan_cells(user=user, plan=plan, today=date(2022, 9, 15), can_verify=True)
    table = plan_table(plan=plan, tree=plan_tree(plan=plan), query=query, cell_states=cells.states)
    context = {
        "plan": plan,
        "table": table,
        "query": query,
        "can_change": can_change,
        "cells": cells,
    }
    source = get_template("plans/partials/plan_table.html").template.source
    assert source.count(ROWS) == 1
    reference = engines["django"].from_string(source.replace(ROWS, REFERENCE_LOOP))
    request = RequestFactory().get("/")
    request.user = user
    old = reference.render(context, request)
    new = render_to_string(
        "plans/partials/plan_table.html",
        {**context, "rows_html": plan_rows_html(table=table, plan=plan, can_change=can_change)},
        request=request,
    )
    return old, new, table


@pytest.mark.parametrize("can_change", [True, False], ids=["editor", "reader"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_the_templates_rows(seed_plan, people, can_change, language):
    indicator = Indicator.objects.filter(activity__area__plan=seed_plan).order_by("pk")[3]
    indicator.target_value = Decimal("1234.5")
    indicator.target_unit = "dokumen <b>"
    indicator.target_kind = "cumulative"
    indicator.target_scale = "percent"
    indicator.pic = people.pelaksana
    indicator.pic2_name = 'Kepala "Subbag" & <Umum>'
    indicator.budget = Decimal("25000000.50")
    indicator.evidence_links = ["https://contoh.go.id/a?b=1&c=<2>", "https://contoh.go.id/d"]
    indicator.note = "<script>alert('x')</script> & catatan"
    indicator.save()
    other = Indicator.objects.filter(activity__area__plan=seed_plan).order_by("pk")[5]
    other.pic_name = "Sekretaris KPU"
    other.target_kind = "per_period"
    other.save()
    with translation.override(language):
        old, new, table = _grids(seed_plan, people.sekretaris, can_change=can_change)
    assert len(table.rows) > 100
    assert new == old
    assert "&lt;script&gt;" in new and "<script>" not in new
    assert ("Ubah indikator" in new or "Edit indicator" in new) is can_change


def test_a_filtered_grid_is_the_templates_too(seed_plan, people):
    old, new, table = _grids(seed_plan, people.sekretaris, can_change=True, query="tim")
    assert 0 < len(table.rows) < 100
    assert new == old


def test_a_table_without_cell_states_resolves_no_url(seed_plan, people, monkeypatch):
    """The lampiran (made in the worker) shows no links: building its table must not load the
    URLconf (about 14 MB of the worker, issue 19); the grid's first link resolves it."""
    from renaksi.plans.presenters import tables

    resolved = []

    def counting_reverse(name, args=()):
        resolved.append(name)
        return original(name, args=args)

    original = tables.reverse
    monkeypatch.setattr(tables, "reverse", counting_reverse)
    plan_table(plan=seed_plan, tree=plan_tree(plan=seed_plan))
    assert resolved == []
    from renaksi.monitoring.view_helpers import plan_cells

    cells = plan_cells(
        user=people.sekretaris, plan=seed_plan, today=date(2022, 9, 15), can_verify=True
    )
    table = plan_table(plan=seed_plan, tree=plan_tree(plan=seed_plan), cell_states=cells.states)
    assert resolved and len(resolved) <= 2  # two samples, then every link from the prefix
    assert 'href="sel/' in "".join(row.cells_html for row in table.rows)


def test_the_worker_runs_every_system_check_but_the_urls():
    from django.core import checks

    from renaksi.core.management.commands.run_huey import Command

    tags = Command().requires_system_checks
    assert checks.Tags.urls not in tags
    assert {checks.Tags.models, checks.Tags.security, checks.Tags.templates} <= set(tags)
