"""The monitoring report (laporan monev): its figures per span, and the PDF, XLSX and DOCX.

The data is the dashboard's month loop (``renaksi/monitoring/tests/test_dashboard.py``) on the
small plan (17.09, 2023, monthly) as of 15 March 2023, with narratives written in:

    cell              planned  what happened                        as of 15 March
    SK Tim RB, Jan    yes      done, submitted 6 Feb, verified      verified
    Tersedianya SK,1  yes      done + link, verified, kendala       verified, evidence
    Tersedianya SK,2  yes      done, first submitted 10 Mar, ret.   overdue
    SK Pengarah, Mar  yes      done + link, submitted 14 Mar        awaiting, evidence
    PPID, Jan         yes      in progress, submitted, returned     realised
    PPID, Feb         yes      in progress + link, never submitted  overdue (missed)
    PPID, Mar / Apr   yes      nothing                              pending
    SK Tim RB, Feb    no       in progress (unscheduled)            listed, not counted
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    evidence_link_add,
    holiday_seed,
    realisation_return,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.tests.conftest import save
from renaksi.plans.models import Indicator
from renaksi.reports.common import DocumentError
from renaksi.reports.monev import (
    _pdf_context,
    monev_docx,
    monev_html,
    monev_pdf,
    monev_xlsx,
)
from renaksi.reports.monev_data import Span, monev_data
from renaksi.reports.tests.helpers import (
    ARTIFACTS,
    docx_text,
    open_docx,
    pdf_pages,
    save_first_page_png,
    squeezed,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = date(2023, 3, 15)
DONE = {"status": Realisation.Status.DONE, "progress": 100}
FORMULA = '=HYPERLINK("http://penyerang.example","klik")'


def _stamp(realisation, day: date):
    when = datetime(day.year, day.month, day.day, 10, tzinfo=JAKARTA)
    Realisation.objects.filter(pk=realisation.pk).update(submitted_at=when, first_submitted_at=when)


@pytest.fixture
def loop(db, people, small_plan):
    """The month loop of the module docstring."""
    holiday_seed(years=[2023])
    ind = {i.text: i for i in Indicator.objects.filter(activity__area__plan=small_plan)}
    tim, sk = ind["SK Tim RB"], ind["Tersedianya SK"]
    pengarah, ppid = ind["SK Pengarah"], ind["Jumlah permohonan informasi"]
    sekretaris, asesor = people.sekretaris, people.asesor

    def submit(r, day):
        r = realisation_submit(realisation=r, actor=sekretaris)
        _stamp(r, day)
        return r

    tim1 = save(tim, 1, sekretaris, **DONE)
    realisation_verify(realisation=submit(tim1, date(2023, 2, 6)), actor=asesor)
    sk1 = save(
        sk,
        1,
        sekretaris,
        narrative="SK Tim RB Nomor 5 ditetapkan",
        obstacles="Penandatanganan menunggu Ketua",
        follow_up="Koordinasi dengan Sekretariat",
        **DONE,
    )
    evidence_link_add(realisation=sk1, url="https://kpu.go.id/sk-rb-2023", actor=sekretaris)
    realisation_verify(realisation=submit(sk1, date(2023, 2, 3)), actor=asesor)
    sk2 = save(sk, 2, sekretaris, **DONE)
    realisation_return(
        realisation=submit(sk2, date(2023, 3, 10)), actor=asesor, note="Tanda tangan kurang"
    )
    pengarah3 = save(pengarah, 3, sekretaris, **DONE)
    evidence_link_add(realisation=pengarah3, url="https://kpu.go.id/sk-pengarah", actor=sekretaris)
    submit(pengarah3, date(2023, 3, 14))
    ppid1 = save(ppid, 1, sekretaris, narrative=FORMULA)
    realisation_return(
        realisation=submit(ppid1, date(2023, 2, 1)), actor=asesor, note="Lampirkan rekap"
    )
    ppid2 = save(ppid, 2, sekretaris)
    evidence_link_add(realisation=ppid2, url="https://kpu.go.id/ppid-feb", actor=sekretaris)
    save(tim, 2, sekretaris)  # not scheduled in February
    return small_plan


def _counts(tally) -> tuple:
    return (
        tally.planned,
        tally.realised,
        tally.verified,
        tally.awaiting,
        tally.overdue,
        tally.evidenced,
    )


# --- the data --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "totals", "label"),
    [
        (Span("month", 1), (3, 3, 2, 0, 0, 1), "Periode: Bulan Januari 2023"),
        (Span("month", 2), (2, 1, 0, 0, 2, 0), "Periode: Bulan Februari 2023"),
        (Span("quarter", 1), (7, 5, 2, 1, 2, 2), "Periode: Triwulan I Tahun 2023"),
        (Span("semester", 1), (8, 5, 2, 1, 2, 2), "Periode: Semester I Tahun 2023"),
        (Span("semester", 2), (0, 0, 0, 0, 0, 0), "Periode: Semester II Tahun 2023"),
        (Span("year"), (8, 5, 2, 1, 2, 2), "Periode: Tahun 2023"),
    ],
)
def test_it_counts_the_cells_of_the_span(loop, span, totals, label):
    data = monev_data(plan=loop, span=span, today=TODAY)

    assert _counts(data.totals) == totals
    assert data.period == label
    assert data.as_of == "Keadaan per 15 Maret 2023"


def test_it_counts_each_area_in_a_triwulan(loop):
    data = monev_data(plan=loop, span=Span("quarter", 1), today=TODAY)

    assert [(a.label, _counts(a.tally)) for a in data.areas] == [
        ("1. Manajemen Perubahan", (4, 4, 2, 1, 1, 2)),
        ("4. Penguatan Tatalaksana", (3, 1, 0, 0, 1, 0)),
    ]
    assert [(b.planned, b.realised, b.verified) for b in data.bars] == [(4, 4, 2), (3, 1, 0)]
    assert data.bars[0].planned_w == 100
    assert data.bars[1].realised_w == 25
    figures = {f.label: f.value for f in data.figures}
    assert figures["Terealisasi"] == "5 (71,4 %)"
    assert figures["Cakupan data dukung (sel terealisasi berbukti)"] == "2 (40 %)"


def test_it_lists_the_realisations_of_the_span_with_narrative_and_kendala(loop):
    data = monev_data(plan=loop, span=Span("month", 1), today=TODAY)

    rows = {(r.indicator, r.period): r for r in data.indicators}
    assert set(rows) == {
        ("SK Tim RB", "Januari"),
        ("1. Tersedianya SK", "Januari"),
        ("1. Jumlah permohonan informasi", "Januari"),
    }
    sk = rows[("1. Tersedianya SK", "Januari")]
    assert (sk.status, sk.progress, sk.review) == ("Selesai", "100 %", "Terverifikasi")
    assert sk.narrative == "SK Tim RB Nomor 5 ditetapkan"
    assert sk.obstacles == "Penandatanganan menunggu Ketua"
    assert sk.follow_up == "Koordinasi dengan Sekretariat"
    assert sk.target == "100 %"
    assert sk.value_target == "– / 100 %"
    assert rows[("1. Jumlah permohonan informasi", "Januari")].target == "2,5"


def test_it_lists_unscheduled_realisations_apart(loop):
    data = monev_data(plan=loop, span=Span("month", 2), today=TODAY)

    periods = {(r.indicator, r.period) for r in data.indicators}
    assert ("SK Tim RB", "Februari (di luar jadwal)") in periods
    assert data.totals.planned == 2


def test_it_lists_the_evidence_with_its_cells(loop):
    data = monev_data(plan=loop, span=Span("quarter", 1), today=TODAY)

    assert [(e.link, e.kind, e.cells) for e in data.evidence] == [
        ("https://kpu.go.id/ppid-feb", "Tautan", ["1. Jumlah permohonan informasi (Februari)"]),
        ("https://kpu.go.id/sk-pengarah", "Tautan", ["a. SK Pengarah (Maret)"]),
        ("https://kpu.go.id/sk-rb-2023", "Tautan", ["1. Tersedianya SK (Januari)"]),
    ]


def test_it_signs_as_the_units_sekretaris(loop, people):
    data = monev_data(plan=loop, span=Span("year"), today=TODAY)

    assert data.signature.place_date == "Bengkulu Tengah, 15 Maret 2023"
    assert data.signature.title == "SEKRETARIS KPU KABUPATEN BENGKULU TENGAH,"
    assert data.signature.name == people.sekretaris.display_name


def test_it_leaves_the_signature_blank_without_a_sekretaris_or_ketua(loop):
    loop.unit.memberships.filter(role__in=["sekretaris", "ketua"]).delete()

    data = monev_data(plan=loop, span=Span("year"), today=TODAY)

    assert (data.signature.title, data.signature.name) == ("", "")
    assert "……" in monev_html(data)


def test_it_costs_the_same_queries_whatever_the_span(loop, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as small:
        monev_data(plan=loop, span=Span("month", 1), today=TODAY)
    with CaptureQueriesContext(connection) as large:
        monev_data(plan=loop, span=Span("year"), today=TODAY)

    assert len(small) == len(large) <= 8


def test_it_refuses_an_unknown_span_or_a_month_of_a_quarterly_plan(loop):
    with pytest.raises(DocumentError, match="antara 1 dan 4"):
        Span.parse("quarter", 5)
    with pytest.raises(DocumentError, match="tidak dikenal"):
        Span.parse("week", 1)
    loop.granularity = "quarter"
    with pytest.raises(DocumentError, match="triwulanan"):
        Span("month", 2).periods(loop)
    assert Span("semester", 2).periods(loop) == [3, 4]


# --- the documents ---------------------------------------------------------------------------


def test_it_prints_the_report_as_pdf(loop, people):
    content = monev_pdf(plan=loop, span=Span("quarter", 1), today=TODAY)

    pages = pdf_pages(content, layout=False)
    text = "\n".join(pages)
    assert "LAPORAN MONITORING DAN EVALUASI" in text
    assert "RENCANA AKSI REFORMASI BIROKRASI" in text
    assert "KPU KABUPATEN BENGKULU TENGAH" in text
    assert "Periode: Triwulan I Tahun 2023" in text
    assert "Keadaan per 15 Maret 2023" in text
    assert "1. Manajemen Perubahan" in text
    assert "4. Penguatan Tatalaksana" in text
    flat = squeezed(text)
    assert squeezed("SK Tim RB Nomor 5 ditetapkan") in flat
    assert squeezed("Penandatanganan menunggu Ketua") in flat
    assert squeezed("https://kpu.go.id/sk-pengarah") in flat
    assert "Halaman 1 dari" in pages[0]
    assert people.sekretaris.display_name in text
    save_first_page_png(content, "monev_tw1")


def test_it_draws_the_area_chart_as_svg(loop):
    data = monev_data(plan=loop, span=Span("quarter", 1), today=TODAY)

    html = monev_html(data)

    assert "<svg" in html
    assert html.count('class="bar-planned"') == 3  # two areas and the legend
    assert 'width="560"' in html  # the longest bar, area 1's four planned cells
    assert 'width="140"' in html  # area 4: one realised of four
    assert _pdf_context(data, "a4")["chart_height"] == 108


def test_it_writes_the_report_as_xlsx_with_a_native_bar_chart(loop):
    import io

    import openpyxl

    content = monev_xlsx(plan=loop, span=Span("quarter", 1), today=TODAY)

    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Ringkasan", "Realisasi", "Data Dukung"]
    summary = book["Ringkasan"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    area_rows = [
        row for row in values if row[1] in ("1. Manajemen Perubahan", "4. Penguatan Tatalaksana")
    ]
    assert [row[:8] for row in area_rows] == [
        [1, "1. Manajemen Perubahan", 4, 4, 2, 1, 1, "100 %"],
        [2, "4. Penguatan Tatalaksana", 3, 1, 0, 0, 1, "33,3 %"],
    ]
    assert len(summary._charts) == 1
    rows = book["Realisasi"]
    narratives = {row[7].value: row[7] for row in rows.iter_rows(min_row=2)}
    assert narratives[FORMULA].data_type == "s"  # text, never a formula
    assert narratives[FORMULA].quotePrefix
    assert "Penandatanganan menunggu Ketua" in [c.value for c in rows["I"]]
    links = [c.value for c in book["Data Dukung"]["C"]]
    assert "https://kpu.go.id/sk-rb-2023" in links


def test_it_writes_the_report_as_docx(loop):
    content = monev_docx(plan=loop, span=Span("quarter", 1), today=TODAY)

    document = open_docx(content)
    text = docx_text(document)
    assert "LAPORAN MONITORING DAN EVALUASI" in text
    assert "Periode: Triwulan I Tahun 2023" in text
    area_table = document.tables[1]
    assert [c.text for c in area_table.rows[1].cells] == [
        "1",
        "1. Manajemen Perubahan",
        "4",
        "4",
        "2",
        "1",
        "1",
        "100 %",
    ]
    rows_table = document.tables[2]
    texts = [[c.text for c in row.cells] for row in rows_table.rows]
    sk = next(row for row in texts if row[1] == "1. Tersedianya SK" and row[2] == "Januari")
    assert sk[5] == "– / 100 %"
    assert sk[6:9] == [
        "SK Tim RB Nomor 5 ditetapkan",
        "Penandatanganan menunggu Ketua",
        "Koordinasi dengan Sekretariat",
    ]
    assert len(document.tables[3].rows) == 4  # heading + three evidence items
    (ARTIFACTS / "monev_tw1.docx").write_bytes(content)
