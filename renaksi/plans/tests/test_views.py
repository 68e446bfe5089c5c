import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from renaksi.audit.models import AuditEvent
from renaksi.conftest import PASSWORD, SEED_FILE, small_parsed_plan
from renaksi.plans.findings import finding_message
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import (
    Activity,
    Area,
    Decree,
    ImportReport,
    Indicator,
    Plan,
    ReformArea,
    SubActivity,
)
from renaksi.plans.parsed import (
    Finding,
    ParsedActivity,
    ParsedArea,
    ParsedIndicator,
    ParsedSubActivity,
)
from renaksi.plans.selectors import plan_tree
from renaksi.plans.services import plan_import
from renaksi.plans.view_helpers import plan_table

# --- helpers -------------------------------------------------------------------------------


class _TableReader(HTMLParser):
    """Rows of the plan table's body as lists of (text, rowspan) cells."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[tuple[str, int]]] = []
        self._in_table = self._in_body = False
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid") == "plan-table":
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._cell, self._span = [], int(attrs.get("rowspan", 1))

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.rows[-1].append((text, self._span))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(response) -> list[list[tuple[str, int]]]:
    reader = _TableReader()
    reader.feed(response.content.decode())
    return reader.rows


def login(client, user):
    client.force_login(user)
    return client


def indicator(text) -> Indicator:
    """An indicator of 17.09's 2023 plan (the ``small_plan``) by its text."""
    return Indicator.objects.get(
        text=text, activity__area__plan__unit__code="17.09", activity__area__plan__year=2023
    )


def periods_of(ind: Indicator) -> list[int]:
    return sorted(ind.targets.values_list("period", flat=True))


def plan_url(name, plan, *args):
    return reverse(name, args=[plan.pk, *args])


def edit_urls(plan) -> list[str]:
    area = plan.areas.get(position=1)
    activity = Activity.objects.get(area=area, position=1)
    sub = SubActivity.objects.get(name="Pembentukan tim RB")
    ind = indicator("Tersedianya SK")
    return [
        plan_url("decree_edit", plan),
        plan_url("area_edit", plan, area.pk),
        plan_url("activity_edit", plan, activity.pk),
        plan_url("sub_activity_edit", plan, sub.pk),
        plan_url("indicator_edit", plan, ind.pk),
    ]


def indicator_post(ind: Indicator, **changes) -> dict:
    """A complete, valid POST for the indicator edit form, as the page would send it."""
    data = {
        "number": ind.number,
        "text": ind.text,
        "periods": [str(p) for p in periods_of(ind)],
        "note": ind.note,
        "target_value": "" if ind.target_value is None else str(ind.target_value),
        "target_unit": ind.target_unit,
        "pic": "" if ind.pic_id is None else str(ind.pic_id),
        "pic_name": ind.pic_name,
        "parent": f"sub:{ind.sub_activity_id}"
        if ind.sub_activity_id
        else f"activity:{ind.activity_id}",
    }
    data.update(changes)
    return data


def big_parsed_plan():
    """Many more rows than the small plan: 4 areas × 3 kegiatan × 3 sub kegiatan × 4 indikator."""
    parsed = small_parsed_plan()
    parsed.areas = [
        ParsedArea(
            number=str(a),
            name=f"Area {a}",
            reform_area=a,
            activities=[
                ParsedActivity(
                    number=str(k),
                    name=f"Kegiatan {a}.{k}",
                    sub_activities=[
                        ParsedSubActivity(
                            number=str(s),
                            name=f"Sub {a}.{k}.{s}",
                            indicators=[
                                ParsedIndicator(
                                    number=str(i), text=f"Indikator {a}.{k}.{s}.{i}", periods=[i]
                                )
                                for i in range(1, 5)
                            ],
                            sub_activities=[
                                ParsedSubActivity(
                                    number="a",
                                    name=f"Rincian {a}.{k}.{s}",
                                    indicators=[ParsedIndicator(number="a", text="x", periods=[2])],
                                )
                            ],
                        )
                        for s in range(1, 4)
                    ],
                )
                for k in range(1, 4)
            ],
        )
        for a in range(1, 5)
    ]
    return parsed


@pytest.fixture
def sibling_plan(tree, people):
    """A plan of the sibling regency 17.01, invisible to 17.09's people."""
    return plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sibling_sekretaris,
        source_name="saudara.json",
        source_bytes=b"{}",
        source_format="json",
    )


# --- sign in and home ----------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(client, small_plan):
    response = client.get(reverse("plan_detail", args=[small_plan.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_signs_in_and_explains_a_wrong_password(client, people):
    response = client.post(reverse("login"), {"username": "sekretaris_bt", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("login"), {"username": "sekretaris_bt", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == people.sekretaris.pk


@pytest.mark.parametrize(
    ("persona", "sees_bengkulu_tengah"),
    [
        ("sekretaris", True),
        ("viewer", True),
        ("province_sekretaris", True),
        ("national_admin", True),
        ("sibling_sekretaris", False),
        ("other_province_sekretaris", False),
        ("outsider", False),
    ],
)
def test_it_lists_only_the_plans_the_user_may_see(
    client, people, small_plan, sibling_plan, persona, sees_bengkulu_tengah
):
    user = getattr(people, persona)
    response = login(client, user).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (reverse("plan_detail", args=[small_plan.pk]) in html) is sees_bengkulu_tengah
    assert ("KPU Kabupaten Bengkulu Tengah" in html) is sees_bengkulu_tengah
    visible = {p.pk for p in response.context["page"].object_list}
    assert (small_plan.pk in visible) is sees_bengkulu_tengah
    # 17.09's own people never see the sibling's plan; the parents above both do.
    assert (sibling_plan.pk in visible) is (
        persona in {"province_sekretaris", "national_admin", "sibling_sekretaris"}
    )


def test_it_shows_each_plan_row_and_the_users_memberships(client, people, small_plan):
    html = login(client, people.sekretaris).get(reverse("home")).content.decode()
    assert "17.09" in html and "2023" in html
    assert small_plan.decree.number in html
    row = html[html.index(small_plan.decree.number) :]
    assert '<td class="text-end">4</td>' in row  # indicator count
    assert "Keanggotaan Anda" in html and "Sekretaris" in html
    assert reverse("plan_import") in html


def test_it_searches_by_unit_code_or_decree_number_and_filters_by_year(
    client, people, small_plan, sibling_plan
):
    login(client, people.province_sekretaris)

    def listed(**params):
        return {p.pk for p in client.get(reverse("home"), params).context["page"].object_list}

    assert listed(q="17.01") == {sibling_plan.pk}
    assert listed(q="Bengkulu Tengah") == {small_plan.pk}
    assert listed(q="01/ORT.07") == {small_plan.pk, sibling_plan.pk}
    assert listed(tahun="2023") == {small_plan.pk, sibling_plan.pk}
    assert listed(tahun="2022") == set()
    response = client.get(reverse("home"), {"q": "tidak ada"})
    assert "Tidak ada rencana aksi yang cocok dengan pencarian." in response.content.decode()


def test_it_paginates_the_home_list_by_25(client, people, tree):
    Plan.objects.bulk_create([Plan(unit=tree.bengkulu_tengah, year=2000 + i) for i in range(30)])
    login(client, people.sekretaris)
    first = client.get(reverse("home"))
    second = client.get(reverse("home"), {"halaman": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Halaman 1 dari 2" in first.content.decode()
    assert "halaman=2" in first.content.decode()


def test_it_shows_an_empty_state_with_an_import_button_for_managers(client, people):
    html = login(client, people.sekretaris).get(reverse("home")).content.decode()
    assert "Belum ada rencana aksi yang dapat Anda lihat." in html
    assert reverse("plan_import") in html

    html = login(client, people.outsider).get(reverse("home")).content.decode()
    assert "Belum ada rencana aksi yang dapat Anda lihat." in html
    assert reverse("plan_import") not in html


# --- the plan page -------------------------------------------------------------------------


def test_it_shows_the_plan_in_the_lampiran_layout(client, people, small_plan):
    response = login(client, people.viewer).get(reverse("plan_detail", args=[small_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RENCANA AKSI REFORMASI BIROKRASI" in html
    assert "DI LINGKUNGAN KPU KABUPATEN BENGKULU TENGAH" in html and "TAHUN 2023" in html
    assert "01/ORT.07-Kpt/KPU-Kab/1709/I/2023" in html
    assert "Rencana Aksi Reformasi Birokrasi Tahun 2023" in html  # tentang
    for header in ("NO", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN"):
        assert f">{header}</th>" in html
    assert "PELAKSANAAN (BULAN)" in html
    assert "".join(f"<th>{n}</th>" for n in range(1, 19)) in html  # the numbering row

    rows = table_rows(response)
    assert len(rows) == 4
    # Area 1 and its kegiatan are merged over three rows; every sub kegiatan has its own cell.
    assert rows[0][0] == ("1", 3) and rows[0][1] == ("Manajemen Perubahan", 3)
    assert rows[0][2] == ("1. Perencanaan Reformasi Birokrasi", 3)
    assert rows[0][3] == ("", 1)  # an indicator straight under its kegiatan
    assert rows[0][4][0] == "SK Tim RB"
    assert rows[1][0] == ("1. Pembentukan tim RB", 1)
    assert rows[1][1][0].startswith("1. Tersedianya SK")
    assert "Target: 100 %" in rows[1][1][0] and "PIC:" in rows[1][1][0]
    assert rows[2][0] == ("a. Tim Pengarah", 1)
    assert "cell-sub-child" in html
    assert rows[3][:3] == [
        ("4", 1),
        ("Penguatan Tatalaksana", 1),
        ("1. Keterbukaan informasi publik", 1),
    ]
    # Every row has the 12 month cells and KET after the texts.
    assert [len(r) for r in rows] == [18, 15, 15, 18]
    assert [c for c, _span in rows[0][5:17]] == ["√"] + [""] * 11
    assert [c for c, _span in rows[1][2:14]] == ["√", "√"] + [""] * 10
    assert rows[1][14] == ("KET satu", 1)
    # A period with a numeric target shows the number (Indonesian decimal comma) instead of √.
    assert [c for c, _span in rows[3][5:9]] == ["2,5", "√", "√", "10"]
    assert html.count("√") == 6
    # A reader sees no edit links.
    assert "Ubah indikator" not in html and reverse("decree_edit", args=[small_plan.pk]) not in html


def test_it_shows_quarter_columns_for_a_quarterly_plan(client, people, tree):
    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=small_parsed_plan(granularity="quarter"),
        actor=people.sekretaris,
        source_name="tw.json",
        source_bytes=b"{}",
        source_format="json",
    )
    response = login(client, people.sekretaris).get(reverse("plan_detail", args=[plan.pk]))
    html = response.content.decode()
    assert "PELAKSANAAN (TRIWULAN)" in html
    assert all(f">{label}</th>" in html for label in ("TW I", "TW II", "TW III", "TW IV"))
    assert "".join(f"<th>{n}</th>" for n in range(1, 11)) in html
    assert [len(r) for r in table_rows(response)] == [10, 7, 7, 10]


def test_it_gives_a_row_to_a_kegiatan_or_sub_kegiatan_without_indicators(people, tree):
    parsed = small_parsed_plan()
    parsed.areas[0].activities.append(ParsedActivity(number="2", name="Kegiatan kosong"))
    parsed.areas[1].activities[0].sub_activities.append(
        ParsedSubActivity(number="2", name="Sub kosong")
    )
    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=parsed,
        actor=people.sekretaris,
        source_name="x.json",
        source_bytes=b"{}",
        source_format="json",
    )
    table = plan_table(plan=plan, tree=plan_tree(plan=plan))
    labels = [
        (
            r.area.rowspan if r.area else None,
            r.activity.label if r.activity else None,
            r.sub.label if r.sub else None,
            r.label,
        )
        for r in table.rows
    ]
    assert labels == [
        (4, "1. Perencanaan Reformasi Birokrasi", "", "SK Tim RB"),
        (None, None, "1. Pembentukan tim RB", "1. Tersedianya SK"),
        (None, None, "a. Tim Pengarah", "a. SK Pengarah"),
        (None, "2. Kegiatan kosong", "", ""),
        (
            2,
            "1. Keterbukaan informasi publik",
            "1. Pengelolaan PPID",
            "1. Jumlah permohonan informasi",
        ),
        (None, None, "2. Sub kosong", ""),
    ]
    assert table.rows[0].activity.rowspan == 3 and table.rows[4].activity.rowspan == 2


def test_it_filters_rows_by_text_and_keeps_their_parents(client, people, small_plan):
    response = login(client, people.viewer).get(
        reverse("plan_detail", args=[small_plan.pk]), {"q": "permohonan"}
    )
    html = response.content.decode()
    rows = table_rows(response)
    assert len(rows) == 1
    assert [c for c, _span in rows[0][:5]] == [
        "4",
        "Penguatan Tatalaksana",
        "1. Keterbukaan informasi publik",
        "1. Pengelolaan PPID",
        "1. Jumlah permohonan informasi",
    ]
    assert "1 indikator cocok dengan “permohonan”." in html
    assert "SK Tim RB" not in html

    # A kegiatan's name keeps all its rows.
    response = client.get(reverse("plan_detail", args=[small_plan.pk]), {"q": "perencanaan"})
    assert len(table_rows(response)) == 3


def test_it_links_the_area_navigation_to_the_area_rows(client, people, small_plan):
    html = login(client, people.viewer).get(reverse("plan_detail", args=[small_plan.pk]))
    html = html.content.decode()
    assert 'href="#area-1">1. Manajemen Perubahan</a>' in html
    assert 'href="#area-2">4. Penguatan Tatalaksana</a>' in html
    assert 'id="area-1"' in html and 'id="area-2"' in html
    assert "data-print" in html  # the Cetak button


def test_it_shows_the_import_report_beside_the_table(client, people, small_plan):
    sk_line = Indicator.objects.get(activity__area__plan=small_plan, text="Tersedianya SK")
    Indicator.objects.filter(pk=sk_line.pk).update(source_line=88)
    report = ImportReport.objects.get(plan=small_plan)
    report.findings = [
        {"code": "ticks_clipped", "severity": "warning", "line": 88, "params": {"count": 14}},
        {"code": "area_label_missing", "severity": "error", "line": 120, "params": {}},
        {"code": "decree_field_missing", "severity": "info", "line": None, "params": {}},
    ]
    report.save()
    response = login(client, people.admin_unit).get(reverse("plan_detail", args=[small_plan.pk]))
    html = response.content.decode()
    assert "Laporan impor" in html and "kecil.json" in html
    assert people.sekretaris.display_name in html  # who imported
    assert "2 area, 2 kegiatan, 3 sub kegiatan, 4 indikator" in html  # summary counts
    assert "Peringatan: 1" in html and "Kesalahan: 1" in html and "Info: 1" in html
    # A finding's line links to the row read from it; a line with no row is plain text.
    assert f'#indikator-{sk_line.pk}">baris 88</a>' in html
    assert '<span class="finding-line">baris 120</span>' in html
    assert "Laporan impor (3 temuan)" in html  # the toggle on small screens
    for data in report.findings:
        assert escape(finding_message(Finding(**data))) in html


@pytest.mark.parametrize("who", ["pelaksana", "viewer", "asesor"])
def test_it_hides_the_import_report_from_those_who_cannot_act_on_it(
    client, people, small_plan, who
):
    report = ImportReport.objects.get(plan=small_plan)
    report.findings = [
        {"code": "ticks_clipped", "severity": "warning", "line": 88, "params": {"count": 14}}
    ]
    report.save()
    response = login(client, getattr(people, who)).get(reverse("plan_detail", args=[small_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Tersedianya SK" in html  # the plan itself shows
    assert "Laporan impor" not in html and "temuan" not in html
    assert 'id="laporan-impor"' not in html and "kecil.json" not in html


def test_it_says_when_an_import_had_no_findings(client, people, small_plan):
    html = login(client, people.sekretaris).get(reverse("plan_detail", args=[small_plan.pk]))
    html = html.content.decode()
    assert "Tidak ada temuan" in html
    assert "4 indikator" in html


def test_it_shows_edit_links_only_to_managers(client, people, small_plan):
    html = login(client, people.sekretaris).get(reverse("plan_detail", args=[small_plan.pk]))
    html = html.content.decode()
    for url in edit_urls(small_plan):
        assert url in html
    assert html.count('aria-label="Ubah indikator"') == 4


def test_it_runs_the_same_number_of_queries_whatever_the_plan_size(
    client, people, tree, small_plan
):
    big = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=big_parsed_plan(),
        actor=people.sekretaris,
        source_name="besar.json",
        source_bytes=b"{}",
        source_format="json",
    )
    assert Indicator.objects.filter(activity__area__plan=big).count() == 4 * 3 * 3 * 5
    login(client, people.sekretaris)
    counts = []
    for plan in (small_plan, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("plan_detail", args=[plan.pk]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    # session, user, plan, 5 for the tree, report, 2 permission checks; the cell states: 4 for
    # cell_map_for_plan (access, targets, realisations, holidays) and the assessor check.
    assert counts[0] <= 16
    # Seen again, unchanged: the grid comes from the cache (plans.page_cache); session, user,
    # plan and the three permission checks (change, verify, import) remain.
    cached = []
    for plan in (small_plan, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("plan_detail", args=[plan.pk]))
        assert response.status_code == 200
        assert response.content.count(b'<a href="sel/') >= 1  # the grid's cells
        cached.append(len(ctx.captured_queries))
    assert cached[0] == cached[1] <= 6


# --- access to corrections -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
def test_it_answers_404_for_a_plan_the_user_cannot_see(client, people, small_plan, persona):
    login(client, getattr(people, persona))
    urls = [
        reverse("plan_detail", args=[small_plan.pk]),
        reverse("plan_history", args=[small_plan.pk]),
        *edit_urls(small_plan),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in edit_urls(small_plan):
        assert client.post(url, {"name": "x", "text": "x"}).status_code == 404, url
    assert (
        not AuditEvent.objects.exclude(action="plan.imported")
        .exclude(action__startswith="auth.")
        .exists()
    )


@pytest.mark.parametrize("persona", ["viewer", "asesor", "ketua", "province_sekretaris"])
def test_it_forbids_every_correction_to_a_reader_of_the_plan(client, people, small_plan, persona):
    login(client, getattr(people, persona))
    ind = indicator("Tersedianya SK")
    for url in edit_urls(small_plan):
        assert client.get(url).status_code == 403, url
        assert client.post(url, indicator_post(ind, text="Diubah", name="Diubah")).status_code == (
            403
        ), url
    assert indicator("Tersedianya SK").activity_id == ind.activity_id
    assert not Indicator.objects.filter(text="Diubah").exists()
    assert not Area.objects.filter(name="Diubah").exists()
    assert (
        not AuditEvent.objects.exclude(action="plan.imported")
        .exclude(action__startswith="auth.")
        .exists()
    )


def test_it_answers_404_for_an_object_of_another_plan(client, people, small_plan, sibling_plan):
    foreign = Indicator.objects.get(activity__area__plan=sibling_plan, text="Tersedianya SK")
    login(client, people.sekretaris)
    url = reverse("indicator_edit", args=[small_plan.pk, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, indicator_post(foreign, text="Dicuri")).status_code == 404
    assert not Indicator.objects.filter(text="Dicuri").exists()


# --- corrections ---------------------------------------------------------------------------


def test_it_changes_the_months_of_an_indicator_and_moves_it(client, people, small_plan):
    ind = indicator("SK Tim RB")
    target_sub = SubActivity.objects.get(name="Pengelolaan PPID")
    login(client, people.sekretaris)
    form_page = client.get(reverse("indicator_edit", args=[small_plan.pk, ind.pk]))
    assert form_page.status_code == 200
    assert f'value="sub:{target_sub.pk}"' in form_page.content.decode()

    response = client.post(
        reverse("indicator_edit", args=[small_plan.pk, ind.pk]),
        indicator_post(ind, periods=["1", "5"], parent=f"sub:{target_sub.pk}", note="Dipindah"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == (
        reverse("plan_detail", args=[small_plan.pk]) + f"#indikator-{ind.pk}"
    )
    assert "Perubahan disimpan." in response.content.decode()
    ind.refresh_from_db()
    assert periods_of(ind) == [1, 5]
    assert ind.sub_activity == target_sub and ind.activity == target_sub.activity
    assert ind.note == "Dipindah"
    event = AuditEvent.objects.get(action="indicator.updated")
    assert event.actor == people.sekretaris
    assert event.data["changed"]["periods"] == [[1], [1, 5]]
    assert event.data["changed"]["sub_activity"] == [None, target_sub.pk]


def test_it_sets_a_numeric_target_and_a_pic_from_the_unit(client, people, small_plan):
    ind = indicator("SK Pengarah")
    login(client, people.sekretaris)
    page = client.get(reverse("indicator_edit", args=[small_plan.pk, ind.pk])).content.decode()
    assert people.asesor.display_name in page
    assert people.province_sekretaris.display_name not in page  # not a member of 17.09
    response = client.post(
        reverse("indicator_edit", args=[small_plan.pk, ind.pk]),
        indicator_post(ind, target_value="12,5", target_unit="dokumen", pic=str(people.asesor.pk)),
    )
    assert response.status_code == 302
    ind.refresh_from_db()
    assert ind.target_value == Decimal("12.5") and ind.target_unit == "dokumen"
    assert ind.pic == people.asesor and ind.pic_name == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "  "}, "text", "Teks indikator wajib diisi."),
        ({"periods": ["1", "13"]}, "periods", "Periode 13 tidak ada dalam rencana aksi ini."),
        ({"target_value": "banyak"}, "target_value", None),
        ({"parent": "activity:999999"}, "parent", "bukan salah satu dari pilihan yang tersedia"),
    ],
)
def test_it_refuses_bad_indicator_input_and_changes_nothing(
    client, people, small_plan, changes, field, message
):
    ind = indicator("Tersedianya SK")
    before = (ind.text, periods_of(ind), ind.activity_id, ind.sub_activity_id, ind.target_value)
    response = login(client, people.sekretaris).post(
        reverse("indicator_edit", args=[small_plan.pk, ind.pk]), indicator_post(ind, **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert message in " ".join(form.errors[field])
        assert escape(message) in response.content.decode()
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    ind.refresh_from_db()
    assert (
        ind.text,
        periods_of(ind),
        ind.activity_id,
        ind.sub_activity_id,
        ind.target_value,
    ) == before
    assert not AuditEvent.objects.filter(action="indicator.updated").exists()


def test_it_refuses_a_parent_from_another_plan(client, people, small_plan, sibling_plan):
    ind = indicator("Tersedianya SK")
    sub_before = ind.sub_activity_id
    foreign_sub = SubActivity.objects.get(
        activity__area__plan=sibling_plan, name="Pembentukan tim RB"
    )
    response = login(client, people.sekretaris).post(
        reverse("indicator_edit", args=[small_plan.pk, ind.pk]),
        indicator_post(ind, parent=f"sub:{foreign_sub.pk}"),
    )
    assert response.status_code == 200
    assert "bukan salah satu dari pilihan yang tersedia" in " ".join(
        response.context["form"].errors["parent"]
    )
    ind.refresh_from_db()
    assert ind.sub_activity_id == sub_before
    assert foreign_sub.indicators.count() == 1
    assert not AuditEvent.objects.filter(action="indicator.updated").exists()


def test_it_refuses_a_quarter_outside_a_quarterly_plan(client, people, tree):
    plan = plan_import(
        unit=tree.bengkulu_tengah,
        year=2024,
        parsed=small_parsed_plan(granularity="quarter"),
        actor=people.sekretaris,
        source_name="tw.json",
        source_bytes=b"{}",
        source_format="json",
    )
    ind = Indicator.objects.get(activity__area__plan=plan, text="SK Tim RB")
    response = login(client, people.sekretaris).post(
        reverse("indicator_edit", args=[plan.pk, ind.pk]), indicator_post(ind, periods=["5"])
    )
    assert "Periode 5 tidak ada dalam rencana aksi ini." in response.content.decode()
    assert periods_of(ind) == [1]


def test_it_edits_and_moves_a_sub_kegiatan_with_its_indicators(client, people, small_plan):
    sub = SubActivity.objects.get(name="Pengelolaan PPID")
    target = Activity.objects.get(name="Perencanaan Reformasi Birokrasi")
    response = login(client, people.sekretaris).post(
        reverse("sub_activity_edit", args=[small_plan.pk, sub.pk]),
        {"number": "2", "name": "Pengelolaan PPID (dipindah)", "activity": target.pk, "parent": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#sub-kegiatan-{sub.pk}")
    sub.refresh_from_db()
    assert sub.activity == target and sub.number == "2" and sub.name.endswith("(dipindah)")
    assert indicator("Jumlah permohonan informasi").activity == target
    assert AuditEvent.objects.get(action="sub_activity.updated").actor == people.sekretaris


def test_it_shows_a_service_refusal_as_a_form_error(client, people, small_plan):
    parent_with_child = SubActivity.objects.get(name="Pembentukan tim RB")
    other = SubActivity.objects.create(
        activity=parent_with_child.activity, position=99, number="9", name="Sub lain"
    )
    response = login(client, people.sekretaris).post(
        reverse("sub_activity_edit", args=[small_plan.pk, parent_with_child.pk]),
        {
            "number": "1",
            "name": "Pembentukan tim RB",
            "activity": parent_with_child.activity_id,
            "parent": other.pk,
        },
    )
    assert response.status_code == 200
    assert "Sub kegiatan yang memiliki anak tidak dapat dijadikan anak" in (
        response.content.decode()
    )
    parent_with_child.refresh_from_db()
    assert parent_with_child.parent_id is None


def test_it_refuses_a_parent_sub_kegiatan_in_another_kegiatan(client, people, small_plan):
    sub = SubActivity.objects.get(name="Pengelolaan PPID")
    other_parent = SubActivity.objects.get(name="Pembentukan tim RB")
    response = login(client, people.sekretaris).post(
        reverse("sub_activity_edit", args=[small_plan.pk, sub.pk]),
        {"number": "1", "name": sub.name, "activity": sub.activity_id, "parent": other_parent.pk},
    )
    assert response.status_code == 200
    assert "Sub kegiatan induk harus berada di kegiatan yang dipilih." in (
        response.content.decode()
    )
    sub.refresh_from_db()
    assert sub.parent_id is None


def test_it_edits_a_kegiatan_and_an_area(client, people, small_plan):
    login(client, people.sekretaris)
    activity = Activity.objects.get(name="Keterbukaan informasi publik")
    response = client.post(
        reverse("activity_edit", args=[small_plan.pk, activity.pk]),
        {"number": "2", "name": "Keterbukaan informasi"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.number, activity.name) == ("2", "Keterbukaan informasi")

    area = Area.objects.get(plan=small_plan, position=2)
    response = client.post(
        reverse("area_edit", args=[small_plan.pk, area.pk]),
        {
            "number": "4",
            "name": "Penataan Tatalaksana",
            "reform_area": ReformArea.objects.get(number=4).pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#area-2")
    area.refresh_from_db()
    assert area.name == "Penataan Tatalaksana" and area.reform_area.number == 4

    response = client.post(
        reverse("area_edit", args=[small_plan.pk, area.pk]), {"number": "4", "name": ""}
    )
    assert "Nama area perubahan wajib diisi." in response.content.decode()
    area.refresh_from_db()
    assert area.name == "Penataan Tatalaksana"
    assert AuditEvent.objects.filter(action__in=["activity.updated", "area.updated"]).count() == 2


def _decree_post(decree: Decree, **changes) -> dict:
    data = {
        name: ("" if getattr(decree, name) is None else getattr(decree, name))
        for name in (
            "issuer",
            "number",
            "lampiran_number",
            "about",
            "place",
            "signer_name",
            "signer_title",
            "validity_text",
            "considering",
            "observing",
            "deciding",
        )
    }
    data.update({"date_set": "", "valid_from": "", "valid_until": ""})
    data.update(changes)
    return data


def test_it_edits_the_decree_including_its_validity_dates(client, people, small_plan):
    login(client, people.sekretaris)
    url = reverse("decree_edit", args=[small_plan.pk])
    assert 'type="date"' in client.get(url).content.decode()
    response = client.post(
        url,
        _decree_post(
            small_plan.decree,
            date_set="2023-01-10",
            valid_from="2023-01-10",
            valid_until="2023-12-31",
            number="02/BARU/2023",
        ),
        follow=True,
    )
    assert "Perubahan disimpan." in response.content.decode()
    assert "10 Januari 2023" in response.content.decode()
    decree = Decree.objects.get(pk=small_plan.decree_id)
    assert str(decree.valid_until) == "2023-12-31" and decree.number == "02/BARU/2023"
    event = AuditEvent.objects.get(action="decree.updated")
    assert event.data["changed"]["number"][1] == "02/BARU/2023"
    assert "issuer" not in event.data["changed"]


def test_it_refuses_a_validity_that_ends_before_it_starts(client, people, small_plan):
    response = login(client, people.sekretaris).post(
        reverse("decree_edit", args=[small_plan.pk]),
        _decree_post(small_plan.decree, valid_from="2023-06-01", valid_until="2023-01-01"),
    )
    assert response.status_code == 200
    assert "Tanggal akhir masa berlaku tidak boleh sebelum tanggal mulai." in (
        response.content.decode()
    )
    assert Decree.objects.get(pk=small_plan.decree_id).valid_from is None
    assert not AuditEvent.objects.filter(action="decree.updated").exists()


# --- history -------------------------------------------------------------------------------


def test_it_lists_the_plans_changes_newest_first(client, people, small_plan, sibling_plan):
    ind = indicator("SK Pengarah")
    login(client, people.sekretaris)
    client.post(
        reverse("indicator_edit", args=[small_plan.pk, ind.pk]),
        indicator_post(ind, periods=["3", "4"], text="SK Tim Pengarah"),
    )
    response = client.get(reverse("plan_history", args=[small_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    events = [row.event.action for row in response.context["events"]]
    assert events == ["indicator.updated", "plan.imported"]  # not the sibling's import
    assert "Indikator diubah" in html and "Rencana aksi diimpor" in html
    assert people.sekretaris.display_name in html
    assert "pelaksanaan" in html and "<del>3</del>" in html and "<ins>3, 4</ins>" in html
    assert "<del>SK Pengarah</del>" in html and "<ins>SK Tim Pengarah</ins>" in html


def test_it_names_a_moved_indicators_new_parent_in_the_history(client, people, small_plan):
    ind = indicator("SK Tim RB")
    target_sub = SubActivity.objects.get(name="Pengelolaan PPID")
    login(client, people.sekretaris)
    client.post(
        reverse("indicator_edit", args=[small_plan.pk, ind.pk]),
        indicator_post(ind, parent=f"sub:{target_sub.pk}"),
    )
    html = client.get(reverse("plan_history", args=[small_plan.pk])).content.decode()
    assert "<ins>1. Pengelolaan PPID</ins>" in html
    assert "<ins>1. Keterbukaan informasi publik</ins>" in html


# --- import --------------------------------------------------------------------------------


def _upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_it_imports_an_uploaded_json_plan(client, people, tree):
    data = json.dumps(parsed_to_json(small_parsed_plan())).encode()
    login(client, people.sekretaris)
    page = client.get(reverse("plan_import")).content.decode()
    assert "17.09 — KPU Kabupaten Bengkulu Tengah" in page
    assert "17.01" not in page  # only units the user manages

    response = client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("rencana.json", data)},
        follow=True,
    )
    plan = Plan.objects.get(unit=tree.bengkulu_tengah, year=2024)
    assert response.redirect_chain[-1][0] == reverse("plan_detail", args=[plan.pk])
    assert "Impor selesai: 2 area, 4 indikator, 0 temuan perlu diperiksa." in (
        response.content.decode()
    )
    assert Indicator.objects.filter(activity__area__plan=plan).count() == 4
    report = ImportReport.objects.get(plan=plan)
    assert report.source_name == "rencana.json" and report.created_by == people.sekretaris


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("kosong.json", b"", "Berkas yang dikirimkan kosong."),
        ("spasi.txt", b"  \n\t ", "Berkas spasi.txt kosong."),
        ("acak.txt", bytes(range(256)) * 4, "Berkas acak.txt bukan teks"),
        ("rusak.json", b'{"format": "renaksi", "areas": [', "rusak.json: JSON tidak valid"),
        ("salah.json", b'{"halo": 1}', "salah.json: Kesalahan pada areas"),
    ],
)
def test_it_explains_an_unreadable_upload_and_writes_nothing(
    client, people, tree, name, data, message
):
    response = login(client, people.sekretaris).post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload(name, data)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="form-error"' in html or "invalid-feedback" in html
    assert message in html
    assert not Plan.objects.exists()
    assert not ImportReport.objects.exists()
    assert not AuditEvent.objects.exclude(action__startswith="auth.").exists()


def test_it_imports_the_seed_decree_text_and_lists_its_findings(client, people, tree):
    response = login(client, people.sekretaris).post(
        reverse("plan_import"),
        {
            "unit": tree.bengkulu_tengah.pk,
            "year": "2022",
            "file": _upload(SEED_FILE.name, SEED_FILE.read_bytes()),
        },
        follow=True,
    )
    plan = Plan.objects.get(unit=tree.bengkulu_tengah, year=2022)
    report = ImportReport.objects.get(plan=plan)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plan_detail", args=[plan.pk])
    assert "Impor selesai:" in html
    assert report.source_format == "text" and report.findings
    assert "Manajemen Perubahan" in html and "Penguatan Tatalaksana" in html
    assert html.count('<li class="finding">') == len(report.findings)
    assert len(table_rows(response)) >= Indicator.objects.filter(activity__area__plan=plan).count()


def test_it_refuses_to_overwrite_a_plan_unless_asked(client, people, tree, small_plan):
    data = json.dumps(parsed_to_json(small_parsed_plan())).encode()
    login(client, people.sekretaris)
    form = {"unit": tree.bengkulu_tengah.pk, "year": "2023"}
    response = client.post(reverse("plan_import"), {**form, "file": _upload("a.json", data)})
    assert response.status_code == 200 and "sudah ada" in response.content.decode()
    assert ImportReport.objects.count() == 1

    response = client.post(
        reverse("plan_import"), {**form, "replace": "on", "file": _upload("b.json", data)}
    )
    assert response.status_code == 302
    assert ImportReport.objects.count() == 2
    assert AuditEvent.objects.filter(action="plan.reimported").count() == 1


def test_it_refuses_an_import_into_a_unit_the_user_does_not_manage(client, people, tree):
    data = json.dumps(parsed_to_json(small_parsed_plan())).encode()
    response = login(client, people.sibling_sekretaris).post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("a.json", data)},
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Plan.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "asesor", "outsider"])
def test_it_forbids_the_import_page_to_people_who_manage_no_unit(client, people, tree, persona):
    login(client, getattr(people, persona))
    assert client.get(reverse("plan_import")).status_code == 403
    response = client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("a.json", b"{}")},
    )
    assert response.status_code == 403
    assert not Plan.objects.exists()
    home = client.get(reverse("home")).content.decode()
    assert reverse("plan_import") not in home


def test_it_lists_plans_on_home_in_a_fixed_number_of_queries(client, people, tree, small_plan):
    login(client, people.national_admin)

    def home_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    few = home_queries()
    Plan.objects.bulk_create(
        [Plan(unit=unit, year=2030) for unit in (tree.bengkulu, tree.sumsel, tree.palembang)]
    )
    assert home_queries() == few
