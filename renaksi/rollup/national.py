"""KPU's real shape: KPU RI, 38 KPU Provinsi (Kemendagri codes) and 514 KPU Kabupaten/Kota.

Province names and codes are real (Kepmendagri 100.1.1-6117/2022 numbering, with the four new
Papua provinces); the number of regencies/cities per province is real; regency names are generated
except for Bengkulu, whose ten are listed by name (they are the seed's neighbours).
"""

from renaksi.plans.management.commands.seed_demo import BENGKULU_REGENCIES

# (code, name, number of kabupaten/kota)
PROVINCES: list[tuple[str, str, int]] = [
    ("11", "Aceh", 23),
    ("12", "Sumatera Utara", 33),
    ("13", "Sumatera Barat", 19),
    ("14", "Riau", 12),
    ("15", "Jambi", 11),
    ("16", "Sumatera Selatan", 17),
    ("17", "Bengkulu", 10),
    ("18", "Lampung", 15),
    ("19", "Kepulauan Bangka Belitung", 7),
    ("21", "Kepulauan Riau", 7),
    ("31", "DKI Jakarta", 6),
    ("32", "Jawa Barat", 27),
    ("33", "Jawa Tengah", 35),
    ("34", "Daerah Istimewa Yogyakarta", 5),
    ("35", "Jawa Timur", 38),
    ("36", "Banten", 8),
    ("51", "Bali", 9),
    ("52", "Nusa Tenggara Barat", 10),
    ("53", "Nusa Tenggara Timur", 22),
    ("61", "Kalimantan Barat", 14),
    ("62", "Kalimantan Tengah", 14),
    ("63", "Kalimantan Selatan", 13),
    ("64", "Kalimantan Timur", 10),
    ("65", "Kalimantan Utara", 5),
    ("71", "Sulawesi Utara", 15),
    ("72", "Sulawesi Tengah", 13),
    ("73", "Sulawesi Selatan", 24),
    ("74", "Sulawesi Tenggara", 17),
    ("75", "Gorontalo", 6),
    ("76", "Sulawesi Barat", 6),
    ("81", "Maluku", 11),
    ("82", "Maluku Utara", 10),
    ("91", "Papua", 9),
    ("92", "Papua Barat", 7),
    ("93", "Papua Selatan", 4),
    ("94", "Papua Tengah", 8),
    ("95", "Papua Pegunungan", 8),
    ("96", "Papua Barat Daya", 6),
]


def regencies_of(code: str, name: str, count: int) -> list[tuple[str, str]]:
    """(code, name) of a province's kabupaten/kota."""
    if code == "17":
        return [(c, n) for c, n, _place in BENGKULU_REGENCIES]
    return [(f"{code}.{i:02d}", f"KPU Kabupaten/Kota {name} {i:02d}") for i in range(1, count + 1)]
