from django.db import migrations


def load(apps, schema_editor):
    from renaksi.quality.data import load_2024

    load_2024(
        apps.get_model("quality", "CriteriaSet"),
        apps.get_model("quality", "Criterion"),
        apps.get_model("quality", "KegiatanUtama"),
    )


def unload(apps, schema_editor):
    apps.get_model("quality", "CriteriaSet").objects.filter(year=2024).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
