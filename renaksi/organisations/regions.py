"""The real KPU tree: KPU RI, 38 KPU Provinsi and 514 KPU Kabupaten/Kota.

The region codes and names come from the vendored ``data/wilayah_kpu.csv`` (Kemendagri codes after
the 2022 Papua splits; its header names the source and date). In Aceh the election bodies are the
*Komisi Independen Pemilihan* (KIP Aceh, KIP Kabupaten/Kota), and the names say so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "wilayah_kpu.csv"
NATIONAL_CODE = "RI"
NATIONAL_NAME = "KPU Republik Indonesia"
ACEH = "11"


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    level: str  # national | province | regency (organisations.Unit.Level values)
    parent_code: str | None
    place: str = ""
    line: int = 0  # the source line, for reports


@dataclass(frozen=True)
class Region:
    code: str  # "17" or "17.09"
    name: str  # "Bengkulu", "Kabupaten Bengkulu Tengah", "Kota Bengkulu"
    level: str  # province | regency


@cache
def regions() -> tuple[Region, ...]:
    """Every province and kabupaten/kota of the vendored list, in code order."""
    with DATA.open(encoding="utf-8") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple(Region(r["code"], r["name"], r["level"]) for r in reader)


def _place(region: Region) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if region.name.startswith(prefix):
            return region.name.removeprefix(prefix)
    return region.name


def kpu_name(region: Region) -> str:
    """The election body of a region: "KPU Kabupaten Bengkulu Tengah", "KIP Kota Banda Aceh"."""
    in_aceh = region.code.split(".")[0] == ACEH
    if region.level == "province":
        if in_aceh:
            return "Komisi Independen Pemilihan Aceh"
        if region.name == "Daerah Khusus Ibukota Jakarta":
            return "KPU Provinsi DKI Jakarta"
        return f"KPU Provinsi {region.name}"
    return f"{'KIP' if in_aceh else 'KPU'} {region.name}"


def kpu_units() -> list[UnitRow]:
    """KPU RI, then each KPU Provinsi followed by its kabupaten/kota: parents before children."""
    rows = [UnitRow(NATIONAL_CODE, NATIONAL_NAME, "national", None, "Jakarta")]
    for region in regions():
        parent = NATIONAL_CODE if region.level == "province" else region.code.split(".")[0]
        rows.append(UnitRow(region.code, kpu_name(region), region.level, parent, _place(region)))
    return rows


def regencies_of(province_code: str) -> list[UnitRow]:
    return [row for row in kpu_units() if row.parent_code == province_code]
