"""RB General or RB Tematik: the plan's kind, theme and fokus intervensi, set by a manager, and
the roll-up's RB Tematik column."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.plans.models import Plan
from renaksi.plans.services import PlanWriteError
from renaksi.quality.services import plan_kind_set

THEME = "Pengentasan Kemiskinan"


def test_a_manager_makes_a_plan_tematik_with_theme_and_focus(small_plan, people):
    plan = plan_kind_set(
        plan=small_plan, kind="tematik", theme=THEME, focus="Inovasi", actor=people.sekretaris
    )
    plan.refresh_from_db()
    assert (plan.kind, plan.theme, plan.focus) == ("tematik", THEME, "Inovasi")
    event = AuditEvent.objects.get(action="plan.kind_set")
    assert event.data["before"]["kind"] == "general" and event.data["after"]["theme"] == THEME
    # Back to General: a General plan has no theme.
    plan_kind_set(plan=plan, kind="general", theme=THEME, focus="x", actor=people.sekretaris)
    plan.refresh_from_db()
    assert (plan.kind, plan.theme, plan.focus) == ("general", "", "")


def test_refusals(small_plan, people):
    with pytest.raises(PlanWriteError, match="tema"):
        plan_kind_set(plan=small_plan, kind="tematik", theme=" ", focus="", actor=people.sekretaris)
    Plan.objects.create(unit=small_plan.unit, year=small_plan.year, kind="tematik", theme=THEME)
    with pytest.raises(PlanWriteError, match="sudah memiliki rencana RB Tematik"):
        plan_kind_set(
            plan=small_plan, kind="tematik", theme=THEME, focus="", actor=people.sekretaris
        )
    with pytest.raises(PermissionDenied):
        plan_kind_set(plan=small_plan, kind="general", theme="", focus="", actor=people.viewer)
    small_plan.refresh_from_db()
    assert small_plan.kind == "general"


def test_the_form_offers_the_national_themes_and_saves(small_plan, people, client):
    client.force_login(people.sekretaris)
    url = reverse("plan_kind_edit", args=[small_plan.pk])
    html = client.get(url).content.decode()
    for theme in ("Pengentasan Kemiskinan", "Realisasi Investasi", "Pengendalian Inflasi"):
        assert f'value="{theme}"' in html
    assert 'value="Proses Bisnis dan SOP"' in html
    response = client.post(url, {"kind": "tematik", "theme": THEME, "focus": "Pengawasan"})
    assert response.status_code == 302
    small_plan.refresh_from_db()
    assert (small_plan.kind, small_plan.theme, small_plan.focus) == ("tematik", THEME, "Pengawasan")
    page = client.get(reverse("plan_quality", args=[small_plan.pk])).content.decode()
    assert f"RB Tematik: {THEME} · Pengawasan" in page
    # A missing theme is shown on the form, nothing written.
    response = client.post(url, {"kind": "tematik", "theme": "", "focus": ""})
    assert response.status_code == 200 and "memerlukan tema" in response.content.decode()


def _cell(html: str, code: str) -> str:
    start = html.index(f'<tr data-unit="{code}">')
    row = html[start : html.index("</tr>", start)]
    return row[row.index('data-col="tematik"') :]


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_roll_up_shows_rb_tematik_apart(small_plan, people, tree, client):
    client.force_login(people.national_admin)
    province_url = reverse("unit_rollup", args=[tree.bengkulu.pk, small_plan.year])
    national_url = reverse("unit_rollup", args=[tree.ri.pk, small_plan.year])
    html, before = _get(client, province_url)
    assert "RB Tematik" in html and "Pengentasan" not in _cell(html, "17.09")
    _html, national_before = _get(client, national_url)

    Plan.objects.create(
        unit=tree.bengkulu_tengah,
        year=small_plan.year,
        kind="tematik",
        theme=THEME,
        focus="Inovasi",
    )
    Plan.objects.create(
        unit=tree.bengkulu_selatan,
        year=small_plan.year,
        kind="tematik",
        theme="Realisasi Investasi",
    )
    html, after = _get(client, province_url)
    cell = _cell(html, "17.09")
    assert THEME in cell and "Inovasi" in cell
    html, national_after = _get(client, national_url)
    cell = _cell(html, "17")
    assert "2 satker" in cell and THEME in cell and "Realisasi Investasi" in cell
    # The column costs the same queries however many units have an RB Tematik plan.
    assert (after, national_after) == (before, national_before)


def test_the_column_and_themes_in_english(small_plan, people, tree, client):
    from django.conf import settings

    for unit, theme in ((tree.bengkulu_tengah, THEME), (tree.bengkulu_selatan, THEME)):
        Plan.objects.create(unit=unit, year=small_plan.year, kind="tematik", theme=theme)
    client.force_login(people.national_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html, _n = _get(client, reverse("unit_rollup", args=[tree.ri.pk, small_plan.year]))
    assert "2 units" in _cell(html, "17")
    client.force_login(people.sekretaris)
    html = client.get(reverse("plan_kind_edit", args=[small_plan.pk])).content.decode()
    assert "Poverty Alleviation" in html and "Intervention focus" in html
