"""The unit dashboard: figures, per-area numbers, heatmap, lists, filters, access and cost.

The month loop below, on the small plan (17.09, 2023, monthly) as of Wednesday 15 March 2023.
Due dates with the 2023 calendar: January → 7 February, February → 7 March, March → 10 April,
April → 8 May.

    cell              planned  what happened                                    as of 15 March
    SK Tim RB, Jan    yes      done, submitted 6 Feb, verified                  verified
    Tersedianya SK,1  yes      done + link, submitted 3 Feb, verified           verified, evidence
    Tersedianya SK,2  yes      done, first submitted 10 Mar (late), returned    overdue (8 days)
    SK Pengarah, Mar  yes      done + link, submitted 14 Mar                    awaiting
    PPID, Jan         yes      in progress, submitted 1 Feb, returned           realised (on time)
    PPID, Feb         yes      in progress + link, never submitted              overdue (missed)
    PPID, Mar / Apr   yes      nothing                                          pending
    SK Tim RB, Feb    no       in progress (unscheduled)                        counted apart
"""

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from renaksi.conftest import small_parsed_plan
from renaksi.monitoring import views_dashboard
from renaksi.monitoring.dashboard import plan_dashboard
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    evidence_link_add,
    holiday_seed,
    realisation_return,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.conftest import save
from renaksi.plans.models import Area, Indicator, Plan
from renaksi.plans.parsed import (
    ParsedDecree,
    ParsedPlan,
)
from renaksi.plans.services import plan_import

JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = date(2023, 3, 15)
DONE = {"status": Realisation.Status.DONE, "progress": 100}


def _stamp(realisation, day: date, *, first: bool = True):
    """Pretend the (first) submission happened on ``day``; services stamp the real clock."""
    when = datetime(day.year, day.month, day.day, 10, tzinfo=JAKARTA)
    fields = {"submitted_at": when}
    if first:
        fields["first_submitted_at"] = when
    Realisation.objects.filter(pk=realisation.pk).update(**fields)


def _cell_url(plan, indicator, period) -> str:
    try:
        return reverse("cell_detail", args=[plan.pk, indicator.pk, period])
    except NoReverseMatch:
        return "#"


def _counts(tally) -> tuple:
    return (tally.planned, tally.realised, tally.verified, tally.awaiting, tally.overdue)


def _keys(rows) -> list[tuple[int, int]]:
    return [(row.indicator_id, row.period) for row in rows]


@pytest.fixture
def calendar_2023(db):
    holiday_seed(years=[2023])


@pytest.fixture
def loop(people, cells, small_plan, calendar_2023):
    """The month loop of the module docstring; returns the realisations by name."""
    sekretaris, asesor = people.sekretaris, people.asesor

    def submit(r, day):
        r = realisation_submit(realisation=r, actor=sekretaris)
        _stamp(r, day)
        return r

    tim1 = save(cells.tim, 1, sekretaris, **DONE)
    tim1 = realisation_verify(realisation=submit(tim1, date(2023, 2, 6)), actor=asesor)

    sk1 = save(cells.sk, 1, sekretaris, **DONE)
    evidence_link_add(realisation=sk1, url="https://kpu.go.id/sk-rb-2023", actor=sekretaris)
    sk1 = realisation_verify(realisation=submit(sk1, date(2023, 2, 3)), actor=asesor)

    sk2 = save(cells.sk, 2, sekretaris, **DONE)
    sk2 = realisation_return(
        realisation=submit(sk2, date(2023, 3, 10)), actor=asesor, note="Tanda tangan kurang"
    )

    pengarah3 = save(cells.pengarah, 3, sekretaris, **DONE)
    evidence_link_add(realisation=pengarah3, url="https://kpu.go.id/sk-pengarah", actor=sekretaris)
    pengarah3 = submit(pengarah3, date(2023, 3, 14))

    ppid1 = save(cells.ppid, 1, sekretaris)
    ppid1 = realisation_return(
        realisation=submit(ppid1, date(2023, 2, 1)), actor=asesor, note="Lampirkan rekap"
    )

    ppid2 = save(cells.ppid, 2, sekretaris)
    # Evidence on a cell that is not realised yet does not count towards the coverage.
    evidence_link_add(realisation=ppid2, url="https://kpu.go.id/ppid-feb", actor=sekretaris)

    tim2 = save(cells.tim, 2, sekretaris)  # not scheduled in February
    return {
        "tim1": tim1,
        "sk1": sk1,
        "sk2": sk2,
        "pengarah3": pengarah3,
        "ppid1": ppid1,
        "ppid2": ppid2,
        "tim2": tim2,
    }


def _areas(plan):
    return list(Area.objects.filter(plan=plan).order_by("position"))


# --- the selector --------------------------------------------------------------------------


def test_it_counts_the_headline_figures(people, small_plan, loop):
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY)

    totals = board.totals
    assert _counts(totals) == (8, 5, 2, 1, 2)
    assert totals.evidenced == 2
    assert totals.realised_pct == 62.5
    assert totals.verified_pct == 25.0
    assert totals.evidence_pct == 40.0
    assert board.unscheduled == 1
    assert board.has_realisations
    assert not board.filters.active


def test_it_counts_each_area(people, small_plan, loop):
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY)

    assert [(row.label, _counts(row.tally), row.tally.evidenced) for row in board.areas] == [
        ("1. Manajemen Perubahan", (4, 4, 2, 1, 1), 2),
        ("4. Penguatan Tatalaksana", (4, 1, 0, 0, 1), 0),
    ]
    chart = board.chart_data()
    assert chart["labels"] == ["1. Manajemen Perubahan", "4. Penguatan Tatalaksana"]
    assert {s["key"]: s["data"] for s in chart["series"]} == {
        "planned": [4, 4],
        "realised": [4, 1],
        "verified": [2, 0],
    }


def test_it_fills_the_period_by_area_heatmap(people, small_plan, loop):
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY)

    assert [c.label for c in board.periods][:4] == ["Jan", "Feb", "Mar", "Apr"]
    assert [c.title for c in board.periods][-1] == "Desember"
    timings = [c.timing for c in board.periods]
    assert timings == ["past", "past", "current"] + ["future"] * 9

    def planned(cells):
        return {c.period: (c.verified, c.planned, c.level) for c in cells if c.planned}

    change, ppid = board.areas
    assert planned(change.heat) == {1: (2, 2, 4), 2: (0, 1, 0), 3: (0, 1, 0)}
    assert planned(ppid.heat) == {1: (0, 1, 0), 2: (0, 1, 0), 3: (0, 1, 0), 4: (0, 1, 0)}
    assert planned(board.period_totals) == {1: (2, 3, 2), 2: (0, 2, 0), 3: (0, 2, 0), 4: (0, 1, 0)}
    assert change.heat[0].realised == 2
    assert change.heat[4].level is None  # nothing planned in May


def test_it_lists_overdue_and_awaiting_cells(people, cells, small_plan, loop):
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY)

    # Same due date: plan order decides.
    assert _keys(board.overdue) == [(cells.sk.pk, 2), (cells.ppid.pk, 2)]
    sk2, ppid2 = board.overdue
    assert (sk2.due_on, sk2.days_late, sk2.period_label) == (date(2023, 3, 7), 8, "Februari")
    assert sk2.pic == people.pelaksana.display_name
    assert sk2.indicator == "1. Tersedianya SK"
    assert sk2.area == "1. Manajemen Perubahan"
    assert (sk2.review_state, sk2.timeliness) == ("returned", "late")
    assert sk2.url == _cell_url(small_plan, cells.sk, 2)
    assert (ppid2.pic, ppid2.days_late, ppid2.timeliness) == ("", 8, "missed")
    assert ppid2.review_label == "Draf"

    assert _keys(board.awaiting) == [(cells.pengarah.pk, 3)]
    (waiting,) = board.awaiting
    assert waiting.due_on == date(2023, 4, 10)
    assert waiting.submitted_on == date(2023, 3, 14)
    assert (waiting.waiting_days, waiting.days_late) == (1, None)
    assert waiting.url == _cell_url(small_plan, cells.pengarah, 3)


def test_it_moves_a_late_cell_from_overdue_to_awaiting_once_resubmitted(
    people, cells, small_plan, loop
):
    r = realisation_submit(realisation=loop["sk2"], actor=people.sekretaris)
    _stamp(r, date(2023, 3, 13), first=False)

    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY)

    assert _keys(board.overdue) == [(cells.ppid.pk, 2)]
    assert _keys(board.awaiting) == [(cells.sk.pk, 2), (cells.pengarah.pk, 3)]
    late = board.awaiting[0]
    # Still late (first submitted 10 March, due 7 March), waiting since 13 March.
    assert (late.days_late, late.waiting_days, late.timeliness) == (3, 2, "late")
    assert _counts(board.totals) == (8, 5, 2, 2, 1)


def test_it_judges_overdue_as_of_the_chosen_day(people, cells, small_plan, loop):
    # On 9 March "Tersedianya SK" for February was past due and not yet submitted.
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=date(2023, 3, 9))
    assert [(row.indicator_id, row.period, row.days_late) for row in board.overdue] == [
        (cells.sk.pk, 2, 2),
        (cells.ppid.pk, 2, 2),
    ]
    # On 1 February nothing was due yet.
    early = plan_dashboard(user=people.viewer, plan=small_plan, today=date(2023, 2, 1))
    assert early.overdue == []
    assert early.totals.overdue == 0
    assert [c.timing for c in early.periods][:3] == ["past", "current", "future"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("verified", (2, 2, 2, 0, 0)),
        ("submitted", (1, 1, 0, 1, 0)),
        ("returned", (2, 2, 0, 0, 1)),
        ("draft", (1, 0, 0, 0, 1)),
        ("empty", (2, 0, 0, 0, 0)),
        ("overdue", (2, 1, 0, 0, 2)),
        ("on_time", (4, 4, 2, 1, 0)),
        ("late", (1, 1, 0, 0, 1)),
        ("missed", (1, 0, 0, 0, 1)),
        ("pending", (2, 0, 0, 0, 0)),
    ],
)
def test_it_narrows_everything_to_a_status(people, small_plan, loop, status, expected):
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY, status=status)
    assert board.filters.status == status
    assert _counts(board.totals) == expected
    assert sum(row.tally.planned for row in board.areas) == expected[0]
    assert len(board.overdue) == expected[4]
    assert len(board.awaiting) == expected[3]


def test_it_narrows_everything_to_an_area(people, cells, small_plan, loop):
    ppid_area = _areas(small_plan)[1]
    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY, area_id=ppid_area.pk)

    assert _counts(board.totals) == (4, 1, 0, 0, 1)
    assert [row.label for row in board.areas] == ["4. Penguatan Tatalaksana"]
    assert _keys(board.overdue) == [(cells.ppid.pk, 2)]
    assert board.awaiting == []
    assert board.unscheduled == 0  # the unscheduled cell is in the other area
    assert board.chart_data()["labels"] == ["4. Penguatan Tatalaksana"]
    assert board.filter_labels == [("Area", "4. Penguatan Tatalaksana")]


def test_it_narrows_everything_to_a_pic(people, cells, small_plan, loop):
    mine = plan_dashboard(
        user=people.viewer, plan=small_plan, today=TODAY, pic=f"u:{people.pelaksana.pk}"
    )
    assert _counts(mine.totals) == (2, 2, 1, 0, 1)
    assert _keys(mine.overdue) == [(cells.sk.pk, 2)]
    assert mine.totals.evidenced == 1

    nobody = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY, pic="-")
    assert _counts(nobody.totals) == (6, 3, 1, 1, 1)
    assert nobody.unscheduled == 1


def test_it_offers_pics_by_account_and_by_name(people, cells, small_plan, loop):
    Indicator.objects.filter(pk=cells.ppid.pk).update(pic_name="Kasubbag Teknis")

    board = plan_dashboard(user=people.viewer, plan=small_plan, today=TODAY)
    assert board.pic_choices == [
        (f"u:{people.pelaksana.pk}", people.pelaksana.display_name),
        ("n:Kasubbag Teknis", "Kasubbag Teknis"),
        ("-", "Tanpa penanggung jawab"),
    ]
    named = plan_dashboard(
        user=people.viewer, plan=small_plan, today=TODAY, pic="n:Kasubbag Teknis"
    )
    assert _counts(named.totals) == (4, 1, 0, 0, 1)
    assert named.overdue[0].pic == "Kasubbag Teknis"


def test_it_ignores_unknown_filter_values(people, small_plan, loop):
    board = plan_dashboard(
        user=people.viewer,
        plan=small_plan,
        today=TODAY,
        area_id=999_999,
        pic="u:0",
        status="hilang",
    )
    assert not board.filters.active
    assert _counts(board.totals) == (8, 5, 2, 1, 2)


def test_it_is_empty_for_someone_who_may_not_see_the_plan(people, small_plan, loop):
    board = plan_dashboard(user=people.sibling_sekretaris, plan=small_plan, today=TODAY)
    assert _counts(board.totals) == (0, 0, 0, 0, 0)
    assert board.areas == [] and board.overdue == [] and board.pic_choices == []


def test_it_uses_quarters_for_a_quarterly_plan(people, tree, calendar_2023):
    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2023,
        parsed=small_parsed_plan("quarter"),
        actor=people.sekretaris,
        source_name="triwulan.json",
        source_bytes=b"{}",
        source_format="json",
    )
    board = plan_dashboard(user=people.viewer, plan=plan, today=date(2023, 5, 2))
    assert [c.label for c in board.periods] == ["TW I", "TW II", "TW III", "TW IV"]
    assert [c.timing for c in board.periods] == ["past", "current", "future", "future"]
    # TW I (due 10 April) is missed for its three cells by 2 May.
    assert _counts(board.totals) == (8, 0, 0, 0, 3)
    assert {row.period_label for row in board.overdue} == {"Triwulan I"}
    assert not board.has_realisations


# --- the page ------------------------------------------------------------------------------


def _url(plan, **params) -> str:
    url = reverse("plan_dashboard", args=[plan.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _chart_json(content: str) -> dict:
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', content, re.S
    )
    assert match, "the chart data is missing"
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    "persona",
    ["sekretaris", "pelaksana", "viewer", "asesor", "province_sekretaris", "national_admin"],
)
def test_it_shows_the_dashboard_to_whoever_may_see_the_plan(client, people, small_plan, persona):
    client.force_login(getattr(people, persona))
    response = client.get(_url(small_plan))
    assert response.status_code == 200
    assert response.context["dashboard"].totals.planned == 8


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
def test_it_answers_404_to_everyone_else(client, people, small_plan, persona):
    client.force_login(getattr(people, persona))
    assert client.get(_url(small_plan)).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client, small_plan):
    url = _url(small_plan)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_it_renders_the_figures_chart_data_and_table_fallback(
    client, people, cells, small_plan, loop
):
    client.force_login(people.province_sekretaris)
    response = client.get(_url(small_plan, per="2023-03-15"))
    content = response.content.decode()

    assert "Keadaan per 15 Maret 2023" in content
    assert "62,5% dari yang direncanakan" in content
    assert "25,0% dari yang direncanakan" in content
    assert "40,0%" in content and "2 dari 5 sel terealisasi berdata dukung" in content
    assert "1 realisasi di luar jadwal" in content

    # The chart's numbers and the table beside it agree.
    chart = _chart_json(content)
    assert chart["labels"] == ["1. Manajemen Perubahan", "4. Penguatan Tatalaksana"]
    assert [s["data"] for s in chart["series"]] == [[4, 4], [4, 1], [2, 0]]
    area_table = content[content.index('data-testid="area-table"') :]
    area_table = area_table[: area_table.index("</table>")]
    for area in _areas(small_plan):
        row = re.search(rf'<tr data-area="{area.pk}">(.*?)</tr>', area_table, re.S).group(1)
        numbers = re.findall(r'data-col="(\w+)">(\d+)<', row)
        expected = {
            "1. Manajemen Perubahan": [4, 4, 2, 1, 1],
            "4. Penguatan Tatalaksana": [4, 1, 0, 0, 1],
        }[f"{area.number}. {area.name}"]
        assert [int(n) for _col, n in numbers] == expected
    assert 'id="dash-area-chart"' in content
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in content
    assert "renaksi/dashboard.js" in content and "renaksi/dashboard.css" in content

    # Heatmap: February of the first area is 0 of 1 verified and in the past.
    heatmap = content[content.index('data-testid="heatmap"') :]
    assert re.search(r'class="heat heat-4 is-past" data-period="1"[^>]*>2/2<', heatmap)
    assert re.search(r'class="heat heat-0 is-current" data-period="3"[^>]*>0/1<', heatmap)

    # The lists link to the cell pages.
    overdue = content[content.index('data-testid="overdue-list"') :].split("</table>")[0]
    assert f'href="{_cell_url(small_plan, cells.sk, 2)}"' in overdue
    assert "7 Maret 2023" in overdue
    awaiting = content[content.index('data-testid="awaiting-list"') :].split("</table>")[0]
    assert "SK Pengarah" in awaiting and "10 April 2023" in awaiting

    # No inline styles or scripts: data travels as JSON, code in one static file.
    assert "style=" not in content
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", content)
    assert inline == []


def test_it_applies_the_filters_from_the_query_string(client, people, cells, small_plan, loop):
    ppid_area = _areas(small_plan)[1]
    client.force_login(people.sekretaris)
    response = client.get(
        _url(small_plan, per="2023-03-15", area=ppid_area.pk, status="overdue", pic="-")
    )
    board = response.context["dashboard"]
    assert _counts(board.totals) == (1, 0, 0, 0, 1)
    assert _keys(board.overdue) == [(cells.ppid.pk, 2)]
    content = response.content.decode()
    assert f'<option value="{ppid_area.pk}" selected>' in content
    assert '<option value="overdue" selected>' in content
    assert '<option value="-" selected>' in content
    assert 'value="2023-03-15"' in content
    # The printed page names the filters, since the form is not printed.
    assert "Saringan:" in content and "Status: Lewat tenggat" in content


def test_it_shortens_long_lists_until_asked_for_all(
    client, people, cells, small_plan, loop, monkeypatch
):
    monkeypatch.setattr(views_dashboard, "LIST_LIMIT", 1)
    client.force_login(people.sekretaris)
    content = client.get(_url(small_plan, per="2023-03-15")).content.decode()
    overdue = content[content.index('data-testid="overdue-list"') :].split("</table>")[0]
    assert overdue.count("<tr data-cell=") == 1
    assert "Menampilkan 1 dari 2 sel, yang paling lama lebih dulu." in content
    assert 'href="?per=2023-03-15&amp;daftar=semua#judul-lewat-tenggat"' in content
    assert 'data-testid="awaiting-list-more"' not in content  # one row: nothing hidden

    content = client.get(_url(small_plan, per="2023-03-15", daftar="semua")).content.decode()
    overdue = content[content.index('data-testid="overdue-list"') :].split("</table>")[0]
    assert overdue.count("<tr data-cell=") == 2
    assert "Menampilkan" not in content


def test_it_falls_back_to_today_for_a_malformed_date(client, people, small_plan):
    client.force_login(people.sekretaris)
    response = client.get(_url(small_plan, per="15-03-2023", area="x"))
    assert response.status_code == 200
    assert response.context["as_of"] is None
    assert not response.context["dashboard"].filters.active


def test_it_explains_a_plan_without_realisations(client, people, small_plan, calendar_2023):
    client.force_login(people.sekretaris)
    response = client.get(_url(small_plan, per="2023-03-15"))
    content = response.content.decode()
    assert 'data-testid="dashboard-no-realisations"' in content
    board = response.context["dashboard"]
    assert _counts(board.totals) == (8, 0, 0, 0, 5)  # January and February all missed
    assert board.totals.evidence_pct is None
    assert "Tidak ada sel yang menunggu verifikasi." in content


def test_it_says_so_when_the_filters_match_nothing(client, people, small_plan, loop):
    client.force_login(people.sekretaris)
    response = client.get(_url(small_plan, per="2023-03-15", status="verified", pic="-"))
    assert response.context["dashboard"].totals.planned == 1  # SK Tim RB, January
    response = client.get(
        _url(small_plan, per="2023-03-15", status="submitted", pic=f"u:{people.pelaksana.pk}")
    )
    content = response.content.decode()
    assert 'data-testid="dashboard-empty"' in content
    assert "Tidak ada sel yang cocok dengan saringan ini." in content
    assert 'id="dashboard-data"' not in content


def test_it_says_so_when_the_plan_has_no_schedule(client, people, tree):
    parsed = small_parsed_plan()
    for indicator in parsed.iter_indicators():
        indicator.periods, indicator.period_targets = [], {}
    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=parsed,
        actor=people.sekretaris,
        source_name="tanpa-jadwal.json",
        source_bytes=b"{}",
        source_format="json",
    )
    client.force_login(people.viewer)
    content = client.get(_url(plan)).content.decode()
    assert 'data-testid="dashboard-empty"' in content
    assert "belum memiliki jadwal pelaksanaan" in content


# --- cost ------------------------------------------------------------------------------------


def _large_parsed_plan(scale: int) -> ParsedPlan:
    """``scale`` copies of each of the small plan's areas: 4 × ``scale`` indicators."""
    areas = []
    for copy in range(scale):
        for n, area in enumerate(small_parsed_plan().areas):
            area.number = str(copy * 2 + n + 1)
            area.name = f"{area.name} {copy + 1}"
            areas.append(area)
    parsed = ParsedPlan(decree=ParsedDecree(number="besar"), granularity="month", areas=areas)
    for i, indicator in enumerate(parsed.iter_indicators()):
        # Some PICs by account, some by name, some none; three months each.
        indicator.pic = ["pelaksana_bt", f"Kasubbag {i % 3}", ""][i % 3]
        indicator.periods = sorted({1 + i % 12, 1 + (i + 5) % 12, 1 + (i + 9) % 12})
        indicator.period_targets = {}
    return parsed


def _fill(plan, people, n: int):
    """Realise ``n`` planned cells: each with a link, every other one submitted, some verified."""
    targets = (
        Indicator.objects.filter(activity__area__plan=plan)
        .values_list("pk", "targets__period")
        .order_by("activity__area__position", "pk", "targets__period")
    )
    indicators = {i.pk: i for i in Indicator.objects.filter(activity__area__plan=plan)}
    for k, (ind_pk, period) in enumerate(list(targets)[:n]):
        r = save(indicators[ind_pk], period, people.sekretaris, **DONE)
        evidence_link_add(
            realisation=r,
            url=f"https://kpu.go.id/{plan.pk}/{ind_pk}/{period}",
            actor=people.sekretaris,
        )
        if k % 2:
            r = realisation_submit(realisation=r, actor=people.sekretaris)
            if k % 4 == 1:
                realisation_verify(realisation=r, actor=people.asesor)


def test_it_costs_the_same_queries_for_a_plan_ten_times_larger(client, people, tree, small_plan):
    large = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=_large_parsed_plan(10),
        actor=people.sekretaris,
        source_name="besar.json",
        source_bytes=b"{}",
        source_format="json",
    )
    assert Indicator.objects.filter(activity__area__plan=large).count() == 40
    _fill(small_plan, people, 3)
    _fill(large, people, 30)
    client.force_login(people.province_sekretaris)

    selector_queries, page_queries = [], []
    for plan, today in ((small_plan, date(2023, 6, 30)), (large, date(2024, 6, 30))):
        plan = Plan.objects.select_related("unit").get(pk=plan.pk)
        with CaptureQueriesContext(connection) as ctx:
            board = plan_dashboard(user=people.province_sekretaris, plan=plan, today=today)
        selector_queries.append(len(ctx))
        assert board.totals.realised > 0 and board.totals.verified > 0
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(plan, per=today.isoformat())).status_code == 200
        page_queries.append(len(ctx))

    assert board.totals.planned >= 10 * 8
    # Areas, indicators, then cell_map_for_plan's four (permission, targets, realisations,
    # holidays).
    assert selector_queries == [6, 6]
    assert page_queries[0] == page_queries[1], page_queries
