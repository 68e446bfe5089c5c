"""Real spreadsheets import faithfully: snake_case headers, sections of different layouts,
legend and total rows, fractions and cumulative targets, long unmapped notes, Google Sheets
formulas, split cells; other formats are refused saying what they are."""

from decimal import Decimal  # noqa: F401

import openpyxl
import pytest

from renaksi.plans.services import PlanWriteError, plan_parse_file


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


def _with_cached_values(data: bytes, cached: dict[str, object]) -> bytes:
    """An openpyxl book whose formula cells carry cached values, as Google Sheets exports them
    (openpyxl itself writes formulas with an empty cached value)."""
    import io
    import re
    import zipfile
    from xml.sax.saxutils import escape

    def fill(match):
        ref, formula = match.group(1), match.group(2)
        value = cached[ref]
        if isinstance(value, str):
            return f'<c r="{ref}" t="str"><f>{formula}</f><v>{escape(value)}</v></c>'
        return f'<c r="{ref}"><f>{formula}</f><v>{value}</v></c>'

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text, count = re.subn(
                    r'<c r="([A-Z]+\d+)"><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                    fill,
                    body.decode(),
                )
                assert count == len(cached)  # every formula given its cached value
                body = text.encode()
            dst.writestr(item, body)
    return out.getvalue()


def test_a_google_sheets_plan_whose_cells_are_all_formulas_imports_its_cached_values():
    import io

    rows = [
        ["Area Perubahan", "Kegiatan", "Indikator Keberhasilan", "Satuan", "Target"]
        + ["TW I", "TW II", "TW III", "TW IV", "PIC"],
        ["Manajemen Perubahan", "1. Sosialisasi RB", '=CONCATENATE("Laporan ","sosialisasi")']
        + ["dokumen", "=SUM(F2:I2)", 1, "=F2", "=G2", "=H2", "Kasubbag Umum"],
        ["=A2", "=B2", '=C2&" triwulan"', "=D2", "=SUM(F3:I3)", "", 2, "", 2, "=J2"],
        ["Penguatan Akuntabilitas", "1. SAKIP", "Laporan kinerja", "persen", "=I4"]
        + [25, "=F4*2", "=F4*3", "=F4*4", '=UPPER("sekretaris")'],
    ]
    cached = {
        "C2": "Laporan sosialisasi",
        "E2": 4,
        "G2": 1,
        "H2": 1,
        "I2": 1,
        "A3": "Manajemen Perubahan",
        "B3": "1. Sosialisasi RB",
        "C3": "Laporan sosialisasi triwulan",
        "D3": "dokumen",
        "E3": 4,
        "J3": "Kasubbag Umum",
        "E4": 100,
        "G4": 50,
        "H4": 75,
        "I4": 100,
        "J4": "SEKRETARIS",
    }
    data = _with_cached_values(_sheet(rows), cached)
    # The cells really are formulas: a reader that took them would read "=…".
    formulas = openpyxl.load_workbook(io.BytesIO(data)).active
    assert formulas["C2"].value.startswith("=CONCATENATE") and formulas["A3"].value == "=A2"
    parsed, fmt = plan_parse_file(filename="google-sheets.xlsx", data=data)
    assert fmt == "xlsx"
    assert [a.name for a in parsed.areas] == ["Manajemen Perubahan", "Penguatan Akuntabilitas"]
    assert [k.name for k in parsed.areas[0].activities] == ["Sosialisasi RB"]
    inds = {i.text: i for i in parsed.iter_indicators()}
    assert list(inds) == ["Laporan sosialisasi", "Laporan sosialisasi triwulan", "Laporan kinerja"]
    first, second, third = inds.values()
    assert first.target == 4 and first.period_targets == {1: 1, 2: 1, 3: 1, 4: 1}
    assert first.unit == "dokumen" and first.pic == "Kasubbag Umum"
    assert second.period_targets == {2: 2, 4: 2} and second.pic == "Kasubbag Umum"
    assert second.unit == "dokumen"
    assert third.period_targets == {1: 25, 2: 50, 3: 75, 4: 100}
    assert third.target_kind == "cumulative" and third.pic == "SEKRETARIS"
    assert not any("=" in i.text for i in parsed.iter_indicators())


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
