"""Demo SKM at 17.09: two services, a quarter of answers (typed, imported), a linked indicator."""

from __future__ import annotations

import random
from datetime import date as Date
from datetime import timedelta

from renaksi.surveys import services
from renaksi.surveys.importer import survey_import
from renaksi.surveys.models import Questionnaire, Service, SurveyIndicatorLink

SERVICES = ("Layanan informasi pemilu", "Pelayanan PPID")


def _indicator(plan):
    from renaksi.plans.models import Indicator

    found = Indicator.objects.filter(activity__area__plan=plan)
    for words in ("indek kepuasan", "indeks kepuasan", "survei kepuasan"):
        hit = found.filter(text__icontains=words).order_by("pk").first()
        if hit is not None:
            return hit
    return None


def seed_demo_extension(*, plan, today=None):
    unit = plan.unit
    today = today or Date(2022, 9, 15)
    if Service.objects.filter(unit=unit, name__in=SERVICES).exists():
        return
    info = services.service_create(unit=unit, name=SERVICES[0], population=400, actor=None)
    ppid = services.service_create(unit=unit, name=SERVICES[1], population=120, actor=None)
    questionnaire = Questionnaire.objects.filter(
        unit=unit, start__year=plan.year
    ).first() or services.questionnaire_create(
        unit=unit,
        title=f"SKM {unit.name} {plan.year}",
        start=Date(plan.year, 1, 1),
        end=Date(plan.year, 12, 31),
        actor=None,
    )
    keys = list(questionnaire.unsur.values_list("key", flat=True))
    rng = random.Random(1709)
    start = Date(plan.year, 7, 1)
    days = max(1, (min(today, Date(plan.year, 9, 30)) - start).days + 1)
    profiles = [
        ("L", "26-35", "S1", "PNS"),
        ("P", "36-45", "SMA", "Swasta"),
        ("P", "17-25", "S1", "Lainnya"),
    ]
    for i in range(24):
        sex, age, edu, job = profiles[i % 3]
        services.response_record(
            questionnaire=questionnaire,
            date=start + timedelta(days=rng.randrange(days)),
            answers={
                k: (None if rng.random() < 0.05 else rng.choice([3, 3, 4, 4, 4, 2])) for k in keys
            },
            service=info if i % 2 else ppid,
            profile={"sex": sex, "age_band": age, "education": edu, "occupation": job},
            suggestion="Ruang tunggu perlu kipas angin." if i % 7 == 0 else "",
            actor=None,
        )
    header = (
        "Timestamp,Jenis Kelamin,Usia,Pendidikan,Pekerjaan,"
        + ",".join(f"U{i}" for i in range(1, len(keys) + 1))
        + ",Saran\n"
    )
    lines = []
    for i in range(16):
        when = start + timedelta(days=rng.randrange(days))
        words = [rng.choice(["Sangat baik", "Baik", "4", "3", ""]) for _ in keys]
        lines.append(
            f"{when:%d/%m/%Y} 10:00:00,{'L' if i % 2 else 'P'},36-45,S1,Wirausaha,"
            + ",".join(words)
            + ",\n"
        )
    survey_import(
        questionnaire=questionnaire, data=(header + "".join(lines)).encode(), kind="csv",
        date=start, service=ppid, actor=None,
    )  # fmt: skip
    indicator = _indicator(plan)
    if (
        indicator is not None
        and not SurveyIndicatorLink.objects.filter(indicator=indicator).exists()
    ):
        SurveyIndicatorLink.objects.create(indicator=indicator, unit=unit, service=None)
