from django.db import migrations


def fill(apps, schema_editor):
    # Counts every existing plan once. Uses the live service (not historical models) so the
    # definitions cannot drift from the code that maintains the rows; if a later migration changes
    # the models it reads, make this a no-op: the selectors count plans without rows from their
    # cells, and ``manage.py rollup_summary_check --fix`` writes the rows.
    from renaksi.plans.models import Plan
    from renaksi.rollup.services import plan_summary_refresh

    plan_summary_refresh(plan_ids=Plan.objects.values_list("pk", flat=True))


class Migration(migrations.Migration):
    dependencies = [("rollup", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
