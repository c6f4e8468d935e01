"""Articles per period: counts, no bar for empty periods, the undated note, hover text, the date axis."""

import datetime as dt
import re

import pytest
from conftest import make_articles
from hypothesis import given, settings
from hypothesis import strategies as st

from reexdata.plots import TEMPLATE, articles_per_period

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)


def test_counts_dated_articles_per_month(fixture_articles):
    fig = articles_per_period(fixture_articles, freq="M")
    assert list(fig.data[0].x) == [JAN, FEB, MAR]
    assert list(fig.data[0].y) == [2, 2, 1]


def test_weeks_without_articles_have_no_bar(fixture_articles):
    fig = articles_per_period(fixture_articles, freq="W")
    assert list(fig.data[0].x) == [dt.date(2025, 1, 6) + dt.timedelta(weeks=w) for w in (0, 2, 4, 6, 8)]
    assert list(fig.data[0].y) == [1, 1, 1, 1, 1]


def test_centuries_apart_give_two_bars():
    arts = make_articles([("Old", dt.date(1800, 1, 1), "a"), ("New", dt.date(2199, 12, 31), "b")])
    fig = articles_per_period(arts, freq="D")
    assert (list(fig.data[0].x), list(fig.data[0].y)) == ([dt.date(1800, 1, 1), dt.date(2199, 12, 31)], [1, 1])


def test_by_year(fixture_articles):
    fig = articles_per_period(fixture_articles, freq="Y")
    assert (list(fig.data[0].x), list(fig.data[0].y), fig.data[0].xperiod) == ([JAN], [5], "M12")
    assert (fig.layout.title.text, fig.data[0].customdata[0][0]) == ("Articles per year", "2025")


def test_one_article_axis_is_one_day_of_dates():
    """One bar: the axis spans its day, ticked by day, never in hours or milliseconds."""
    arts = make_articles([("Only", dt.date(2025, 5, 20), "text")])
    axis = articles_per_period(arts, freq="D").layout.xaxis
    assert (axis.type, axis.tickformat, axis.dtick, list(axis.range)) == (
        "date", "%-d %b %Y", 86_400_000, ["2025-05-20", "2025-05-21"],
    )


def test_monthly_axis_labels_sit_under_their_bars(fixture_articles):
    axis = articles_per_period(fixture_articles, freq="M").layout.xaxis
    assert (axis.tickformat, axis.dtick, axis.ticklabelmode, list(axis.range)) == (
        "%b %Y", "M1", "period", ["2025-01-01", "2025-04-01"],
    )


def test_quarter_holds_all_dated_articles(fixture_articles):
    fig = articles_per_period(fixture_articles, freq="Q")
    assert (list(fig.data[0].x), list(fig.data[0].y)) == ([JAN], [5])


def test_states_undated_count_on_chart(fixture_articles):
    fig = articles_per_period(fixture_articles)
    assert [a.text for a in fig.layout.annotations] == ["Undated: 1 article (not on the time axis)"]


def test_states_zero_undated():
    arts = make_articles([("A", dt.date(2025, 1, 6), "a b")])
    assert articles_per_period(arts).layout.annotations[0].text == "Undated: 0 articles (not on the time axis)"


def test_title_and_axis_titles(fixture_articles):
    fig = articles_per_period(fixture_articles, freq="W")
    assert fig.layout.title.text == "Articles per week"
    assert fig.layout.xaxis.title.text == "Week (first day)"
    assert fig.layout.yaxis.title.text == "Articles"


def test_hover_names_period_and_lists_headlines_with_dates(fixture_articles):
    fig = articles_per_period(fixture_articles)
    assert list(fig.data[0].customdata[0]) == [
        "Jan 2025",
        "2 articles",
        "6 Jan 2025: Baogang opens new exploration block<br>20 Jan 2025: Party committee studies discipline",
    ]
    assert fig.data[0].hovertemplate == (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    )


def test_hover_says_one_article_not_one_articles(fixture_articles):
    fig = articles_per_period(fixture_articles, freq="W")
    assert fig.data[0].customdata[0][1] == "1 article"


def test_hover_headline_markup_is_escaped():
    arts = make_articles([("<b>Bold</b> & co", dt.date(2025, 1, 6), "a b")])
    fig = articles_per_period(arts)
    assert fig.data[0].customdata[0][2] == "6 Jan 2025: &lt;b&gt;Bold&lt;/b&gt; &amp; co"


def test_hover_lists_at_most_eight_headlines():
    arts = make_articles([(f"H{i}", dt.date(2025, 1, 1 + i), f"body {i}") for i in range(10)])
    lines = articles_per_period(arts).data[0].customdata[0][2].split("<br>")
    assert lines[-1] == "\u2026 and 2 more"
    assert len(lines) == 9


def test_one_article_gives_one_bar():
    arts = make_articles([("Only", dt.date(2025, 5, 20), "text")])
    fig = articles_per_period(arts, freq="D")
    assert (list(fig.data[0].x), list(fig.data[0].y)) == ([dt.date(2025, 5, 20)], [1])


def test_all_undated_gives_empty_chart_with_note():
    arts = make_articles([("A", None, "a"), ("B", None, "b")])
    fig = articles_per_period(arts)
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "All 2 articles are undated: nothing to place on a time axis."


def test_no_articles_gives_empty_chart_with_note(fixture_articles):
    fig = articles_per_period(fixture_articles.head(0))
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "No articles to count."


def test_pandas_input_gives_same_figure(fixture_articles, fixture_articles_pandas):
    assert articles_per_period(fixture_articles_pandas).to_json() == articles_per_period(fixture_articles).to_json()


def test_uses_shared_template(fixture_articles):
    assert articles_per_period(fixture_articles).layout.template == TEMPLATE


@pytest.mark.parametrize("freq", ["A", "month", None])
def test_rejects_unknown_freq(fixture_articles, freq):
    message = (
        "The 'freq' parameter of articles_per_period must be one of {'D', 'W', 'M', 'Q', 'Y'}. "
        f"Got {freq!r} instead."
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        articles_per_period(fixture_articles, freq=freq)


def test_rejects_frame_without_published(fixture_articles):
    message = (
        "The 'articles' parameter of articles_per_period must be a frame with the columns "
        "['headline', 'published'] (missing ['published'])."
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        articles_per_period(fixture_articles.drop("published"))


def test_rejects_non_frame():
    message = "The 'articles' parameter of articles_per_period must be a pandas or polars DataFrame"
    with pytest.raises(TypeError, match=re.escape(message)):
        articles_per_period([1, 2])


@settings(max_examples=30, deadline=None)
@given(
    days=st.lists(st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31))), max_size=12),
    freq=st.sampled_from(["D", "W", "M", "Q", "Y"]),
)
def test_bars_and_undated_note_account_for_every_article(days, freq):
    arts = make_articles([(f"H{i}", d, f"body {i}") for i, d in enumerate(days)])
    fig = articles_per_period(arts, freq=freq)
    undated = sum(d is None for d in days)
    drawn = sum(fig.data[0].y) if fig.data else 0
    assert drawn + undated == len(days)
    assert all(y >= 1 for y in (fig.data[0].y if fig.data else []))


def test_plain_pandas_datetimes_count_like_dates(fixture_articles):
    plain = fixture_articles.select("headline", "published").to_pandas()
    plain["published"] = plain["published"].astype("datetime64[ns]")
    fig = articles_per_period(plain)
    assert (list(fig.data[0].x), list(fig.data[0].y)) == ([JAN, FEB, MAR], [2, 2, 1])
