"""Reads of the SKM: the index for a unit (or its subtree), a service and a period.

``survey_ikm`` is the one entry point other features (evaluations, plan realisations, the CLI)
use to read the IKM. It runs a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404

from renaksi.organisations.models import Unit
from renaksi.surveys import ikm
from renaksi.surveys.models import Answer, Questionnaire, Response, Service, Weighting


@dataclass(frozen=True)
class SurveyIkm:
    """The index of one unit (or subtree) over [start, end].

    ``nrr`` is keyed "U1".."Un" by questionnaire position; ``ikm`` is the converted value
    (25–100, 2 decimals) or None without answers on every unsur; ``required_sample`` is the
    Krejcie–Morgan sample for the services' declared population (None when undeclared);
    ``enough`` tells whether the respondents reach it.
    """

    unit: Unit
    start: Date
    end: Date
    respondents: int
    nrr: dict[str, Decimal]
    answers: dict[str, int]
    ikm: Decimal | None
    mutu: str | None
    kinerja: str | None
    weights: str
    population: int | None = None
    required_sample: int | None = None
    service: Service | None = None
    labels: dict[str, str] = field(default_factory=dict)
    sums: dict[str, int] = field(default_factory=dict)
    weight_values: dict[str, Decimal] = field(default_factory=dict)

    @property
    def enough(self) -> bool | None:
        if self.required_sample is None:
            return None
        return self.respondents >= self.required_sample

    def as_json(self) -> dict:
        return {
            "respondents": self.respondents,
            "nrr": {k: float(v) for k, v in self.nrr.items()},
            "ikm": float(self.ikm) if self.ikm is not None else None,
            "mutu": self.mutu,
            "kinerja": self.kinerja,
            "weights": self.weights,
            "required_sample": self.required_sample,
        }


def survey_ikm(
    *,
    unit: Unit,
    start: Date,
    end: Date,
    service: Service | None = None,
    weights: str | None = None,
    include_subtree: bool = False,
    viewer=None,
) -> SurveyIkm:
    """The IKM of ``unit`` over [start, end] (dates of the survey), optionally one service.

    ``weights`` is ``exact`` or ``0.11``; None uses the unit's latest questionnaire setting
    (``exact`` when there is none; per-unsur weights of a ``custom`` questionnaire apply).
    With ``include_subtree`` every unit below is counted too (roll-up). With ``viewer`` the
    unit must be visible to them (404 otherwise).
    """
    if viewer is not None and not viewer.has_perm("surveys.view_survey", unit):
        raise Http404
    units = (
        Unit.objects.descendants(unit, include_self=True).values("pk") if include_subtree else None
    )

    def of_responses(prefix: str = "") -> dict:
        """The responses counted, as filter arguments from the model ``prefix`` reaches them."""
        given: dict = {f"{prefix}date__gte": start, f"{prefix}date__lte": end}
        if units is not None:
            given[f"{prefix}questionnaire__unit__in"] = units
        else:
            given[f"{prefix}questionnaire__unit"] = unit
        if service is not None:
            given[f"{prefix}service"] = service
        return given

    respondents = Response.objects.filter(**of_responses()).count()
    # The answers joined to their responses (many-to-one: the same rows), not
    # ``response IN (subquery)``, which hashed every response id of the subtree first.
    rows = list(
        Answer.objects.filter(**of_responses("response__"))
        .values("unsur__position")
        .annotate(total=Sum("value"), given=Count("value"))
        .order_by("unsur__position")
    )
    latest = (
        Questionnaire.objects.filter(unit=unit, start__lte=end)
        .order_by("-start", "-version")
        .prefetch_related("unsur")
        .first()
    )
    positions = sorted(
        {r["unsur__position"] for r in rows}
        | ({u.position for u in latest.unsur.all()} if latest else set())
    )
    if not positions:
        positions = list(range(1, 10))
    keys = [f"U{p}" for p in positions]
    sums = {f"U{r['unsur__position']}": r["total"] or 0 for r in rows}
    counts = {f"U{r['unsur__position']}": r["given"] for r in rows}
    chosen = weights or (latest.weighting if latest else Weighting.EXACT)
    weight_arg: object = chosen
    if chosen == Weighting.CUSTOM:
        weight_arg = {f"U{u.position}": u.weight for u in latest.unsur.all()}
    resolved = ikm.resolve_weights(keys, weight_arg)
    result = ikm.from_totals(
        keys, sums, counts, respondents=respondents, weights=weight_arg, resolved=resolved
    )
    if service is not None:
        population = service.population
    else:
        services = (
            Service.objects.filter(unit=unit)
            if not include_subtree
            else Service.objects.filter(
                unit__in=Unit.objects.descendants(unit, include_self=True).values("pk")
            )
        )
        population = services.aggregate(n=Sum("population"))["n"]
    return SurveyIkm(
        unit=unit,
        start=start,
        end=end,
        service=service,
        respondents=result.respondents,
        nrr=result.nrr,
        answers=result.answers,
        ikm=result.ikm,
        mutu=result.mutu,
        kinerja=result.kinerja,
        weights=result.weights,
        population=population,
        required_sample=ikm.required_sample(population),
        labels={f"U{u.position}": u.name for u in latest.unsur.all()} if latest else {},
        sums={k: int(v) for k, v in sums.items()},
        weight_values=resolved,
    )
