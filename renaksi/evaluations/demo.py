"""Demo data: a 2022 PMPRB self-assessment for the seed unit, partly reviewed, with evidence
shared with plan cells, and a ZI worksheet that fails one gate."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from renaksi.monitoring.models import Evidence

from .models import Answer, Instrument, Node, Worksheet
from .services import (
    answer_assess,
    answer_evidence_attach,
    answer_review,
    answer_save,
    builtin_load,
    worksheet_open,
)

PATTERN = "AABABCAABBAAADABACAB"


def _user(name, fallback):
    return get_user_model().objects.filter(username=name).first() or fallback


def seed_demo_extension(*, plan, today=None):
    builtin_load()
    unit = plan.unit
    admin = get_user_model().objects.filter(is_superuser=True).first()
    sekretaris = _user("sekretaris", admin)
    asesor = _user("asesor", admin)
    provinsi = _user("provinsi", admin)
    if sekretaris is None:
        return
    pmprb = Instrument.objects.get(code="PMPRB-2020")
    if not Worksheet.objects.filter(unit=unit, instrument=pmprb, year=2022).exists():
        _fill_pmprb(unit, pmprb, sekretaris, asesor, provinsi)
    zi = Instrument.objects.get(code="LKE-ZI-2023")
    if not Worksheet.objects.filter(unit=unit, instrument=zi, year=2022).exists():
        _fill_zi(unit, zi, sekretaris)


def _fill_pmprb(unit, instrument, sekretaris, asesor, provinsi):
    ws = worksheet_open(unit=unit, instrument=instrument, year=2022, actor=sekretaris)
    library = list(
        Evidence.objects.filter(unit=unit, realisation_links__isnull=False).distinct()[:12]
    )
    criteria = list(instrument.nodes.filter(kind=Node.Kind.CRITERION).order_by("position"))
    # About four in five criteria answered; the rest is left for the "what if" view.
    for i, crit in enumerate(criteria):
        if i % 5 == 4:
            continue
        letter = PATTERN[i % len(PATTERN)]
        if crit.answer_type in ("percent", "number"):
            answer = answer_save(
                worksheet=ws,
                criterion=crit,
                value=str(60 + (i * 7) % 35),
                explanation="Nilai dari laporan tahun 2021.",
                actor=sekretaris,
            )
        else:
            if crit.answer_type == "abc" and letter == "D":
                letter = "C"
            answer = answer_save(
                worksheet=ws,
                criterion=crit,
                value=letter,
                explanation="Lihat data dukung.",
                actor=sekretaris,
            )
        if library and i % 3 != 2:
            answer_evidence_attach(
                answer=answer, evidence=library[i % len(library)], actor=sekretaris
            )
        if asesor != sekretaris and i < len(criteria) // 2:
            if i % 7 == 3 and crit.answer_type not in ("percent", "number"):
                answer = answer_assess(
                    answer=answer,
                    actor=asesor,
                    value="C",
                    note="Data dukung belum menunjukkan evaluasi.",
                )
            else:
                answer = answer_assess(answer=answer, actor=asesor, note="Sesuai.")
            if provinsi not in (sekretaris, asesor) and i < len(criteria) // 4:
                answer_review(answer=answer, actor=provinsi)


def _fill_zi(unit, instrument, sekretaris):
    ws = worksheet_open(unit=unit, instrument=instrument, year=2022, actor=sekretaris)
    for crit in instrument.nodes.filter(kind=Node.Kind.CRITERION).select_related("parent"):
        weak = crit.code.startswith("PPE")  # Pengawasan (Pemenuhan) stays below 60 %
        if crit.answer_type == "number":
            n = max(1, len(crit.inputs))
            numbers = ["10"] + ["9"] * (n - 1) if n > 1 else ["1"]
            if crit.code == "PRC3A":
                numbers = ["10", "2", "2"]
            answer_save(worksheet=ws, criterion=crit, numbers=numbers, actor=sekretaris)
        elif crit.answer_type == "yes_no":
            answer_save(worksheet=ws, criterion=crit, value="T" if weak else "Y", actor=sekretaris)
        else:
            answer_save(worksheet=ws, criterion=crit, value="C" if weak else "A", actor=sekretaris)
    return Answer.objects.filter(worksheet=ws).count()
