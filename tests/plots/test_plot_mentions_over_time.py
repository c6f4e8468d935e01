"""Mentions over time: entity selection, share/mentions switch, smoothing, gaps, notes."""

import datetime as dt
import re

import polars as pl
import pytest
from plot_fixture_tables import FEB, JAN, MAR, mentions_over_time as table_of_mentions

from reexdata.plots import TEMPLATE, mentions_over_time

NAMES = {"baogang": "Baogang", "bayan_obo": "Bayan Obo", "csre": "Chinese Society of Rare Earths"}


@pytest.fixture
def table():
    return table_of_mentions()


def test_default_picks_entities_mentioned_in_dated_articles(table):
    fig = mentions_over_time(table, names=NAMES)
    assert [t.name for t in fig.data] == ["Baogang", "Bayan Obo", "Baogang", "Bayan Obo"]


def test_share_traces_visible_first(table):
    fig = mentions_over_time(table)
    assert [t.visible for t in fig.data] == [True, True, False, False]
    assert list(fig.data[0].y) == [0.5, None, 1.0]
    assert list(fig.data[2].y) == [1.0, None, 2.0]


def test_time_axis_leaves_out_undated_bucket_and_puts_a_null_in_the_gap(table):
    """February has no articles (no rows): one null point there breaks the line."""
    assert [(list(t.x), list(t.y)) for t in mentions_over_time(table).data] == [
        ([JAN, FEB, MAR], [0.5, None, 1.0]),
        ([JAN, FEB, MAR], [0.0, None, 1.0]),
        ([JAN, FEB, MAR], [1.0, None, 2.0]),
        ([JAN, FEB, MAR], [0.0, None, 1.0]),
    ]


def test_gap_has_no_hover_data(table):
    assert mentions_over_time(table).data[0].customdata[1] is None


def test_measure_mentions_shows_raw_counts_first(table):
    fig = mentions_over_time(table, measure="mentions")
    assert [t.visible for t in fig.data] == [False, False, True, True]
    assert fig.layout.yaxis.title.text == "Mentions"
    assert fig.layout.updatemenus[0].active == 1


def test_dropdown_switches_between_share_and_mentions(table):
    menu = mentions_over_time(table).layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == ["Share of articles", "Raw mentions"]
    assert menu.buttons[0].args[0] == {"visible": [True, True, False, False]}
    assert menu.buttons[1].args[0] == {"visible": [False, False, True, True]}
    assert menu.buttons[1].args[1]["yaxis.title.text"] == "Mentions"
    assert menu.buttons[0].args[1]["yaxis.tickformat"] == ".0%"


def test_chosen_entities_in_given_order(table):
    fig = mentions_over_time(table, entities=["csre", "baogang"])
    assert [t.name for t in fig.data] == ["csre", "baogang", "csre", "baogang"]


def test_centred_rolling_mean_is_over_calendar_periods(table):
    # 3 months around Jan (Dec-Feb) and around Mar (Feb-Apr) hold no other month with articles.
    fig = mentions_over_time(table, entities=["baogang"], smooth=3)
    assert list(fig.data[0].y) == [0.5, None, 1.0]
    assert list(fig.data[1].y) == [1.0, None, 2.0]
    assert fig.layout.yaxis.title.text == "Share of articles mentioning (3-period mean)"


def test_rolling_mean_across_a_gap_averages_the_periods_present(table):
    # 5 months around Jan (Nov-Mar) and around Mar (Jan-May) hold Jan and Mar; Feb is not a zero.
    fig = mentions_over_time(table, entities=["baogang"], smooth=5)
    assert list(fig.data[0].y) == [0.75, None, 0.75]
    assert list(fig.data[1].y) == [1.5, None, 1.5]


def test_smooth_one_changes_nothing(table):
    assert list(mentions_over_time(table, smooth=1).data[0].y) == [0.5, None, 1.0]


def test_hover_gives_entity_period_and_counts(table):
    trace = mentions_over_time(table, names=NAMES).data[0]
    assert list(trace.customdata[2]) == ["Baogang", "Mar 2025", "1 of 1 article", "2 mentions"]
    assert list(trace.customdata[0]) == ["Baogang", "Jan 2025", "1 of 2 articles", "1 mention"]
    assert trace.hovertemplate == (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{y:.0%} of dated articles"
        "<br>%{customdata[2]}, %{customdata[3]}<extra></extra>"
    )


def test_titles(table):
    fig = mentions_over_time(table)
    assert (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Mentions over time", "Period (first day)", "Share of articles mentioning")


def test_states_undated_count(table):
    assert mentions_over_time(table).layout.annotations[0].text == "Undated: 1 article (not on the time axis)"


def test_names_unknown_entities_in_note(table):
    fig = mentions_over_time(table, entities=["baogang", "lynas"])
    assert [t.name for t in fig.data] == ["baogang", "baogang"]
    assert fig.layout.annotations[0].text == "Undated: 1 article (not on the time axis); not in the table: lynas"


def test_only_unknown_entities_gives_empty_chart(table):
    fig = mentions_over_time(table, entities=["lynas"])
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No mentions of lynas in this table.")


def test_empty_selection_gives_empty_chart(table):
    fig = mentions_over_time(table, entities=[])
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No entity was chosen.")


def test_all_undated_gives_empty_chart(table):
    fig = mentions_over_time(table.filter(pl.col("period").is_null()))
    assert (fig.data, fig.layout.annotations[0].text) == (
        (), "The one article is undated: nothing to place on a time axis.")


def test_weekly_axis_ticks_on_mondays_without_times_of_day():
    weeks = [dt.date(2025, 1, 6), dt.date(2025, 1, 13)]
    table = pl.DataFrame({
        "period": weeks, "entity": ["baogang"] * 2, "mentions": [1, 1], "articles_mentioning": [1, 1],
        "articles_in_period": [1, 1], "share": [1.0, 1.0],
    })
    axis = mentions_over_time(table).layout.xaxis
    assert (axis.type, axis.tickformat, axis.dtick, axis.tick0, list(axis.range)) == (
        "date", "%-d %b %Y", 7 * 86_400_000, "2025-01-06", ["2025-01-02 12:00", "2025-01-16 12:00"],
    )


def test_long_span_gets_a_tick_every_few_periods():
    years = [dt.date(1800, 1, 1), dt.date(2199, 1, 1)]
    table = pl.DataFrame({
        "period": years, "entity": ["baogang"] * 2, "mentions": [1, 1], "articles_mentioning": [1, 1],
        "articles_in_period": [1, 1], "share": [1.0, 1.0],
    })
    fig = mentions_over_time(table, freq="Y")
    assert (fig.layout.xaxis.tickformat, fig.layout.xaxis.dtick) == ("%Y", "M408")  # 400 years, 12 ticks at most
    assert (list(fig.data[0].x), list(fig.data[0].y)) == ([years[0], dt.date(1801, 1, 1), years[1]], [1.0, None, 1.0])


def test_one_period(table):
    fig = mentions_over_time(table.filter(pl.col("period") == MAR))
    assert [(t.name, list(t.y)) for t in fig.data] == [
        ("baogang", [1.0]), ("bayan_obo", [1.0]), ("baogang", [2.0]), ("bayan_obo", [1.0])]


def test_names_are_escaped(table):
    fig = mentions_over_time(table, entities=["baogang"], names={"baogang": "<b>B</b>"})
    assert fig.data[0].name == "&lt;b&gt;B&lt;/b&gt;"


def test_uses_shared_template(table):
    assert mentions_over_time(table).layout.template == TEMPLATE


def test_pandas_input_gives_same_figure(table):
    pandas = table.to_pandas(use_pyarrow_extension_array=True)
    assert mentions_over_time(pandas).to_json() == mentions_over_time(table).to_json()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"measure": "count"}, ValueError,
         "The 'measure' parameter of mentions_over_time must be one of {'share', 'mentions'}. Got 'count' instead."),
        ({"smooth": 0}, ValueError, "The 'smooth' parameter of mentions_over_time must be >= 1. Got 0 instead."),
        ({"smooth": 2.5}, TypeError,
         "The 'smooth' parameter of mentions_over_time must be an int or None. Got 2.5 instead."),
        ({"entities": "baogang"}, TypeError,
         "The 'entities' parameter of mentions_over_time must be a list of entity ids or None. Got 'baogang' instead."),
        ({"names": ["Baogang"]}, TypeError,
         "The 'names' parameter of mentions_over_time must be a mapping from entity id to name or None. "
         "Got ['Baogang'] instead."),
        ({"freq": "week"}, ValueError,
         "The 'freq' parameter of mentions_over_time must be one of {'D', 'W', 'M', 'Q', 'Y'}. Got 'week' instead."),
    ],
)
def test_rejects_bad_arguments(table, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        mentions_over_time(table, **kwargs)
