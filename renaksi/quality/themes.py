"""RB Tematik themes and fokus intervensi, as the national portal lists them.

Source: ../shared/docs/evaluations/README.md §1.2 and §1.4 (Portal RB ``TemaSeeder`` and the
``tematik_rencana_aksi_output.fokus_intervensi`` values) ✅ for 2023; domain.md §1.4 lists the
same themes as ⚠️. Later years may add themes: a plan keeps whatever theme it was given.
"""

from django.utils.translation import gettext_lazy as _

# Stored as written (Indonesian proper names of the national themes), shown translated.
THEMES = [
    ("Pengentasan Kemiskinan", _("Pengentasan Kemiskinan")),
    ("Realisasi Investasi", _("Realisasi Investasi")),
    ("Digitalisasi Administrasi Pemerintahan", _("Digitalisasi Administrasi Pemerintahan")),
    ("Penggunaan Produk Dalam Negeri", _("Penggunaan Produk Dalam Negeri")),
    ("Pengendalian Inflasi", _("Pengendalian Inflasi")),
]
FOCUS = [
    ("Perencanaan dan Penganggaran", _("Perencanaan dan Penganggaran")),
    ("Proses Bisnis dan SOP", _("Proses Bisnis dan SOP")),
    ("Sumber Daya Manusia", _("Sumber Daya Manusia")),
    ("Pengawasan", _("Pengawasan")),
    ("Teknologi dan Informasi", _("Teknologi dan Informasi")),
    ("Inovasi", _("Inovasi")),
]


def choices_with(current: str, options: list) -> list:
    """The options, plus the plan's current value when it is not one of them (kept as is)."""
    values = [v for v, _label in options]
    extra = [(current, current)] if current and current not in values else []
    return [("", "—"), *options, *extra]
