"""The SKM routes in the permission matrix.

Public (no sign-in): the form and the results page; both name the unit by design. Staff pages:
the unit's survey page, report and QR poster for its readers (members of the unit and of its
ancestors); typing paper questionnaires in and importing them for its managers.
"""

from datetime import timedelta

from django.utils import timezone

from renaksi.core.tests.matrix_rules_api import (
    NO_TARGET,
    TARGET_UNITS,
    Rule,
    anyone_signed_in,
    managers,
    readers,
)


def _code(t) -> dict:
    return {"code": t.extra["skm_questionnaire"].code}


def _pk(t) -> dict:
    return {"pk": t.extra["skm_questionnaire"].pk}


def _unit_pk(t) -> dict:
    return {"unit_pk": t.unit.pk}


def _entry_body(t) -> dict:
    return {"tanggal": timezone.localdate().isoformat(), "persyaratan": "4", "prosedur": "3"}


ROUTES = {
    "surveys:public_form": Rule(
        anyone_signed_in,
        kwargs=_code,
        methods=("GET", "POST"),
        body=lambda t: {"persyaratan": "4"},
        anonymous=True,
        discloses=tuple(TARGET_UNITS),
    ),
    "surveys:public_results": Rule(
        anyone_signed_in,
        kwargs=lambda t: {"unit_code": t.unit.code},
        anonymous=True,
        discloses=tuple(TARGET_UNITS),
    ),
    "surveys:survey_start": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    "surveys:survey_home": Rule(readers, kwargs=_unit_pk),
    "surveys:survey_report": Rule(readers, kwargs=_unit_pk),
    "surveys:survey_poster": Rule(readers, kwargs=_pk),
    "surveys:survey_entry": Rule(managers, kwargs=_pk, methods=("GET", "POST"), body=_entry_body),
    "surveys:survey_import": Rule(
        managers, kwargs=_pk, methods=("GET", "POST"), body=lambda t: {"tanggal": "x"}
    ),
}


def extend_world(world) -> None:
    from renaksi.surveys.models import Questionnaire, Unsur

    today = timezone.localdate()
    for code, target in world.targets.items():
        questionnaire = Questionnaire.objects.create(
            unit=target.unit,
            code=f"m{code.replace('.', '')}".lower()[:16],
            title="SKM",
            start=today - timedelta(days=1),
            end=today + timedelta(days=1),
            published_at=timezone.now(),
        )
        Unsur.objects.bulk_create(
            Unsur(questionnaire=questionnaire, position=i, key=key, name=key, question=key,
                  label_1="1", label_2="2", label_3="3", label_4="4")
            for i, key in enumerate(("persyaratan", "prosedur"), start=1)
        )  # fmt: skip
        target.extra["skm_questionnaire"] = questionnaire


def fingerprint() -> tuple:
    from renaksi.surveys.models import Answer, Questionnaire, Response

    return (Questionnaire.objects.count(), Response.objects.count(), Answer.objects.count())
