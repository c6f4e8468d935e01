"""Theme share over time: one trace per theme, undated bucket off the axis."""

import re

import polars as pl
import pytest
from plot_fixture_tables import FEB, JAN, MAR, themes_over_time

from reexdata.plots import TEMPLATE, theme_share


@pytest.fixture
def table():
    return themes_over_time()


def test_one_trace_per_theme_in_lexicon_order_unassigned_last(table):
    fig = theme_share(table)
    assert [t.name for t in fig.data] == ["Resource security", "Party discipline", "Markets and pricing", "Unassigned"]


def test_time_axis_leaves_out_undated_bucket(table):
    fig = theme_share(table)
    assert all(list(t.x) == [JAN, FEB, MAR] for t in fig.data)


def test_shares_per_period(table):
    fig = theme_share(table, kind="line")
    assert list(fig.data[0].y) == [0.0, 0.0, 1.0]
    assert list(fig.data[2].y) == [0.5, 0.0, 0.0]


def test_area_stacks_traces(table):
    fig = theme_share(table, kind="area")
    assert {t.stackgroup for t in fig.data} == {"themes"}


def test_line_does_not_stack(table):
    fig = theme_share(table, kind="line")
    assert {t.stackgroup for t in fig.data} == {None}
    assert {t.mode for t in fig.data} == {"lines+markers"}


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


def test_all_undated_gives_empty_chart(table):
    fig = theme_share(table.filter(pl.col("period").is_null()))
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "All 1 articles are undated: nothing to place on a time axis."


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
