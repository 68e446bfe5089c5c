"""The evaluators' criteria measured on a plan: a percentage, a grade A–E (or Ya/Tidak), the
rows that cost points, and the projected Strategi Pelaksanaan score."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from renaksi.core.workdays import period_end, period_start
from renaksi.quality.facts import HUNDRED, PlanFacts, improves, norm
from renaksi.quality.models import AnswerType, CriteriaSet, Method

CONVERSION = {
    "A": Decimal(1),
    "B": Decimal("0.75"),
    "C": Decimal("0.5"),
    "D": Decimal("0.25"),
    "E": Decimal(0),
    "Ya": Decimal(1),
    "Tidak": Decimal(0),
}


@dataclass
class Row:
    label: str
    url: str = ""


@dataclass
class CriterionResult:
    code: str
    name: str
    group: str
    answer: str
    percent: Decimal
    grade: str
    good: int
    total: int
    advice: str
    source_confirmed: bool
    rows: list[Row] = field(default_factory=list)

    @property
    def value(self) -> Decimal:
        return CONVERSION[self.grade]


def percent_of(good: int, total: int) -> Decimal:
    if total <= 0:
        return Decimal(0)
    return (HUNDRED * good / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade_for(percent: Decimal, criteria_set: CriteriaSet, answer: str = AnswerType.GRADE) -> str:
    if answer == AnswerType.YES_NO:
        return "Ya" if percent >= criteria_set.grade_a else "Tidak"
    if percent >= criteria_set.grade_a:
        return "A"
    if percent >= criteria_set.grade_b:
        return "B"
    if percent >= criteria_set.grade_c:
        return "C"
    if percent >= criteria_set.grade_d:
        return "D"
    return "E"


def _ind_row(plan_pk: int, ind) -> Row:
    return Row(ind.label, reverse("indicator_edit", args=[plan_pk, ind.obj.pk]))


def _act_row(plan_pk: int, act) -> Row:
    return Row(act.label, reverse("activity_edit", args=[plan_pk, act.obj.pk]))


def _keyword_re(keywords: list[str]):
    if not keywords:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(k)}(?!\w)" for k in keywords))


def kegiatan_utama_matches(facts: PlanFacts, kegiatan_utama) -> dict[str, list]:
    """Each applicable kegiatan utama's code → the plan's activities that carry it."""
    out = {}
    texts = [(act, act.text()) for act in facts.activities]
    for ku in kegiatan_utama:
        if not ku.for_vertical:
            continue
        pattern = _keyword_re(ku.keyword_list()) or re.compile(re.escape(norm(ku.name)))
        out[ku.code] = [act for act, text in texts if pattern.search(text)]
    return out


def _measure(method: str, facts: PlanFacts, kegiatan_utama, plan_pk: int):
    """(good, total, rows that cost points) for one method."""
    rows: list[Row] = []
    if method == Method.KEGIATAN_UTAMA:
        matches = kegiatan_utama_matches(facts, kegiatan_utama)
        names = {ku.code: ku.name for ku in kegiatan_utama}
        add = reverse("activity_add", args=[plan_pk])
        missing = [code for code, acts in matches.items() if not acts]
        rows = [Row(f"{code} {names[code]}", add) for code in missing]
        return len(matches) - len(missing), len(matches), rows
    if method == Method.KEGIATAN_UTAMA_TARGET:
        matches = kegiatan_utama_matches(facts, kegiatan_utama)
        act_ids = {act.obj.pk for acts in matches.values() for act in acts}
        inds = [i for i in facts.indicators if i.activity.pk in act_ids]
        bad = [i for i in inds if not improves(i.target, i.obj.baseline)]
        return len(inds) - len(bad), len(inds), [_ind_row(plan_pk, i) for i in bad]
    if method == Method.OUTPUT_TARGETS:
        inds = facts.indicators
        bad = [i for i in inds if not improves(i.target, i.obj.baseline)]
        return len(inds) - len(bad), len(inds), [_ind_row(plan_pk, i) for i in bad]
    if method == Method.VALIDITY:
        problems = validity_problems(facts)
        if problems:
            rows = [Row(p, reverse("decree_edit", args=[plan_pk])) for p in problems]
        return (0 if problems else 1), 1, rows
    acts = facts.activities
    if method == Method.LOGIC:
        bad = [
            a
            for a in acts
            if a.area.reform_area_id is None or not any(i.periods for i in a.indicators)
        ]
    elif method == Method.OUTPUT_INDICATORS:
        bad = [
            a
            for a in acts
            if not a.indicators
            or any(i.target is None or not i.obj.target_unit.strip() for i in a.indicators)
        ]
    elif method == Method.BUDGET:
        bad = [a for a in acts if not any((i.budget or 0) > 0 for i in a.indicators)]
    else:
        raise ValueError(method)
    return len(acts) - len(bad), len(acts), [_act_row(plan_pk, a) for a in bad]


def schedule_span(facts: PlanFacts) -> tuple[date, date] | None:
    """First and last day of the planned periods."""
    plan = facts.plan
    planned = sorted({p for i in facts.indicators for p in i.periods})
    if not planned:
        return None
    return (
        period_start(plan.year, plan.granularity, planned[0]),
        period_end(plan.year, plan.granularity, planned[-1]),
    )


def validity_problems(facts: PlanFacts) -> list[str]:
    decree = facts.plan.decree
    if decree is None:
        return [_("Rencana aksi belum memiliki keputusan penetapan.")]
    out = []
    if not decree.number.strip():
        out.append(_("Nomor keputusan kosong."))
    if decree.date_set is None:
        out.append(_("Tanggal penetapan keputusan kosong."))
    if not decree.signer_name.strip():
        out.append(_("Penanda tangan keputusan kosong."))
    span = schedule_span(facts)
    if span and decree.valid_until and decree.valid_until < span[1]:
        out.append(
            _("Masa berlaku keputusan berakhir %(until)s, sebelum jadwal berakhir %(end)s.")
            % {"until": _d(decree.valid_until), "end": _d(span[1])}
        )
    if span and decree.valid_from and decree.valid_from > span[1]:
        out.append(_("Masa berlaku keputusan dimulai setelah jadwal berakhir."))
    return out


def _d(value: date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j F Y")


def criteria_results(facts: PlanFacts, criteria_set: CriteriaSet) -> list[CriterionResult]:
    kegiatan_utama = list(criteria_set.kegiatan_utama.all())
    results = []
    for criterion in criteria_set.criteria.all():
        good, total, rows = _measure(criterion.method, facts, kegiatan_utama, facts.plan.pk)
        percent = percent_of(good, total)
        results.append(
            CriterionResult(
                code=criterion.code,
                name=criterion.name,
                group=criterion.group,
                answer=criterion.answer,
                percent=percent,
                grade=grade_for(percent, criteria_set, criterion.answer),
                good=good,
                total=total,
                advice=criterion.advice,
                source_confirmed=criterion.source_confirmed and criteria_set.source_confirmed,
                rows=rows,
            )
        )
    return results


@dataclass
class StrategyScore:
    quality_ratio: Decimal
    implementation_ratio: Decimal
    plan_points: Decimal
    implementation_points: Decimal
    score: Decimal
    due: int
    verified: int


def strategy_score(
    facts: PlanFacts, results: list[CriterionResult], criteria_set: CriteriaSet, today: date
) -> StrategyScore:
    """3 × quality ratio + 7 × implementation × quality ratio (A101 + A102, Kepmen 739/2023).

    The quality ratio is the mean converted grade (criteria weighted equally: the juknis weights
    are not known). Implementation is projected from the share of the deliveries due by
    ``today`` that were verified done; with nothing due yet, as if all will be.
    """
    plan = facts.plan
    q = sum((r.value for r in results), Decimal(0)) / len(results) if results else Decimal(0)
    due = verified = 0
    for ind in facts.indicators:
        for period in ind.periods:
            if period_end(plan.year, plan.granularity, period) < today:
                due += 1
                verified += period in ind.verified
    impl = Decimal(verified) / due if due else Decimal(1)
    score = criteria_set.plan_points * q + criteria_set.implementation_points * impl * q
    two = Decimal("0.01")
    return StrategyScore(
        quality_ratio=q.quantize(Decimal("0.0001")),
        implementation_ratio=impl.quantize(Decimal("0.0001")),
        plan_points=criteria_set.plan_points,
        implementation_points=criteria_set.implementation_points,
        score=score.quantize(two, rounding=ROUND_HALF_UP),
        due=due,
        verified=verified,
    )
