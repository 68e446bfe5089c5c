"""Bad national-format files are refused with a message naming the file and row; nothing written."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renaksi.plans.models import Plan
from renaksi.plans.services import PlanWriteError, plan_import_file
from renaksi.quality.national.export import COLUMNS, national_data, national_xlsx_bytes
from renaksi.quality.national.reader import NationalFormatError, national_parse
from renaksi.quality.tests.helpers import activities_plan
from renaksi.reports.common import plan_kind_title


def _doc(rows, **extra):
    return json.dumps(
        {"format": "renaksi-rb-nasional", "version": 1, "rencana_aksi": rows, **extra}
    ).encode()


ROW = {"area_nomor": "1", "area_perubahan": "Manajemen Perubahan", "rencana_aksi": "Rapat"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_doc([{**ROW, "indikator_output": "SK", "target_tw1": "banyak"}]), "Baris 2, target_tw1"),
        (_doc([{**ROW, "area_perubahan": ""}]), "Baris 2: area perubahan kosong"),
        (_doc([{**ROW, "indikator_output": "SK", "target_tw2": "1e999"}]), "di luar batas"),
        (_doc([]), "tidak berisi satu pun baris"),
        (_doc({"a": 1}), "daftar baris"),
        (_doc([ROW], keputusan={"valid_from": "31-02-2023"}), "tanggal"),
        (b'{"format": "renaksi-rb-nasional", "rencana_aksi": [', "JSON tidak dapat dibaca"),
    ],
)
def test_it_refuses_a_bad_file_and_writes_nothing(tree, people, data, message):
    with pytest.raises(PlanWriteError, match=message) as caught:
        plan_import_file(
            unit=tree.bengkulu_tengah,
            year=2023,
            filename="nasional.json",
            data=data,
            actor=people.sekretaris,
        )
    assert "nasional.json" in str(caught.value)
    assert not Plan.objects.exists()


def test_a_formula_looking_text_stays_text_in_the_xlsx(tree, people):
    import openpyxl

    plan = activities_plan(
        unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["=SUM(A1:A9)", "@cmd"]
    )
    book = openpyxl.load_workbook(io.BytesIO(national_xlsx_bytes(plan=plan)))
    sheet = book["Rencana Aksi"]
    header = [c.value for c in sheet[1]]
    col = header.index("rencana_aksi")
    values = [sheet.cell(row=r, column=col + 1) for r in (2, 3)]
    assert [c.value for c in values] == ["=SUM(A1:A9)", "@cmd"]
    assert all(c.data_type == "s" for c in values)

    again = plan_import_file(
        unit=tree.bengkulu_selatan,
        year=2023,
        filename="n.xlsx",
        data=national_xlsx_bytes(plan=plan),
        actor=None,
    )
    assert [r["rencana_aksi"] for r in national_data(plan=again)["rencana_aksi"]] == [
        "=SUM(A1:A9)",
        "@cmd",
    ]


def test_a_tematik_plans_documents_say_so(tree, people):
    plan = activities_plan(unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["A"])
    assert plan_kind_title(plan) == "RENCANA AKSI REFORMASI BIROKRASI"
    plan.kind, plan.theme = "tematik", "Pengentasan Kemiskinan"
    assert (
        plan_kind_title(plan) == "RENCANA AKSI REFORMASI BIROKRASI TEMATIK: PENGENTASAN KEMISKINAN"
    )


_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
_rows = st.lists(st.dictionaries(st.sampled_from(COLUMNS), _values, max_size=12), max_size=8)


@settings(max_examples=150, deadline=None)
@given(rows=_rows, decree=st.dictionaries(st.text(max_size=12), _values, max_size=4))
def test_random_rows_give_a_plan_or_a_clear_refusal(rows, decree):
    data = json.dumps(
        {"format": "renaksi-rb-nasional", "rencana_aksi": rows, "keputusan": decree}
    ).encode()
    try:
        parsed = national_parse(filename="acak.json", data=data)
    except NationalFormatError as exc:
        assert str(exc)
    else:
        assert parsed is not None and parsed.granularity == "quarter"
