"""Messages for the findings that plan readers report, and the Road Map area names they map to.

A ``Finding`` carries only a code and JSON-safe params (it is stored in ``ImportReport``); the
text a user reads is chosen here, translated at render time. Indonesian is the source language;
English comes from the .po file. The line a finding is about is shown by the caller, so messages
mention other lines only.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renaksi.plans.parsed import Finding

# Findings that stop an import until the user says the reading is right (the web preview's
# checkbox, the CLI's --accept-changes).
STOP_AND_ASK = frozenset(["column_kind_changed"])

MESSAGES: dict[str, Promise] = {
    # PDF, OCR and real tables (issue 13)
    "pdf_read": _("Dibaca dari PDF (%(pages)s halaman): tabel lampiran dan halaman keputusan."),
    "ocr_used": _(
        "PDF ini hasil pindai tanpa lapisan teks: dibaca dengan OCR (Tesseract, bahasa "
        "Indonesia) dari %(pages)s halaman. %(cells)s sel terbaca dengan keyakinan rendah "
        "tercantum di bawah; periksa semua teks dengan dokumen aslinya."
    ),
    "ocr_low_confidence": _(
        "OCR kurang yakin (%(confidence)s%%) pada halaman %(page)s, sel %(cell)s: "
        "„%(text)s“. Periksa dengan dokumen aslinya."
    ),
    "rows_skipped_header": _(
        "%(count)s baris judul kolom yang berulang dilewati, tidak diimpor: baris %(lines)s."
    ),
    "rows_skipped_numbering": _(
        "%(count)s baris penomoran kolom (1, 2, 3, …) dilewati, tidak diimpor: baris %(lines)s."
    ),
    "rows_skipped_total": _(
        "%(count)s baris jumlah/total dilewati, tidak diimpor: baris %(lines)s."
    ),
    "rows_skipped_legend": _(
        "%(count)s baris keterangan/legenda dilewati, tidak diimpor: baris %(lines)s."
    ),
    "rows_skipped_block": _(
        "%(count)s baris teks yang membentang di kolom periode (mis. blok tanda tangan) "
        "dilewati, tidak diimpor: baris %(lines)s."
    ),
    "column_kind_changed": _(
        "Isi kolom %(column)s („%(head)s“) berubah jenis di %(count)s sel (%(cells)s): angka "
        "di kolom teks atau teks di kolom periode. Mungkin bagian tabel ini memakai susunan "
        "kolom lain; tentukan baris data pertama/terakhir atau pemetaan lain sebelum menyimpan."
    ),
    "area_merged": _(
        "Area „%(name)s“ sudah ada (baris %(first)s): baris-barisnya digabung ke area itu, "
        "tidak dibuat ganda."
    ),
    "fractions_as_percent": _(
        "Target berupa pecahan (%(values)s) pada satuan persen: dibaca sebagai persen "
        "(×100). Periksa bahwa memang itu maksudnya."
    ),
    "cumulative_detected": _(
        "Target per periode (%(values)s) terus naik sampai target akhir: dibaca sebagai "
        "target kumulatif."
    ),
    "section_read": _(
        "Bagian %(section)s: judul kolom di baris %(header)s, data baris %(first)s–%(last)s, "
        "dibaca dengan pemetaannya sendiri (%(indicators)s indikator)."
    ),
    "fragment_joined": _(
        "Baris ini hanya berisi sambungan teks indikator di atasnya („%(text)s“): digabung ke "
        "indikator itu, bukan indikator baru."
    ),
    "budget_unreadable": _("Anggaran di sel %(cell)s („%(text)s“) bukan angka; dikosongkan."),
    # People (plans.services._resolve_pics): the same words whether or not the account exists.
    "pic_not_member": _(
        "Penanggung jawab „%(name)s“ tidak cocok dengan nama pengguna anggota satuan kerja ini; "
        "disimpan sebagai nama tertulis. Pilih akunnya nanti di halaman indikator bila perlu."
    ),
    # Month grid
    "ticks_clipped": _(
        "Baris ini memuat %(count)s tanda √, lebih dari 12 bulan (sel gabungan meluber ke kolom "
        "bulan). Dibaca sebagai dilaksanakan setiap bulan 1–12; mohon periksa jadwalnya."
    ),
    "ticks_outside_grid": _(
        "Tanda √ di kanan kolom bulan 12 (posisi bulan ke-%(positions)s) tidak dapat dibaca "
        "sebagai bulan dan diabaikan; bulan yang terbaca: %(months)s."
    ),
    "ticks_without_indicator": _(
        "Baris %(lines)s memuat tanda √ (bulan %(months)s) pada sub kegiatan tanpa indikator; "
        "jadwal ini tidak dapat dipasang pada indikator mana pun."
    ),
    "ticks_to_previous_indicator": _(
        "Tanda √ pada baris %(lines)s tidak punya indikator di barisnya; dibaca sebagai jadwal "
        "indikator „%(indicator)s“ (baris %(indicator_line)s)."
    ),
    "columns_shifted": _(
        "Kolom tabel bergeser pada baris %(first_line)s–%(last_line)s (%(count)s baris): teks "
        "berada di kolom yang salah. Kolom diselaraskan menurut isi, penomoran dan tanda √; "
        "mohon periksa letak kegiatan, sub kegiatan, indikator dan bulannya."
    ),
    # Structure
    "area_label_after_rows": _(
        "Label area „%(name)s“ tercetak di tengah sel gabungannya; baris mulai baris "
        "%(first_line)s (saat penomoran kegiatan dimulai lagi dari 1) dimasukkan ke area ini."
    ),
    "activity_label_after_rows": _(
        "Label kegiatan „%(name)s“ tercetak di tengah sel gabungannya; sub kegiatan mulai baris "
        "%(first_line)s dimasukkan ke kegiatan ini."
    ),
    "area_uncertain": _(
        "„%(text)s“ memulai penomoran baru tanpa label kegiatan atau area yang menyusul. "
        "Dibaca sebagai kegiatan di area %(area)s (baris sebelumnya); area sebenarnya tidak "
        "pasti (mungkin area tanpa label)."
    ),
    "area_label_missing": _(
        "Kegiatan mulai baris ini memulai penomoran baru, tetapi label areanya tidak ditemukan; "
        "dibaca sebagai area tanpa nama."
    ),
    "activity_label_missing": _(
        "Penomoran sub kegiatan dimulai lagi pada „%(text)s“, tetapi label kegiatan barunya "
        "tidak ditemukan; tetap dimasukkan ke kegiatan „%(activity)s“."
    ),
    "area_missing": _(
        "Area perubahan nasional %(number)s (%(name)s) tidak ada dalam rencana aksi ini."
    ),
    "area_without_activities": _("Area „%(name)s“ tidak memuat kegiatan."),
    "heading_or_indicator": _(
        "„%(text)s“ dan butir-butirnya (sampai baris %(last_line)s) dapat dibaca sebagai "
        "judul atau sebagai butir tersendiri; dibaca sebagai rincian „%(parent)s“, bukan "
        "sub kegiatan atau indikator baru."
    ),
    "heading_prefixed": _(
        "„%(text)s“ dibaca sebagai judul daftar, bukan indikator tersendiri; teksnya "
        "diawalkan pada indikator %(numbers)s di bawahnya."
    ),
    "numbering_unexpected": _(
        "Nomor „%(number)s“ pada „%(text)s“ tidak melanjutkan penomoran sebelumnya "
        "(diharapkan %(expected)s); mohon periksa letaknya."
    ),
    "duplicate_cell": _(
        "Teks „%(text)s“ tercetak dua kali di kolom bersebelahan (juga „%(kept)s“), "
        "kemungkinan sel gabungan; dibaca sekali sebagai „%(kept)s“."
    ),
    "cell_split": _(
        "Satu sel memuat %(count)s butir bernomor („%(text)s“); dibaca sebagai %(count)s indikator."
    ),
    "indicators_without_periods": _(
        "%(count)s indikator tidak memiliki bulan pelaksanaan (baris %(lines)s)."
    ),
    "note_without_indicator": _(
        "Keterangan „%(text)s“ tidak dapat dipasang pada indikator mana pun."
    ),
    "unreadable_line": _("Teks „%(text)s“ tidak dapat dibaca sebagai bagian tabel."),
    # Tables (XLSX, CSV, DOCX)
    "cell_error": _(
        "Sel %(cell)s (lembar %(sheet)s) berisi galat rumus „%(value)s“; dibaca sebagai kosong."
    ),
    "period_unreadable": _(
        "Isi sel %(cell)s („%(text)s“) pada kolom periode %(period)s tidak dapat dibaca sebagai "
        "tanda atau angka; diabaikan."
    ),
    "target_unreadable": _(
        "Target pada sel %(cell)s („%(text)s“) bukan angka; target indikator ini dikosongkan."
    ),
    "percent_read": _(
        "Target pada sel %(cell)s („%(text)s“) di kolom persen dibaca sebagai %(value)s %%."
    ),
    "empty_rows_skipped": _(
        "%(count)s baris kosong di akhir tabel (mis. baris berisi rumus tanpa nilai) dilewati."
    ),
    "row_without_indicator": _(
        "Baris ini berisi teks („%(text)s“) tetapi tidak memiliki indikator; tidak ada "
        "indikator yang dibuat dari baris ini."
    ),
    "activity_missing": _(
        "„%(text)s“ tidak berada di bawah kegiatan mana pun; dimasukkan ke kegiatan tanpa nama."
    ),
    # Decree
    "decree_number_mismatch": _(
        "Nomor keputusan („%(number)s“) berbeda dengan nomor pada lampiran "
        "(„%(lampiran_number)s“); keduanya disimpan sebagaimana tertulis."
    ),
    "validity_before_schedule_end": _(
        "Masa berlaku keputusan berakhir %(valid_until)s, sebelum bulan pelaksanaan terakhir "
        "rencana aksi (%(last_month)s); kemungkinan salah tulis. Mohon periksa masa berlakunya."
    ),
    "validity_unparsed": _("Masa berlaku „%(text)s“ tidak dapat dibaca sebagai tanggal."),
    "decree_field_missing": _("Bagian keputusan „%(field)s“ tidak ditemukan."),
    "page_break_marker": _(
        "Penanda pindah halaman „%(text)s“ dihapus; kelanjutannya digabung dengan butir sebelumnya."
    ),
    "lampiran_signature_mismatch": _(
        "Penutup lampiran („%(text)s“) berbeda dengan penetapan keputusan („%(decree)s“)."
    ),
}

FALLBACK_MESSAGE = _("Temuan %(code)s: %(params)s")


def finding_message(finding: Finding) -> str:
    """Render one finding in the active language; an unknown code shows its code and params."""
    template = MESSAGES.get(finding.code)
    params = finding.params or {}
    if template is None:
        return str(FALLBACK_MESSAGE) % {"code": finding.code, "params": params}
    try:
        return str(template) % _ParamsView(params)
    except (TypeError, ValueError):
        # A malformed stored finding must still be readable, never crash a report page.
        return str(FALLBACK_MESSAGE) % {"code": finding.code, "params": params}


class _ParamsView(dict):
    """Params for ``%`` formatting: a missing placeholder shows as "?" instead of raising."""

    def __missing__(self, key):
        return "?"


# --- Road Map RB areas (domain.md §1.1) --------------------------------------------------------

# Official names of the 8 national areas, as data (the database seeds its own translated copy).
REFORM_AREA_NAMES: dict[int, str] = {
    1: "Manajemen Perubahan",
    2: "Deregulasi Kebijakan",
    3: "Penataan dan Penguatan Organisasi",
    4: "Penataan Tatalaksana",
    5: "Penataan Sistem Manajemen SDM Aparatur",
    6: "Penguatan Akuntabilitas",
    7: "Penguatan Pengawasan",
    8: "Peningkatan Kualitas Pelayanan Publik",
}

# Patterns over the lower-cased, single-spaced name; KPU and national wordings both match.
_AREA_PATTERNS: list[tuple[int, re.Pattern]] = [
    (1, re.compile(r"^manajemen perubahan$")),
    (2, re.compile(r"^(deregulasi( kebijakan)?|penataan peraturan( perundang-undangan)?)$")),
    (3, re.compile(r"^(penguatan kelembagaan|penataan dan penguatan organisasi)$")),
    (4, re.compile(r"^(penguatan|penataan) (tata ?laksana|ketatalaksanaan)$")),
    (
        5,
        re.compile(
            r"^(penguatan sistem manajemen (asn|sdm)|"
            r"penataan sistem manajemen (sdm|asn)( aparatur)?)$"
        ),
    ),
    (6, re.compile(r"^penguatan akuntabilitas( kinerja)?$")),
    (7, re.compile(r"^penguatan pengawasan$")),
    (8, re.compile(r"^peningkatan kualitas pelayanan publik$")),
]


def reform_area_for(name: str) -> int | None:
    """The national Road Map area number (1..8) a printed area name maps to, or None."""
    cleaned = re.sub(r"[*#_]", " ", name or "")
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,:;").lower()
    # A leading area number ("4. Penguatan Tatalaksana") is not part of the name.
    cleaned = re.sub(r"^\d{1,2}\s*[.)]?\s+", "", cleaned)
    for number, pattern in _AREA_PATTERNS:
        if pattern.match(cleaned):
            return number
    return None
