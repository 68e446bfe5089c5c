"""The decree text reader: one crafted document per trap, then the real seed document."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# These tests need no database; until the project settings exist, rendering lazy messages only
# needs a configured settings object. Under pytest-django the real settings are used.
if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)

from renaksi.plans.findings import (  # noqa: E402
    MESSAGES,
    REFORM_AREA_NAMES,
    finding_message,
    reform_area_for,
)
from renaksi.plans.importers.seed_text import PlanParseError, parse_decree_text  # noqa: E402
from renaksi.plans.parsed import Finding  # noqa: E402

T = "√"
HEADER = "\t".join(
    ["NO", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN"]
    + ["PELAKSANAAN (BULAN)"]
    + [""] * 11
    + ["KET", ""]
)
MONTH_ROW = "\t".join([""] * 5 + [str(m) for m in range(1, 13)] + ["", ""])


def row(cells: dict[int, str], ticks=(), width: int = 19) -> str:
    """One printed table row: text at the given physical columns, √ at the tick columns."""
    out = [""] * width
    for col, text in cells.items():
        out[col] = text
    for col in ticks:
        out[col] = T
    return "\t".join(out)


def table(*lines: str) -> str:
    """Header on line 1, month numbers on line 2, so ``lines[k]`` is source line k + 3."""
    return "\n".join([HEADER, MONTH_ROW, *lines])


def findings_of(plan, code):
    return [f for f in plan.findings if f.code == code]


def shape(plan):
    """Areas -> kegiatan -> sub kegiatan (with children) -> (number, text, periods)."""

    def sub(s):
        return {
            "number": s.number,
            "name": s.name,
            "line": s.line,
            "indicators": [(i.number, i.text, i.periods) for i in s.indicators],
            "children": [sub(c) for c in s.sub_activities],
        }

    return [
        {
            "number": a.number,
            "name": a.name,
            "reform_area": a.reform_area,
            "activities": [
                {
                    "number": k.number,
                    "name": k.name,
                    "line": k.line,
                    "indicators": [(i.number, i.text, i.periods) for i in k.indicators],
                    "subs": [sub(s) for s in k.sub_activities],
                }
                for k in a.activities
            ],
        }
        for a in plan.areas
    ]


# --- trap 1: shifted page blocks -------------------------------------------------------------


def test_it_realigns_a_shifted_block_by_its_content():
    text = table(
        row(
            {0: "1.", 1: "Manajemen Perubahan", 2: "1. Perencanaan", 3: "1. Tim", 4: "SK Tim"}, [5]
        ),
        "",
        # New page: two leading cells dropped, the month grid starts at column 3.
        row({0: "2. Pelaksanaan", 1: "1. Sosialisasi", 2: "1. Media tersedia"}, [3, 4, 5]),
        row({1: "2. Kolom RB", 2: "1. Kolom tersedia"}, [4]),
        row({2: "2. Kolom diperbarui"}, [3, 14]),
    )
    plan = parse_decree_text(text)

    (area,) = shape(plan)
    assert [k["number"] for k in area["activities"]] == ["1", "2"]
    second = area["activities"][1]
    assert second["name"] == "Pelaksanaan"
    assert [(s["number"], s["name"], s["indicators"]) for s in second["subs"]] == [
        ("1", "Sosialisasi", [("1", "Media tersedia", [1, 2, 3])]),
        (
            "2",
            "Kolom RB",
            [("1", "Kolom tersedia", [2]), ("2", "Kolom diperbarui", [1, 12])],
        ),
    ]
    (shifted,) = findings_of(plan, "columns_shifted")
    assert (shifted.line, shifted.severity) == (5, "warning")
    assert shifted.params == {"first_line": 5, "last_line": 7, "count": 3}


def test_it_reads_a_lone_shifted_indicator_and_its_month():
    text = table(
        row({2: "1. Pelatihan", 3: "1. Pelatihan SDM", 4: "1. Pegawai terlatih"}, [16]),
        # The continuation of the indicator list slid to the first column, its √ right after it.
        row({0: "2. Pengelola PBJ bersertifikat"}, [1]),
    )
    plan = parse_decree_text(text)

    sub = plan.areas[0].activities[0].sub_activities[0]
    assert [(i.number, i.text, i.periods, i.line) for i in sub.indicators] == [
        ("1", "Pegawai terlatih", [12], 3),
        ("2", "Pengelola PBJ bersertifikat", [1], 4),
    ]
    assert [f.line for f in findings_of(plan, "columns_shifted")] == [4]


# --- trap 2: area labels printed in the middle of their merged cell ----------------------------


def test_it_puts_rows_before_a_mid_cell_area_label_into_that_area():
    text = table(
        row({2: "1. Perencanaan", 3: "1. Tim", 4: "SK"}, [5]),
        row({3: "2. Komitmen", 4: "Dokumen komitmen"}, [6]),
        row(
            {
                0: "1.",
                1: "Manajemen Perubahan",
                2: "2. Pelaksanaan",
                3: "1. Sosialisasi",
                4: "Media",
            },
            [7],
        ),
        row({2: "1. Peningkatan tatalaksana", 3: "1. Peta proses", 4: "Peta tersusun"}, [5]),
        "",
        "4.",
        "",
        "## Penguatan  ",
        "Tatalaksana",
        "",
        row({2: "2. Keterbukaan informasi", 3: "1. PPID", 4: "PPID aktif"}, [8]),
    )
    plan = parse_decree_text(text)

    areas = shape(plan)
    assert [(a["number"], a["name"], a["reform_area"]) for a in areas] == [
        ("1", "Manajemen Perubahan", 1),
        ("4", "Penguatan Tatalaksana", 4),
    ]
    assert [(k["number"], k["name"], k["line"]) for k in areas[0]["activities"]] == [
        ("1", "Perencanaan", 3),
        ("2", "Pelaksanaan", 5),
    ]
    assert [(k["number"], k["name"], k["line"]) for k in areas[1]["activities"]] == [
        ("1", "Peningkatan tatalaksana", 6),
        ("2", "Keterbukaan informasi", 13),
    ]
    assert [(f.line, f.params) for f in findings_of(plan, "area_label_after_rows")] == [
        (5, {"name": "1. Manajemen Perubahan", "first_line": 3}),
        (8, {"name": "4. Penguatan Tatalaksana", "first_line": 6}),
    ]
    assert plan.areas[1].line == 8


# --- trap 3: kegiatan labels after their first sub kegiatan ------------------------------------


def test_it_moves_sub_kegiatan_printed_before_their_kegiatan_label():
    text = table(
        row(
            {
                0: "6.",
                1: "Penguatan Akuntabilitas Kinerja",
                2: "1. Penguatan AKIP",
                3: "1. Renstra",
                4: "1. Dokumen renstra",
            },
            [5],
        ),
        row({3: "2. Review renstra", 4: "1. Review"}, [6]),
        row({3: "1. Pemutakhiran E-Lapkin", 4: "1. E-Lapkin terisi"}, [7]),
        row({3: "2. Pelatihan SDM", 4: "1. Pegawai terlatih"}, [8]),
        row({2: "2. Pengelolaan akuntabilitas", 3: "3. Jabatan fungsional", 4: "1. JF"}, [9]),
    )
    plan = parse_decree_text(text)

    (area,) = shape(plan)
    first, second = area["activities"]
    assert [s["name"] for s in first["subs"]] == ["Renstra", "Review renstra"]
    assert (second["number"], second["name"], second["line"]) == (
        "2",
        "Pengelolaan akuntabilitas",
        7,
    )
    assert [(s["number"], s["name"], s["line"]) for s in second["subs"]] == [
        ("1", "Pemutakhiran E-Lapkin", 5),
        ("2", "Pelatihan SDM", 6),
        ("3", "Jabatan fungsional", 7),
    ]
    assert [(f.line, f.params) for f in findings_of(plan, "activity_label_after_rows")] == [
        (7, {"name": "2. Pengelolaan akuntabilitas", "first_line": 5})
    ]


def test_it_moves_sub_kegiatan_when_the_label_row_continues_their_indicators():
    text = table(
        row({2: "1. Perencanaan", 3: "1. Tim", 4: "SK"}),
        row({3: "2. Komitmen", 4: "Dokumen"}),
        row({3: "1. Sosialisasi RB", 4: "1. Media"}, [5]),
        row({3: "2. Nilai-nilai", 4: "1. Pegawai teladan"}),
        row({0: "1.", 1: "Manajemen Perubahan", 2: "2. Pelaksanaan MP", 4: "2. Disiplin"}, [6]),
    )
    plan = parse_decree_text(text)

    (area,) = shape(plan)
    assert (area["number"], area["name"]) == ("1", "Manajemen Perubahan")
    first, second = area["activities"]
    assert [s["number"] for s in first["subs"]] == ["1", "2"]
    assert second["name"] == "Pelaksanaan MP"
    assert [(s["number"], s["name"], s["indicators"]) for s in second["subs"]] == [
        ("1", "Sosialisasi RB", [("1", "Media", [1])]),
        ("2", "Nilai-nilai", [("1", "Pegawai teladan", []), ("2", "Disiplin", [2])]),
    ]
    assert [f.params["first_line"] for f in findings_of(plan, "activity_label_after_rows")] == [5]
    assert [f.params["first_line"] for f in findings_of(plan, "area_label_after_rows")] == [3]


# --- trap 4: lettered items ------------------------------------------------------------------


def test_it_reads_lettered_sub_items_as_children_and_lettered_indicators():
    text = table(
        row({0: "1.", 1: "Manajemen Perubahan", 2: "1. Pelaksanaan", 3: "1. Integritas"}),
        row({3: "a. penandatanganan fakta integritas", 4: "persentase penandatanganan"}, [5]),
        row({3: "b. pembangunan zona integritas", 4: "dokumen laporan"}),
        row({4: "a. surat pernyataan potensi"}, [6]),
        row({4: "b. surat pernyataan bebas"}),
        row({3: "2. Internalisasi nilai", 4: "1. Media"}, [7]),
    )
    plan = parse_decree_text(text)

    (area,) = shape(plan)
    integrity, values = area["activities"][0]["subs"]
    assert (integrity["number"], integrity["name"], integrity["indicators"]) == (
        "1",
        "Integritas",
        [],
    )
    assert [
        (c["number"], c["name"], c["indicators"], c["line"]) for c in integrity["children"]
    ] == [
        ("a", "penandatanganan fakta integritas", [("", "persentase penandatanganan", [1])], 4),
        (
            "b",
            "pembangunan zona integritas",
            [
                ("", "dokumen laporan", []),
                ("a", "surat pernyataan potensi", [2]),
                ("b", "surat pernyataan bebas", []),
            ],
            5,
        ),
    ]
    assert (values["number"], values["children"]) == ("2", [])
    assert not findings_of(plan, "numbering_unexpected")


# --- trap 5: rows that inherit their parents ---------------------------------------------------


def test_it_gives_rows_with_empty_cells_the_parents_of_the_row_above():
    text = table(
        row(
            {0: "3", 1: "Penguatan Kelembagaan", 2: "1. Evaluasi", 3: "1. FGD", 4: "1. Laporan"},
            [5, 13],
        ),
        row({4: "2. Daftar hadir"}, [5]),
        row({3: "2. Kuesioner", 4: "1. Kuesioner terkirim"}, [15]),
        row({2: "2. Penyesuaian SOTK", 3: "1. SOTK", 4: "1. SOTK sesuai"}, [12]),
    )
    plan = parse_decree_text(text)

    assert shape(plan)[0]["activities"] == [
        {
            "number": "1",
            "name": "Evaluasi",
            "line": 3,
            "indicators": [],
            "subs": [
                {
                    "number": "1",
                    "name": "FGD",
                    "line": 3,
                    "indicators": [("1", "Laporan", [1, 9]), ("2", "Daftar hadir", [1])],
                    "children": [],
                },
                {
                    "number": "2",
                    "name": "Kuesioner",
                    "line": 5,
                    "indicators": [("1", "Kuesioner terkirim", [11])],
                    "children": [],
                },
            ],
        },
        {
            "number": "2",
            "name": "Penyesuaian SOTK",
            "line": 6,
            "indicators": [],
            "subs": [
                {
                    "number": "1",
                    "name": "SOTK",
                    "line": 6,
                    "indicators": [("1", "SOTK sesuai", [8])],
                    "children": [],
                }
            ],
        },
    ]
    assert not findings_of(plan, "columns_shifted")


# --- trap 6: month ticks ----------------------------------------------------------------------


def test_it_clips_more_than_twelve_ticks_to_every_month():
    text = table(
        row(
            {0: "1.", 1: "Manajemen Perubahan", 2: "1. Sosialisasi", 3: "1. Media", 4: "1. Ada"},
            range(5, 18),
        ),
        row({4: "2. Kolom"}, range(6, 18)),
        row({4: "3. Laporan"}, [5, 9]),
    )
    plan = parse_decree_text(text)

    inds = plan.areas[0].activities[0].sub_activities[0].indicators
    assert [i.periods for i in inds] == [list(range(1, 13)), list(range(2, 13)), [1, 5]]
    assert [(f.line, f.params) for f in findings_of(plan, "ticks_clipped")] == [(3, {"count": 13})]
    # Twelve ticks starting at February: the twelfth sits in KET, right of the grid.
    assert [(f.line, f.params) for f in findings_of(plan, "ticks_outside_grid")] == [
        (4, {"positions": "13", "months": "2–12"})
    ]


def test_it_reports_ticks_on_a_row_without_any_indicator():
    text = table(
        row({2: "1. Zona hijau", 3: "1. Standar", 4: "1. Tersedia"}, [5]),
        row({3: "2. Maklumat"}, [6, 7]),
        row({3: "3. Sistem informasi"}, [8]),
        row({3: "4. Sarana", 4: "1. Sarana layak"}, [9]),
    )
    plan = parse_decree_text(text)

    subs = plan.areas[0].activities[0].sub_activities
    assert [(s.number, [i.periods for i in s.indicators]) for s in subs] == [
        ("1", [[1]]),
        ("2", []),
        ("3", []),
        ("4", [[5]]),
    ]
    assert [(f.line, f.params) for f in findings_of(plan, "ticks_without_indicator")] == [
        (4, {"lines": "4–5", "months": "2–4"})
    ]


# --- trap 7: decree-level checks, headings, uncertain areas ------------------------------------

DECREE = """**SALINAN**

KOMISI PEMILIHAN UMUM
KABUPATEN CONTOH

KEPUTUSAN KOMISI PEMILIHAN UMUM
KABUPATEN CONTOH
NOMOR 02/ORT.07-Kpts/KPU-Kab/1709/I/2022

TENTANG
RENCANA AKSI REFORMASI BIROKRASI
TAHUN 2022

- Menimbang : a. bahwa untuk melaksanakan tugas;
- b. bahwa perlu menetapkan keputusan;
- Mengingat : 1. Undang-Undang Nomor 7 Tahun 2017;
2. Peraturan Presiden Nomor 105 Tahun 2018 tentang Sekretariat Jendral Komisi Pemilihan

Umum...

- Umum dan Sekretariat Kabupaten/Kota;
3. Keputusan...

3. Keputusan Komisi Pemilihan Umum Nomor 314 Tahun 2021;

MEMUTUSKAN:

- Menetapkan : KEPUTUSAN TENTANG RENCANA AKSI.
- KESATU : Menetapkan Rencana Aksi.
- KEDUA : Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan bulan Januari 2022.

Ditetapkan di Contoh
pada tanggal 10 Januari 2022

KETUA KOMISI PEMILIHAN UMUM
KABUPATEN CONTOH,
ttd.

BROTOSENO

Lampiran
Nomor : 02 /ORT.07-Kpt/KPU-Kab/1707/1/2022
"""


def test_it_reads_the_decree_and_reports_its_inconsistencies():
    text = DECREE + table(
        row({0: "1.", 1: "Manajemen Perubahan", 2: "1. Perencanaan", 3: "1. Tim", 4: "SK"}, [5, 16])
    )
    plan = parse_decree_text(text)
    d = plan.decree

    assert d.issuer == "KOMISI PEMILIHAN UMUM KABUPATEN CONTOH"
    assert d.number == "02/ORT.07-Kpts/KPU-Kab/1709/I/2022"
    assert d.lampiran_number == "02 /ORT.07-Kpt/KPU-Kab/1707/1/2022"
    assert d.about == "RENCANA AKSI REFORMASI BIROKRASI TAHUN 2022"
    assert (d.place, d.date_set) == ("Contoh", datetime.date(2022, 1, 10))
    assert (d.signer_name, d.signer_title) == (
        "BROTOSENO",
        "KETUA KOMISI PEMILIHAN UMUM KABUPATEN CONTOH",
    )
    assert (
        d.considering == "a. bahwa untuk melaksanakan tugas;\nb. bahwa perlu menetapkan keputusan;"
    )
    assert d.observing == (
        "1. Undang-Undang Nomor 7 Tahun 2017;\n"
        "2. Peraturan Presiden Nomor 105 Tahun 2018 tentang Sekretariat Jendral Komisi "
        "Pemilihan Umum dan Sekretariat Kabupaten/Kota;\n"
        "3. Keputusan Komisi Pemilihan Umum Nomor 314 Tahun 2021;"
    )
    assert d.deciding.splitlines() == [
        "Menetapkan : KEPUTUSAN TENTANG RENCANA AKSI.",
        "KESATU : Menetapkan Rencana Aksi.",
        "KEDUA : Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan bulan "
        "Januari 2022.",
    ]
    assert d.validity_text == (
        "Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan bulan Januari 2022."
    )
    assert (d.valid_from, d.valid_until) == (datetime.date(2022, 1, 10), datetime.date(2022, 1, 31))

    assert [(f.line, f.params["text"]) for f in findings_of(plan, "page_break_marker")] == [
        (19, "Umum..."),
        (22, "3. Keputusan..."),
    ]
    (mismatch,) = findings_of(plan, "decree_number_mismatch")
    assert (mismatch.line, mismatch.severity) == (42, "warning")
    (validity,) = findings_of(plan, "validity_before_schedule_end")
    assert (validity.line, validity.params) == (
        30,
        {"valid_until": "31 Januari 2022", "last_month": "Desember 2022"},
    )
    assert sorted(f.params["number"] for f in findings_of(plan, "area_missing")) == list(
        range(2, 9)
    )
    assert not findings_of(plan, "decree_field_missing")


def test_it_reports_missing_decree_parts_instead_of_failing():
    plan = parse_decree_text(table(row({2: "1. Perencanaan", 3: "1. Tim", 4: "SK"}, [5])))

    missing = {f.params["field"] for f in findings_of(plan, "decree_field_missing")}
    assert {"number", "date_set", "signer_name", "lampiran_number"} <= missing
    assert plan.decree.valid_until is None


def test_it_reads_a_numbered_list_under_a_heading_as_detail_of_the_sub_kegiatan():
    text = table(
        row({2: "1. Perencanaan", 3: "1. Pembentukan tim", 4: "SK Tim"}),
        row({3: "Tim terdiri dari:"}, [6]),
        row({3: "1. Tim Pengarah"}),
        row({3: "2. Tim Pelaksana"}),
        row({3: "2. Pembangunan komitmen", 4: "Dokumen"}),
    )
    plan = parse_decree_text(text)

    subs = plan.areas[0].activities[0].sub_activities
    assert [(s.number, s.name) for s in subs] == [
        ("1", "Pembentukan tim, Tim terdiri dari: 1. Tim Pengarah; 2. Tim Pelaksana"),
        ("2", "Pembangunan komitmen"),
    ]
    assert [(i.text, i.periods) for i in subs[0].indicators] == [("SK Tim", [2])]
    (heading,) = findings_of(plan, "heading_or_indicator")
    assert (heading.line, heading.params) == (
        4,
        {"text": "Tim terdiri dari:", "last_line": 6, "parent": "Pembentukan tim"},
    )
    assert [f.line for f in findings_of(plan, "ticks_to_previous_indicator")] == [4]


def test_it_reads_an_indicator_heading_as_the_prefix_of_its_items():
    text = table(
        row({2: "4. Peningkatan SPIP", 3: "2. Pelaksanaan SPIP", 4: "terselenggaranya :"}),
        row({3: "a. lingkungan pengendalian", 4: "a. lingkungan pengendalian"}),
        row({3: "b. pengendalian resiko", 4: "b. penilaian resiko"}, range(5, 19)),
    )
    plan = parse_decree_text(text)

    sub = plan.areas[0].activities[0].sub_activities[0]
    assert sub.sub_activities == []
    assert [(i.number, i.text, i.periods) for i in sub.indicators] == [
        ("a", "terselenggaranya lingkungan pengendalian", []),
        ("b", "terselenggaranya penilaian resiko", list(range(1, 13))),
    ]
    (heading,) = findings_of(plan, "heading_prefixed")
    assert (heading.line, heading.params) == (3, {"text": "terselenggaranya :", "numbers": "a, b"})
    assert [(f.line, f.params) for f in findings_of(plan, "duplicate_cell")] == [
        (4, {"text": "a. lingkungan pengendalian", "kept": "a. lingkungan pengendalian"}),
        (5, {"text": "b. pengendalian resiko", "kept": "b. penilaian resiko"}),
    ]


def test_it_keeps_an_unlabelled_restart_in_the_previous_area_and_flags_it():
    text = table(
        row(
            {
                0: "1.",
                1: "Manajemen Perubahan",
                2: "1. Pelaksanaan",
                3: "1. Sosialisasi",
                4: "1. Media",
            }
        ),
        row({3: "2. Reward", 4: "1. Instrumen"}),
        row({4: "1. melaksanakan monitoring", 5: "dokumen monitoring"}),
        "",
        row(
            {0: "3", 1: "Penguatan Kelembagaan", 2: "1. Evaluasi", 3: "1. FGD", 4: "1. Laporan"},
            [5],
        ),
    )
    plan = parse_decree_text(text)

    first, third = shape(plan)
    assert [(k["number"], k["name"], k["line"]) for k in first["activities"]] == [
        ("1", "Pelaksanaan", 3),
        ("1", "melaksanakan monitoring", 5),
    ]
    assert first["activities"][1]["indicators"] == [("", "dokumen monitoring", [])]
    assert [s["name"] for s in first["activities"][0]["subs"]] == ["Sosialisasi", "Reward"]
    assert third["name"] == "Penguatan Kelembagaan"
    (uncertain,) = findings_of(plan, "area_uncertain")
    assert (uncertain.line, uncertain.severity, uncertain.params) == (
        5,
        "warning",
        {"text": "1. melaksanakan monitoring", "area": "1. Manajemen Perubahan"},
    )


def test_it_splits_a_cell_holding_two_numbered_indicators():
    text = table(
        row(
            {2: "1. Gratifikasi", 3: "4. Monitoring", 4: "1. laporan gratifikasi 2. tindak lanjut"},
            [5],
        )
    )
    plan = parse_decree_text(text)

    inds = plan.areas[0].activities[0].sub_activities[0].indicators
    assert [(i.number, i.text, i.periods) for i in inds] == [
        ("1", "laporan gratifikasi", [1]),
        ("2", "tindak lanjut", [1]),
    ]
    assert [f.params["count"] for f in findings_of(plan, "cell_split")] == [2]


# --- trap 8: unreadable text and non-documents -------------------------------------------------


def test_it_reports_stray_text_between_blocks_with_its_line():
    text = table(
        row({2: "1. Perencanaan", 3: "1. Tim", 4: "SK"}, [5]),
        "",
        "lihat catatan di halaman berikut",
        "",
        row({3: "2. Komitmen", 4: "Dokumen"}, [6]),
    )
    plan = parse_decree_text(text)

    assert [(f.line, f.severity, f.params) for f in findings_of(plan, "unreadable_line")] == [
        (5, "warning", {"text": "lihat catatan di halaman berikut"})
    ]
    assert len(plan.areas[0].activities[0].sub_activities) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "KEPUTUSAN\nNOMOR 1\nTENTANG sesuatu\n",
        HEADER,
        "\x00\x01\x02\x03garbage" * 50,
    ],
)
def test_it_refuses_a_document_without_a_table(text):
    with pytest.raises(PlanParseError) as caught:
        parse_decree_text(text)
    assert str(caught.value)


# --- findings and areas -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Manajemen Perubahan", 1),
        ("Deregulasi Kebijakan", 2),
        ("Penataan Peraturan Perundang-undangan", 2),
        ("Penguatan  Kelembagaan", 3),
        ("Penataan dan Penguatan Organisasi", 3),
        ("penguatan tatalaksana", 4),
        ("Penataan Tatalaksana", 4),
        ("Penguatan sistem manajemen ASN", 5),
        ("Penataan Sistem Manajemen SDM", 5),
        ("Penguatan Akuntabilitas Kinerja", 6),
        ("Penguatan Akuntabilitas", 6),
        ("## Penguatan Pengawasan", 7),
        ("Peningkatan Kualitas\nPelayanan Publik", 8),
        ("Pelayanan", None),
        ("", None),
    ],
)
def test_it_maps_area_names_to_the_national_road_map(name, number):
    assert reform_area_for(name) == number


def test_it_renders_an_unknown_finding_code_with_its_params():
    message = finding_message(Finding("no_such_code", params={"x": 1}))
    assert "no_such_code" in message and "'x': 1" in message


def test_it_renders_a_message_with_a_missing_param():
    assert "?" in finding_message(Finding("ticks_clipped", params={}))


def test_it_has_a_national_name_for_every_area():
    assert sorted(REFORM_AREA_NAMES) == list(range(1, 9))


# --- the seed document ------------------------------------------------------------------------


def seed_path() -> Path:
    override = os.environ.get("RENAKSI_SEED_FILE")
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    in_repo = here.parents[1] / "fixtures/seed/kpu_bengkulu_tengah_2022.txt"
    if in_repo.exists():
        return in_repo
    return here.parents[4] / "shared/seed/000_e14dd22d7e765f3b.txt"


@pytest.fixture(scope="module")
def seed():
    path = seed_path()
    if not path.exists():
        pytest.fail(f"seed document not found at {path}")
    text = path.read_text(encoding="utf-8")
    return text, parse_decree_text(text)


def _activity(area, number, name_start):
    (found,) = [k for k in area.activities if k.number == number and k.name.startswith(name_start)]
    return found


def _periods(plan, text_start):
    (found,) = [i for i in plan.iter_indicators() if i.text.startswith(text_start)]
    return found.periods


def test_it_reads_seven_areas_from_the_seed(seed):
    _, plan = seed
    assert [(a.number, a.name, a.reform_area) for a in plan.areas] == [
        ("1", "Manajemen Perubahan", 1),
        ("3", "Penguatan Kelembagaan", 3),
        ("4", "Penguatan Tatalaksana", 4),
        ("5", "Penguatan sistem manajemen ASN", 5),
        ("6", "Penguatan akuntabilitas kinerja", 6),
        ("7", "Penguatan Pengawasan", 7),
        ("8", "Peningkatan Kualitas Pelayanan Publik", 8),
    ]
    assert [[k.number for k in a.activities] for a in plan.areas] == [
        ["1", "2", "1"],
        ["1", "2"],
        ["1", "2", "3", "4"],
        ["1", "2"],
        ["1", "2"],
        ["1", "2", "3", "4", "5", "6", "7"],
        ["1", "2", "3", "4", "5"],
    ]
    assert [f.params["number"] for f in findings_of(plan, "area_missing")] == [2]


def test_it_reads_the_seed_decree(seed):
    _, plan = seed
    d = plan.decree
    assert d.issuer == "KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH"
    assert d.number == "NOMOR 02/ORT.07-Kpts/KPU-Kab/1709/I/2022".removeprefix("NOMOR ")
    assert d.lampiran_number == "02 /ORT.07-Kpt/KPU-Kab/1707/1/2022"
    assert d.about == (
        "RENCANA AKSI REFORMASI BIROKRASI KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH "
        "TAHUN 2022"
    )
    assert (d.place, d.date_set) == ("Bengkulu Tengah", datetime.date(2022, 1, 10))
    assert d.signer_name == "BROTOSENO"
    assert d.signer_title == "KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH"
    assert (d.valid_from, d.valid_until) == (datetime.date(2022, 1, 10), datetime.date(2022, 1, 31))
    assert d.validity_text.startswith("Keputusan ini mulai berlaku pada tanggal ditetapkan")
    assert d.considering.count("\n") == 1 and d.considering.startswith("a. bahwa")
    observing = d.observing.splitlines()
    assert [line.split(".")[0] for line in observing] == [str(n) for n in range(1, 11)]
    assert "Komisi Pemilihan Umum, Sekretariat Komisi Pemilihan Umum Provinsi" in observing[2]
    assert "..." not in d.observing
    assert [line.split(" :")[0] for line in d.deciding.splitlines()] == [
        "Menetapkan",
        "KESATU",
        "KEDUA",
    ]
    assert {f.code for f in plan.findings} >= {
        "decree_number_mismatch",
        "validity_before_schedule_end",
        "page_break_marker",
    }
    assert not findings_of(plan, "decree_field_missing")


def test_it_places_seed_rows_where_a_careful_reader_would(seed):
    _, plan = seed
    area1, area3, area4, _, area6, area7, area8 = plan.areas

    pelaksanaan = _activity(area1, "2", "Pelaksanaan Manajemen Perubahan")
    assert [(s.number, s.name) for s in pelaksanaan.sub_activities][:3] == [
        ("1", "Sosialisasi Reformasi Birokrasi Melalui Berbagai Media"),
        ("2", "Sosialisasi Nilai-nilai untuk menegakkan integritas penyelenggara pemilu dan ASN"),
        ("3", "Penyelenggaraan Integritas Di lingkungan Kerja"),
    ]
    integrity = pelaksanaan.sub_activities[2]
    assert [(c.number, c.name) for c in integrity.sub_activities][:2] == [
        ("a", "penandatanganan fakta integritas penyelenggara Pemilu"),
        ("b", "pelaporan LHKPN dan LHKASN setiap Tahun"),
    ]
    monitoring = _activity(area1, "1", "melaksanakan monitoring")
    assert [f.line for f in findings_of(plan, "area_uncertain")] == [monitoring.line] == [101]

    assert _activity(area4, "1", "Peningkatan tatalaksana proses serta SOP").line == 109
    assert [s.name for s in _activity(area4, "2", "Penyelenggaraan").sub_activities][0] == (
        "tata kelola PPID dilingkungan sa"
    )
    assert [k.name for k in area3.activities] == ["Evaluasi organisasi", "Penyesuaian SOTK"]

    pengelolaan = _activity(area6, "2", "Pengelolaan akuntabilitas kinerja")
    assert [s.number for s in pengelolaan.sub_activities] == ["1", "2", "3"]
    assert pengelolaan.sub_activities[0].name.startswith("pemuktahiran data kinerja")
    assert [c.number for c in pengelolaan.sub_activities[2].sub_activities] == ["a", "b", "c"]

    assert _activity(area7, "1", "pembangunan zona integritas").line == 192
    spip = _activity(area7, "4", "Peningkatan SPIP").sub_activities[1]
    assert [i.number for i in spip.indicators] == ["a", "b", "c", "d", "e"]

    inovasi = _activity(area8, "2", "mendorong inovasi")
    (skm,) = inovasi.sub_activities
    assert skm.name.startswith("menciptakan pelayanan")
    assert [c.number for c in skm.sub_activities] == list("abcdefghi")
    team = _activity(area1, "1", "Perencanaan").sub_activities[0]
    assert team.name.endswith(
        "Tim terdiri dari: 1. Tim Pengarah; 2. Tim Pelaksana; 3. Tim Agen Perubahan; 4. Tim Assesor"
    )


def test_it_reads_seed_month_ticks(seed):
    _, plan = seed
    assert _periods(plan, "Surat Keputusan Tim Reformasi") == [2]
    assert _periods(plan, "tersedianya Media Sosialisasi dilingkungan") == list(range(1, 13))
    assert _periods(plan, "pembangunan kolom reformasi") == list(range(2, 13))
    assert _periods(plan, "Dokumen Laporan FGD") == [1, 9]
    assert _periods(plan, "100 % seluruh wajib lapor LHKASN") == [3]
    assert _periods(plan, "laporan pengadaan barang dan jasa") == [7]
    assert _periods(plan, "pengelola PPBJ bersertifikat") == [1]
    assert _periods(plan, "Melibatkan masyarakat") == [1, 8, 10, 12]
    for indicator in plan.iter_indicators():
        assert all(1 <= p <= 12 for p in indicator.periods), indicator
    clipped = findings_of(plan, "ticks_clipped")
    assert len(clipped) >= 50 and all(f.params["count"] > 12 for f in clipped)


def test_it_registers_every_finding_code_it_emits_for_the_seed(seed):
    _, plan = seed
    for finding in plan.findings:
        assert finding.code in MESSAGES, finding.code
        assert finding.severity in ("info", "warning")
        message = finding_message(finding)
        assert "?" not in re.sub(r"[„“].*?[“”]", "", message), (finding, message)


def _norm(text: str) -> str:
    if re.fullmatch(r"\s*\d{1,2}\s*\.?\s*", text):
        return text.strip(" .")  # an area's NO cell
    text = re.sub(r"[*#]", " ", text)
    text = re.sub(r"^\s*(\d{1,2}|[a-zA-Z])\s*[.)]\s*(?=\S)", "", text.strip())
    return re.sub(r"\s+", " ", text).strip().casefold()


def test_it_drops_no_table_text_of_the_seed_silently(seed):
    text, plan = seed
    found: list[str] = []
    for area in plan.areas:
        found += [area.number, area.name]
        for activity in area.activities:
            found += [activity.name] + [i.text + " " + i.note for i in activity.indicators]
            stack = list(activity.sub_activities)
            while stack:
                sub = stack.pop()
                found += [sub.name] + [i.text + " " + i.note for i in sub.indicators]
                stack += sub.sub_activities
    found += [str(v) for f in plan.findings for v in f.params.values()]
    haystack = "\n".join(_norm(s) for s in found)

    missing = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.count("\t") < 4:
            continue
        cells = [c.strip() for c in raw.split("\t") if c.strip() and c.strip() != T]
        if any(c.isupper() and "KEGIATAN" in c for c in cells) or all(c.isdigit() for c in cells):
            continue  # the header rows
        missing += [(number, c) for c in cells if _norm(c) not in haystack]
    assert missing == []
