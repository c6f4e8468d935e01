"""Attention chart: one line per query (and outlet), gaps, hover counts, undated note, escaping, empty chart."""

import datetime as dt

import polars as pl
import pytest
from plot_fixture_tables import FEB, JAN, MAR, XSS

import reexdata as rx
from reexdata.plots import attention

APR = dt.date(2025, 4, 1)


@pytest.fixture
def table():
    # February has no articles (no rows): a gap; 2 articles are undated.
    return pl.DataFrame({
        "period": [JAN, JAN, MAR, MAR, APR, APR, None, None],
        "query": ["gallium", "coffee"] * 4,
        "matching": [1, 0, 2, 1, 0, 3, 1, 0],
        "total": [4, 4, 2, 2, 3, 3, 2, 2],
        "ratio": [0.25, 0.0, 1.0, 0.5, 0.0, 1.0, 0.5, 0.0],
    }, schema_overrides={"period": pl.Date})


def test_one_line_per_query_in_table_order(table):
    assert [t.name for t in attention(table).data] == ["gallium", "coffee"]


def test_ratio_over_time_with_a_null_in_the_gap(table):
    assert [(list(t.x), list(t.y)) for t in attention(table).data] == [
        ([JAN, FEB, MAR, APR], [0.25, None, 1.0, 0.0]),
        ([JAN, FEB, MAR, APR], [0.0, None, 0.5, 1.0]),
    ]


def test_hover_gives_the_matching_article_count(table):
    assert [c[2] if c else None for c in attention(table).data[0].customdata] == [
        "1 of 4 articles", None, "2 of 2 articles", "0 of 3 articles"]


def test_undated_articles_are_noted_once(table):
    assert [a.text for a in attention(table).layout.annotations] == ["Undated: 2 articles (not on the time axis)"]


def test_a_line_per_query_and_outlet_with_by_outlet():
    articles = pl.DataFrame({
        "article_id": ["a", "b", "c"],
        "published": [JAN, JAN, FEB],
        "outlet": ["x.com", "y.com", "x.com"],
        "body": ["gallium", "coffee", "gallium"],
    })
    fig = attention(rx.attention(articles, "gallium", by="outlet"))
    assert [(t.name, list(t.y)) for t in fig.data] == [("gallium · x.com", [1.0, 1.0]), ("gallium · y.com", [0.0])]


def test_an_unknown_outlet_is_named_so():
    articles = pl.DataFrame({"article_id": ["a"], "published": [JAN], "outlet": [None], "body": ["gallium"]},
                            schema_overrides={"outlet": pl.String})
    assert [(t.name, list(t.y)) for t in attention(rx.attention(articles, "gallium", by="outlet")).data] == [
        ("gallium · unknown outlet", [1.0])]


def test_query_names_are_escaped(table):
    fig = attention(table.with_columns(pl.lit(XSS).alias("query")).filter(pl.col("ratio") < 0.3).head(1))
    assert fig.data[0].name == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_accepts_pandas(table):
    assert [t.name for t in attention(table.to_pandas()).data] == ["gallium", "coffee"]


@pytest.mark.parametrize(("rows", "note"), [
    ([], "No query and no dated article: nothing to draw."),
    ([(None, "gallium", 1, 3, 1 / 3)], "All 3 articles are undated: nothing to place on a time axis."),
])
def test_nothing_dated_gives_an_empty_chart_that_says_why(rows, note):
    empty = pl.DataFrame(rows, schema={"period": pl.Date, "query": pl.String, "matching": pl.Int64,
                                       "total": pl.Int64, "ratio": pl.Float64}, orient="row")
    fig = attention(empty)
    assert (len(fig.data), fig.layout.annotations[0].text) == (0, note)


def test_unknown_freq_is_refused(table):
    with pytest.raises(ValueError, match=r"^The 'freq' parameter of attention must be one of"):
        attention(table, freq="H")
