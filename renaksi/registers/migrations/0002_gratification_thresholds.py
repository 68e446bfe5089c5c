"""The not-to-report thresholds of Peraturan KPK 2/2019 and 1/2026 (domain.md §6.3), as data.

1/2026 was set in January 2026; its date of entry into force is taken as 1 January 2026 (an
administrator corrects ``in_force_from`` if the promulgated date differs). The farewell category
of 2/2019 is gone in 1/2026: such gifts fall under the colleagues' rule, so its row repeats it.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

ROWS = [
    # regulation, in force from, occasion, per giver, per year, non-cash only, note
    ("Peraturan KPK 2/2019", date(2019, 8, 30), "upacara", 1_000_000, None, False, "Pasal 2 ayat (3) huruf j"),
    ("Peraturan KPK 2/2019", date(2019, 8, 30), "rekan", 200_000, 1_000_000, True, "Pasal 2 ayat (3) huruf p"),
    ("Peraturan KPK 2/2019", date(2019, 8, 30), "pisah_sambut", 300_000, 1_000_000, True, "Pasal 2 ayat (3) huruf o"),
    ("Peraturan KPK 1/2026", date(2026, 1, 1), "upacara", 1_500_000, None, False, "batas dinaikkan dari Rp1.000.000"),
    ("Peraturan KPK 1/2026", date(2026, 1, 1), "rekan", 500_000, 1_500_000, True, "batas dinaikkan dari Rp200.000/Rp1.000.000"),
    ("Peraturan KPK 1/2026", date(2026, 1, 1), "pisah_sambut", 500_000, 1_500_000, True, "kategori Rp300.000 dihapus; berlaku batas rekan kerja"),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("registers", "GratificationThreshold")
    for regulation, start, occasion, per_giver, per_year, non_cash, note in ROWS:
        Threshold.objects.update_or_create(
            in_force_from=start,
            occasion=occasion,
            defaults={
                "regulation": regulation,
                "per_giver": Decimal(per_giver),
                "per_year": None if per_year is None else Decimal(per_year),
                "non_cash_only": non_cash,
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("registers", "GratificationThreshold").objects.filter(
        in_force_from__in=[date(2019, 8, 30), date(2026, 1, 1)]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
