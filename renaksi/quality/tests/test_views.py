"""The Mutu rencana page, its panel, and the writes behind its buttons."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from renaksi.audit.models import AuditEvent
from renaksi.plans.models import Indicator, Plan
from renaksi.quality.models import CriteriaSet, Criterion, PublishedImmutable
from renaksi.quality.services import criteria_set_publish
from renaksi.quality.tests.helpers import activities_plan


@pytest.fixture
def plan(tree, people):
    return activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=[f"Kegiatan {i}" for i in range(12)],
    )


def test_the_page_and_panel_show_grades_checks_and_score(client, people, plan):
    client.force_login(people.viewer)
    page = client.get(f"/rencana/{plan.pk}/mutu/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Penetapan Kegiatan Utama" in html
    assert "12 indikator tanpa target." in html
    assert "Rencana tahun berikutnya" not in html  # a reader cannot create it

    panel = client.get(f"/rencana/{plan.pk}/mutu/panel/")
    assert 'data-testid="quality-panel"' in panel.content.decode()
    assert "<html" not in panel.content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_panel_costs_the_same_queries_whatever_the_plan_size(client, people, tree, plan):
    client.force_login(people.viewer)
    client.get(f"/rencana/{plan.pk}/mutu/panel/")
    small = _queries(client, f"/rencana/{plan.pk}/mutu/panel/")
    big = activities_plan(
        unit=tree.bengkulu_selatan,
        actor=None,
        names=[f"Kegiatan {i}" for i in range(60)],
    )
    client.force_login(people.province_sekretaris)
    client.get(f"/rencana/{big.pk}/mutu/panel/")
    assert _queries(client, f"/rencana/{big.pk}/mutu/panel/") == small <= 22


def test_a_manager_sets_baseline_and_yearly_target(client, people, plan):
    indicator = Indicator.objects.filter(activity__area__plan=plan).first()
    client.force_login(people.sekretaris)
    url = f"/rencana/{plan.pk}/indikator/{indicator.pk}/target-tahunan/"
    response = client.post(url, {"baseline": "40,5", "yearly_target": "60"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.baseline, indicator.yearly_target) == (Decimal("40.5"), Decimal(60))
    assert AuditEvent.objects.filter(action="indicator.targets_updated").count() == 1

    bad = client.post(url, {"baseline": "empat puluh", "yearly_target": ""})
    assert bad.status_code == 200
    indicator.refresh_from_db()
    assert indicator.baseline == Decimal("40.5")


def test_next_year_and_confirm_through_the_pages(client, people, plan):
    client.force_login(people.sekretaris)
    response = client.post(f"/rencana/{plan.pk}/rencana-tahun-berikutnya/")
    new = Plan.objects.get(unit=plan.unit, year=2024)
    assert response["Location"] == f"/rencana/{new.pk}/mutu/"
    assert new.is_draft
    assert 'data-testid="draft-badge"' in client.get(f"/rencana/{new.pk}/mutu/").content.decode()
    client.post(f"/rencana/{new.pk}/konfirmasi/")
    new.refresh_from_db()
    assert not new.is_draft

    again = client.post(f"/rencana/{plan.pk}/rencana-tahun-berikutnya/", follow=True)
    assert "sudah ada" in again.content.decode()
    assert Plan.objects.filter(unit=plan.unit).count() == 2


def test_baselines_fill_from_last_years_plan(client, people, tree):
    activities_plan(unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["A"], year=2022)
    this_year = activities_plan(
        unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["A", "B"], year=2023
    )
    client.force_login(people.sekretaris)
    client.post(f"/rencana/{this_year.pk}/mutu/isi-baseline/")
    baselines = list(
        Indicator.objects.filter(activity__area__plan=this_year)
        .order_by("activity__position")
        .values_list("baseline", flat=True)
    )
    assert baselines == [Decimal(0), None]  # A: nothing verified in 2022; B is new


def test_a_tematik_plan_lives_beside_the_general_plan_of_the_same_year(tree, people, plan):
    from renaksi.conftest import small_parsed_plan
    from renaksi.plans.services import plan_import

    tematik = plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sekretaris,
        source_name="tematik.json",
        source_bytes=b"{}",
        source_format="json",
        kind="tematik",
    )
    assert {p.kind for p in Plan.objects.filter(unit=tree.bengkulu_tengah, year=2023)} == {
        "general",
        "tematik",
    }
    assert tematik.pk != plan.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(unit=tree.bengkulu_tengah, year=2023, kind="tematik")


def test_the_national_export_downloads_as_xlsx_and_json(client, people, plan):
    client.force_login(people.viewer)
    xlsx = client.get(f"/rencana/{plan.pk}/format-nasional.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    data = client.get(f"/rencana/{plan.pk}/format-nasional.json").json()
    assert data["format"] == "renaksi-rb-nasional"
    assert len(data["rencana_aksi"]) == 12
    assert client.get(f"/rencana/{plan.pk}/format-nasional.csv").status_code == 404


def test_a_published_criteria_set_never_changes(db, admin_user):
    published = CriteriaSet.objects.get(year=2024)
    with pytest.raises(PublishedImmutable):
        published.save()
    with pytest.raises(PublishedImmutable):
        published.criteria.first().save()
    with pytest.raises(PublishedImmutable):
        published.kegiatan_utama.first().delete()

    draft = CriteriaSet.objects.create(
        year=2025, name="Draf 2025", plan_points=3, implementation_points=7
    )
    Criterion.objects.create(
        criteria_set=draft, position=1, code="anggaran", group="G", name="Anggaran", method="budget"
    )
    draft.name = "Kriteria 2025"
    draft.save()
    criteria_set_publish(criteria_set=draft, actor=admin_user)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    with pytest.raises(PublishedImmutable):
        draft.save()


def test_the_cli_keeps_general_by_default_and_takes_kind(tree, people, plan, tmp_path):
    import json as _json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    source = tmp_path / "plan.json"
    out = StringIO()
    call_command("export_plan", unit="17.09", year=2023, output=str(source), stdout=out)
    call_command("import_plan", str(source), unit="17.09", year=2023, kind="tematik", stdout=out)
    tematik = Plan.objects.get(unit=tree.bengkulu_tengah, year=2023, kind="tematik")

    general = tmp_path / "general.json"
    call_command("export_plan", unit="17.09", year=2023, output=str(general), stdout=out)
    assert len(_json.loads(general.read_text())["areas"][0]["activities"]) == 12
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("export_plan", unit="17.09", year=2022, kind="tematik", stdout=out)
    quality = StringIO()
    call_command(
        "plan_quality", unit="17.09", year=2023, kind="tematik", format="json", stdout=quality
    )
    assert len(_json.loads(quality.getvalue())["criteria"]) == 7
    assert tematik.areas.count() == 1


def test_year_over_year_shows_each_indicators_realisation_by_year(client, people, tree):
    activities_plan(unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["A"], year=2022)
    this_year = activities_plan(
        unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["A", "B"], year=2023
    )
    client.force_login(people.viewer)
    html = client.get(f"/rencana/{this_year.pk}/tahun-ke-tahun/").content.decode()
    assert '<th scope="col" class="text-end">2022</th>' in html
    assert '<th scope="col" class="text-end">2023</th>' in html
    # A existed in 2022 (0 % verified), B is new: one 0 for 2022, and 0 for both in 2023.
    assert html.count('<td class="text-end">0</td>') == 3
    assert html.count('<td class="text-end">—</td>') == 1
