"""Permission-matrix rules for the plans app's routes added by the importer (issue 13)."""

from renaksi.core.tests.matrix_rules_api import Rule, readers

ROUTES = {
    # Anyone who may read the plan may download its working XLSX; others get a 404.
    "plan_export_working_xlsx": Rule(readers, kwargs=lambda t: {"pk": t.plan.pk}),
}
