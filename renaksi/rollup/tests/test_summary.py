"""The maintained plan × period summaries stay equal to the cells, whatever the services do."""

import datetime
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from renaksi.conftest import small_parsed_plan
from renaksi.monitoring.demo import demo_clock
from renaksi.monitoring.models import Holiday, Realisation, Timeliness
from renaksi.monitoring.selectors import plan_cell_map
from renaksi.monitoring.services import (
    MonitoringWriteError,
    holiday_seed,
    realisation_reopen,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.organisations.models import User
from renaksi.plans.models import Indicator, Plan
from renaksi.plans.services import indicator_update, plan_import
from renaksi.rollup.models import PlanPeriodSummary
from renaksi.rollup.selectors import rollup_for_unit, unit_stats
from renaksi.rollup.services import plan_summary_refresh, summary_differences

State = Realisation.ReviewState
FAR_FUTURE = datetime.date(2100, 1, 1)


def _rows_from_cells(plan: Plan) -> dict[int, tuple]:
    """Period → the summary row counted cell by cell from ``plan_cell_map``, the obvious way."""
    rows: dict[int, dict] = {}
    for cell in plan_cell_map(plan=plan, today=FAR_FUTURE).values():
        r = cell.realisation
        verified = r is not None and r.review_state == State.VERIFIED
        if not cell.scheduled and not verified:
            continue
        row = rows.setdefault(
            cell.period,
            dict.fromkeys(("planned", "reported", "verified", "awaiting", "late", "unscheduled"), 0)
            | {"due_on": cell.due_on, "last": None},
        )
        if not cell.scheduled:
            row["unscheduled"] += 1
            continue
        row["planned"] += 1
        if r is None:
            continue
        row["reported"] += r.first_submitted_at is not None
        row["verified"] += verified
        row["awaiting"] += r.review_state == State.SUBMITTED
        row["late"] += cell.timeliness == Timeliness.LATE
        if row["last"] is None or r.updated_at > row["last"]:
            row["last"] = r.updated_at
    return {
        period: (
            row["due_on"],
            row["planned"],
            row["reported"],
            row["verified"],
            row["awaiting"],
            row["late"],
            row["unscheduled"],
            row["last"],
        )
        for period, row in rows.items()
    }


def _stored_rows(plan: Plan) -> dict[int, tuple]:
    return {
        s.period: (
            s.due_on,
            s.planned,
            s.reported,
            s.verified,
            s.awaiting,
            s.late,
            s.unscheduled_verified,
            s.last_activity,
        )
        for s in PlanPeriodSummary.objects.filter(plan=plan)
    }


def assert_summaries_match_the_cells(plans: list[Plan], where: str):
    for plan in plans:
        assert _stored_rows(plan) == _rows_from_cells(plan), f"{plan.unit.code} after {where}"
    assert summary_differences() == [], where


@pytest.fixture
def two_plans(small_plan, tree):
    """The small monthly plan of 17.09 and a quarterly one for 17.01, both 2023."""
    quarterly = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan("quarter"),
        actor=None,
        source_name="triwulan.json",
        source_bytes=b"{}",
        source_format="json",
    )
    return [small_plan, quarterly]


class _Player:
    """Random but valid service calls on the plans' cells, on a clock that moves forward."""

    def __init__(self, plans, people, rng):
        self.plans, self.people, self.rng = plans, people, rng
        self.now = datetime.datetime(2023, 1, 20, 9, tzinfo=datetime.UTC)
        self.done = []

    def actors(self, plan):
        if plan.unit.code == "17.09":
            return self.people.sekretaris, self.people.asesor
        return None, None  # the system, for the sibling unit

    def tick(self):
        self.now += datetime.timedelta(days=self.rng.randint(1, 25), hours=self.rng.randint(0, 9))

    def cell(self, plan):
        indicator = self.rng.choice(list(Indicator.objects.filter(activity__area__plan=plan)))
        return indicator, self.rng.randint(1, plan.period_count)

    def realisation(self, plan, *states):
        qs = Realisation.objects.filter(
            indicator__activity__area__plan=plan, review_state__in=states
        ).order_by("pk")
        found = list(qs)
        return self.rng.choice(found) if found else None

    def step(self):
        plan = self.rng.choice(self.plans)
        manager, asesor = self.actors(plan)
        action = self.rng.choice(
            ["save", "save", "submit", "submit", "verify", "return", "reopen", "schedule"]
        )
        self.tick()
        with demo_clock(self.now):
            try:
                self._play(action, plan, manager, asesor)
            except MonitoringWriteError:
                action += " (refused)"
        self.done.append(action)
        return action

    def _play(self, action, plan, manager, asesor):
        if action == "save":
            indicator, period = self.cell(plan)
            current = Realisation.objects.filter(indicator=indicator, period=period).first()
            realisation_save(
                indicator=indicator,
                period=period,
                actor=manager,
                expected_version=current.version if current else 0,
                status=Realisation.Status.IN_PROGRESS,
                progress=self.rng.randint(1, 99),
                narrative="langkah acak",
            )
        elif action == "submit":
            r = self.realisation(plan, State.DRAFT, State.RETURNED)
            if r:
                realisation_submit(realisation=r, actor=manager)
        elif action == "verify":
            r = self.realisation(plan, State.SUBMITTED)
            if r:
                realisation_verify(realisation=r, actor=asesor)
        elif action == "return":
            r = self.realisation(plan, State.SUBMITTED)
            if r:
                realisation_return(realisation=r, actor=asesor, note="lengkapi data dukung")
        elif action == "reopen":
            r = self.realisation(plan, State.VERIFIED)
            if r:
                realisation_reopen(realisation=r, actor=manager, reason="salah verifikasi")
        elif action == "schedule":
            indicator = self.rng.choice(list(Indicator.objects.filter(activity__area__plan=plan)))
            periods = set(self.rng.sample(range(1, plan.period_count + 1), self.rng.randint(1, 3)))
            indicator_update(
                indicator=indicator,
                actor=manager,
                number=indicator.number,
                text=indicator.text,
                periods=periods,
                note=indicator.note,
                target_value=indicator.target_value,
                target_unit=indicator.target_unit,
                pic=indicator.pic,
                pic_name=indicator.pic_name,
            )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_keeps_every_summary_row_equal_to_the_cells_through_random_service_calls(
    two_plans, people, seed
):
    assert_summaries_match_the_cells(two_plans, "import")
    player = _Player(two_plans, people, random.Random(seed))
    for n in range(45):
        action = player.step()
        assert_summaries_match_the_cells(two_plans, f"step {n}: {action}")
        if n == 25:
            # The holiday calendar arrives mid-year: due dates move, "late" is recounted.
            counts = holiday_seed(years=[2023, 2024])
            assert counts["created"] > 0
            assert_summaries_match_the_cells(two_plans, "holiday_seed")
    # The walk did reach every kind of figure.
    totals = PlanPeriodSummary.objects.all()
    assert sum(s.reported for s in totals) > 0
    assert sum(s.verified for s in totals) + sum(s.awaiting for s in totals) > 0
    assert sum(s.late for s in totals) > 0
    assert {"save", "submit", "schedule"} <= set(player.done)


def test_it_counts_the_roll_up_from_the_cells_when_a_holiday_skipped_the_services(
    two_plans, people
):
    plan = two_plans[0]
    indicator = Indicator.objects.filter(activity__area__plan=plan, targets__period=3).first()
    # Submitted on the sixth working day after March: late, until a holiday moves the due date.
    with demo_clock(datetime.datetime(2023, 4, 10, 9, tzinfo=datetime.UTC)):
        r = realisation_save(
            indicator=indicator,
            period=3,
            actor=people.sekretaris,
            expected_version=0,
            status=Realisation.Status.IN_PROGRESS,
            progress=50,
        )
        realisation_submit(realisation=r, actor=people.sekretaris)
    today = datetime.date(2023, 6, 1)
    assert unit_stats(unit_ids=[plan.unit_id], year=2023, today=today)[plan.unit_id].late == 1
    # An administrator adds a holiday in the admin, which does not refresh the summaries.
    Holiday.objects.create(date=datetime.date(2023, 4, 3), name="Libur uji", kind="public")
    assert summary_differences() != []
    stats = unit_stats(unit_ids=[plan.unit_id], year=2023, today=today)[plan.unit_id]
    assert stats.late == 0  # counted from the cells: the due date moved a day later
    out = StringIO()
    call_command("rollup_summary_check", "--fix", stdout=out)
    assert f"rencana {plan.pk} periode 3: due_on: 2023-04-07 → 2023-04-10" in out.getvalue()
    assert summary_differences() == []
    assert unit_stats(unit_ids=[plan.unit_id], year=2023, today=today)[plan.unit_id].late == 0
    assert_summaries_match_the_cells(two_plans, "rollup_summary_check --fix")


def test_it_counts_a_plan_without_summary_rows_from_its_cells(two_plans, tree):
    PlanPeriodSummary.objects.all().delete()
    admin = User.objects.create_superuser("pusat_uji", "p@x.example", "x")
    rollup = rollup_for_unit(
        user=admin, parent=tree.bengkulu, year=2023, today=datetime.date(2024, 6, 30)
    )
    planned = sum(
        1
        for p in two_plans
        for c in plan_cell_map(plan=p, today=FAR_FUTURE).values()
        if c.scheduled
    )
    assert rollup.total.planned == planned and rollup.total.plans == 2
    assert rollup.total.missed == planned


def test_it_reports_differences_and_fixes_them_on_request(two_plans):
    row = PlanPeriodSummary.objects.filter(plan=two_plans[0]).order_by("period").first()
    row.planned += 2
    row.save()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rollup_summary_check", stdout=out)
    assert f"{two_plans[0].pk}" in out.getvalue()
    assert PlanPeriodSummary.objects.get(pk=row.pk).planned == row.planned  # not fixed yet
    call_command("rollup_summary_check", "--fix", stdout=StringIO())
    assert summary_differences() == []
    out = StringIO()
    call_command("rollup_summary_check", stdout=out)
    assert "0 baris berbeda di 0 dari 2 rencana aksi." in out.getvalue()


def test_it_refreshes_a_plan_twice_with_the_same_rows(two_plans):
    before = _stored_rows(two_plans[0])
    assert plan_summary_refresh(plan_ids=[two_plans[0].pk, 999_999]) == len(before)
    assert _stored_rows(two_plans[0]) == before


def test_it_recounts_the_year_when_an_administrator_edits_holidays_in_the_admin(
    two_plans, people, client
):
    plan = two_plans[0]
    indicator = Indicator.objects.filter(activity__area__plan=plan, targets__period=3).first()
    with demo_clock(datetime.datetime(2023, 4, 10, 9, tzinfo=datetime.UTC)):
        r = realisation_save(
            indicator=indicator,
            period=3,
            actor=people.sekretaris,
            expected_version=0,
            status=Realisation.Status.IN_PROGRESS,
            progress=50,
        )
        realisation_submit(realisation=r, actor=people.sekretaris)
    assert PlanPeriodSummary.objects.get(plan=plan, period=3).late == 1
    admin = User.objects.create_superuser("admin_uji", "a@x.example", "x")
    client.force_login(admin)
    response = client.post(
        "/admin/monitoring/holiday/add/",
        {"date": "2023-04-03", "name": "Libur uji", "kind": "public", "active": "on"},
    )
    assert response.status_code == 302, response.content[:500]
    assert PlanPeriodSummary.objects.get(plan=plan, period=3).late == 0
    assert_summaries_match_the_cells(two_plans, "holiday added in the admin")
    holiday = Holiday.objects.get(date=datetime.date(2023, 4, 3))
    response = client.post(f"/admin/monitoring/holiday/{holiday.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert PlanPeriodSummary.objects.get(plan=plan, period=3).late == 1
    assert_summaries_match_the_cells(two_plans, "holiday deleted in the admin")
