"""The working XLSX round-trips a plan exactly, and real spreadsheets import faithfully."""

from decimal import Decimal

import openpyxl
import pytest

from renaksi.conftest import small_parsed_plan
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import PlanWriteError, plan_import, plan_parse_file
from renaksi.plans.workbook import plan_to_xlsx


def _rich_plan():
    parsed = small_parsed_plan()
    ind = next(iter(parsed.iter_indicators()))
    ind.pic2, ind.budget = "Kasubbag Umum", Decimal("12500000.50")
    ind.evidence = ["https://contoh.go.id/sk.pdf", "https://contoh.go.id/foto"]
    ind.target_kind, ind.target_scale = "cumulative", "percent"
    ind.period_targets = {1: Decimal("25"), 2: Decimal("50")}
    ind.periods = [1, 2]
    ind.note = "=SUM(A1)\nbaris kedua"
    return parsed


def test_the_working_xlsx_round_trips_a_plan_exactly(tree, people):
    original = plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=_rich_plan(),
        actor=people.sekretaris,
        source_name="a.json",
        source_bytes=b"{}",
        source_format="json",
    )
    data = plan_to_xlsx(plan_to_parsed(plan=original))
    book = openpyxl.load_workbook(__import__("io").BytesIO(data))
    assert book.sheetnames == ["Rencana", "Keputusan"]
    parsed, fmt = plan_parse_file(filename="kerja.xlsx", data=data)
    assert fmt == "xlsx_work"
    again = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=parsed,
        actor=people.sibling_sekretaris,
        source_name="kerja.xlsx",
        source_bytes=data,
        source_format=fmt,
    )
    assert parsed_to_json(plan_to_parsed(plan=again)) == parsed_to_json(
        plan_to_parsed(plan=original)
    )
    ind = again.areas.first().activities.first().indicators.first()
    assert ind.budget == Decimal("12500000.50") and ind.target_kind == "cumulative"


def test_the_working_xlsx_round_trips_the_seed_plan(tree, people):
    from renaksi.conftest import SEED_FILE
    from renaksi.plans.services import plan_import_file

    original = plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=people.sekretaris,
    )
    # As the demo has it: a PIC with an account on some indicators, a name on others, and the
    # new fields filled.
    from renaksi.plans.models import Indicator

    ids = list(
        Indicator.objects.filter(activity__area__plan=original)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Indicator.objects.filter(pk__in=ids[::3]).update(pic=people.pelaksana)
    Indicator.objects.filter(pk__in=ids[1::5]).update(
        pic_name="Kasubbag Umum",
        pic2_name="Operator SIPOL",
        budget=Decimal("1500000.25"),
        evidence_links=["https://kpu.go.id/a b", "https://kpu.go.id/c"],
        target_kind="per_period",
        target_scale="count",
        target_value=Decimal("12.3456"),
        target_unit="dokumen",
    )
    before = parsed_to_json(plan_to_parsed(plan=original))
    data = plan_to_xlsx(plan_to_parsed(plan=original))
    parsed, fmt = plan_parse_file(filename="kerja.xlsx", data=data)
    assert parsed_to_json(parsed) == before
    # And through the database into another unit: the same plan, field for field.
    again = plan_import(
        unit=tree.bengkulu_selatan,
        year=2022,
        parsed=parsed,
        actor=people.sibling_sekretaris,
        source_name="kerja.xlsx",
        source_bytes=data,
        source_format=fmt,
    )
    assert parsed_to_json(plan_to_parsed(plan=again)) == before


def test_the_working_xlsx_downloads_from_the_plan_page_and_imports_back(client, tree, people):
    from django.urls import reverse

    original = plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=_rich_plan(),
        actor=people.sekretaris,
        source_name="a.json",
        source_bytes=b"{}",
        source_format="json",
    )
    client.force_login(people.viewer)
    page = client.get(reverse("plan_detail", args=[original.pk])).content.decode()
    url = reverse("plan_export_working_xlsx", args=[original.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].endswith("sheet")
    parsed, fmt = plan_parse_file(filename="kerja.xlsx", data=response.content)
    assert fmt == "xlsx_work"
    assert parsed_to_json(parsed) == parsed_to_json(plan_to_parsed(plan=original))
    client.force_login(people.other_province_sekretaris)
    assert client.get(url).status_code == 404


def test_the_plan_page_and_the_monev_report_show_the_new_fields_and_the_meaning(
    client, tree, people
):
    import datetime

    from django.urls import reverse

    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=_rich_plan(),
        actor=people.sekretaris,
        source_name="a.json",
        source_bytes=b"{}",
        source_format="json",
    )
    client.force_login(people.viewer)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Kumulatif · Persen (0–100)" in page
    assert "Kasubbag Umum" in page and "12.500.000,50" in page
    assert 'href="https://contoh.go.id/sk.pdf"' in page

    from renaksi.reports.monev_data import Span, monev_data

    data = monev_data(plan=plan, span=Span.parse("quarter", 1), today=datetime.date(2023, 4, 20))
    assert any(row.target.endswith("(kumulatif)") for row in data.indicators)


def test_an_evidence_link_that_is_not_http_is_refused_before_saving():
    import json

    data = json.dumps(
        {
            "areas": [
                {
                    "name": "A",
                    "activities": [
                        {
                            "name": "K",
                            "indicators": [{"text": "I", "evidence": ["javascript:alert(1)"]}],
                        }
                    ],
                }
            ]
        }
    ).encode()
    with pytest.raises(PlanWriteError, match="http"):
        plan_parse_file(filename="x.json", data=data)


def test_the_official_lampiran_xlsx_reads_back_its_decree_and_skips_the_signature(tree, people):
    from renaksi.conftest import SEED_FILE
    from renaksi.plans.services import plan_import_file
    from renaksi.reports.lampiran import lampiran_xlsx

    original = plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=people.sekretaris,
    )
    parsed, fmt = plan_parse_file(filename="lampiran.xlsx", data=lampiran_xlsx(plan=original))
    assert fmt == "xlsx"
    decree = original.decree
    assert parsed.decree.number == decree.lampiran_number
    assert parsed.decree.about.startswith("Rencana Aksi Reformasi Birokrasi")
    assert "Tahun 2022" in parsed.decree.about
    assert parsed.decree.signer_name == decree.signer_name
    codes = [f.code for f in parsed.findings]
    # The signature block is listed as skipped, never read as month marks.
    assert "rows_skipped_block" in codes and "period_unreadable" not in codes
    assert "ticks_without_indicator" not in codes


def test_the_working_xlsx_round_trips_the_demo_plan_exactly(db):
    """The demo as ``seed_demo`` builds it (PICs with accounts, realisations, reports), its
    plan exported to the working XLSX and imported into a unit without one: the same plan."""
    from django.core.management import call_command

    from renaksi.organisations.models import Unit, User
    from renaksi.plans.models import Plan

    call_command("seed_demo", stdout=__import__("io").StringIO())
    demo = Plan.objects.get(unit__code="17.09", year=2022)
    before = parsed_to_json(plan_to_parsed(plan=demo))
    assert any(
        ind.get("pic")
        for area in before["areas"]
        for act in area["activities"]
        for ind in act["indicators"]
    )
    data = plan_to_xlsx(plan_to_parsed(plan=demo))
    parsed, fmt = plan_parse_file(filename="rencana-kerja.xlsx", data=data)
    assert fmt == "xlsx_work"
    assert parsed_to_json(parsed) == before
    target = Unit.objects.filter(parent__code="17").exclude(plans__year=2022).first()
    again = plan_import(
        unit=target,
        year=2022,
        parsed=parsed,
        actor=User.objects.get(username="admin"),
        source_name="rencana-kerja.xlsx",
        source_bytes=data,
        source_format=fmt,
    )
    assert parsed_to_json(plan_to_parsed(plan=again)) == before
