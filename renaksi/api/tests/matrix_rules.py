"""The permission matrix's rules for the API app's UI route (the "Token API" page).

The API's own routes (``api:*``) have their own generated matrix, with tokens of each scope and
the API's 401/403/404 answers: ``renaksi/api/tests/test_api_matrix.py``, which fails when an
``api:`` route has no case there.
"""

from renaksi.api.tests.routes import api_route_names
from renaksi.core.tests.matrix_rules_api import NO_TARGET, Rule, anyone_signed_in

ROUTES = {
    # Everyone manages their own tokens; revoking another's token is "not found".
    "api_tokens": Rule(anyone_signed_in, methods=("GET", "POST"), targets=(NO_TARGET,)),
}


# Checked by test_api_matrix.py (see above).
PUBLIC = api_route_names()


def fingerprint() -> tuple:
    from renaksi.api.models import ApiToken, Webhook, WebhookDelivery

    return (
        ApiToken.objects.count(),
        ApiToken.objects.filter(revoked_at__isnull=False).count(),
        Webhook.objects.count(),
        WebhookDelivery.objects.count(),
    )
