"""_periods: calendar periods shared by the over-time tables."""

import datetime as dt

import polars as pl
import pytest

from reexdata._periods import _span

D = dt.date


@pytest.mark.parametrize(
    ("periods", "freq", "expected"),
    [
        ([D(2025, 1, 1), D(2025, 3, 1)], "M", [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]),
        ([D(2025, 3, 1), D(2025, 1, 1), D(2025, 3, 1)], "M", [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]),
        ([D(2025, 1, 6), D(2025, 1, 20)], "W", [D(2025, 1, 6), D(2025, 1, 13), D(2025, 1, 20)]),
        ([D(2025, 1, 1), D(2025, 7, 1)], "Q", [D(2025, 1, 1), D(2025, 4, 1), D(2025, 7, 1)]),
        ([D(2025, 1, 30), D(2025, 2, 1)], "D", [D(2025, 1, 30), D(2025, 1, 31), D(2025, 2, 1)]),
    ],
)
def test_span_fills_every_period_between_the_first_and_last(periods, freq, expected):
    out = _span(pl.Series("period", periods, dtype=pl.Date), freq)
    assert out.get_column("period").to_list() == expected


def test_span_ends_with_one_null_when_some_are_undated():
    out = _span(pl.Series("period", [None, D(2025, 2, 1), None, D(2025, 1, 1)], dtype=pl.Date), "M")
    assert out.get_column("period").to_list() == [D(2025, 1, 1), D(2025, 2, 1), None]


def test_span_of_only_undated_is_one_null():
    out = _span(pl.Series("period", [None, None], dtype=pl.Date), "M")
    assert out.get_column("period").to_list() == [None]


def test_span_of_nothing_is_an_empty_date_column():
    out = _span(pl.Series("period", [], dtype=pl.Date), "M")
    assert out.schema == pl.Schema({"period": pl.Date})
    assert out.height == 0
