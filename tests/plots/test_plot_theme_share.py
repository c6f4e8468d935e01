"""Theme share over time: one trace per theme, undated bucket off the axis, gaps drawn as gaps."""

import datetime as dt
import re

import polars as pl
import pytest
from plot_fixture_tables import FEB, JAN, MAR, themes_over_time

from reexdata.plots import TEMPLATE, theme_share


@pytest.fixture
def table():
    return themes_over_time()


THEMES = ["Resource security", "Party discipline", "Markets and pricing", "Unassigned"]


@pytest.mark.parametrize("kind", ["area", "line"])
def test_one_legend_entry_per_theme_in_lexicon_order_unassigned_last(table, kind):
    fig = theme_share(table, kind=kind)
    assert [t.name for t in fig.data if t.showlegend is not False] == THEMES


def test_line_time_axis_leaves_out_undated_bucket_and_marks_the_gap(table):
    fig = theme_share(table, kind="line")
    assert all(list(t.x) == [JAN, FEB, MAR] for t in fig.data)


def test_line_empty_period_is_a_null_not_a_zero(table):
    fig = theme_share(table, kind="line")
    assert [list(t.y) for t in fig.data] == [[0.0, None, 1.0], [0.5, None, 0.0], [0.5, None, 0.0], [0.0, None, 0.0]]


def test_area_draws_one_stack_per_run_of_consecutive_periods(table):
    fig = theme_share(table, kind="area")
    assert [(t.stackgroup, t.legendgroup, list(t.x), list(t.y)) for t in fig.data] == [
        ("themes-0", "theme-0", [JAN], [0.0]),
        ("themes-0", "theme-1", [JAN], [0.5]),
        ("themes-0", "theme-2", [JAN], [0.5]),
        ("themes-0", "theme-3", [JAN], [0.0]),
        ("themes-1", "theme-0", [MAR], [1.0]),
        ("themes-1", "theme-1", [MAR], [0.0]),
        ("themes-1", "theme-2", [MAR], [0.0]),
        ("themes-1", "theme-3", [MAR], [0.0]),
    ]


def test_area_without_gaps_is_one_stack(table):
    fig = theme_share(table.filter(pl.col("period") != MAR), kind="area")
    assert {t.stackgroup for t in fig.data} == {"themes-0"}


def test_weekly_gap_of_several_periods_gets_one_null_at_its_first_missing_period():
    weeks = [dt.date(2025, 1, 6), dt.date(2025, 1, 13), dt.date(2025, 2, 3)]
    table = pl.DataFrame({
        "period": weeks, "theme": ["unassigned"] * 3, "articles": [1, 2, 1],
        "articles_in_period": [1, 2, 1], "share": [1.0, 1.0, 1.0],
    })
    trace = theme_share(table, kind="line", freq="W").data[0]
    assert list(trace.x) == [*weeks[:2], dt.date(2025, 1, 20), weeks[2]]
    assert list(trace.y) == [1.0, 1.0, None, 1.0]


@pytest.mark.parametrize(
    ("freq", "expected_x", "expected_y"),
    [
        (None, [JAN, dt.date(2025, 4, 1)], [1.0, 1.0]),  # guessed: quarters, no gap
        ("Q", [JAN, dt.date(2025, 4, 1)], [1.0, 1.0]),
        ("M", [JAN, FEB, dt.date(2025, 4, 1)], [1.0, None, 1.0]),  # months: Feb and Mar missing
    ],
)
def test_freq_decides_where_the_gaps_are(freq, expected_x, expected_y):
    table = pl.DataFrame({
        "period": [JAN, dt.date(2025, 4, 1)], "theme": ["unassigned"] * 2, "articles": [1, 1],
        "articles_in_period": [1, 1], "share": [1.0, 1.0],
    })
    trace = theme_share(table, kind="line", freq=freq).data[0]
    assert (list(trace.x), list(trace.y)) == (expected_x, expected_y)


def test_rejects_unknown_freq(table):
    with pytest.raises(ValueError, match=re.escape(
        "The 'freq' parameter of theme_share must be one of {'D', 'W', 'M', 'Q', 'Y'}. Got 'month' instead."
    )):
        theme_share(table, freq="month")


def test_states_undated_count(table):
    assert theme_share(table).layout.annotations[0].text == "Undated: 1 article (not on the time axis)"


def test_titles(table):
    fig = theme_share(table)
    assert fig.layout.title.text == "Theme share over time"
    assert fig.layout.xaxis.title.text == "Period (first day)"
    assert fig.layout.yaxis.title.text == "Share of dated articles"
    assert fig.layout.yaxis.tickformat == ".0%"


def test_hover_gives_theme_period_and_counts(table):
    trace = theme_share(table).data[1]
    assert list(trace.customdata[0]) == ["Party discipline", "Jan 2025", 1, 2]
    assert trace.hovertemplate == (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
        "%{y:.0%} of dated articles (%{customdata[2]} of %{customdata[3]})<extra></extra>"
    )


def test_one_period(table):
    fig = theme_share(table.filter(pl.col("period") == JAN))
    assert [list(t.x) for t in fig.data] == [[JAN]] * 4
    assert fig.data[0].customdata[0][1] == "period from 1 Jan 2025"


def test_one_period_axis_is_a_whole_period_of_dates(table):
    """No autorange over one instant: plotly would tick it in milliseconds ("23:59:59.999")."""
    axis = theme_share(table.filter(pl.col("period") == JAN), freq="M").layout.xaxis
    assert (axis.type, axis.tickformat, axis.dtick, axis.tick0) == ("date", "%b %Y", "M1", "2025-01-01")
    assert list(axis.range) == ["2024-12-16 12:00", "2025-01-16 12:00"]


def test_one_period_of_unknown_length_is_read_as_a_day(table):
    axis = theme_share(table.filter(pl.col("period") == JAN)).layout.xaxis
    assert (axis.tickformat, axis.dtick, list(axis.range)) == (
        "%-d %b %Y", 86_400_000, ["2024-12-31 12:00", "2025-01-01 12:00"],
    )


def test_all_undated_gives_empty_chart(table):
    fig = theme_share(table.filter(pl.col("period").is_null()))
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "The one article is undated: nothing to place on a time axis."


def test_empty_table_gives_empty_chart(table):
    fig = theme_share(table.head(0))
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No themes to draw.")


def test_theme_markup_is_escaped(table):
    odd = table.with_columns(pl.col("theme").replace("markets_pricing", "<i>x</i>"))
    assert theme_share(odd).data[2].name == "&lt;i&gt;x&lt;/i&gt;"


def test_pandas_input_gives_same_figure(table):
    pandas = table.to_pandas(use_pyarrow_extension_array=True)
    assert theme_share(pandas).to_json() == theme_share(table).to_json()


def test_uses_shared_template(table):
    assert theme_share(table).layout.template == TEMPLATE


def test_rejects_unknown_kind(table):
    with pytest.raises(ValueError, match=re.escape(
        "The 'kind' parameter of theme_share must be one of {'area', 'line'}. Got 'bar' instead."
    )):
        theme_share(table, kind="bar")


def test_rejects_frame_without_share(table):
    with pytest.raises(ValueError, match=r"must be a frame with the columns .* \(missing \['share'\]\)"):
        theme_share(table.drop("share"))
