"""Routes this work added (the evidence preview) in the permission matrix."""

from renaksi.core.tests.matrix_rules_api import Rule, managers, readers

ROUTES = {
    # The inline preview has the download's access check: everyone who reads the unit.
    "evidence_preview": Rule(readers, kwargs=lambda t: {"evidence_pk": t.evidence.pk}),
}
# The preview names the unit the report goes to (issue 20): the province, 17.
ROUTES["chain_preview"] = Rule(
    managers, kwargs=lambda t: {"pk": t.plan.pk, "number": 1}, discloses=("17",)
)
