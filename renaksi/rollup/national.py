"""KPU's real shape: KPU RI, 38 KPU Provinsi (Kemendagri codes) and 514 KPU Kabupaten/Kota.

Codes and names are the real ones, from the vendored list of ``organisations.regions`` (the
four new Papua provinces included; KIP in Aceh).
"""

from renaksi.organisations.regions import kpu_units, regions

# (code, region name, number of kabupaten/kota)
PROVINCES: list[tuple[str, str, int]] = [
    (
        province.code,
        province.name,
        sum(1 for r in regions() if r.code.startswith(province.code + ".")),
    )
    for province in regions()
    if province.level == "province"
]

_NAMES = {row.code: row.name for row in kpu_units()}


def unit_name(code: str) -> str:
    """The election body's name for a region code ("KPU Provinsi Bengkulu", "KIP Aceh"…)."""
    return _NAMES[code]


def regencies_of(code: str, name: str, count: int) -> list[tuple[str, str]]:
    """(code, name) of a province's kabupaten/kota, in code order."""
    rows = [(row.code, row.name) for row in kpu_units() if row.parent_code == code]
    return rows[:count]
