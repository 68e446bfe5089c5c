from django.db import migrations

# PermenPAN-RB 25/2020 (Road Map RB 2020-2024), domain.md §1.1.
REFORM_AREAS = [
    (1, "Manajemen Perubahan"),
    (2, "Deregulasi Kebijakan"),
    (3, "Penataan dan Penguatan Organisasi"),
    (4, "Penataan Tatalaksana"),
    (5, "Penataan Sistem Manajemen SDM Aparatur"),
    (6, "Penguatan Akuntabilitas"),
    (7, "Penguatan Pengawasan"),
    (8, "Peningkatan Kualitas Pelayanan Publik"),
]


def add_areas(apps, schema_editor):
    ReformArea = apps.get_model("plans", "ReformArea")
    for number, name in REFORM_AREAS:
        ReformArea.objects.update_or_create(number=number, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
