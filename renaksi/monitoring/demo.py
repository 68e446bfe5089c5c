"""Demo realisations for the seed plan: a believable year up to a given day (``seed_demo``).

Every step goes through the monitoring services, so each cell has its full history
(``RealisationEvent``), its audit events and its row history, exactly as if people had done it:
most past cells verified, some waiting for the assessor, some returned with a note, some reported
late, some missed, a few still in progress, with evidence files (small real PDFs and PNGs made
here) and links.

- **Dated like the story.** The services stamp each step with ``timezone.now()``; the builder sets
  that clock to the moment the step happens in the story (submitted a few days after the month,
  verified a few days later …), so timeliness and history read right. The clock is swapped only
  around each step, in this single-threaded command; nothing else uses it.
- **Deterministic.** Each cell's story comes from a random generator seeded with the cell's place
  in the plan (area, kegiatan and indicator positions, period), not with database ids, so every
  fresh database, SQLite or PostgreSQL, gets the same story.
- **Idempotent.** A cell that already has a realisation is left alone, and PICs are only handed
  out while no indicator of the plan has one: a second run adds nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.dates import MONTHS

from renaksi.core import workdays
from renaksi.monitoring.demo_files import demo_pdf, demo_png
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.selectors import holiday_dates, realisation_due_on
from renaksi.monitoring.services import (
    evidence_link_add,
    evidence_upload,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.plans.models import Indicator, Plan, Target
from renaksi.plans.services import indicator_update

Status = Realisation.Status

# Share of the plan's indicators the demo PIC (``pelaksana``) is responsible for.
PIC_SHARE = 0.35

# Story weights by how long ago the report fell due: "recent" is the last period already due,
# "previous" the one before, "older" the rest; "current" periods are still within their due date.
OLDER = {
    "verified": 68,
    "verified_late": 9,
    "verified_after_return": 6,
    "returned": 3,
    "submitted": 1,
    "submitted_late": 1,
    "draft": 3,
    "missed": 9,
}
PREVIOUS = {
    "verified": 52,
    "verified_late": 8,
    "verified_after_return": 4,
    "returned": 7,
    "submitted": 10,
    "submitted_late": 5,
    "draft": 5,
    "missed": 9,
}
RECENT = {
    "verified": 25,
    "submitted": 25,
    "submitted_late": 10,
    "returned": 10,
    "draft": 12,
    "missed": 18,
}
CURRENT = {"submitted": 20, "draft": 35, "nothing": 45}

NARRATIVES = [
    "Kegiatan telah dilaksanakan sesuai rencana; dokumen hasil terlampir.",
    "Rapat koordinasi Tim RB dilaksanakan; notulen dan daftar hadir terlampir.",
    "Laporan pelaksanaan telah disusun dan disampaikan kepada Ketua dan Sekretaris.",
    "Sosialisasi dilaksanakan kepada seluruh pegawai sekretariat.",
    "Dokumen telah ditetapkan dan diunggah ke laman resmi KPU Kabupaten Bengkulu Tengah.",
    "Monitoring dan evaluasi dilaksanakan bersama subbagian terkait.",
    "Data telah dimutakhirkan dan direkapitulasi dalam aplikasi.",
]
IN_PROGRESS_NARRATIVES = [
    "Draf dokumen sedang disusun dan akan dibahas dalam rapat Tim RB.",
    "Pengumpulan data dari subbagian masih berjalan.",
    "Menunggu tanda tangan pimpinan.",
]
OBSTACLES = [
    "Jadwal bertepatan dengan tahapan pemilu sehingga kegiatan diundur.",
    "Anggaran kegiatan terbatas.",
    "Sebagian pegawai sedang mengikuti bimbingan teknis.",
    "Jaringan internet kantor terganggu.",
]
FOLLOW_UPS = [
    "Dijadwalkan ulang pada bulan berikutnya.",
    "Dikoordinasikan dengan Sekretaris untuk penyesuaian anggaran.",
    "Akan dilengkapi setelah rapat pleno.",
]
RETURN_NOTES = [
    "Data dukung belum lengkap: lampirkan daftar hadir kegiatan.",
    "Notulen belum ditandatangani; mohon unggah versi yang sudah ditandatangani.",
    "Uraian realisasi belum menjelaskan hasil kegiatan.",
    "Mohon lampirkan dokumentasi (foto) kegiatan.",
]
FILE_KINDS = [
    ("Notulen Rapat Tim RB", "pdf"),
    ("Daftar Hadir", "pdf"),
    ("Laporan Pelaksanaan", "pdf"),
    ("Dokumentasi Kegiatan", "png"),
    ("Surat Undangan", "pdf"),
    ("Tangkapan Layar Laman", "png"),
]
LINK_BASE = "https://bengkulutengah.kpu.example"
SHARED_FILE_NAME = "SK Tim Reformasi Birokrasi KPU Kabupaten Bengkulu Tengah 2022.pdf"


@dataclass
class DemoSummary:
    """What one run added."""

    realisations: int = 0
    files: int = 0
    links: int = 0
    stories: Counter = field(default_factory=Counter)


# --- the clock -------------------------------------------------------------------------------


@contextmanager
def demo_clock(moment: datetime) -> Iterator[None]:
    real_now = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real_now


def demo_moment(day: date, minutes: int) -> datetime:
    """``minutes`` after 08:00 local time on ``day``."""
    start = datetime.combine(day, time(8, 0), tzinfo=timezone.get_current_timezone())
    return start + timedelta(minutes=minutes)


def _weekday_between(rng: random.Random, lo: date, hi: date) -> date | None:
    """A random Monday–Friday in [lo, hi]; any day when the range has none; None when empty."""
    if hi < lo:
        return None
    days = [lo + timedelta(days=n) for n in range((hi - lo).days + 1)]
    weekdays = [d for d in days if d.weekday() < 5]
    return rng.choice(weekdays or days)


# --- PICs ------------------------------------------------------------------------------------


def _seed(plan: Plan, indicator: Indicator, *extra) -> str:
    parts = [plan.unit.code, plan.year, indicator.activity.area.position]
    parts += [indicator.activity.position, indicator.position, *extra]
    return "renaksi-demo:" + ":".join(str(p) for p in parts)


def demo_pics_assign(*, plan: Plan, pic, actor) -> int:
    """Make ``pic`` the PIC of a share of the plan's indicators, once (none may have one yet)."""
    indicators = list(
        Indicator.objects.filter(activity__area__plan=plan)
        .select_related("activity__area__plan", "sub_activity")
        .prefetch_related("targets")
        .order_by("activity__area__position", "activity__position", "position")
    )
    if any(i.pic_id or i.pic_name for i in indicators):
        return 0
    assigned = 0
    for indicator in indicators:
        if random.Random(_seed(plan, indicator, "pic")).random() >= PIC_SHARE:
            continue
        indicator_update(
            indicator=indicator,
            actor=actor,
            number=indicator.number,
            text=indicator.text,
            periods={t.period for t in indicator.targets.all()},
            note=indicator.note,
            target_value=indicator.target_value,
            target_unit=indicator.target_unit,
            pic=pic,
            activity=indicator.activity,
            sub_activity=indicator.sub_activity,
        )
        assigned += 1
    return assigned


# --- realisations ----------------------------------------------------------------------------


@dataclass
class _Cell:
    plan: Plan
    indicator: Indicator
    period: int
    start: date
    end: date
    due: date
    target: Decimal | None
    rng: random.Random
    actor: object

    @property
    def label(self) -> str:
        if self.plan.period_count == 4:
            return f"TW {['I', 'II', 'III', 'IV'][self.period - 1]} {self.plan.year}"
        return f"{MONTHS[self.period]} {self.plan.year}"


class _Builder:
    def __init__(self, *, plan: Plan, today: date, asesor, summary: DemoSummary):
        self.plan, self.today, self.asesor, self.summary = plan, today, asesor, summary
        self.shared_pdf = demo_pdf(
            [
                "KEPUTUSAN SEKRETARIS KPU KABUPATEN BENGKULU TENGAH",
                f"Tentang Tim Reformasi Birokrasi Tahun {plan.year}",
                "(dokumen contoh untuk demo Renaksi)",
            ]
        )

    # Each step runs with the clock at its moment in the story.

    def save(self, cell: _Cell, when: datetime, realisation=None, **content) -> Realisation:
        with demo_clock(when):
            return realisation_save(
                indicator=cell.indicator,
                period=cell.period,
                actor=cell.actor,
                expected_version=realisation.version if realisation else 0,
                **content,
            )

    def submit(self, cell: _Cell, when: datetime, realisation) -> Realisation:
        with demo_clock(when):
            return realisation_submit(realisation=realisation, actor=cell.actor)

    def verify(self, when: datetime, realisation, note: str = "") -> Realisation:
        with demo_clock(when):
            return realisation_verify(realisation=realisation, actor=self.asesor, note=note)

    def give_back(self, cell: _Cell, when: datetime, realisation) -> Realisation:
        with demo_clock(when):
            return realisation_return(
                realisation=realisation, actor=self.asesor, note=cell.rng.choice(RETURN_NOTES)
            )

    def evidence(self, cell: _Cell, when: datetime, realisation, *, revision: int = 0) -> None:
        """Files (and sometimes a link) for a cell; a revision adds one corrected file only."""
        rng = cell.rng
        if revision:
            count = 1
        else:
            count = rng.choice([1, 1, 1, 2, 2, 3]) if rng.random() < 0.45 else 0
        minute = 0
        for title, extension in rng.sample(FILE_KINDS, count):
            minute += 3
            suffix = f" (perbaikan {revision})" if revision else ""
            name = f"{title} - {cell.label}{suffix}.{extension}"
            if extension == "pdf":
                data = demo_pdf(
                    [
                        title.upper() + suffix.upper(),
                        cell.plan.unit.name,
                        f"{cell.indicator.number} {cell.indicator.text}"[:90],
                        f"Periode: {cell.label}",
                        "(dokumen contoh untuk demo Renaksi)",
                    ]
                )
            else:
                seed = f"{_seed(cell.plan, cell.indicator, cell.period, revision)}:{title}"
                data = demo_png(random.Random(seed))
            with demo_clock(when + timedelta(minutes=minute)):
                evidence_upload(
                    realisation=realisation, upload=SimpleUploadedFile(name, data), actor=cell.actor
                )
            self.summary.files += 1
        if revision:
            return
        if count and rng.random() < 0.12:
            # The unit's SK backs many cells: one stored file, linked again and again.
            with demo_clock(when + timedelta(minutes=minute + 2)):
                evidence_upload(
                    realisation=realisation,
                    upload=SimpleUploadedFile(SHARED_FILE_NAME, self.shared_pdf),
                    actor=cell.actor,
                )
            self.summary.files += 1
        if rng.random() < 0.15:
            place = _seed(cell.plan, cell.indicator, cell.period).split(":", 3)[-1]
            slug = "rb-" + place.replace(":", "-")
            with demo_clock(when + timedelta(minutes=minute + 4)):
                evidence_link_add(
                    realisation=realisation,
                    url=f"{LINK_BASE}/berita/{slug}",
                    title=f"Berita kegiatan - {cell.label}",
                    actor=cell.actor,
                )
            self.summary.links += 1

    def content(self, cell: _Cell, *, done_by: date, finished: bool) -> dict:
        rng = cell.rng
        value = None
        if cell.target is not None:
            share = rng.choice([80, 90, 100, 100, 100, 110])
            value = (cell.target * share / 100).quantize(Decimal("0.01"))
        if finished and rng.random() < 0.9:
            done_on = max(cell.start, min(cell.end, done_by) - timedelta(days=rng.randint(0, 5)))
            return {
                "status": Status.DONE,
                "progress": 100,
                "value": value,
                "narrative": rng.choice(NARRATIVES),
                "done_on": done_on,
            }
        blocked = rng.random() < 0.3
        return {
            "status": Status.IN_PROGRESS,
            "progress": rng.choice([20, 40, 50, 60, 75, 80, 90]),
            "value": value,
            "narrative": rng.choice(IN_PROGRESS_NARRATIVES),
            "obstacles": rng.choice(OBSTACLES) if blocked else "",
            "follow_up": rng.choice(FOLLOW_UPS) if blocked else "",
        }

    def story(self, cell: _Cell, story: str) -> str:
        """Play ``story`` on ``cell``; returns the story it could play (dates may not allow)."""
        rng, today = cell.rng, self.today
        if story in ("nothing", "missed"):
            return story
        late = story.endswith("_late")
        if late:
            submit_day = _weekday_between(rng, cell.due + timedelta(days=1), today)
            if submit_day is not None:
                submit_day = min(submit_day, cell.due + timedelta(days=rng.randint(1, 20)))
        else:
            lo = max(cell.start + timedelta(days=3), cell.end - timedelta(days=4))
            submit_day = _weekday_between(rng, min(lo, today), min(cell.due, today))
        if submit_day is None or story == "draft":
            draft_day = _weekday_between(rng, cell.start, min(cell.due, today)) or cell.start
            realisation = self.save(
                cell,
                demo_moment(draft_day, rng.randint(0, 300)),
                **self.content(cell, done_by=draft_day, finished=False),
            )
            self.evidence(cell, demo_moment(draft_day, 310), realisation)
            return "draft"

        save_day = max(cell.start, submit_day - timedelta(days=rng.randint(0, 4)))
        realisation = self.save(
            cell,
            demo_moment(save_day, rng.randint(0, 240)),
            **self.content(cell, done_by=save_day, finished=True),
        )
        self.evidence(cell, demo_moment(save_day, 250), realisation)
        realisation = self.submit(cell, demo_moment(submit_day, 330), realisation)
        if story in ("submitted", "submitted_late"):
            return story

        review_day = submit_day + timedelta(days=rng.randint(1, 8))
        if review_day > today:
            return "submitted_late" if late else "submitted"
        if story in ("verified", "verified_late"):
            self.verify(
                demo_moment(review_day, 60), realisation, note=rng.choice(["", "", "Sesuai."])
            )
            return story

        realisation = self.give_back(cell, demo_moment(review_day, 60), realisation)
        if story == "returned":
            return story
        # verified_after_return: the PIC completes it, submits again, the assessor accepts.
        fix_day = review_day + timedelta(days=rng.randint(1, 4))
        verify_day = fix_day + timedelta(days=rng.randint(1, 4))
        if verify_day > today:
            return "returned"
        realisation = self.save(
            cell,
            demo_moment(fix_day, 30),
            realisation,
            **self.content(cell, done_by=fix_day, finished=True),
        )
        self.evidence(cell, demo_moment(fix_day, 40), realisation, revision=1)
        realisation = self.submit(cell, demo_moment(fix_day, 90), realisation)
        self.verify(demo_moment(verify_day, 60), realisation)
        return story


def demo_realisations_fill(*, plan: Plan, today: date, pic, operator, asesor) -> DemoSummary:
    """Fill the plan's cells up to ``today`` with realisations, through the services.

    Cells of ``pic``'s indicators are worked by ``pic``, the others by ``operator`` (a unit
    manager); ``asesor`` verifies and returns. Cells that already have a realisation are skipped.
    """
    summary = DemoSummary()
    holidays = holiday_dates(start=date(plan.year, 1, 1), end=date(plan.year + 1, 12, 31))
    due = {
        p: realisation_due_on(plan=plan, period=p, holidays=holidays)
        for p in range(1, plan.period_count + 1)
    }
    past = sorted(p for p in due if due[p] < today)
    # How many periods ago each past period fell due: 0 for the last one.
    ago = {p: len(past) - 1 - n for n, p in enumerate(past)}
    existing = set(
        Realisation.objects.filter(indicator__activity__area__plan=plan).values_list(
            "indicator_id", "period"
        )
    )
    targets: dict[int, dict[int, Decimal | None]] = {}
    for ind_id, period, value in Target.objects.filter(
        indicator__activity__area__plan=plan
    ).values_list("indicator_id", "period", "value"):
        targets.setdefault(ind_id, {})[period] = value
    indicators = (
        Indicator.objects.filter(activity__area__plan=plan)
        .select_related("activity__area__plan__unit")
        .order_by("activity__area__position", "activity__position", "position")
    )
    builder = _Builder(plan=plan, today=today, asesor=asesor, summary=summary)
    # The demo's texts and file names are Indonesian whatever language is active.
    with translation.override("id"):
        for indicator in indicators:
            for period, period_value in sorted(targets.get(indicator.pk, {}).items()):
                start = workdays.period_start(plan.year, plan.granularity, period)
                if (indicator.pk, period) in existing or start > today:
                    continue
                rng = random.Random(_seed(plan, indicator, period))
                if period not in ago:
                    weights = CURRENT
                else:
                    weights = [RECENT, PREVIOUS, OLDER][min(ago[period], 2)]
                wanted = rng.choices(list(weights), weights=list(weights.values()))[0]
                cell = _Cell(
                    plan=plan,
                    indicator=indicator,
                    period=period,
                    start=start,
                    end=workdays.period_end(plan.year, plan.granularity, period),
                    due=due[period],
                    target=period_value if period_value is not None else indicator.target_value,
                    rng=rng,
                    actor=pic if indicator.pic_id == pic.pk else operator,
                )
                played = builder.story(cell, wanted)
                summary.stories[played] += 1
                if played not in ("nothing", "missed"):
                    summary.realisations += 1
    return summary
