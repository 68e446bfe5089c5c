"""Bench step for the SKM: a published 2022 questionnaire and ``--per-unit`` typed answers in
every unit of the dataset (bulk, deterministic), then the IKM rolled up over the unit tree, timed
with its query count. The roll-up runs a fixed number of queries whatever the unit count; the
step reports that count for one regency, the largest province and the whole tree side by side.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

YEAR = 2022
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)


def surveys_build(*, per_unit: int = 30) -> dict:
    """One questionnaire with the 9 default unsur and ``per_unit`` answers per unit lacking one."""
    from django.db import transaction
    from django.utils import timezone

    from renaksi.organisations.models import Unit
    from renaksi.surveys.defaults import DEFAULT_UNSUR
    from renaksi.surveys.models import Answer, Questionnaire, Response, Source, Unsur

    have = set(Questionnaire.objects.filter(start=START).values_list("unit_id", flat=True))
    units = [
        pk for pk in Unit.objects.order_by("pk").values_list("pk", flat=True) if pk not in have
    ]
    now = timezone.now()
    with transaction.atomic():
        forms = Questionnaire.objects.bulk_create(
            [
                Questionnaire(
                    unit_id=u, code=f"b{u}", title="SKM", start=START, end=END, published_at=now
                )
                for u in units
            ],
            batch_size=500,
        )
        if not forms or forms[0].pk is None:  # backends that return no keys
            forms = list(Questionnaire.objects.filter(unit_id__in=units, start=START))
        unsur = Unsur.objects.bulk_create(
            [
                Unsur(
                    questionnaire=q, position=i, key=key, name=name, question=question,
                    label_1=labels[0], label_2=labels[1], label_3=labels[2], label_4=labels[3],
                )
                for q in forms
                for i, (key, name, question, labels) in enumerate(DEFAULT_UNSUR, start=1)
            ],
            batch_size=2000,
        )  # fmt: skip
        by_form: dict[int, list] = {}
        for u in unsur:
            by_form.setdefault(u.questionnaire_id, []).append(u.pk)
        responses = Response.objects.bulk_create(
            [
                Response(
                    questionnaire=q,
                    date=date(YEAR, 1 + (q.pk + r) % 12, 1 + r % 28),
                    source=Source.TYPED,
                )
                for q in forms
                for r in range(per_unit)
            ],
            batch_size=2000,
        )
        answers = []
        for response in responses:
            for i, unsur_pk in enumerate(by_form[response.questionnaire_id]):
                seed = response.pk * 7 + i
                value = None if seed % 17 == 0 else 1 + seed % 4 if seed % 3 else 4
                answers.append(Answer(response=response, unsur_id=unsur_pk, value=value))
        Answer.objects.bulk_create(answers, batch_size=5000)
    return {"questionnaires": len(forms), "responses": len(responses), "answers": len(answers)}


def surveys_measure(*, unit, repeat: int = 10) -> dict:
    """The subtree IKM of ``unit``: its query count and median/p95 time over ``repeat`` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renaksi.surveys.selectors import survey_ikm

    def run():
        return survey_ikm(unit=unit, start=START, end=END, include_subtree=True)

    run()
    with CaptureQueriesContext(connection) as queries:
        result = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "unit": unit.code,
        "queries": len(queries),
        "respondents": result.respondents,
        "ikm": float(result.ikm) if result.ikm is not None else None,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
    }


def prepare_surveys(args) -> dict:
    from django.db.models import Count

    from renaksi.organisations.models import Unit

    started = time.perf_counter()
    built = surveys_build(per_unit=getattr(args, "per_unit", 30))
    built["seconds"] = round(time.perf_counter() - started, 2)
    # Statistics for the rows just loaded, as a live database (autovacuum) has them: without,
    # PostgreSQL plans the national roll-up for ~10 responses (nested loops, a sort on disk).
    from bench.djangoside import _analyze

    started = time.perf_counter()
    _analyze(("surveys_",))
    built["analyze_seconds"] = round(time.perf_counter() - started, 2)
    national = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    province = (
        Unit.objects.filter(parent=national)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    regency = Unit.objects.filter(parent=province).order_by("pk").first() if province else None
    built["rollup"] = {
        name: surveys_measure(unit=unit, repeat=getattr(args, "repeat", 10))
        for name, unit in (("regency", regency), ("province", province), ("national", national))
        if unit is not None
    }
    return built
