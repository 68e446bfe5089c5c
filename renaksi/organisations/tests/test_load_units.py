"""``load_units``: the real KPU tree and any agency's CSV, idempotent and all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from renaksi.audit.models import AuditEvent
from renaksi.organisations.models import Unit
from renaksi.organisations.regions import kpu_units
from renaksi.organisations.services import UnitsLoadError, units_load, units_read_csv

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_units", *args, "--quiet-rows", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_loads_the_kpu_tree_with_official_codes_and_names():
    _load("--kpu")
    assert Unit.objects.count() == 553
    L = Unit.Level
    assert Unit.objects.filter(level=L.NATIONAL).count() == 1
    assert Unit.objects.filter(level=L.PROVINCE).count() == 38
    assert Unit.objects.filter(level=L.REGENCY).count() == 514
    assert (
        Unit.objects.filter(level=L.REGENCY, name__startswith="KPU Kota").count()
        + (Unit.objects.filter(level=L.REGENCY, name__startswith="KIP Kota").count())
        == 98
    )
    names = dict(Unit.objects.values_list("code", "name"))
    # A sample of provinces and regencies, the new Papua provinces and Aceh's KIP included.
    assert names["17"] == "KPU Provinsi Bengkulu"
    assert names["17.09"] == "KPU Kabupaten Bengkulu Tengah"
    assert names["17.71"] == "KPU Kota Bengkulu"
    assert names["11"] == "Komisi Independen Pemilihan Aceh"
    assert names["11.71"] == "KIP Kota Banda Aceh"
    assert names["11.01"] == "KIP Kabupaten Aceh Selatan"
    assert names["31"] == "KPU Provinsi DKI Jakarta"
    assert names["35.78"] == "KPU Kota Surabaya"
    assert names["93"] == "KPU Provinsi Papua Selatan"
    assert names["93.01"] == "KPU Kabupaten Merauke"
    assert names["96"] == "KPU Provinsi Papua Barat Daya"
    assert names["96.71"] == "KPU Kota Sorong"
    assert names["64.74"] == "KPU Kota Bontang"
    units = {u.code: u for u in Unit.objects.select_related("parent")}
    assert units["17.09"].parent.code == "17"
    assert units["96.71"].parent.code == "96"
    assert units["17"].parent.code == "RI"
    assert units["17.09"].place == "Bengkulu Tengah"
    per_province = {code: 0 for code, u in units.items() if u.level == L.PROVINCE}
    for u in units.values():
        if u.level == L.REGENCY:
            per_province[u.parent.code] += 1
    assert per_province["35"] == 38  # Jawa Timur
    assert per_province["17"] == 10
    assert per_province["94"] == 8  # Papua Tengah


def test_it_is_idempotent_and_updates_names_without_deleting():
    _load("--kpu")
    Unit.objects.filter(code="17.09").update(name="Nama lama")
    extra = Unit.objects.create(code="99.99", name="Unit uji", level=Unit.Level.OTHER)
    out = _load("--kpu")
    assert "0 dibuat, 1 diperbarui, 552 tetap; 1 yang tidak tercantum dibiarkan" in out
    assert Unit.objects.get(code="17.09").name == "KPU Kabupaten Bengkulu Tengah"
    assert Unit.objects.filter(pk=extra.pk).exists()
    assert AuditEvent.objects.filter(action="units.load").count() == 2


CSV_OK = b"kode,nama,induk,tingkat\nBPS,BPS RI,,national\nBPS.11,BPS Provinsi Aceh,BPS,province\n"


def test_it_loads_any_agency_tree_from_csv(tmp_path):
    path = tmp_path / "bps.csv"
    # A child before its parent, semicolons, a BOM: still one tree.
    path.write_bytes(
        b"\xef\xbb\xbfcode;name;parent_code\nBPS.11.01;BPS Kab. Simeulue;BPS.11\n"
        b"BPS;BPS RI;\nBPS.11;BPS Provinsi Aceh;BPS\n"
    )
    out = _load(str(path))
    assert "3 dibuat" in out
    child = Unit.objects.select_related("parent__parent").get(code="BPS.11.01")
    assert child.parent.code == "BPS.11" and child.parent.parent.code == "BPS"
    assert Unit.objects.get(code="BPS").level == Unit.Level.NATIONAL


@pytest.mark.parametrize(
    "data, needle",
    [
        (b"kode,nama\nA,B\n", "kolom parent_code"),
        (b"code,name,parent_code\nA,Satu,\nB,Dua,ZZ\n", "induk ZZ tidak dikenal"),
        (b"code,name,parent_code\nA,Satu,B\nB,Dua,A\n", "induk dirinya sendiri"),
        (b"code,name,parent_code\nA,Satu,\nA,Lagi,\n", "sudah ada di baris 2"),
        (b"code,name,parent_code\n" + b"A," + b"x" * 5000 + b",\n", "lebih dari 200 karakter"),
        (b"code,name,parent_code\nA,Sa\x00tu,\n", "NUL"),
        (b"code,name,parent_code\nA,\xff\xfe,\n", "bukan teks UTF-8"),
        (b"code,name,parent_code,level\nA,Satu,,galaksi\n", "tingkat 'galaksi' tidak dikenal"),
        (b"", "kosong"),
    ],
)
def test_it_refuses_a_bad_csv_naming_the_line_and_writes_nothing(tmp_path, data, needle):
    Unit.objects.create(code="X", name="Sudah ada", level=Unit.Level.OTHER)
    path = tmp_path / "pohon.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("load_units", str(path), stdout=io.StringIO(), stderr=err)
    assert needle in str(caught.value) + err.getvalue()
    assert "Tidak ada yang diubah" in str(caught.value)
    assert list(Unit.objects.values_list("code", flat=True)) == ["X"]
    assert not AuditEvent.objects.filter(action="units.load").exists()


def test_a_refused_row_stops_the_whole_load():
    rows = units_read_csv(b"code,name,parent_code\nA,Satu,\nB,Dua,Q\n", source_name="x.csv")
    with pytest.raises(UnitsLoadError) as caught:
        units_load(rows=rows, actor=None, source="x.csv")
    assert caught.value.problems == [(3, "induk Q tidak dikenal")]
    assert not Unit.objects.exists()


def test_the_vendored_list_has_every_region_once():
    rows = kpu_units()
    assert len(rows) == len({r.code for r in rows}) == 553
