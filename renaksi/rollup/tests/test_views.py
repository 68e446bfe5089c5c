"""The roll-up pages: who sees what, the figures, sorting, filters, the XLSX export and the cost.

Dataset: KPU RI with 2 provinces (11 Aceh, 12 Sumatera Utara) × 3 regencies, as of 15 September
2022. Personas: KPU RI's administrator, Aceh's Sekretaris and a regency (11.01) Sekretaris.
"""

import datetime
import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.conftest import UserFactory, member
from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.models import Plan, Target
from renaksi.rollup.dataset import national_dataset_build
from renaksi.rollup.selectors import rollup_for_unit

TODAY = datetime.date(2022, 9, 15)
PER = {"per": TODAY.isoformat()}
R = Membership.Role


@dataclass
class World:
    ri: Unit
    aceh: Unit
    sumut: Unit
    regency: Unit
    national_admin: User
    province_sekretaris: User
    regency_sekretaris: User


@pytest.fixture
def world(db) -> World:
    national_dataset_build(year=2022, provinces=2, regencies_per_province=3, today=TODAY)
    units = {u.code: u for u in Unit.objects.all()}
    national_admin = UserFactory(username="admin_ri")
    province_sekretaris = UserFactory(username="sekretaris_aceh")
    regency_sekretaris = UserFactory(username="sekretaris_1101")
    member(national_admin, units["RI"], R.ADMIN)
    member(province_sekretaris, units["11"], R.SEKRETARIS)
    member(regency_sekretaris, units["11.01"], R.SEKRETARIS)
    return World(
        ri=units["RI"],
        aceh=units["11"],
        sumut=units["12"],
        regency=units["11.01"],
        national_admin=national_admin,
        province_sekretaris=province_sekretaris,
        regency_sekretaris=regency_sekretaris,
    )


def _url(unit, *, name="unit_rollup", year=2022):
    return reverse(name, args=[unit.pk, year])


def _get(client, user, unit, **params):
    client.force_login(user)
    return client.get(_url(unit), {**PER, **params})


def _codes(response) -> list[str]:
    return [row.unit.code for row, _link in response.context["rows"]]


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_it_shows_the_national_admin_each_province_with_its_figures(client, world):
    response = _get(client, world.national_admin, world.ri)
    assert response.status_code == 200
    assert sorted(_codes(response)) == ["11", "12"]
    expected = rollup_for_unit(user=world.national_admin, parent=world.ri, year=2022, today=TODAY)
    shown = {row.unit.code: row for row, _link in response.context["rows"]}
    for row in expected.rows:
        assert shown[row.unit.code].stats == row.stats
        assert shown[row.unit.code].rank == row.rank
    assert response.context["rollup"].total == expected.total
    assert response.context["rollup"].own == expected.own

    # By hand: Aceh's planned cells are every target of the plans of 11 and its regencies.
    aceh = shown["11"].stats
    planned = Target.objects.filter(
        indicator__activity__area__plan__unit__code__startswith="11",
        indicator__activity__area__plan__year=2022,
    ).count()
    assert aceh.planned == planned and aceh.units == 4 and aceh.plans == 4
    assert 0 < aceh.verified < aceh.reported <= planned
    html = response.content.decode()
    assert f'data-col="planned">{_dotted(planned)}</td>' in html
    assert "15 September 2022" in html
    assert 'id="rollup-data"' in html and "rollup-trend-chart" in html
    assert 'data-testid="trend-table"' in html
    # Each province has regencies below it: its name leads to its own roll-up.
    assert f'href="{_url(world.aceh)}?per=2022-09-15" data-drill="rollup"' in html
    # One level down, the breadcrumb leads back up.
    province = client.get(_url(world.aceh), PER)
    assert province.context["crumbs"] == [world.ri]


def test_it_lets_a_province_sekretaris_drill_down_to_a_regency_dashboard(client, world):
    response = _get(client, world.province_sekretaris, world.aceh)
    assert response.status_code == 200
    assert sorted(_codes(response)) == ["11.01", "11.02", "11.03"]
    plan = Plan.objects.get(unit=world.regency, year=2022)
    links = {row.unit.code: link for row, link in response.context["rows"]}
    assert links["11.01"] == reverse("plan_dashboard", args=[plan.pk]) + "?per=2022-09-15"
    assert 'data-drill="dashboard"' in response.content.decode()
    assert client.get(links["11.01"]).status_code == 200
    # The breadcrumb does not offer KPU RI, which this member may not see.
    assert response.context["crumbs"] == []
    own = Plan.objects.get(unit=world.aceh, year=2022)
    assert response.context["own_plan_id"] == own.pk


def test_it_hides_other_branches_from_a_province_member(client, world):
    client.force_login(world.province_sekretaris)
    for unit in (world.sumut, world.ri):
        assert client.get(_url(unit), PER).status_code == 404
        assert client.get(_url(unit, name="unit_rollup_xlsx"), PER).status_code == 404
    assert client.get(reverse("unit_rollup", args=[999999, 2022])).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, world):
    for url in (_url(world.ri), _url(world.ri, name="unit_rollup_xlsx"), reverse("rollup_home")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_sorts_by_any_column_on_the_server(client, world):
    response = _get(client, world.province_sekretaris, world.aceh, urut="-sel")
    planned = [row.stats.planned for row, _link in response.context["rows"]]
    assert planned == sorted(planned, reverse=True)
    assert 'aria-sort="descending"' in response.content.decode()

    response = _get(client, world.province_sekretaris, world.aceh, urut="peringkat")
    assert [row.rank for row, _link in response.context["rows"]] == [1, 2, 3]

    response = _get(client, world.province_sekretaris, world.aceh, urut="-kode")
    assert _codes(response) == ["11.03", "11.02", "11.01"]

    missed = _get(client, world.province_sekretaris, world.aceh, urut="lewat")
    values = [row.stats.missed for row, _link in missed.context["rows"]]
    assert values == sorted(values)

    junk = _get(client, world.province_sekretaris, world.aceh, urut="password")
    assert junk.context["table"].sort == "peringkat"


def test_it_filters_by_name_code_overdue_and_level(client, world):
    name = Unit.objects.get(code="11.02").name
    response = _get(client, world.province_sekretaris, world.aceh, q=name.upper())
    assert _codes(response) == ["11.02"]
    assert _codes(_get(client, world.province_sekretaris, world.aceh, q="11.03")) == ["11.03"]

    overdue = _get(client, world.province_sekretaris, world.aceh, lewat="1")
    assert overdue.context["rows"] and all(r.stats.missed for r, _l in overdue.context["rows"])

    none = _get(client, world.province_sekretaris, world.aceh, tingkat="province")
    assert _codes(none) == []
    assert 'data-testid="rollup-empty"' in none.content.decode()
    regencies = _get(client, world.province_sekretaris, world.aceh, tingkat="regency")
    assert len(_codes(regencies)) == 3
    # Totals always cover the whole subtree, filtered or not.
    assert none.context["rollup"].total == regencies.context["rollup"].total


def test_it_exports_the_table_as_xlsx_with_a_chart(client, world):
    world.sumut.name = '=HYPERLINK("http://x.example","klik")'
    world.sumut.save()
    client.force_login(world.national_admin)
    response = client.get(_url(world.ri, name="unit_rollup_xlsx"), {**PER, "urut": "kode"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Rekap RB RI 2022" in response["Content-Disposition"]

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book.worksheets[0]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    expected = rollup_for_unit(user=world.national_admin, parent=world.ri, year=2022, today=TODAY)
    by_code = {r.unit.code: r for r in expected.rows}
    assert [r[1] for r in rows[:2]] == ["11", "12"]
    for values in rows[:2]:
        s = by_code[values[1]].stats
        assert values[0] == by_code[values[1]].rank
        assert values[3:7] == (s.units, s.plans, s.planned, s.reported)
        assert values[8] == s.verified and values[12] == s.missed
        assert values[9] == pytest.approx(s.verified_pct)
    assert rows[2][1] == "RI" and rows[2][5] == expected.own.planned
    assert rows[3][2] == "Jumlah seluruhnya" and rows[3][5] == expected.total.planned
    # A formula-like name stays text.
    name_cell = ws.cell(row=7, column=3)
    assert name_cell.value.startswith("=HYPERLINK") and name_cell.data_type == "s"
    assert name_cell.quotePrefix
    assert len(ws._charts) == 1
    assert len(book.worksheets[1]._charts) == 1


def test_it_exports_only_the_filtered_rows(client, world):
    client.force_login(world.province_sekretaris)
    response = client.get(_url(world.aceh, name="unit_rollup_xlsx"), {**PER, "q": "11.02"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws.cell(row=6, column=2).value == "11.02"
    assert ws.cell(row=7, column=2).value == "11"  # the province's own plan follows
    assert "1 dari 3" in ws.cell(row=3, column=1).value


def test_it_runs_the_same_number_of_queries_for_two_and_four_provinces(client, world):
    client.force_login(world.national_admin)
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(world.ri), PER).status_code == 200
    national_dataset_build(year=2022, provinces=4, regencies_per_province=3, today=TODAY)
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url(world.ri), PER)
    assert len(response.context["rows"]) == 4
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 20


def test_it_redirects_a_regency_roll_up_to_its_plan_dashboard(client, world):
    response = _get(client, world.province_sekretaris, world.regency)
    plan = Plan.objects.get(unit=world.regency, year=2022)
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_dashboard", args=[plan.pk]) + "?per=2022-09-15"
    # No plan that year: a page that says so, not an error.
    client.force_login(world.regency_sekretaris)
    response = client.get(_url(world.regency, year=2021))
    assert response.status_code == 200
    assert 'data-testid="rollup-no-plan"' in response.content.decode()


def test_it_opens_the_latest_year_with_a_plan_but_never_a_future_one(client, world):
    home = reverse("rollup_home")
    this_year = datetime.date.today().year
    Plan.objects.filter(year=2022).update(year=2019)
    Plan.objects.filter(unit=world.aceh).update(year=this_year + 1)  # next year's: not yet
    client.force_login(world.national_admin)
    assert client.get(home)["Location"] == _url(world.ri, year=2019)
    Plan.objects.update(year=this_year + 1)  # only next year's plans: this year, even if empty
    assert client.get(home)["Location"] == _url(world.ri, year=this_year)


def test_it_sends_each_member_from_rollup_home_to_their_highest_unit(client, world):
    home = reverse("rollup_home")
    client.force_login(world.national_admin)
    # Without a year: the latest year with a visible plan (the dataset's 2022), not an empty one.
    assert client.get(home)["Location"] == _url(world.ri)
    assert client.get(home, {"tahun": "2022"})["Location"] == _url(world.ri)
    asked = client.get(home, {"satker": world.aceh.pk, "tahun": "2022"})
    assert asked["Location"] == _url(world.aceh)

    # A province Sekretaris who is also in a regency goes to the province.
    member(world.province_sekretaris, world.regency, R.ASESOR)
    client.force_login(world.province_sekretaris)
    assert client.get(home, {"tahun": "2022"})["Location"] == _url(world.aceh)

    client.force_login(world.regency_sekretaris)
    response = client.get(home, {"tahun": "2022"})
    assert response.status_code == 200
    plan = Plan.objects.get(unit=world.regency, year=2022)
    html = response.content.decode()
    assert 'data-testid="rollup-home-regency"' in html
    assert reverse("plan_dashboard", args=[plan.pk]) in html
