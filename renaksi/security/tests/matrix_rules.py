"""The security app's routes in the permission matrix (renaksi/core/tests/matrix_plugins.py)."""

from renaksi.core.tests.matrix_rules_api import NO_TARGET, Rule, anyone_signed_in

ROUTES = {
    # Every signed-in user changes their own password, and only their own.
    "password_change": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    # Anyone signed in sets up their own authenticator (setting it up changes only their own).
    "otp_setup": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    # Without an authenticator the code page sends the user home (a redirect, not a denial).
    "otp_verify": Rule(anyone_signed_in, targets=(NO_TARGET,)),
}

# Doors to signing in, like the login page (throttled; tests in renaksi/security/tests).
PUBLIC = {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
