"""LKE workbooks built with openpyxl in the official style."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from renaksi.evaluations.models import Instrument
from renaksi.evaluations.xlsx_import import WorkbookError, read_workbook


def official_workbook(path, *, codes="A.1.I.i", strip=True, second_sheet=True):
    wb = Workbook()
    ws = wb.active
    ws.title = "LKE"
    if second_sheet:
        wb.create_sheet("Petunjuk").append(["Petunjuk pengisian"])
    ws["A1"] = "LEMBAR KERJA EVALUASI"
    # 2-row merged header
    ws.append([])
    ws.append(
        [
            "No",
            "Komponen / Pertanyaan",
            "Bobot",
            "Pilihan Jawaban",
            "Jawaban",
            "Nilai",
            "Penjelasan",
        ]
    )
    ws.append(["", "", "", "", "Unit", "", ""])
    for col in "ABCDFG":
        ws.merge_cells(f"{col}3:{col}4")
    if strip:
        ws.append([1, 2, 3, 4, 5, 6, 7])
    if codes == "A.1.I.i":
        rows = [
            ("A", "PENGUNGKIT", 60, None),
            ("A.1", "Pemenuhan", 20, None),
            ("A.1.I", "Manajemen Perubahan", "=0.4+0.4", None),
            ("A.1.I.i", "Tim RB telah dibentuk", None, "Y/T"),
            ("A.1.I.ii", "Anggota tim dipilih dengan prosedur", None, "A/B/C"),
            ("A.1.II", "Road map", 0.4, None),
            ("A.1.II.i", "Road map disusun", None, "A/B/C/D"),
        ]
    else:
        rows = [
            ("I", "PENGUNGKIT", 60, None),
            ("I.1", "Tim kerja", 0.5, None),
            ("I.1.a", "Tim telah dibentuk", None, "Y/T"),
            ("I.1.b", "Anggota dipilih", None, "A/B/C/D/E"),
        ]
    for r, (code, name, weight, options) in enumerate(rows, start=ws.max_row + 1):
        ws.cell(r, 1, code)
        ws.cell(r, 2, name)
        if weight is not None:
            ws.cell(r, 3, weight)
        if options:
            ws.cell(r, 4, options)
        # column 5 (Jawaban) stays empty
    # trailing formatted empty rows
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    for r in range(ws.max_row + 1, ws.max_row + 40):
        ws.cell(r, 2).border = Border(top=thin)
    wb.save(path)
    return path


def _cached(path):
    """openpyxl writes formulas without cached values; set the cached value as Excel would."""
    import zipfile

    src = zipfile.ZipFile(path)
    out = path.with_suffix(".cached.xlsx")
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>0.4+0.4</f><v></v>", b"<f>0.4+0.4</f><v>0.8</v>")
                data = (
                    data.replace(b"<f>0.4+0.4</f>", b"<f>0.4+0.4</f><v>0.8</v>")
                    if (b"<v>0.8</v>" not in data)
                    else data
                )
            dst.writestr(item, data)
    return out


def test_official_workbook_gives_the_expected_tree(tmp_path):
    path = _cached(official_workbook(tmp_path / "lke.xlsx"))
    result = read_workbook(path.read_bytes(), sheet="LKE")
    [top] = result.nodes
    assert (top["code"], top["weight"]) == ("A", "60")
    [pemenuhan] = top["children"]
    area, roadmap = pemenuhan["children"]
    assert area["kind"] == "subcomponent" and area["weight"] == "0.8"  # cached formula value
    assert [(c["code"], c["answer_type"]) for c in area["children"]] == [
        ("A.1.I.i", "yes_no"),
        ("A.1.I.ii", "abc"),
    ]
    assert roadmap["children"][0]["answer_type"] == "abcd"
    assert result.count_criteria() == 3
    messages = " ".join(m for _r, m in result.findings)
    assert "nomor kolom" in messages and "dua baris" in messages
    assert "kosong di akhir" in messages


def test_other_code_style_and_sheet_choice(tmp_path):
    path = official_workbook(tmp_path / "lke2.xlsx", codes="I.1.a", strip=False)
    result = read_workbook(path.read_bytes())
    assert any("lembar pertama" in m for _r, m in result.findings)
    assert result.count_criteria() == 2
    assert result.nodes[0]["children"][0]["children"][1]["answer_type"] == "abcde"
    with pytest.raises(WorkbookError, match="Petunjuk"):
        read_workbook(path.read_bytes(), sheet="Tidak ada")
    with pytest.raises(WorkbookError):
        read_workbook(path.read_bytes(), sheet="Petunjuk")


def test_import_instrument_command_json(tmp_path, db):
    path = _cached(official_workbook(tmp_path / "lke.xlsx"))
    out = StringIO()
    call_command(
        "import_instrument",
        str(path),
        code="LKE-X",
        name="LKE uji",
        sheet="LKE",
        format="json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["code"] == "LKE-X" and data["components"] == 1 and data["criteria"] == 3
    assert data["findings"] >= 3
    instrument = Instrument.objects.get(code="LKE-X")
    assert instrument.status == "draft"
    with pytest.raises(CommandError):
        call_command("import_instrument", str(path), code="LKE-X", name="lagi", sheet="LKE")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"bukan xlsx")
    with pytest.raises(CommandError, match="bad.xlsx"):
        call_command("import_instrument", str(bad), code="LKE-Y", name="x")


def _findings(data: bytes, language: str, **kwargs) -> list[str]:
    with translation.override(language):
        return [m for _r, m in read_workbook(data, **kwargs).findings]


def test_every_import_finding_is_translated(tmp_path):
    for path, kwargs in [
        (_cached(official_workbook(tmp_path / "lke.xlsx")), {"sheet": "LKE"}),
        (official_workbook(tmp_path / "lke2.xlsx", codes="I.1.a", strip=False), {}),
    ]:
        data = path.read_bytes()
        indonesian = _findings(data, "id", **kwargs)
        english = _findings(data, "en", **kwargs)
        assert len(indonesian) == len(english) >= 2
        # Each message differs from its Indonesian source: none was left untranslated.
        assert all(i != e for i, e in zip(indonesian, english, strict=True))
    data = _cached(official_workbook(tmp_path / "lke3.xlsx")).read_bytes()
    english = " ".join(_findings(data, "en", sheet="LKE"))
    assert "Column-number row (1, 2, 3 …) skipped." in english
    assert "Column headings in rows 3–4 (two rows, merged cells)." in english
    assert "empty rows at the end of the sheet skipped" in english
    with translation.override("en"), pytest.raises(WorkbookError, match="There is no sheet"):
        read_workbook(data, sheet="Tidak ada")


def test_import_instrument_command_speaks_the_active_language(tmp_path, db):
    path = _cached(official_workbook(tmp_path / "lke.xlsx"))
    out = StringIO()
    with translation.override("en"):
        call_command(
            "import_instrument", str(path), code="LKE-EN", name="x", sheet="LKE", stdout=out
        )
    text = out.getvalue()
    assert "Draft LKE-EN: 1 components, 3 criteria (sheet LKE)." in text
    assert "row 5: Column-number row (1, 2, 3 …) skipped." in text
    assert "baris" not in text and "dilewati" not in text
    out = StringIO()
    call_command("import_instrument", str(path), code="LKE-ID", name="x", sheet="LKE", stdout=out)
    assert "baris 5: Baris nomor kolom (1, 2, 3 …) dilewati." in out.getvalue()
