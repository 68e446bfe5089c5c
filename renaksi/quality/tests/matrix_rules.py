"""Access rules of the quality routes for the permission matrix (see core/tests/matrix_plugins)."""

from renaksi.core.tests.matrix_rules_api import Rule, managers, plan, readers, sekretaris_only
from renaksi.plans.models import Indicator, Plan


def _indicator(t) -> dict:
    return {"pk": t.plan.pk, "indicator_pk": t.indicator.pk}


ROUTES = {
    "plan_quality": Rule(readers, kwargs=plan),
    "plan_quality_panel": Rule(readers, kwargs=plan),
    "plan_year_over_year": Rule(readers, kwargs=plan),
    "plan_national_export": Rule(readers, kwargs=lambda t: {"pk": t.plan.pk, "fmt": "json"}),
    # No 2022 plan in the world: an allowed request is sent back with a message, nothing written.
    "plan_baselines_fill": Rule(managers, kwargs=plan, methods=("POST",)),
    # Creates the 2024 draft for an allowed manager (rolled back after each case).
    "plan_next_year": Rule(managers, kwargs=plan, methods=("POST",)),
    # The world's plans are confirmed already: the Sekretaris is sent back with a message.
    "plan_confirm": Rule(sekretaris_only, kwargs=plan, methods=("POST",)),
    # Turns the world's plan into an RB Tematik one (rolled back after each case).
    "plan_kind_edit": Rule(
        managers,
        kwargs=plan,
        methods=("GET", "POST"),
        body=lambda t: {"kind": "tematik", "theme": "Pengentasan Kemiskinan", "focus": ""},
    ),
    "indicator_targets_edit": Rule(
        managers,
        kwargs=_indicator,
        methods=("GET", "POST"),
        body=lambda t: {"baseline": "10", "yearly_target": "20"},
    ),
}


def fingerprint() -> tuple:
    return (
        sorted(Plan.objects.values_list("unit_id", "year", "kind", "theme", "focus", "is_draft")),
        sorted(
            (str(b), str(y)) for b, y in Indicator.objects.values_list("baseline", "yearly_target")
        ),
    )
