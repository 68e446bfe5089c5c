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


def _sheet(rows, name="Sheet1"):
    import io

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = name
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SNAKE = [
    "area_perubahan",
    "rencana_aksi_desc",
    "indikator_output",
    "satuan",
    "target",
    "tw1",
    "tw2",
    "tw3",
    "tw4",
    "pic_pelaksana",
    "memo_internal",
]


def test_snake_case_headers_fractions_cumulative_totals_legends_and_a_long_unmapped_note():
    rows = [
        SNAKE,
        [
            "Manajemen Perubahan",
            "1. Sosialisasi RB",
            "Laporan sosialisasi",
            "persen",
            1,
            0.25,
            0.5,
            0.75,
            1,
            "Kasubbag",
            "x" * 6000,
        ],
        [
            "Manajemen Perubahan",
            "1. Sosialisasi RB",
            "Dokumen SK",
            "dokumen",
            4,
            1,
            1,
            1,
            1,
            "Sekretaris",
            "",
        ],
        [
            "Penguatan Akuntabilitas",
            "1. SAKIP",
            "Laporan kinerja",
            "persen",
            100,
            25,
            50,
            75,
            100,
            "Kasubbag",
            "",
        ],
        [
            "Manajemen Perubahan",
            "2. Monitoring",
            "Laporan monev",
            "dokumen",
            2,
            "",
            1,
            "",
            1,
            "Sekretaris",
            "",
        ],
        ["JUMLAH", "", "", "", "", "", "", "", "", "", ""],
        ["Keterangan: √ = dilaksanakan", "", "", "", "", "", "", "", "", "", ""],
    ]
    parsed, fmt = plan_parse_file(filename="etl.xlsx", data=_sheet(rows))
    assert fmt == "xlsx"
    # Repeated area names merged, not duplicated.
    assert [a.name for a in parsed.areas] == ["Manajemen Perubahan", "Penguatan Akuntabilitas"]
    inds = {i.text: i for i in parsed.iter_indicators()}
    assert set(inds) == {"Laporan sosialisasi", "Dokumen SK", "Laporan kinerja", "Laporan monev"}
    frac = inds["Laporan sosialisasi"]
    assert frac.period_targets == {1: 25, 2: 50, 3: 75, 4: 100}
    assert (frac.target_kind, frac.target_scale) == ("cumulative", "percent")
    assert inds["Laporan kinerja"].target_kind == "cumulative"
    assert inds["Dokumen SK"].unit == "dokumen" and inds["Laporan monev"].pic == "Sekretaris"
    codes = {f.code for f in parsed.findings}
    assert {"fractions_as_percent", "rows_skipped_total", "rows_skipped_legend"} <= codes


def test_a_long_note_in_a_mapped_column_is_refused_naming_the_cell():
    rows = [SNAKE[:4] + ["keterangan"], ["Area", "1. K", "Ind", "x", "y" * 6000]]
    with pytest.raises(PlanWriteError) as refused:
        plan_parse_file(filename="panjang.xlsx", data=_sheet(rows))
    assert "E2" in str(refused.value) and "terlalu panjang" in str(refused.value)


def test_the_cli_guess_without_area_or_kegiatan_is_refused_unless_flat():
    rows = [["indikator", "satuan", "jan", "feb"], ["Laporan", "dokumen", "v", ""]]
    with pytest.raises(PlanWriteError, match="--flat"):
        plan_parse_file(filename="datar.xlsx", data=_sheet(rows))
    parsed, _fmt = plan_parse_file(filename="datar.xlsx", data=_sheet(rows), flat=True)
    assert [i.text for i in parsed.iter_indicators()] == ["Laporan"]


def test_a_google_sheets_export_with_formulas_reads_the_cached_values():
    import io
    import zipfile

    rows = [
        ["Area", "Kegiatan", "Indikator", "Target", "TW1", "TW2"],
        ["Manajemen Perubahan", "1. A", "Laporan", 10, 4, 6],
    ]
    data = _sheet(rows)
    # Replace the cached numbers with formulas that carry the same cached values.
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b'<c r="D2" t="n"><v>10</v>', b'<c r="D2"><f>E2+F2</f><v>10</v>'
                )
            dst.writestr(item, body)
    parsed, _fmt = plan_parse_file(filename="gsheets.xlsx", data=out.getvalue())
    ind = next(parsed.iter_indicators())
    assert ind.target == 10 and ind.period_targets == {1: 4, 2: 6}


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        (
            "lke.xlsx",
            _sheet([["Komponen", "Pilar", "Bobot", "Jawaban", "Nilai"]], "LKE ZI"),
            "Evaluasi",
        ),
        ("tabel.html", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
        ("rencana.md", b"# Rencana\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "Markdown"),
    ],
)
def test_evaluation_worksheets_html_and_markdown_are_refused_saying_what_they_are(
    name, data, words
):
    with pytest.raises(PlanWriteError) as refused:
        plan_parse_file(filename=name, data=data)
    assert words in str(refused.value) and name in str(refused.value)


def test_two_sections_of_different_layouts_are_proposed_and_read_each_with_its_mapping():
    rows = [
        ["RENCANA AKSI 2024"],
        ["Area", "Kegiatan", "Indikator", "PIC", "Jan", "Feb", "Mar", "KET"],
        ["Manajemen Perubahan", "1. Tim RB", "SK tim", "Sekretaris", "v", "", "", ""],
        ["Manajemen Perubahan", "1. Tim RB", "Rapat tim", "Kasubbag", "", "v", "", "ok"],
        ["JUMLAH", "", "", "", "1", "1", "", ""],
        [],
        ["Keterangan: v = dilaksanakan"],
        [],
        # The second block: another layout, the periods first and the PIC last.
        ["No", "Area Perubahan", "Rencana Aksi", "TW I", "TW II", "Indikator", "Satuan", "PIC"],
        [
            "1",
            "Penguatan Akuntabilitas",
            "1. SAKIP",
            "v",
            "",
            "LKj tersusun",
            "dokumen",
            "Kasubbag",
        ],
        ["2", "Manajemen Perubahan", "2. Monev", "", "v", "Laporan monev", "laporan", "Sekretaris"],
    ]
    from renaksi.plans.importers.table import read_table, sections_guess

    data = _sheet(rows)
    grid = read_table(data, "xlsx")
    sections = sections_guess(grid)
    assert [(s.header_row, s.first_data_row, s.last_data_row) for s in sections] == [
        (2, 3, 8),
        (9, 10, None),
    ]
    assert sections[1].columns["pic"] == 7 and sections[1].periods == {1: 3, 2: 4}


def test_sections_of_the_same_granularity_join_into_one_plan_with_merged_areas():
    rows = [
        ["Area", "Kegiatan", "Indikator", "PIC", "TW I", "TW II", "KET"],
        ["Manajemen Perubahan", "1. Tim RB", "SK tim", "Sekretaris", "v", "", ""],
        ["JUMLAH", "", "", "", "1", "", ""],
        ["Keterangan: v = dilaksanakan"],
        ["No", "Area Perubahan", "Rencana Aksi", "TW I", "TW II", "Indikator", "Satuan", "PIC"],
        [
            "1",
            "Penguatan Akuntabilitas",
            "1. SAKIP",
            "v",
            "",
            "LKj tersusun",
            "dokumen",
            "Kasubbag",
        ],
        ["2", "Manajemen Perubahan", "2. Monev", "", "v", "Laporan monev", "laporan", "Sekretaris"],
    ]
    parsed, _fmt = plan_parse_file(filename="dua.xlsx", data=_sheet(rows))
    assert [a.name for a in parsed.areas] == ["Manajemen Perubahan", "Penguatan Akuntabilitas"]
    mp = parsed.areas[0]
    assert [k.name for k in mp.activities] == ["Tim RB", "Monev"]
    monev = mp.activities[1].indicators[0]
    assert (monev.text, monev.unit, monev.pic, monev.periods) == (
        "Laporan monev",
        "laporan",
        "Sekretaris",
        [2],
    )
    codes = [f.code for f in parsed.findings]
    assert codes.count("section_read") == 2
    assert "rows_skipped_total" in codes and "rows_skipped_legend" in codes
    assert "column_kind_changed" not in codes


def test_a_second_block_read_with_the_first_blocks_mapping_stops_and_asks(tree, people):
    from renaksi.plans.importers.table import TableMapping, read_table

    rows = [
        ["Area", "Kegiatan", "Indikator", "PIC", "TW I", "TW II", "KET"],
        ["Manajemen Perubahan", "1. Tim RB", "SK tim", "Sekretaris", "v", "", ""],
        ["Penguatan Akuntabilitas", "1. SAKIP", "LKj", 2024, "dokumen", "Kasubbag", 5],
        ["Penguatan Akuntabilitas", "1. SAKIP", "Reviu", 2024, "laporan", "Sekretaris", 7],
    ]
    grid = read_table(_sheet(rows), "xlsx")
    mapping = TableMapping.from_json(
        {
            "header_row": 1,
            "first_data_row": 2,
            "granularity": "quarter",
            "columns": {"area": "A", "activity": "B", "indicator": "C", "pic": "D", "note": "G"},
            "periods": {"1": "E", "2": "F"},
        }
    )
    from renaksi.plans.services import plan_parse_table

    parsed = plan_parse_table(filename="x.xlsx", grid=grid, mapping=mapping)
    stops = [f for f in parsed.findings if f.code == "column_kind_changed"]
    assert {f.params["column"] for f in stops} == {"D", "E", "F", "G"}
    assert all(f.severity == "error" for f in stops)


def test_the_cli_stops_on_a_kind_change_unless_accepted_and_refuses_a_flat_guess(
    tree, people, tmp_path
):
    import json

    from django.core.management import CommandError, call_command

    from renaksi.plans.models import Plan

    rows = [
        ["Area", "Kegiatan", "Indikator", "PIC", "TW I", "TW II", "KET"],
        ["Manajemen Perubahan", "1. Tim RB", "SK tim", "Sekretaris", "v", "", ""],
        ["Penguatan Akuntabilitas", "1. SAKIP", "LKj", 2024, "dokumen", "Kasubbag", 5],
        ["Penguatan Akuntabilitas", "1. SAKIP", "Reviu", 2024, "laporan", "Sekretaris", 7],
    ]
    path = tmp_path / "ubah.xlsx"
    path.write_bytes(_sheet(rows))
    mapping = tmp_path / "peta.json"
    mapping.write_text(
        json.dumps(
            {
                "sections": [
                    {
                        "header_row": 1,
                        "first_data_row": 2,
                        "granularity": "quarter",
                        "columns": {"area": "A", "activity": "B", "indicator": "C", "pic": "D"},
                        "periods": {"1": "E", "2": "F"},
                    }
                ]
            }
        )
    )
    args = [str(path), "--unit", "17.09", "--year", "2024", "--mapping", str(mapping)]
    with pytest.raises(CommandError, match="--accept-changes"):
        call_command("import_plan", *args)
    assert not Plan.objects.exists()
    call_command("import_plan", *args, "--accept-changes")
    assert Plan.objects.count() == 1

    flat = tmp_path / "datar.xlsx"
    flat.write_bytes(_sheet([["indikator", "jan"], ["Laporan", "v"]]))
    flat_args = [str(flat), "--unit", "17.01", "--year", "2024"]
    with pytest.raises(CommandError, match="--flat"):
        call_command("import_plan", *flat_args)
    call_command("import_plan", *flat_args, "--flat")
    assert Plan.objects.count() == 2


def test_fragments_of_a_split_cell_are_joined_to_the_indicator_above():
    rows = [
        ["Area", "Kegiatan", "Indikator", "Jan", "Feb"],
        ["Manajemen Perubahan", "1. Tim RB", "Tersedianya laporan pelaksanaan", "v", ""],
        ["", "", "kegiatan tim reformasi birokrasi", "", ""],
        ["", "", "Rapat koordinasi", "", "v"],
    ]
    parsed, _fmt = plan_parse_file(filename="pecah.xlsx", data=_sheet(rows))
    assert [i.text for i in parsed.iter_indicators()] == [
        "Tersedianya laporan pelaksanaan kegiatan tim reformasi birokrasi",
        "Rapat koordinasi",
    ]
    assert "fragment_joined" in {f.code for f in parsed.findings}


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

    from renaksi.reports.monev import Span, monev_data

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
