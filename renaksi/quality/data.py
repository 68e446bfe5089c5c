"""The shipped criteria set (evaluation year 2024), loaded by a data migration.

Source: ../shared/docs/evaluations/README.md §1.3 and lke_renaksi_2024_portalrb.json — the
Portal RB ``lke_renaksi`` seed (HanaDewi/portalrb-indv, 2024): operational, not cross-checked
against the juknis, hence ``source_confirmed = False``. The 21 kegiatan utama come from the
Portal RB ``KegiatanUtamaSeeder`` as summarised in §1.4; their codes (KU01…) and keywords are
Renaksi's own, so they are unconfirmed too.
"""

SOURCE_2024 = (
    "Portal RB lke_renaksi (2024), HanaDewi/portalrb-indv database/migrations/"
    "2024_11_03_175302_create_table_lke_renaksi.php; Kepmen PANRB 739/2023 (A101 3 + A102 7)"
)
SOURCE_NOTE_2024 = (
    "Kriteria dan ambang nilai dari data operasional Portal RB, belum dicocokkan dengan juknis. "
    "Kode dan kata kunci kegiatan utama dibuat oleh Renaksi. Bobot antarkriteria dianggap sama."
)

GROUP_KU = "Penilaian Kegiatan Utama Road Map Reformasi Birokrasi"
GROUP_RA = "Kriteria Penilaian Penetapan Rencana Aksi"

CRITERIA_2024 = [
    {
        "code": "kegiatan-utama",
        "group": GROUP_KU,
        "name": "Penetapan Kegiatan Utama",
        "answer": "A-E",
        "method": "kegiatan_utama",
        "condition": "Persentase kegiatan utama Road Map RB nasional yang diadopsi dalam rencana "
        "aksi instansi.",
        "advice": "Tambahkan kegiatan untuk kegiatan utama nasional yang belum ada.",
    },
    {
        "code": "target-kegiatan-utama",
        "group": GROUP_KU,
        "name": "Penetapan Target Indikator Kegiatan Utama",
        "answer": "A-E",
        "method": "kegiatan_utama_target",
        "condition": "Persentase indikator kegiatan utama dengan target yang logis, realistis dan "
        "lebih baik dari realisasi tahun lalu.",
        "advice": "Isi target tahunan indikator kegiatan utama di atas baseline tahun lalu.",
    },
    {
        "code": "keabsahan",
        "group": GROUP_KU,
        "name": "Keabsahan Rencana Aksi",
        "answer": "Y/T",
        "method": "validity",
        "condition": "Pernyataan keabsahan ditandatangani pejabat yang berwenang; masa berlaku "
        "keputusan mencakup seluruh jadwal.",
        "advice": "Lengkapi nomor, tanggal, penanda tangan dan masa berlaku keputusan sampai akhir "
        "jadwal.",
    },
    {
        "code": "kelogisan",
        "group": GROUP_RA,
        "name": "Kelogisan Rencana Aksi",
        "answer": "A-E",
        "method": "logic",
        "condition": "Persentase rencana aksi yang logis diperlukan untuk mencapai target RB "
        "General: berada di area Road Map dan memiliki indikator yang dijadwalkan.",
        "advice": "Petakan area ke area Road Map dan beri setiap kegiatan indikator berjadwal.",
    },
    {
        "code": "indikator-output",
        "group": GROUP_RA,
        "name": "Relevansi dan Kecukupan Indikator Output",
        "answer": "A-E",
        "method": "output_indicators",
        "condition": "Persentase rencana aksi yang indikator outputnya relevan dan cukup: setiap "
        "indikator bertarget dan bersatuan.",
        "advice": "Isi target dan satuan setiap indikator kegiatan.",
    },
    {
        "code": "target-output",
        "group": GROUP_RA,
        "name": "Ketepatan Penetapan Target Indikator Output",
        "answer": "A-E",
        "method": "output_targets",
        "condition": "Persentase indikator output dengan target berdasarkan baseline tahun lalu "
        "dan berorientasi peningkatan.",
        "advice": "Isi baseline (realisasi tahun lalu) dan target tahunan yang lebih tinggi.",
    },
    {
        "code": "anggaran",
        "group": GROUP_RA,
        "name": "Anggaran",
        "answer": "A-E",
        "method": "budget",
        "condition": "Persentase rencana aksi yang didukung anggaran memadai.",
        "advice": "Isi anggaran indikator setiap kegiatan.",
    },
]

# (code, name, Road Map area 1–8, applies to vertical satker (KPU), keywords)
KEGIATAN_UTAMA_2024 = [
    ("KU01", "Penyederhanaan struktur organisasi menuju organisasi agile", 3, True,
     ["struktur organisasi", "penyederhanaan", "kelembagaan", "evaluasi organisasi"]),
    ("KU02", "Sistem kerja baru yang fleksibel", 4, True,
     ["sistem kerja", "fleksibel", "proses bisnis", "tata laksana", "tatalaksana", "sop"]),
    ("KU03", "Arsitektur SPBE", 4, True,
     ["spbe", "e-government", "aplikasi", "teknologi informasi"]),
    ("KU04", "SAKIP terintegrasi", 6, True,
     ["sakip", "akuntabilitas kinerja", "lkip", "perjanjian kinerja", "renstra", "iku"]),
    ("KU05", "Pelayanan publik digital (pemda)", 8, False,
     ["pelayanan publik digital", "mal pelayanan publik"]),
    ("KU06", "Pembangunan Zona Integritas", 7, True, ["zona integritas", "wbk", "wbbm"]),
    ("KU07", "Penguatan SPIP", 7, True, ["spip", "pengendalian intern"]),
    ("KU08", "Pengelolaan pengaduan masyarakat", 7, True, ["pengaduan", "lapor!"]),
    ("KU09", "Pencegahan korupsi", 7, True,
     ["gratifikasi", "korupsi", "lhkpn", "lhkasn", "benturan kepentingan", "whistle"]),
    ("KU10", "Tata kelola kebijakan publik", 2, True,
     ["kebijakan publik", "kualitas kebijakan", "analisis kebijakan"]),
    ("KU11", "Pembentukan peraturan perundang-undangan", 2, True,
     ["perundang", "deregulasi", "regulasi", "harmonisasi peraturan"]),
    ("KU12", "Digitalisasi arsip", 4, True, ["arsip", "kearsipan"]),
    ("KU13", "Statistik sektoral", 4, True, ["statistik", "satu data"]),
    ("KU14", "Tata kelola pengadaan barang/jasa", 4, True,
     ["pengadaan barang", "pbj", "pengadaan"]),
    ("KU15", "Pengelolaan keuangan dan aset", 6, True,
     ["keuangan", "aset", "bmn", "barang milik negara"]),
    ("KU16", "Penguatan jabatan fungsional", 5, True,
     ["jabatan fungsional", "penyetaraan jabatan"]),
    ("KU17", "Manajemen talenta", 5, True,
     ["talenta", "pengembangan kompetensi", "kompetensi"]),
    ("KU18", "Manajemen kinerja pegawai", 5, True,
     ["kinerja pegawai", "skp", "penilaian kinerja", "kinerja individu"]),
    ("KU19", "Sistem merit", 5, True, ["merit", "mutasi", "promosi"]),
    ("KU20", "Internalisasi core values ASN BerAKHLAK", 1, True,
     ["berakhlak", "core values", "budaya kerja", "nilai dasar", "pola pikir"]),
    ("KU21", "Pelayanan publik prima", 8, True,
     ["pelayanan publik", "standar pelayanan", "survei kepuasan", "skm", "maklumat"]),
]  # fmt: skip


def load_2024(CriteriaSet, Criterion, KegiatanUtama) -> None:
    """Create the 2024 set as a draft, fill it, then publish it (used by the migration)."""
    criteria_set = CriteriaSet.objects.create(
        year=2024,
        name="Kriteria Penilaian Rencana Aksi RB General 2024",
        status="draft",
        plan_points=3,
        implementation_points=7,
        source=SOURCE_2024,
        source_confirmed=False,
        source_note=SOURCE_NOTE_2024,
    )
    for position, row in enumerate(CRITERIA_2024, 1):
        Criterion.objects.create(criteria_set=criteria_set, position=position, **row)
    for position, (code, name, area, vertical, keywords) in enumerate(KEGIATAN_UTAMA_2024, 1):
        KegiatanUtama.objects.create(
            criteria_set=criteria_set,
            position=position,
            code=code,
            name=name,
            reform_area=area,
            for_vertical=vertical,
            keywords="\n".join(keywords),
        )
    from django.utils import timezone

    CriteriaSet.objects.filter(pk=criteria_set.pk).update(
        status="published", published_at=timezone.now()
    )
