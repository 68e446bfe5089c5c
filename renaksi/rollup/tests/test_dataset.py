import datetime

from django.core.management import call_command

from renaksi.monitoring.models import Realisation, RealisationEvidence
from renaksi.organisations.models import Unit
from renaksi.plans.models import Indicator, Plan
from renaksi.rollup.dataset import national_dataset_build
from renaksi.rollup.national import PROVINCES


def test_it_knows_kpus_real_shape():
    assert len(PROVINCES) == 38
    assert sum(count for _code, _name, count in PROVINCES) == 514
    assert len({code for code, _name, _count in PROVINCES}) == 38


def test_it_builds_a_small_national_shape_with_plans_and_a_year_of_work(db):
    summary = national_dataset_build(
        year=2022, provinces=2, regencies_per_province=2, today=datetime.date(2022, 9, 15)
    )
    assert summary.units_created == 1 + 2 + 4
    assert Unit.objects.get(code="11.01").parent.code == "11"
    assert Unit.objects.get(code="11").parent.code == "RI"
    assert Plan.objects.filter(year=2022).count() == 7
    per_plan = Indicator.objects.filter(activity__area__plan__unit__code="11.02").count()
    assert per_plan == 168
    states = set(Realisation.objects.values_list("review_state", flat=True))
    assert states == {"draft", "submitted", "returned", "verified"}
    assert not Realisation.objects.filter(period__gt=8).exists()  # nothing after August
    assert RealisationEvidence.objects.exists()
    assert summary.realisations_created == Realisation.objects.count()


def test_it_is_idempotent_and_scales_the_plan(db):
    national_dataset_build(year=2022, provinces=1, regencies_per_province=1, plan_scale=2)
    counts = (Unit.objects.count(), Plan.objects.count(), Realisation.objects.count())
    again = national_dataset_build(year=2022, provinces=1, regencies_per_province=1, plan_scale=2)
    assert (again.units_created, again.plans_created, again.realisations_created) == (0, 0, 0)
    assert (Unit.objects.count(), Plan.objects.count(), Realisation.objects.count()) == counts
    assert Indicator.objects.filter(activity__area__plan__unit__code="RI").count() == 2 * 168


def test_it_runs_from_the_command_line(db, capsys):
    call_command("generate_national_dataset", provinces=1, regencies_per_province=1)
    assert "rencana aksi baru: 3" in capsys.readouterr().out


def test_nothing_in_it_happened_after_the_day_it_stands_at(db, monkeypatch):
    # Rows stamped with the build time looked "changed later" to a roll-up as of that day, and
    # the bench's national roll-up recounted every plan (8.4 s at 553 units instead of the
    # summaries' few milliseconds).
    from renaksi.rollup import selectors

    today = datetime.date(2022, 9, 15)
    national_dataset_build(year=2022, provinces=1, regencies_per_province=2, today=today)
    end = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=datetime.UTC)
    for field in ("updated_at", "submitted_at", "first_submitted_at", "verified_at"):
        assert not Realisation.objects.filter(**{f"{field}__gt": end}).exists(), field
    recounted = []
    monkeypatch.setattr(selectors, "recount_as_of", lambda **kw: recounted.append(kw))
    ri = Unit.objects.get(code="RI")
    rollup = selectors.rollup_compute(parent=ri, year=2022, today=today)
    assert recounted == []
    assert rollup is not None
