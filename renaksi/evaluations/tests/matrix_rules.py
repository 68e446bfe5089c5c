"""The evaluation routes in the permission matrix (see renaksi/core/tests/matrix_plugins.py)."""

from django.core.files.base import ContentFile

from renaksi.core.tests.matrix_rules_api import (
    MANAGERS,
    NO_TARGET,
    PERSONAS,
    Rule,
    anyone_signed_in,
    managers,
    readers,
    role,
)
from renaksi.evaluations.models import (
    Answer,
    AnswerEvidence,
    EvaluationDocument,
    Node,
    Worksheet,
)
from renaksi.evaluations.services import instrument_build
from renaksi.evaluations.tests.test_worksheet import small_spec


def parent_reviewers(persona: str, rel: str) -> bool:
    """The Sekretaris or administrator of the unit's parent (targets 17.09 and 17.01: 17)."""
    return rel == "child" and role(persona) in MANAGERS and PERSONAS[persona][1] == "17"


def _ws(t):
    return t.extra["worksheet"]


def _at(node_name):
    return lambda t: {"pk": _ws(t).pk, "node_pk": t.extra[node_name].pk}


def _unit_assessors(persona: str, rel: str) -> bool:
    from renaksi.core.tests.matrix_rules_api import PERSONAS

    return rel == "own" and PERSONAS[persona][2] == "asesor"


ROUTES = {
    "evaluation_home": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    "worksheet_detail": Rule(readers, kwargs=lambda t: {"pk": _ws(t).pk}),
    "worksheet_download_xlsx": Rule(readers, kwargs=lambda t: {"pk": _ws(t).pk}),
    "worksheet_answer": Rule(
        managers,
        kwargs=_at("open_criterion"),
        methods=("POST",),
        body=lambda t: {"value": "Y", "explanation": "x"},
    ),
    # Any Tim Asesor of the unit: the matrix's "author" persona wrote a plan cell, not this
    # answer (separation of duties for answers is tested in the app's own tests).
    "worksheet_assess": Rule(
        _unit_assessors, kwargs=_at("answered_criterion"), methods=("POST",), body=lambda t: {}
    ),
    "worksheet_review": Rule(
        parent_reviewers,
        kwargs=_at("assessed_criterion"),
        methods=("POST",),
        body=lambda t: {},
        targets=("17.09", "17.01"),
    ),
    "worksheet_document_request": Rule(
        readers,
        kwargs=lambda t: {"pk": _ws(t).pk},
        methods=("POST",),
        body=lambda t: {"format": "unknown"},
    ),
    "evaluation_document_download": Rule(readers, kwargs=lambda t: {"pk": t.extra["document"].pk}),
    "evaluation_ranking": Rule(
        readers,
        kwargs=lambda t: {
            "unit_pk": t.unit.pk,
            "instrument_pk": _ws(t).instrument_id,
            "year": 2022,
        },
    ),
}


def extend_world(world) -> None:
    instrument = instrument_build(spec=small_spec("MATRIX"), publish=True)
    criteria = list(instrument.nodes.filter(kind=Node.Kind.CRITERION).order_by("position"))
    for target in world.targets.values():
        ws = Worksheet.objects.create(unit=target.unit, instrument=instrument, year=2022)
        Answer.objects.create(worksheet=ws, criterion=criteria[1], unit_value="A")
        Answer.objects.create(
            worksheet=ws,
            criterion=criteria[2],
            unit_numbers=["2", "1"],
            assessor_numbers=["2", "1"],
            stage=Answer.Stage.ASSESSOR,
        )
        document = EvaluationDocument.objects.create(
            worksheet=ws,
            format="xlsx",
            status="done",
            file=f"evaluasi/matrix/{target.unit.code}.xlsx",
            file_name="lke.xlsx",
        )
        document.file.storage.save(document.file.name, ContentFile(b"PK-matrix"))
        target.extra.update(
            document=document,
            worksheet=ws,
            open_criterion=criteria[0],
            answered_criterion=criteria[1],
            assessed_criterion=criteria[2],
        )


def fingerprint() -> tuple:
    return (
        tuple(
            Answer.objects.order_by("pk").values_list(
                "pk", "stage", "unit_value", "assessor_value", "final_value", "version"
            )
        ),
        AnswerEvidence.objects.count(),
        EvaluationDocument.objects.count(),
    )
