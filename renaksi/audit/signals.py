"""Sign-ins, sign-outs and failed sign-ins go into the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from renaksi.audit.services import audit_record


def _ip(request) -> str:
    # The client's address, through a trusted proxy only (TRUSTED_PROXIES).
    from renaksi.security.client import client_ip

    return client_ip(request) if request is not None else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", obj=user, data={"ip": _ip(request)})


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, data={"ip": _ip(request)})


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the username is kept; Django already masks the password in ``credentials``.
    audit_record(
        actor=None,
        action="auth.login_failed",
        data={"username": str(credentials.get("username", ""))[:150], "ip": _ip(request)},
    )
