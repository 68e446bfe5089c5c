"""System checks and the refusal of an unsafe production start."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

EMBEDDED_SECRET_KEY = "renaksi-embedded-default-not-for-production"  # noqa: S105


def _per_process_throttle() -> bool:
    if getattr(settings, "LOGIN_THROTTLE_STORE", "database") != "cache":
        return False
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return backend.endswith(("LocMemCache", "DummyCache"))


def problems() -> list[Error]:
    found = []
    if settings.SECRET_KEY == EMBEDDED_SECRET_KEY:
        found.append(
            Error(
                "SECRET_KEY is the embedded default; set a long random SECRET_KEY.",
                id="renaksi.E001",
            )
        )
    if _per_process_throttle():
        found.append(
            Error(
                "LOGIN_THROTTLE_STORE=cache with a per-process cache: each process would count "
                "failed sign-ins on its own. Set REDIS_URL or use LOGIN_THROTTLE_STORE=database.",
                id="renaksi.E002",
            )
        )
    return found


@register(Tags.security, deploy=True)
def deploy_checks(app_configs=None, **kwargs):
    return problems()


@register(Tags.security)
def always_checks(app_configs=None, **kwargs):
    # Without DEBUG a per-process counter is never acceptable, even outside --deploy.
    if not settings.DEBUG and _per_process_throttle():
        return [p for p in problems() if p.id == "renaksi.E002"]
    return []


def refuse_unsafe_start() -> None:
    """Called by the production entry points (wsgi.py under gunicorn, gunicorn.conf.py)."""
    reasons = [p.msg for p in problems()]
    if settings.DEBUG:
        reasons.append("DEBUG is on; a production server runs with DEBUG=False.")
    if reasons:
        raise ImproperlyConfigured("Renaksi refuses to start: " + " ".join(reasons))
