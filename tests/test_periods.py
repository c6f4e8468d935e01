"""_periods: calendar periods shared by the over-time tables and their charts."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reexdata._periods import (
    FREQS,
    _choose_freq,
    _count_periods,
    _index,
    _index_expr,
    _next_start,
    _nonempty,
    _period_start,
    _rolling_mean,
)

D = dt.date


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ([D(2025, 1, 1), D(2025, 3, 1)], [D(2025, 1, 1), D(2025, 3, 1)]),
        ([D(2025, 3, 1), D(2025, 1, 1), D(2025, 3, 1)], [D(2025, 1, 1), D(2025, 3, 1)]),
        ([D(2199, 1, 1), D(1800, 1, 1)], [D(1800, 1, 1), D(2199, 1, 1)]),
    ],
)
def test_nonempty_keeps_the_distinct_periods_only_in_order(periods, expected):
    out = _nonempty(pl.Series("period", periods, dtype=pl.Date))
    assert out.get_column("period").to_list() == expected


def test_nonempty_ends_with_one_null_when_some_are_undated():
    out = _nonempty(pl.Series("period", [None, D(2025, 2, 1), None, D(2025, 1, 1)], dtype=pl.Date))
    assert out.get_column("period").to_list() == [D(2025, 1, 1), D(2025, 2, 1), None]


def test_nonempty_of_only_undated_is_one_null():
    out = _nonempty(pl.Series("period", [None, None], dtype=pl.Date))
    assert out.get_column("period").to_list() == [None]


def test_nonempty_of_nothing_is_an_empty_date_column():
    out = _nonempty(pl.Series("x", [], dtype=pl.Date))
    assert out.schema == pl.Schema({"period": pl.Date})
    assert out.height == 0


@pytest.mark.parametrize(
    ("day", "freq", "expected"),
    [
        (D(2025, 1, 31), "D", D(2025, 2, 1)),
        (D(2025, 12, 29), "W", D(2026, 1, 5)),
        (D(2025, 12, 1), "M", D(2026, 1, 1)),
        (D(2025, 10, 1), "Q", D(2026, 1, 1)),
        (D(1800, 1, 1), "Y", D(1801, 1, 1)),
    ],
)
def test_next_start(day, freq, expected):
    assert _next_start(day, freq) == expected


@pytest.mark.parametrize(
    ("first", "last", "freq", "expected"),
    [
        (D(2025, 1, 1), D(2025, 1, 1), "D", 1),
        (D(2025, 7, 7), D(2025, 9, 9), "W", 10),
        (D(2025, 7, 7), D(2025, 9, 9), "M", 3),
        (D(2025, 3, 31), D(2025, 4, 1), "Q", 2),
        (D(1800, 1, 1), D(2199, 12, 31), "Y", 400),
        (D(1800, 1, 1), D(2199, 12, 31), "Q", 1600),
    ],
)
def test_count_periods(first, last, freq, expected):
    assert _count_periods(first, last, freq) == expected


@settings(max_examples=60, deadline=None)
@given(st.dates(D(1700, 1, 1), D(2300, 12, 31)), st.dates(D(1700, 1, 1), D(2300, 12, 31)), st.sampled_from(FREQS))
def test_index_expression_agrees_with_the_python_index(a, b, freq):
    """Both count calendar periods: the same distance between any two days."""
    frame = pl.DataFrame({"day": [a, b]}).select(_index_expr(pl.col("day"), freq).alias("i"))
    assert frame["i"][1] - frame["i"][0] == _index(b, freq) - _index(a, freq)


@settings(max_examples=60, deadline=None)
@given(st.dates(D(1700, 1, 1), D(2300, 12, 31)), st.sampled_from(FREQS))
def test_next_start_is_the_start_of_the_next_period(day, freq):
    start = pl.select(_period_start(pl.lit(day), freq)).item()
    assert _index(_next_start(start, freq), freq) == _index(start, freq) + 1
    assert pl.select(_period_start(pl.lit(_next_start(start, freq)), freq)).item() == _next_start(start, freq)


@pytest.mark.parametrize(
    ("dates", "prefer", "expected"),
    [
        ([D(2025, 7, 7), D(2025, 9, 9), None], "W", "W"),
        ([D(2025, 7, 7), D(2025, 9, 9)], "M", "M"),
        ([D(1999, 12, 27), D(2005, 9, 25)], "W", "W"),  # 300 weeks
        ([D(1999, 12, 27), D(2005, 9, 26)], "W", "M"),  # 301 weeks
        ([D(1990, 1, 1), D(2020, 1, 1)], "W", "Q"),
        ([D(1800, 1, 1), D(2199, 12, 31)], "W", "Y"),
        ([D(1800, 1, 1), D(2199, 12, 31)], "M", "Y"),
        ([D(1000, 1, 1), D(2199, 12, 31)], "M", "Y"),  # years are the longest period
        ([None], "W", "W"),
        ([], "M", "M"),
    ],
)
def test_choose_freq_takes_the_first_length_with_at_most_300_periods(dates, prefer, expected):
    assert _choose_freq(dates, prefer) == expected


def _series(periods, values, entity="a"):
    return pl.DataFrame({"period": periods, "entity": [entity] * len(periods), "v": values})


def test_rolling_mean_is_over_calendar_periods_not_rows():
    # Jan, Feb, then a gap over Mar and Apr, then May and Jun.
    frame = _series([D(2025, 1, 1), D(2025, 2, 1), D(2025, 5, 1), D(2025, 6, 1)], [1, 2, 4, 8])
    out = _rolling_mean(frame, ["v"], 3, "M", by="entity").sort("period")
    assert out["v_smooth"].to_list() == [1.5, 1.5, 6.0, 6.0]


def test_rolling_mean_even_window_takes_the_extra_period_from_the_past():
    frame = _series([D(2025, 1, 1), D(2025, 2, 1), D(2025, 5, 1), D(2025, 6, 1)], [1, 2, 4, 8])
    out = _rolling_mean(frame, ["v"], 2, "M", by="entity").sort("period")
    assert out["v_smooth"].to_list() == [1.0, 1.5, 4.0, 6.0]


def test_rolling_mean_keeps_groups_apart():
    frame = pl.concat([_series([D(2025, 1, 6), D(2025, 1, 13)], [2, 4], "a"),
                       _series([D(2025, 1, 6), D(2025, 1, 13)], [10, 20], "b")])
    out = _rolling_mean(frame, ["v"], 3, "W", by="entity").sort("entity", "period")
    assert out.rows() == [
        ("a", D(2025, 1, 6), 3.0), ("a", D(2025, 1, 13), 3.0),
        ("b", D(2025, 1, 6), 15.0), ("b", D(2025, 1, 13), 15.0),
    ]
