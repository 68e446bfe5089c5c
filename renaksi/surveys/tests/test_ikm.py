from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renaksi.surveys import ikm

KEYS = [f"U{i}" for i in range(1, 10)]
# domain.md §3.2: 29 respondents, unsur totals 105,101,100,116,102,105,106,105,115
TOTALS = [105, 101, 100, 116, 102, 105, 106, 105, 115]


def example_rows():
    fours = [t - 3 * 29 for t in TOTALS]
    return [{k: 4 if r < fours[i] else 3 for i, k in enumerate(KEYS)} for r in range(29)]


def test_it_gives_91_48_with_exact_weights():
    result = ikm.compute(KEYS, example_rows(), weights="exact")
    assert [sum(r[k] for r in example_rows()) for k in KEYS] == TOTALS
    assert result.ikm == Decimal("91.48")
    assert (result.mutu, result.kinerja) == ("A", "Sangat baik")
    assert result.respondents == 29


def test_it_gives_90_56_with_the_literal_0_11():
    result = ikm.compute(KEYS, example_rows(), weights="0.11")
    assert result.ikm == Decimal("90.56")
    assert result.mutu == "A"
    assert result.weights == "0.11"


@pytest.mark.parametrize(
    ("value", "mutu"),
    [
        ("88.31", "A"),
        ("88.30", "B"),
        ("88.305", "A"),  # rounds to 88.31 first
        ("88.304", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("64.995", "C"),
        ("25.00", "D"),
        ("100", "A"),
    ],
)
def test_it_bands_after_rounding_to_two_decimals(value, mutu):
    assert ikm.band(Decimal(value))[0] == mutu


def test_it_excludes_unanswered_items_per_unsur():
    rows = [{"U1": 4, "U2": None}, {"U1": 2, "U2": 3}, {"U1": None, "U2": None}]
    result = ikm.compute(["U1", "U2"], rows)
    assert result.nrr == {"U1": Decimal("3.0000"), "U2": Decimal("3.0000")}
    assert result.answers == {"U1": 2, "U2": 1}
    assert result.respondents == 3
    assert result.ikm == Decimal("75.00")


def test_it_has_no_index_when_an_unsur_has_no_answer():
    result = ikm.compute(["U1", "U2"], [{"U1": 4}])
    assert result.ikm is None and result.mutu is None
    assert result.nrr == {"U1": Decimal("4.0000")}


def test_it_refuses_weights_not_summing_to_one():
    with pytest.raises(ikm.IkmError, match="Jumlah bobot unsur harus 1"):
        ikm.compute(["U1", "U2"], [{"U1": 4, "U2": 4}], weights={"U1": "0.5", "U2": "0.4"})
    with pytest.raises(ikm.IkmError):
        ikm.resolve_weights(["U1", "U2"], {"U1": "1"})
    with pytest.raises(ikm.IkmError):
        ikm.resolve_weights(["U1"], "0.2")
    ok = ikm.compute(["U1", "U2"], [{"U1": 4, "U2": 2}], weights={"U1": "0.75", "U2": "0.25"})
    assert ok.ikm == Decimal("87.50")


def test_it_refuses_answers_outside_one_to_four():
    with pytest.raises(ikm.IkmError, match="1 sampai 4"):
        ikm.compute(["U1"], [{"U1": 5}])


@pytest.mark.parametrize(
    ("population", "sample"),
    [(10, 10), (20, 19), (30, 28), (50, 44), (100, 80), (200, 132), (300, 169), (500, 217),
     (1000, 278), (2000, 322), (10000, 370), (100000, 384), (1000000, 384)],
)  # fmt: skip
def test_krejcie_morgan_gives_the_table_values(population, sample):
    assert ikm.required_sample(population) == sample


def test_krejcie_morgan_uses_the_formula_between_rows():
    assert ikm.required_sample(105) == ikm.krejcie_morgan_formula(105) == 83
    assert ikm.required_sample(5) == 5
    assert ikm.required_sample(0) is None and ikm.required_sample(None) is None
    assert ikm.krejcie_morgan_formula(100000) == 383  # why the table is stored


@given(
    st.lists(
        st.fixed_dictionaries({k: st.sampled_from([None, 1, 2, 3, 4]) for k in KEYS}), max_size=40
    )
)
def test_the_index_stays_within_25_and_100(rows):
    result = ikm.compute(KEYS, rows)
    if result.ikm is not None:
        assert Decimal(25) <= result.ikm <= Decimal(100)
        assert result.mutu == ikm.band(result.ikm)[0]
