"""The national dataset: KPU's real shape, each unit with a seed-sized plan and a year of work.

For demos and benchmarks. Plans go through ``plans.services.plan_import`` (the real import path);
realisations and evidence records are bulk-inserted, because going through the per-cell services
for ~400,000 cells would take hours. The generated states are deterministic (a hash of the cell)
so a rebuild gives the same numbers, and the build is idempotent: what exists is kept.
"""

from __future__ import annotations

import copy
import datetime
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renaksi.core.workdays import period_end
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvidence
from renaksi.organisations.models import Unit
from renaksi.plans.importers.seed_text import parse_decree_text
from renaksi.plans.models import Decree, ImportReport, Plan, PlanKind, Target
from renaksi.plans.parsed import ParsedPlan
from renaksi.plans.services import plan_import
from renaksi.rollup import dataset_tree
from renaksi.rollup.dataset_tree import deep_units
from renaksi.rollup.national import PROVINCES, regencies_of, unit_name
from renaksi.rollup.services import plan_summary_refresh

SEED_FILE = settings.BASE_DIR / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
EVIDENCE_PER_UNIT = 12


@dataclass
class DatasetSummary:
    units_created: int = 0
    plans_created: int = 0
    realisations_created: int = 0
    evidence_links_created: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def scaled_plan(parsed: ParsedPlan, scale: int) -> ParsedPlan:
    """The plan with every area's kegiatan repeated ``scale`` times (a plan ``scale``× larger)."""
    if scale == 1:
        return parsed
    bigger = copy.deepcopy(parsed)
    for area in bigger.areas:
        originals = area.activities
        area.activities = list(originals)
        for n in range(2, scale + 1):
            for act in originals:
                clone = copy.deepcopy(act)
                clone.name = f"{act.name} ({n})"
                area.activities.append(clone)
    return bigger


def _units(
    provinces: int | None, regencies: int | None, unit_scale: int = 1
) -> tuple[list[Unit], list[Unit], int]:
    """Create the tree (missing units only): the base tree's units, the deeper ones, how many new.

    With ``unit_scale`` above 1 the tree grows below the regencies (``dataset_tree.deep_units``).
    """
    tiers: list[list[tuple[str, str, str, str | None]]] = [
        [("RI", "KPU Republik Indonesia", Unit.Level.NATIONAL, None)],
        [],
        [],
    ]
    for code, name, count in PROVINCES[:provinces]:
        tiers[1].append((code, unit_name(code), Unit.Level.PROVINCE, "RI"))
        for r_code, r_name in regencies_of(code, name, count)[:regencies]:
            tiers[2].append((r_code, r_name, Unit.Level.REGENCY, code))
    base = sum(len(tier) for tier in tiers)
    tiers += deep_units(
        [(code, name) for code, name, _l, _p in tiers[2]], base=base, unit_scale=unit_scale
    )
    wanted = [w for tier in tiers for w in tier]
    existing: dict[str, Unit] = {}
    for start in range(0, len(wanted), 2000):
        codes = [w[0] for w in wanted[start : start + 2000]]
        existing.update({u.code: u for u in Unit.objects.filter(code__in=codes)})
    created = 0
    # Parents before children: each tier is created in turn.
    for tier in tiers:
        new = [
            Unit(code=code, name=name, level=lvl, parent=existing.get(parent) if parent else None)
            for code, name, lvl, parent in tier
            if code not in existing
        ]
        Unit.objects.bulk_create(new, batch_size=500)
        created += len(new)
        for start in range(0, len(new), 2000):
            codes = [u.code for u in new[start : start + 2000]]
            existing.update({u.code: u for u in Unit.objects.filter(code__in=codes)})
    units = [existing[w[0]] for w in wanted]
    return units[:base], units[base:], created


def _cell_state(indicator_id: int, period: int) -> int:
    """A stable number 0–99 for a cell, so generated states do not change between runs."""
    return zlib.crc32(f"{indicator_id}:{period}".encode()) % 100


def _evidence(unit_ids: list[int], year: int) -> None:
    """The units' evidence records (links), ``EVIDENCE_PER_UNIT`` each, kept when they exist."""
    evidence = [
        Evidence(
            unit_id=unit_id,
            kind=Evidence.Kind.LINK,
            url=f"https://data-dukung.kpu.example/{unit_id}/{year}/{n}",
            display_name=f"Data dukung {n}",
        )
        for unit_id in unit_ids
        for n in range(1, EVIDENCE_PER_UNIT + 1)
    ]
    Evidence.objects.bulk_create(evidence, batch_size=2000, ignore_conflicts=True)


def _realisations(plans: list[Plan], year: int, today: datetime.date) -> tuple[int, int]:
    """Bulk-insert a year of realisations and evidence links for plans that have none yet."""
    plan_ids = [p.pk for p in plans]
    done_plans = set(
        Realisation.objects.filter(indicator__activity__area__plan_id__in=plan_ids)
        .values_list("indicator__activity__area__plan_id", flat=True)
        .distinct()
    )
    todo = [p for p in plans if p.pk not in done_plans]
    if not todo:
        return 0, 0
    tz = timezone.get_current_timezone()
    last_period = 12 if today.year > year else (today.month - 1 if today.year == year else 0)
    # The moment the dataset stands at: nothing was submitted, verified or changed after it, so
    # a roll-up "as of" that day reads the maintained summaries as it would on a live database
    # (rows stamped with the build time looked changed later, and every plan was recounted).
    stands_at = datetime.datetime.combine(today, datetime.time(9), tzinfo=tz)

    _evidence([p.unit_id for p in todo], year)
    evidence_ids: dict[int, list[int]] = {}
    for pk, unit_id in Evidence.objects.filter(
        unit_id__in=[p.unit_id for p in todo], kind=Evidence.Kind.LINK
    ).values_list("pk", "unit_id"):
        evidence_ids.setdefault(unit_id, []).append(pk)

    created = 0
    links = 0
    unit_of_plan = {p.pk: p.unit_id for p in todo}
    targets = (
        Target.objects.filter(
            indicator__activity__area__plan_id__in=list(unit_of_plan), period__lte=last_period
        )
        .values_list("indicator_id", "period", "indicator__activity__area__plan_id")
        .order_by("indicator_id", "period")
    )
    batch: list[Realisation] = []
    batch_units: list[int] = []

    def flush():
        nonlocal created, links
        Realisation.objects.bulk_create(batch, batch_size=2000)
        mine = Realisation.objects.filter(indicator_id__in={r.indicator_id for r in batch})
        # ``updated_at`` is auto_now: set afterwards to the row's last event, by ``stands_at``.
        mine.update(updated_at=Coalesce("verified_at", "submitted_at", Value(stands_at)))
        saved = mine.values_list("pk", "indicator_id", "period", "review_state")
        unit_by_cell = {
            (r.indicator_id, r.period): u for r, u in zip(batch, batch_units, strict=True)
        }
        link_rows = []
        for pk, ind_id, period, state in saved:
            unit_id = unit_by_cell.get((ind_id, period))
            if unit_id is None or state == Realisation.ReviewState.DRAFT:
                continue
            roll = _cell_state(ind_id, period)
            pool = evidence_ids.get(unit_id, [])
            if pool and roll % 5 != 0:  # four in five reported cells carry evidence
                for k in range(1 + roll % 2):
                    link_rows.append(
                        RealisationEvidence(
                            realisation_id=pk, evidence_id=pool[(roll + k) % len(pool)]
                        )
                    )
        RealisationEvidence.objects.bulk_create(link_rows, batch_size=2000, ignore_conflicts=True)
        created += len(batch)
        links += len(link_rows)
        batch.clear()
        batch_units.clear()

    for indicator_id, period, plan_id in targets.iterator(chunk_size=5000):
        roll = _cell_state(indicator_id, period)
        if roll < 8:
            continue  # missed: nothing reported
        end = period_end(year, "month", period)
        late = roll % 7 == 0
        submitted = min(
            stands_at,
            datetime.datetime.combine(
                end + datetime.timedelta(days=20 if late else 3), datetime.time(10), tzinfo=tz
            ),
        )
        r = Realisation(indicator_id=indicator_id, period=period, version=1)
        if roll < 12:
            r.status, r.progress = Realisation.Status.IN_PROGRESS, 50
        else:
            r.status, r.progress, r.done_on = Realisation.Status.DONE, 100, end
            r.first_submitted_at = r.submitted_at = submitted
            r.narrative = "Kegiatan telah dilaksanakan sesuai rencana."
            if roll < 16:
                r.review_state = Realisation.ReviewState.RETURNED
            elif roll < 26:
                r.review_state = Realisation.ReviewState.SUBMITTED
            else:
                r.review_state = Realisation.ReviewState.VERIFIED
                r.verified_at = min(stands_at, submitted + datetime.timedelta(days=2))
        batch.append(r)
        batch_units.append(unit_of_plan[plan_id])
        if len(batch) >= 5000:
            flush()
    if batch:
        flush()
    return created, links


def _deep_plans(deep: list[Unit], year: int, say) -> tuple[int, int, int]:
    """Each deeper unit without a plan gets a copy of its regency's (``dataset_tree.plans_copy``).

    Batches of ``CLONE_BATCH`` plans, each in one transaction: a plan exists with all its rows
    or not at all, so an interrupted build resumes where it stopped.
    """
    have = set(
        Plan.objects.filter(year=year, kind=PlanKind.GENERAL, unit__in=deep).values_list(
            "unit_id", flat=True
        )
    )
    todo = [u for u in deep if u.pk not in have]
    if not todo:
        return 0, 0, 0
    below = {u.pk for u in deep}
    parent_of = {u.pk: u.parent_id for u in deep}

    def regency(pk: int) -> int:
        while pk in below:
            pk = parent_of[pk]
        return pk

    src_of_unit = dict(
        Plan.objects.filter(
            year=year, kind=PlanKind.GENERAL, unit_id__in={regency(u.pk) for u in todo}
        ).values_list("unit_id", "pk")
    )
    sources = Plan.objects.select_related("decree").in_bulk(list(src_of_unit.values()))
    reports = {
        r.plan_id: r
        for r in ImportReport.objects.filter(plan_id__in=list(sources)).order_by("created_at")
    }
    decree_fields = [f.attname for f in Decree._meta.concrete_fields if not f.primary_key]
    dataset_tree.map_table_prepare()
    dataset_tree.tables_analyze()
    plans = realisations = links = 0
    for start in range(0, len(todo), dataset_tree.CLONE_BATCH):
        batch = todo[start : start + dataset_tree.CLONE_BATCH]
        src = [sources[src_of_unit[regency(u.pk)]] for u in batch]
        with transaction.atomic():
            decrees = bulk_create_with_history(
                [Decree(**{f: getattr(p.decree, f) for f in decree_fields}) for p in src],
                Decree,
                default_user=None,
            )
            new = bulk_create_with_history(
                [
                    Plan(
                        unit=unit,
                        year=year,
                        kind=PlanKind.GENERAL,
                        granularity=p.granularity,
                        decree=decree,
                        title=_("Rencana Aksi Reformasi Birokrasi %(unit)s Tahun %(year)s")
                        % {"unit": unit.name, "year": year},
                    )
                    for unit, p, decree in zip(batch, src, decrees, strict=True)
                ],
                Plan,
                default_user=None,
            )
            ImportReport.objects.bulk_create(
                ImportReport(
                    plan=plan,
                    source_name=r.source_name,
                    source_sha256=r.source_sha256,
                    source_format=r.source_format,
                    findings=r.findings,
                    summary=r.summary,
                )
                for plan, r in ((plan, reports.get(p.pk)) for plan, p in zip(new, src, strict=True))
                if r is not None
            )
            _evidence([u.pk for u in batch], year)
            counts = dataset_tree.plans_copy(
                [(p.pk, plan.pk, unit.pk) for unit, p, plan in zip(batch, src, new, strict=True)]
            )
        plans += len(batch)
        realisations += counts["realisations"]
        links += counts["links"]
        say(f"rencana aksi satuan kerja di bawah kabupaten/kota {plans}/{len(todo)}")
    return plans, realisations, links


def national_dataset_build(
    *,
    year: int = 2022,
    provinces: int | None = None,
    regencies_per_province: int | None = None,
    plan_scale: int = 1,
    unit_scale: int = 1,
    today: datetime.date | None = None,
    seed_file: Path = SEED_FILE,
    progress=None,
) -> DatasetSummary:
    """Build (or complete) the national dataset; ``progress(message)`` reports long steps.

    ``unit_scale`` above 1 grows the tree that many times below the regencies, five levels deep
    (``dataset_tree``); those units' plans are copies of their regency's.
    """
    summary = DatasetSummary()
    today = today or datetime.date(year, 9, 15)
    say = progress or (lambda message: None)

    started = time.perf_counter()
    with transaction.atomic():
        units, deep, summary.units_created = _units(provinces, regencies_per_province, unit_scale)
    summary.seconds["units"] = time.perf_counter() - started

    started = time.perf_counter()
    raw = Path(seed_file).read_bytes()
    parsed = scaled_plan(parse_decree_text(raw.decode("utf-8")), plan_scale)
    parsed.findings = []  # the seed's reading report is kept once, on the real seed plan
    have_plan = set(
        Plan.objects.filter(year=year, kind="general").values_list("unit_id", flat=True)
    )
    missing = [u for u in units if u.pk not in have_plan]
    for n, unit in enumerate(missing, 1):
        plan_import(
            unit=unit,
            year=year,
            parsed=parsed,
            actor=None,
            source_name=f"dataset-nasional-x{plan_scale}.txt",
            source_bytes=raw,
            source_format="text",
        )
        if n % 50 == 0 or n == len(missing):
            say(f"rencana aksi {n}/{len(missing)}")
    summary.plans_created = len(missing)
    summary.seconds["plans"] = time.perf_counter() - started

    started = time.perf_counter()
    plans = list(Plan.objects.filter(year=year, kind="general", unit__in=units))
    with transaction.atomic():
        summary.realisations_created, summary.evidence_links_created = _realisations(
            plans, year, today
        )
        # The realisations were bulk-inserted past the services: count them into the summaries.
        plan_summary_refresh(plan_ids=[p.pk for p in plans])
    summary.seconds["realisations"] = time.perf_counter() - started

    if deep:
        started = time.perf_counter()
        plans_n, real_n, links_n = _deep_plans(deep, year, say)
        summary.plans_created += plans_n
        summary.realisations_created += real_n
        summary.evidence_links_created += links_n
        summary.seconds["deep"] = time.perf_counter() - started
    return summary
