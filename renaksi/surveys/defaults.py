# ruff: noqa: E501
"""The 9 unsur of PermenPAN-RB 14/2017 in the official sample questionnaire's order and wording."""

from django.utils.translation import gettext_noop as N_

DEFAULT_UNSUR = [
    ("persyaratan", N_("Persyaratan"),
     "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    ("prosedur", N_("Sistem, mekanisme, dan prosedur"),
     "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"]),
    ("waktu", N_("Waktu penyelesaian"),
     "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]),
    ("biaya", N_("Biaya/tarif"),
     "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]),
    ("produk", N_("Produk spesifikasi jenis pelayanan"),
     "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
     "standar pelayanan dengan hasil yang diberikan?",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    ("kompetensi", N_("Kompetensi pelaksana"),
     "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"]),
    ("perilaku", N_("Perilaku pelaksana"),
     "Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
     ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"]),
    ("sarana", N_("Sarana dan prasarana"),
     "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
     ["Buruk", "Cukup", "Baik", "Sangat Baik"]),
    ("pengaduan", N_("Penanganan pengaduan, saran dan masukan"),
     "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
     ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]),
]  # fmt: skip

# Generic scale words that also count as answers (Google Forms exports often use them).
SCALE_WORDS = {
    "tidak baik": 1, "kurang baik": 2, "baik": 3, "sangat baik": 4,
}  # fmt: skip
