import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from renaksi.conftest import SEED_FILE, small_parsed_plan
from renaksi.plans.importers.table import (
    TableMapping,
    mapping_guess,
    parse_table,
    read_table,
)
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import ImportReport, Plan
from renaksi.plans.selectors import plan_to_parsed
from renaksi.plans.services import (
    PlanWriteError,
    plan_import,
    plan_import_file,
    plan_parse_file,
)
from renaksi.reports.lampiran import lampiran_docx, lampiran_xlsx


def _structure(plan: Plan) -> dict:
    """The plan as JSON without what the lampiran does not carry (decree, PIC, meaning)."""
    data = parsed_to_json(plan_to_parsed(plan=plan))
    data.pop("decree", None)

    def strip(node):
        if isinstance(node, dict):
            for key in ("pic", "pic2", "budget", "evidence", "target_kind", "target_scale"):
                node.pop(key, None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for item in node:
                strip(item)

    strip(data)
    return data


def _import_back(tree, people, data: bytes, name: str, year: int) -> Plan:
    parsed, fmt = plan_parse_file(filename=name, data=data)
    return plan_import(
        unit=tree.bengkulu_selatan,
        year=year,
        parsed=parsed,
        actor=people.sibling_sekretaris,
        source_name=name,
        source_bytes=data,
        source_format=fmt,
    )


@pytest.mark.parametrize(("writer", "suffix"), [(lampiran_xlsx, "xlsx"), (lampiran_docx, "docx")])
def test_it_reads_the_exported_seed_lampiran_back_to_the_same_plan(tree, people, writer, suffix):
    original = plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=people.sekretaris,
    )
    data = writer(plan=original)
    again = _import_back(tree, people, data, f"lampiran.{suffix}", 2022)
    assert _structure(again) == _structure(original)
    assert ImportReport.objects.get(plan=again).source_format == suffix


@pytest.mark.parametrize(("writer", "suffix"), [(lampiran_xlsx, "xlsx"), (lampiran_docx, "docx")])
@pytest.mark.parametrize("granularity", ["month", "quarter"])
def test_it_reads_the_exported_small_plan_back_with_targets(
    tree, people, writer, suffix, granularity
):
    original = plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=small_parsed_plan(granularity),
        actor=people.sekretaris,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )
    again = _import_back(tree, people, writer(plan=original), f"lampiran.{suffix}", 2023)
    assert _structure(again) == _structure(original)
    assert again.granularity == granularity


# --- a messy hand-made table -------------------------------------------------------------------

MESSY_HEADERS = [
    "No",
    "Area Perubahan",
    "Kegiatan",
    "Indikator",
    "Target (%)",
    "Satuan",
    "PIC",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "Keterangan",
]
# Rows 3..8 of the sheet; "" is an empty cell. Area cells are merged in the XLSX (rows 3–5).
MESSY_ROWS = [
    ["1.", "Manajemen Perubahan", "1. Penyusunan tim RB", "1. SK tim", 25, "-", "Sekretaris"]
    + ["√", "-", "", "", "-"],
    ["1.", "Manajemen Perubahan", "1. Penyusunan tim RB", "2. Rapat koordinasi", 0.25, "", ""]
    + ["12,5", "1.234,5", "–", "v", ""],
    ["1.", "Manajemen Perubahan", "2. Sosialisasi", "1. Sosialisasi RB", "25%", "", ""]
    + ["#NAME?", "x", "", "✓", ""],
    ["2.", "Penguatan Akuntabilitas", "1. Penyusunan LAKIP", "", "", "", ""]
    + ["", "", "", "", "catatan lepas"],
    ["2.", "Penguatan Akuntabilitas", "1. Penyusunan LAKIP", "1. LAKIP tersusun", "abc", "", ""]
    + ["??", "", "√", "", ""],
    ["", "", "", "", "", "", "Sekretaris", "", "", "", "", ""],
]
EMPTY_FORMULA_ROWS = 3000

MESSY_MAPPING = {
    "header_row": 2,
    "header_rows": 1,
    "first_data_row": 3,
    "granularity": "quarter",
    "columns": {
        "area_number": "A",
        "area": "B",
        "activity": "C",
        "indicator": "D",
        "target": "E",
        "unit": "F",
        "pic": "G",
        "note": "L",
    },
    "periods": {"1": "H", "2": "I", "3": "J", "4": "K"},
}


def messy_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "RB 2024"
    ws["A1"] = "RENCANA AKSI RB 2024"
    ws.merge_cells("A1:L1")
    ws.append(MESSY_HEADERS)
    for row in MESSY_ROWS:
        ws.append(row)
    # The area of rows 3–5 is one merged cell; its other cells are empty in the file.
    for col in "AB":
        ws[f"{col}4"] = None
        ws[f"{col}5"] = None
        ws.merge_cells(f"{col}3:{col}5")
    first_empty = 3 + len(MESSY_ROWS)
    for r in range(first_empty, first_empty + EMPTY_FORMULA_ROWS):
        ws[f"A{r}"] = f'=IF(D{r}="","",D{r})'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messy_csv() -> bytes:
    def text(value):
        if value == 0.25:
            return "0,25"
        return str(value)

    lines = ["RENCANA AKSI RB 2024" + ";" * 11, ";".join(MESSY_HEADERS)]
    lines += [";".join(text(v) for v in row) for row in MESSY_ROWS]
    lines += [";" * 11] * EMPTY_FORMULA_ROWS
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _codes(parsed):
    return sorted((f.code, f.line) for f in parsed.findings)


@pytest.mark.parametrize(("kind", "build"), [("xlsx", messy_xlsx), ("csv", messy_csv)])
def test_it_reads_a_messy_table_with_a_mapping_and_reports_truthfully(kind, build):
    grid = read_table(build(), kind)
    mapping = TableMapping.from_json(MESSY_MAPPING)
    assert mapping_guess(grid).to_json() == MESSY_MAPPING
    parsed = parse_table(grid, mapping)

    assert parsed.granularity == "quarter"
    assert [(a.number, a.name, a.reform_area) for a in parsed.areas] == [
        ("1", "Manajemen Perubahan", 1),
        ("2", "Penguatan Akuntabilitas", 6),
    ]
    first, second = parsed.areas
    assert [(k.number, k.name) for k in first.activities] == [
        ("1", "Penyusunan tim RB"),
        ("2", "Sosialisasi"),
    ]
    sk, rapat = first.activities[0].indicators
    assert (sk.number, sk.text, sk.target, sk.unit, sk.pic, sk.periods) == (
        "1",
        "SK tim",
        Decimal(25),
        "%",
        "Sekretaris",
        [1],
    )
    assert rapat.target == Decimal(25)
    assert rapat.periods == [1, 2, 4]
    assert rapat.period_targets == {1: Decimal("12.5"), 2: Decimal("1234.5")}
    (sosialisasi,) = first.activities[1].indicators
    assert sosialisasi.target == Decimal(25) and sosialisasi.periods == [2, 4]
    (lakip_activity,) = second.activities
    (lakip,) = lakip_activity.indicators
    assert (lakip.text, lakip.target, lakip.periods) == ("LAKIP tersusun", None, [3])

    assert _codes(parsed) == [
        ("cell_error", 5),
        ("empty_rows_skipped", 9),
        ("note_without_indicator", 6),
        ("percent_read", 4),
        ("percent_read", 5),
        ("period_unreadable", 7),
        ("row_without_indicator", 8),
        ("target_unreadable", 7),
    ]
    by_code = {f.code: f for f in parsed.findings}
    assert by_code["cell_error"].params["cell"] == "H5"
    assert by_code["cell_error"].params["value"] == "#NAME?"
    assert by_code["period_unreadable"].params["cell"] == "H7"
    assert by_code["empty_rows_skipped"].params["count"] == EMPTY_FORMULA_ROWS


def test_it_tells_a_csv_by_its_header_and_needs_no_mapping_for_known_headers(tree, people):
    parsed, fmt = plan_parse_file(filename="rencana.txt", data=messy_csv())
    assert fmt == "csv"
    assert len(list(parsed.iter_indicators())) == 4


def test_it_reads_lettered_sub_kegiatan_as_children_and_tab_separated_cp1252():
    rows = [
        "Kegiatan\tSub Kegiatan\tIndikator\tJan\tFeb",
        "1. Perencanaan\t1. Pembentukan tim\tSK tim\tv\t",
        "1. Perencanaan\ta. Tim pengarah\tSK pengarah\t\t1",
        "1. Perencanaan\tb. Tim pelaksana\tSK pelaksana – ok\t1\t",
    ]
    grid = read_table("\n".join(rows).encode("cp1252"), "csv")
    parsed = parse_table(grid, mapping_guess(grid))
    (activity,) = parsed.areas[0].activities
    (sub,) = activity.sub_activities
    assert [c.number for c in sub.sub_activities] == ["a", "b"]
    assert sub.sub_activities[1].indicators[0].text == "SK pelaksana – ok"
    assert sub.sub_activities[0].indicators[0].periods == [2]
    assert parsed.areas[0].name == "Area tanpa nama"
    assert parsed.findings == []


# --- hostile files -----------------------------------------------------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "A" * (60 * 1024 * 1024) + "</sst>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.xlsx", _zip_bomb(), "terlalu besar setelah dibuka"),
        ("palsu.xlsx", b"ini bukan zip sama sekali", "bukan zip"),
        ("lebar.csv", (";".join(["x"] * 10_000) + "\n").encode(), "terlalu banyak kolom"),
    ],
)
def test_it_refuses_hostile_tables_and_writes_nothing(tree, people, name, data, message):
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(PlanWriteError, match=message):
        plan_import_file(
            unit=tree.bengkulu_tengah, year=2024, filename=name, data=data, actor=people.sekretaris
        )
    assert not Plan.objects.exists()
    assert not ImportReport.objects.exists()


def test_it_refuses_a_table_larger_than_the_upload_limit(tree, people, settings):
    settings.PLAN_IMPORT_MAX_BYTES = 1024
    with pytest.raises(PlanWriteError, match="terlalu besar"):
        plan_import_file(
            unit=tree.bengkulu_tengah,
            year=2024,
            filename="besar.xlsx",
            data=messy_xlsx(),
            actor=people.sekretaris,
        )
    assert not Plan.objects.exists()


def test_it_asks_for_a_mapping_when_the_columns_are_unknown(tree, people):
    data = b"Butir;Uraian\n1;Sesuatu\n"
    with pytest.raises(PlanWriteError, match="pemetaan"):
        plan_parse_file(filename="aneh.csv", data=data)


# --- the command -------------------------------------------------------------------------------


def test_it_imports_a_table_from_the_command_line_with_a_mapping_file(tree, people, tmp_path):
    import json

    from django.core.management import call_command

    source = tmp_path / "rencana.xlsx"
    source.write_bytes(messy_xlsx())
    mapping = tmp_path / "pemetaan.json"
    mapping.write_text(json.dumps(MESSY_MAPPING))
    out = io.StringIO()
    call_command(
        "import_plan",
        str(source),
        unit="17.09",
        year=2024,
        mapping=str(mapping),
        dry_run=True,
        stdout=out,
    )
    assert "Uji baca" in out.getvalue() and "4 indikator" in out.getvalue()
    assert not Plan.objects.exists()

    call_command(
        "import_plan", str(source), unit="17.09", year=2024, mapping=str(mapping), stdout=out
    )
    plan = Plan.objects.get(unit=tree.bengkulu_tengah, year=2024)
    assert plan.granularity == "quarter"
    assert ImportReport.objects.get(plan=plan).source_format == "xlsx"


def test_it_guesses_common_header_names():
    months = ";".join(f"B{m:02d}" for m in range(1, 13))
    header = f"No;Program;Kegiatan;Indikator;Target;Satuan;PIC/Penanggung jawab;{months};Ket"
    grid = read_table((header + "\n").encode(), "csv")
    mapping = mapping_guess(grid)
    assert mapping.columns == {
        "area_number": 0,
        "area": 1,
        "activity": 2,
        "indicator": 3,
        "target": 4,
        "unit": 5,
        "pic": 6,
        "note": 19,
    }
    assert mapping.granularity == "month" and mapping.periods == {m: 6 + m for m in range(1, 13)}

    grid = read_table(b"Program,Indikator,Jan,Feb,Mar,Apr,Mei,Jun,Jul,Agu,Sep,Okt,Nov,Des\n", "csv")
    mapping = mapping_guess(grid)
    assert mapping.columns == {"activity": 0, "indicator": 1}
    assert sorted(mapping.periods) == list(range(1, 13))
