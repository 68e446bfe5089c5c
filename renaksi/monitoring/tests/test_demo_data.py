"""The demo's realisations: a believable year up to a day, through the services, once."""

import io
import random
from collections import Counter
from datetime import date

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from renaksi.audit.models import AuditEvent
from renaksi.monitoring import evidence as evidence_files
from renaksi.monitoring.demo_files import demo_pdf, demo_png
from renaksi.monitoring.models import (
    Evidence,
    Realisation,
    RealisationEvent,
    RealisationEvidence,
    Timeliness,
)
from renaksi.monitoring.selectors import cell_map_for_plan
from renaksi.organisations.models import User
from renaksi.plans.models import Indicator, Plan

State = Realisation.ReviewState
TODAY = date(2022, 9, 15)


def counts() -> dict:
    return {
        "realisations": Realisation.objects.count(),
        "events": RealisationEvent.objects.count(),
        "evidence": Evidence.objects.count(),
        "links": RealisationEvidence.objects.count(),
        # seed_holidays records each run of its own; the demo adds nothing.
        "audit": AuditEvent.objects.exclude(action="holiday.seeded").count(),
        "pics": Indicator.objects.exclude(pic=None).count(),
    }


def test_it_makes_small_real_pdf_and_png_files():
    pdf = demo_pdf(["NOTULEN RAPAT (Tim RB)", "Periode: Maret 2022 \\ akhir"])
    png = demo_png(random.Random(1))

    assert evidence_files.sniff(pdf).code == "pdf"
    assert evidence_files.sniff(png).code == "png"
    assert pdf.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at each object.
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[xref_at:].startswith(b"xref")
    assert demo_png(random.Random(1)) == png != demo_png(random.Random(2))


def test_it_fills_the_seed_plan_up_to_the_day_and_a_second_run_adds_nothing(db, media):
    call_command("seed_demo", today="2022-09-15", stdout=io.StringIO())

    plan = Plan.objects.get(unit__code="17.09", year=2022)
    admin = User.objects.get(username="admin")
    cells = cell_map_for_plan(user=admin, plan=plan, today=TODAY)
    states = Counter(c.realisation.review_state for c in cells.values() if c.realisation)
    timeliness = Counter(c.timeliness for c in cells.values())

    # Most past cells verified; every kind of cell the screens must show is there.
    assert states[State.VERIFIED] > sum(states.values()) / 2
    assert states[State.SUBMITTED] and states[State.RETURNED] and states[State.DRAFT]
    assert timeliness[Timeliness.LATE] and timeliness[Timeliness.MISSED]
    assert timeliness[Timeliness.ON_TIME] > timeliness[Timeliness.LATE]
    # Nothing after the day: no cell of a period that has not begun, no step in the future.
    assert not any(c.realisation and c.period > 9 for c in cells.values())
    last = RealisationEvent.objects.order_by("-created_at").first().created_at
    assert timezone.localdate(last) <= TODAY
    assert Realisation.objects.filter(first_submitted_at__year=2022).count() == (
        Realisation.objects.exclude(first_submitted_at=None).count()
    )

    # Returned cells carry the assessor's note; late ones were submitted after their due date.
    returned = RealisationEvent.objects.filter(action="returned")
    assert returned.exists() and all(e.note for e in returned)
    late = next(c for c in cells.values() if c.timeliness == Timeliness.LATE)
    assert late.realisation.first_submitted_at.date() > late.due_on

    # Every step went through the services: history and audit line up.
    for action in ("submitted", "verified", "returned"):
        assert (
            RealisationEvent.objects.filter(action=action).count()
            == AuditEvent.objects.filter(action=f"realisation.{action}").count()
        )
    assert Realisation.history.filter(history_user__username="asesor").exists()

    # The demo PIC has work of their own, done by them.
    pelaksana = User.objects.get(username="pelaksana")
    own = Realisation.objects.filter(indicator__pic=pelaksana)
    workers = [pelaksana, User.objects.get(username="asesor")]
    assert own.exists() and not own.exclude(updated_by__in=workers).exists()

    # Evidence: real files in storage (1–3 per cell), and links.
    files = Evidence.objects.filter(kind=Evidence.Kind.FILE)
    assert files.count() > 50
    assert {e.content_type for e in files} == {"pdf", "png"}
    for evidence in files:
        assert default_storage.exists(evidence.file.name)
        with default_storage.open(evidence.file.name) as fh:
            assert evidence_files.sniff(fh.read()).code == evidence.content_type
    assert str(media) in default_storage.path(files.first().file.name)
    assert Evidence.objects.filter(kind=Evidence.Kind.LINK).exists()
    per_cell = Counter(
        RealisationEvidence.objects.filter(evidence__kind="file").values_list(
            "realisation_id", flat=True
        )
    )
    assert 1 <= min(per_cell.values()) and max(per_cell.values()) <= 5
    # The unit's SK is stored once and backs several cells.
    shared = files.filter(display_name__startswith="SK Tim Reformasi Birokrasi")
    assert shared.count() == 1 and shared.get().realisation_links.count() > 1

    before = counts()
    stored = sorted(p for p in media.rglob("*") if p.is_file())
    call_command("seed_demo", today="2022-09-15", stdout=io.StringIO())

    assert counts() == before
    assert sorted(p for p in media.rglob("*") if p.is_file()) == stored
