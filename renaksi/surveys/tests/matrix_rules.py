"""The SKM routes in the permission matrix: the public form is open to everyone."""

from datetime import timedelta

from django.utils import timezone

from renaksi.core.tests.matrix_rules_api import TARGET_UNITS, Rule, anyone_signed_in


def _code(t) -> dict:
    return {"code": t.extra["skm_questionnaire"].code}


ROUTES = {
    "surveys:public_form": Rule(
        anyone_signed_in,
        kwargs=_code,
        methods=("GET", "POST"),
        body=lambda t: {"persyaratan": "4"},
        anonymous=True,
        discloses=tuple(TARGET_UNITS),
    ),
}


def extend_world(world) -> None:
    from renaksi.surveys.models import Questionnaire

    today = timezone.localdate()
    for code, target in world.targets.items():
        target.extra["skm_questionnaire"] = Questionnaire.objects.create(
            unit=target.unit,
            code=f"m{code.replace('.', '')}".lower()[:16],
            title="SKM",
            start=today - timedelta(days=1),
            end=today + timedelta(days=1),
        )


def fingerprint() -> tuple:
    from renaksi.surveys.models import Answer, Questionnaire, Response

    return (Questionnaire.objects.count(), Response.objects.count(), Answer.objects.count())
