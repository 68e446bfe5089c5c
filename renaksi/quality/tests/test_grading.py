"""Golden tests: each criterion's percentage and grade at the band edges (75 %, 50 %, 10 %)."""

from datetime import date
from decimal import Decimal

import pytest

from renaksi.quality.facts import plan_facts
from renaksi.quality.grading import criteria_results, grade_for, strategy_score
from renaksi.quality.models import AnswerType, CriteriaSet
from renaksi.quality.selectors import criteria_set_for_year
from renaksi.quality.tests.helpers import activities_plan, set_baselines

EDGES = [
    # good, total, percent, grade
    (4, 4, Decimal("100.00"), "A"),
    (3, 4, Decimal("75.00"), "B"),
    (2, 3, Decimal("66.67"), "C"),
    (2, 4, Decimal("50.00"), "C"),
    (4, 9, Decimal("44.44"), "D"),
    (1, 10, Decimal("10.00"), "D"),
    (1, 11, Decimal("9.09"), "E"),
    (0, 4, Decimal("0.00"), "E"),
]


@pytest.mark.parametrize(
    ("percent", "grade"),
    [
        ("100", "A"),
        ("99.99", "B"),
        ("75", "B"),
        ("74.99", "C"),
        ("50", "C"),
        ("49.99", "D"),
        ("10", "D"),
        ("9.99", "E"),
        ("0", "E"),
    ],
)
def test_it_grades_a_percentage_by_the_published_thresholds(db, percent, grade):
    criteria_set = CriteriaSet.objects.get(year=2024)
    assert grade_for(Decimal(percent), criteria_set) == grade


def test_it_answers_ya_only_at_100_percent_for_a_yes_no_criterion(db):
    criteria_set = CriteriaSet.objects.get(year=2024)
    assert grade_for(Decimal(100), criteria_set, AnswerType.YES_NO) == "Ya"
    assert grade_for(Decimal("99.99"), criteria_set, AnswerType.YES_NO) == "Tidak"


def _result(plan, code, facts=None):
    facts = facts or plan_facts(plan=plan)
    (result,) = [
        r for r in criteria_results(facts, criteria_set_for_year(plan.year)) if r.code == code
    ]
    return result


def _check(result, good, total, percent, grade):
    assert (result.good, result.total) == (good, total)
    assert result.percent == percent
    assert result.grade == grade
    assert len(result.rows) == total - good


@pytest.mark.parametrize(("good", "total", "percent", "grade"), EDGES)
def test_kelogisan_counts_actions_with_a_scheduled_indicator(
    tree, people, good, total, percent, grade
):
    plan = activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=[f"Kegiatan {i}" for i in range(total)],
        periods=[[1]] * good + [[]] * (total - good),
    )
    _check(_result(plan, "kelogisan"), good, total, percent, grade)


@pytest.mark.parametrize(("good", "total", "percent", "grade"), EDGES)
def test_output_indicators_need_a_target_and_a_satuan(tree, people, good, total, percent, grade):
    plan = activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=[f"Kegiatan {i}" for i in range(total)],
        targets=[Decimal(100)] * good + [Decimal(100)] * (total - good),
        units=["%"] * good + [""] * (total - good),
    )
    _check(_result(plan, "indikator-output"), good, total, percent, grade)


@pytest.mark.parametrize(("good", "total", "percent", "grade"), EDGES)
def test_output_targets_must_rise_above_the_baseline(tree, people, good, total, percent, grade):
    plan = activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=[f"Kegiatan {i}" for i in range(total)],
    )
    bad = [(Decimal(60), Decimal(60)), (None, Decimal(70)), (Decimal(50), None)]
    set_baselines(
        plan,
        [(Decimal(50), Decimal(60))] * good + [bad[i % 3] for i in range(total - good)],
    )
    _check(_result(plan, "target-output"), good, total, percent, grade)


@pytest.mark.parametrize(("good", "total", "percent", "grade"), EDGES)
def test_kegiatan_utama_targets_are_graded_on_kegiatan_utama_indicators_only(
    tree, people, good, total, percent, grade
):
    names = [f"Penyusunan laporan SAKIP {i}" for i in range(total)] + ["Rapat koordinasi"]
    plan = activities_plan(unit=tree.bengkulu_tengah, actor=people.sekretaris, names=names)
    set_baselines(
        plan,
        [(Decimal(40), Decimal(80))] * good + [(None, None)] * (total - good) + [(None, None)],
    )
    _check(_result(plan, "target-kegiatan-utama"), good, total, percent, grade)


@pytest.mark.parametrize(("good", "total", "percent", "grade"), EDGES)
def test_anggaran_counts_actions_with_a_budget(tree, people, good, total, percent, grade):
    plan = activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=[f"Kegiatan {i}" for i in range(total)],
    )
    facts = plan_facts(plan=plan)
    # ``Indicator.budget`` arrives with the importer's migration; the grading reads it by name.
    for n, ind in enumerate(facts.indicators):
        ind.obj.budget = Decimal(1_000_000) if n < good else None
    _check(_result(plan, "anggaran", facts), good, total, percent, grade)


KU_NAMES = {
    "KU01": "Evaluasi struktur organisasi",
    "KU02": "Penyusunan SOP",
    "KU03": "Arsitektur SPBE",
    "KU04": "Laporan SAKIP",
    "KU06": "Pembangunan zona integritas",
    "KU07": "Penerapan SPIP",
    "KU08": "Pengelolaan pengaduan",
    "KU09": "Pengendalian gratifikasi",
    "KU10": "Analisis kebijakan publik",
    "KU11": "Penataan perundang-undangan",
    "KU12": "Digitalisasi kearsipan",
    "KU13": "Satu data dan statistik",
    "KU14": "Pengadaan barang/jasa",
    "KU15": "Penatausahaan BMN",
    "KU16": "Penyetaraan jabatan fungsional",
    "KU17": "Manajemen talenta",
    "KU18": "Penilaian SKP",
    "KU19": "Sistem merit",
    "KU20": "Internalisasi BerAKHLAK",
    "KU21": "Standar pelayanan",
}


@pytest.mark.parametrize(
    ("adopted", "percent", "grade"),
    [(20, "100.00", "A"), (15, "75.00", "B"), (14, "70.00", "C"), (10, "50.00", "C"),
     (9, "45.00", "D"), (2, "10.00", "D"), (1, "5.00", "E")],
)  # fmt: skip
def test_kegiatan_utama_is_the_share_of_the_national_list_adopted(
    tree, people, adopted, percent, grade
):
    codes = list(KU_NAMES)[:adopted]
    plan = activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=[KU_NAMES[c] for c in codes],
    )
    result = _result(plan, "kegiatan-utama")
    assert (result.good, result.total) == (adopted, 20)  # KU05 is for pemda only
    assert result.percent == Decimal(percent)
    assert result.grade == grade
    missing = {row.label.split()[0] for row in result.rows}
    assert missing == set(KU_NAMES) - set(codes)


def test_keabsahan_is_ya_only_when_the_decree_is_signed_and_covers_the_schedule(tree, people):
    plan = activities_plan(
        unit=tree.bengkulu_tengah, actor=people.sekretaris, names=["A"], periods=[[12]]
    )
    assert _result(plan, "keabsahan").grade == "Ya"
    plan.decree.valid_until = date(2023, 11, 30)
    plan.decree.save()
    plan.refresh_from_db()
    result = _result(plan, "keabsahan")
    assert (result.grade, result.percent) == ("Tidak", Decimal(0))
    assert "30 November 2023" in result.rows[0].label


def test_strategy_score_is_3_q_plus_7_implementation_q(tree, people):
    plan = activities_plan(
        unit=tree.bengkulu_tengah,
        actor=people.sekretaris,
        names=["Laporan SAKIP", "Penyusunan SOP"],
        targets=[Decimal(100)] * 2,
        units=["%"] * 2,
    )
    set_baselines(plan, [(Decimal(50), Decimal(80))] * 2)
    facts = plan_facts(plan=plan)
    criteria_set = criteria_set_for_year(plan.year)
    results = criteria_results(facts, criteria_set)
    grades = {r.code: r.grade for r in results}
    # kegiatan utama 2 of 20 (D), anggaran E, every other criterion full.
    assert grades == {
        "kegiatan-utama": "D",
        "target-kegiatan-utama": "A",
        "keabsahan": "Ya",
        "kelogisan": "A",
        "indikator-output": "A",
        "target-output": "A",
        "anggaran": "E",
    }
    q = (Decimal("0.25") + 5) / 7
    # 15 February: January (2 deliveries) is due, nothing verified → implementation 0.
    score = strategy_score(facts, results, criteria_set, date(2023, 2, 15))
    assert (score.due, score.verified) == (2, 0)
    assert score.score == (3 * q).quantize(Decimal("0.01"))
    # Before anything is due, implementation is projected as complete.
    score = strategy_score(facts, results, criteria_set, date(2023, 1, 15))
    assert score.score == (10 * q).quantize(Decimal("0.01"))
