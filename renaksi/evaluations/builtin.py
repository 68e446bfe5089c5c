"""The instruments shipped with Renaksi, built as data (sources cited in each instrument).

- PMPRB 2020–2022: PermenPAN-RB 26/2020, weights from domain.md §2.1–2.2 (LKE Manual RB 2020).
  The official question texts of the LKE are not in the sources; each sub-item has one summary
  criterion. Weights the sources do not give (Hasil antara beyond Kualitas kebijakan, the Reform
  split) are marked unconfirmed.
- LKE ZI 2023: PermenPAN-RB 90/2021 jo 5/2024, the full tree from ``data/lke_zi_2023_bps.json``
  (BPS LKE ZI 2023), gates from domain.md §4.2 / evaluations README §2.3.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

BANDS_26_2020 = [
    ("AA", "Sangat memuaskan", "90", "100"),
    ("A", "Memuaskan", "80", "90"),
    ("BB", "Sangat baik", "70", "80"),
    ("B", "Baik", "60", "70"),
    ("CC", "Cukup", "50", "60"),
    ("C", "Kurang", "30", "50"),
    ("D", "Sangat kurang", None, "30"),
]

# (area number, name, weight, [(sub-item, weight, keywords)])
PEMENUHAN_26_2020 = [
    (
        1,
        "Manajemen perubahan",
        "2.00",
        [
            ("Tim Reformasi Birokrasi", "0.40", "tim rb,tim reformasi"),
            ("Road map reformasi birokrasi", "0.40", "road map,roadmap,rencana aksi"),
            ("Pemantauan dan evaluasi reformasi birokrasi", "0.80", "monitoring,evaluasi,pmprb"),
            ("Perubahan pola pikir dan budaya kinerja", "0.40", "agen perubahan,budaya kerja"),
        ],
    ),
    (
        2,
        "Deregulasi kebijakan",
        "1.00",
        [
            ("Harmonisasi", "0.50", "harmonisasi,peraturan"),
            ("Sistem pengendalian dalam penyusunan peraturan", "0.50", "penyusunan peraturan"),
        ],
    ),
    (
        3,
        "Penataan dan penguatan organisasi",
        "2.00",
        [
            ("Evaluasi kelembagaan", "1.00", "evaluasi kelembagaan,organisasi"),
            ("Penataan kelembagaan", "1.00", "penataan kelembagaan,struktur"),
        ],
    ),
    (
        4,
        "Penataan tatalaksana",
        "2.00",
        [
            ("Proses bisnis dan prosedur operasional tetap (SOP)", "0.60", "sop,proses bisnis"),
            ("E-Government", "0.80", "spbe,e-government,aplikasi"),
            ("Keterbukaan informasi publik", "0.60", "ppid,informasi publik"),
        ],
    ),
    (
        5,
        "Penataan sistem manajemen SDM",
        "5.00",
        [
            ("Perencanaan kebutuhan pegawai", "0.33", "kebutuhan pegawai,formasi"),
            ("Proses penerimaan pegawai transparan, objektif, akuntabel", "0.67", "rekrutmen"),
            ("Pengembangan pegawai berbasis kompetensi", "0.33", "kompetensi,diklat,bimtek"),
            ("Promosi jabatan dilakukan secara terbuka", "2.00", "promosi,seleksi terbuka"),
            ("Penetapan kinerja individu", "0.67", "skp,kinerja individu"),
            ("Penegakan aturan disiplin/kode etik/kode perilaku", "0.33", "disiplin,kode etik"),
            ("Evaluasi jabatan", "0.33", "evaluasi jabatan,anjab"),
            ("Sistem informasi kepegawaian", "0.33", "simpeg,sistem informasi kepegawaian"),
        ],
    ),
    (
        6,
        "Penguatan akuntabilitas",
        "2.00",
        [
            ("Keterlibatan pimpinan", "0.67", "pimpinan,perjanjian kinerja"),
            ("Pengelolaan akuntabilitas kinerja", "1.33", "sakip,lakip,akuntabilitas kinerja"),
        ],
    ),
    (
        7,
        "Penguatan pengawasan",
        "4.00",
        [
            ("Gratifikasi", "0.50", "gratifikasi,upg"),
            ("Penerapan SPIP", "0.50", "spip"),
            ("Pengaduan masyarakat", "0.67", "pengaduan"),
            ("Whistle-blowing system", "0.50", "whistle,wbs"),
            ("Penanganan benturan kepentingan", "0.50", "benturan kepentingan"),
            ("Pembangunan zona integritas", "0.83", "zona integritas,wbk"),
            ("Pelaksanaan tugas APIP", "0.50", "apip,pengawasan internal"),
        ],
    ),
    (
        8,
        "Peningkatan kualitas pelayanan publik",
        "2.00",
        [
            ("Standar pelayanan", "0.33", "standar pelayanan,maklumat"),
            ("Budaya pelayanan prima", "0.33", "pelayanan prima"),
            ("Pengelolaan pengaduan", "0.50", "pengaduan"),
            ("Penilaian kepuasan terhadap pelayanan", "0.50", "skm,kepuasan"),
            ("Pemanfaatan teknologi informasi", "0.33", "teknologi informasi,online"),
        ],
    ),
]

AREAS = {n: name for n, name, _w, _s in PEMENUHAN_26_2020}


def _criterion(code, name, answer_type, **extra):
    return {"kind": "criterion", "code": code, "name": name, "answer_type": answer_type, **extra}


def pmprb_2020() -> dict:
    pemenuhan = []
    for number, area, weight, subs in PEMENUHAN_26_2020:
        children = []
        for i, (name, w, keywords) in enumerate(subs, start=1):
            code = f"A.1.{number}.{i}"
            children.append(
                {
                    "kind": "subcomponent",
                    "code": code,
                    "name": name,
                    "weight": w,
                    "reform_area": number,
                    "keywords": keywords,
                    "children": [
                        _criterion(
                            f"{code}.a",
                            f"Tingkat pemenuhan: {name}",
                            "abcd",
                            guidance=(
                                "A = terpenuhi seluruhnya dan dievaluasi; "
                                "B = terpenuhi sebagian besar; C = terpenuhi sebagian kecil; "
                                "D = belum. Butir pertanyaan resmi LKE PMPRB 2020 tidak "
                                "tersedia pada sumber; satu kriteria ringkasan per sub-item."
                            ),
                            evidence=["Dokumen pelaksanaan " + name.lower()],
                            reform_area=number,
                            keywords=keywords,
                        )
                    ],
                }
            )
        pemenuhan.append(
            {
                "kind": "subcomponent",
                "code": f"A.1.{number}",
                "name": area,
                "weight": weight,
                "reform_area": number,
                "children": children,
            }
        )
    hasil_antara = [
        {
            "kind": "subcomponent",
            "code": "A.2.2",
            "name": "Deregulasi kebijakan — kualitas kebijakan",
            "weight": "1.00",
            "reform_area": 2,
            "children": [
                _criterion(
                    "A.2.2.a",
                    "Indeks kualitas kebijakan (0–100)",
                    "percent",
                    reform_area=2,
                    keywords="kebijakan",
                )
            ],
        },
        {
            "kind": "subcomponent",
            "code": "A.2.9",
            "name": "Hasil antara area perubahan lainnya",
            "weight": "9.00",
            "weight_confirmed": False,
            "children": [
                _criterion(
                    "A.2.9.a", "Capaian hasil antara area perubahan lainnya (0–100)", "percent"
                )
            ],
        },
    ]
    reform = []
    for number, area, _w, _s in PEMENUHAN_26_2020:
        code = f"A.3.{number}"
        reform.append(
            {
                "kind": "subcomponent",
                "code": code,
                "name": f"Reform — {area}",
                "weight": "3.75",
                "weight_confirmed": False,
                "reform_area": number,
                "children": [
                    _criterion(
                        f"{code}.a",
                        f"Perubahan yang dihasilkan pada area {area.lower()}",
                        "abcde",
                        reform_area=number,
                        guidance=(
                            "Bobot Reform per area tidak diketahui (dibagi rata, belum "
                            "dikonfirmasi)."
                        ),
                    )
                ],
            }
        )
    hasil = []
    for i, (name, question, area, keywords) in enumerate(
        [
            ("Akuntabilitas kinerja dan keuangan", "Nilai SAKIP (0–100)", 6, "sakip"),
            ("Kualitas pelayanan publik", "Indeks kepuasan masyarakat (0–100)", 8, "skm,kepuasan"),
            (
                "Pemerintah yang bersih dan bebas KKN",
                "Indeks persepsi anti korupsi (0–100)",
                7,
                "korupsi,integritas",
            ),
            ("Kinerja organisasi", "Capaian kinerja organisasi (0–100)", 6, "capaian kinerja"),
        ],
        start=1,
    ):
        hasil.append(
            {
                "kind": "subcomponent",
                "code": f"B.{i}",
                "name": name,
                "weight": "10",
                "reform_area": area,
                "keywords": keywords,
                "children": [
                    _criterion(f"B.{i}.a", question, "percent", reform_area=area, keywords=keywords)
                ],
            }
        )
    return {
        "code": "PMPRB-2020",
        "name": "PMPRB 2020–2022 — PermenPAN-RB 26/2020",
        "kind": "rb",
        "basis": "Peraturan Menteri PANRB Nomor 26 Tahun 2020",
        "source": (
            "Komponen dan bobot: PermenPAN-RB 26/2020 dan LKE Manual RB 2020 (domain.md §2.1–2.2); "
            "konversi jawaban: domain.md §2.3; predikat: domain.md §2.4 (IRB 2022). Bobot Hasil "
            "antara selain kualitas kebijakan dan pembagian Reform per area tidak diketahui "
            "(ditandai belum terkonfirmasi)."
        ),
        "year_from": 2020,
        "year_to": 2022,
        "nodes": [
            {
                "kind": "component",
                "code": "A",
                "name": "Pengungkit",
                "weight": "60",
                "children": [
                    {
                        "kind": "component",
                        "code": "A.1",
                        "name": "Pemenuhan",
                        "weight": "20",
                        "children": pemenuhan,
                    },
                    {
                        "kind": "component",
                        "code": "A.2",
                        "name": "Hasil antara area perubahan",
                        "weight": "10",
                        "children": hasil_antara,
                    },
                    {
                        "kind": "component",
                        "code": "A.3",
                        "name": "Reform",
                        "weight": "30",
                        "weight_confirmed": False,
                        "children": reform,
                    },
                ],
            },
            {"kind": "component", "code": "B", "name": "Hasil", "weight": "40", "children": hasil},
        ],
        "bands": BANDS_26_2020,
        "gates": [],
    }


ZI_TYPES = {"yes_no": "yes_no", "ABC": "abc", "ABCD": "abcd", "ABCDE": "abcde"}
# Official formula text (evaluations README §2.2): inputs a, b, c in the LKE's order.
ZI_FORMULAS = {
    "PRA1A": "min(1, b / a)",
    "PRA1B": "b / a",
    "PRC3A": "(a - b) / a",
    "PRD1A": "b / a",
    "PRE2A": "c / a",
}
ZI_AREA = {"A": 1, "B": 4, "C": 5, "D": 6, "E": 7, "F": 8}
ZI_AREA_SHORT = {
    "A": "Manajemen Perubahan",
    "B": "Tatalaksana",
    "C": "SDM",
    "D": "Akuntabilitas",
    "E": "Pengawasan",
    "F": "Pelayanan Publik",
}


def _zi_options(options):
    letters = "ABCDE"
    return [
        {"code": letters[i], "text": o["text"], "value": o["value"]} for i, o in enumerate(options)
    ]


def _zi_question(q, area):
    answer_type = ZI_TYPES.get(q["answer_type"])
    extra = {"reform_area": area}
    if answer_type is None:
        answer_type = "number"
        inputs = [i["label"] for i in q.get("inputs", [])]
        formula = ZI_FORMULAS.get(q["code"], "b / a" if len(inputs) >= 2 else "a")
        extra.update(inputs=inputs, formula=formula)
    elif answer_type == "yes_no":
        values = [o["value"] for o in q.get("options", [])]
        extra["options"] = [
            {"code": "Y", "value": values[0] if values else 1},
            {"code": "T", "value": values[1] if len(values) > 1 else 0},
        ]
    else:
        extra["options"] = _zi_options(q.get("options", []))
    return _criterion(q["code"], q["text"], answer_type, evidence=q.get("evidence", []), **extra)


def lke_zi_2023() -> dict:
    raw = json.loads((DATA / "lke_zi_2023_bps.json").read_text(encoding="utf-8"))
    gates = []

    def node(n, depth):
        letter = n["code"][2:3] if n["code"].startswith(("PP", "PR")) else ""
        area = ZI_AREA.get(letter) if len(n["code"]) == 3 else None
        out = {
            "kind": "component" if depth < 2 else "subcomponent",
            "code": n["code"],
            "name": n["name"],
            "weight": str(n["weight"]),
            "reform_area": area,
        }
        if "min_wbk" in n:
            part = (
                "Pemenuhan"
                if n["code"].startswith("PP")
                else ("Reform" if n["code"].startswith("PR") else "")
            )
            label = f"{ZI_AREA_SHORT[letter]} ({part})" if part else n["name"].split("(")[0].strip()
            if part:
                gates.append(("WBK", label, n["code"], "percent", "60"))
                gates.append(("WBBM", label, n["code"], "percent", "75"))
            else:
                wbbm = Decimal(str(n["min_wbbm"]))
                gates.append(("WBK", label, n["code"], "absolute", str(n["min_wbk"])))
                gates.append(("WBBM", label, n["code"], "absolute", str(wbbm)))
        if "options" in n:
            # A Hasil item answered directly (survey index / capaian kinerja).
            answer_type = "abcd" if len(n["options"]) == 4 else "abcde"
            out["children"] = [
                _criterion(
                    f"{n['code']}.1", n["name"], answer_type, options=_zi_options(n["options"])
                )
            ]
        elif "indicators" in n:
            out["children"] = [
                {
                    "kind": "subcomponent",
                    "code": i["code"],
                    "name": i["name"],
                    "weight": str(i["weight"]),
                    "reform_area": area,
                    "children": [_zi_question(q, area) for q in i["questions"]],
                }
                for i in n["indicators"]
            ]
        else:
            out["children"] = [node(c, depth + 1) for c in n["children"]]
        return out

    nodes = [node(n, 0) for n in sorted(raw["tree"], key=lambda n: n["code"] != "P")]
    gates = [
        ("WBK", "Total", None, "absolute", "75"),
        ("WBBM", "Total", None, "absolute", "85"),
        ("WBK", "Pengungkit", "P", "absolute", "40"),
        ("WBBM", "Pengungkit", "P", "absolute", "48"),
        ("WBK", "Birokrasi bersih dan akuntabel", "HB", "absolute", "18.25"),
        ("WBBM", "Birokrasi bersih dan akuntabel", "HB", "absolute", "19.50"),
        *gates,
    ]
    return {
        "code": "LKE-ZI-2023",
        "name": "LKE Zona Integritas 2023 — PermenPAN-RB 90/2021 jo 5/2024",
        "kind": "zi",
        "basis": "Peraturan Menteri PANRB Nomor 90 Tahun 2021 jo Nomor 5 Tahun 2024",
        "source": (
            raw["source"] + ". Syarat minimal WBK/WBBM: domain.md §4.2 dan evaluations README "
            "§2.3; syarat area diterapkan 60 %/75 % terpisah untuk Pemenuhan dan Reform "
            "(PPF/PRF WBBM 1,50 pada sumber adalah salah data; di sini 75 %)."
        ),
        "year_from": 2021,
        "year_to": 2026,
        "nodes": nodes,
        "bands": [],
        "gates": gates,
    }


BUILTINS = {"PMPRB-2020": pmprb_2020, "LKE-ZI-2023": lke_zi_2023}
