from datetime import date

import pytest

from renaksi.core.params import date_or_none, int_or_none


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), ("0", 0), ("-3", -3), ("", None), (None, None), ("12a", None), ("1.5", None)],
)
def test_an_integer_parameter_is_read_or_ignored(raw, expected):
    assert int_or_none(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-09-15", date(2022, 9, 15)),
        ("", None),
        (None, None),
        ("2022-13-01", None),
        ("x", None),
    ],
)
def test_a_date_parameter_is_read_or_ignored(raw, expected):
    assert date_or_none(raw) == expected
