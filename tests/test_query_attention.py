"""rx.attention: matching and total per period, query and outlet."""

import datetime as dt

import pandas as pd
import polars as pl
import pytest

import reexdata as rx
from benchmarks.articles import generated_articles
from reexdata.errors import ParameterError

D = dt.date


@pytest.fixture
def articles():
    return pl.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4", "a5"],
        "published": [D(2025, 1, 6), D(2025, 1, 20), D(2025, 3, 2), None, D(2025, 3, 9)],
        "outlet": ["reuters", "xinhua", "reuters", "reuters", "reuters"],
        "body": ["Gallium export controls.", "Coffee prices.", "Gallium again.", "Gallium, undated.", "Lynas output."],
    })


def test_attention_rows(articles):
    table = rx.attention(articles, {"ga": "gallium", "ly": "lynas"})
    assert table.rows() == [
        (D(2025, 1, 1), "ga", 1, 2, 0.5),
        (D(2025, 1, 1), "ly", 0, 2, 0.0),
        (D(2025, 3, 1), "ga", 1, 2, 0.5),
        (D(2025, 3, 1), "ly", 1, 2, 0.5),
        (None, "ga", 1, 1, 1.0),
        (None, "ly", 0, 1, 0.0),
    ]


def test_attention_one_query_is_named_by_itself(articles):
    assert rx.attention(articles, "gallium OR lynas")["query"].unique().to_list() == ["gallium OR lynas"]


def test_attention_by_outlet(articles):
    table = rx.attention(articles, "gallium", by="outlet").filter(pl.col("period").is_not_null())
    assert table.select("period", "outlet", "matching", "total").rows() == [
        (D(2025, 1, 1), "reuters", 1, 1),
        (D(2025, 1, 1), "xinhua", 0, 1),
        (D(2025, 3, 1), "reuters", 1, 2),
    ]


def test_attention_by_outlet_needs_an_outlet_column(articles):
    with pytest.raises(ParameterError, match=r"must be a table with an 'outlet' column for by='outlet'"):
        rx.attention(articles.drop("outlet"), "gallium", by="outlet")


def test_attention_counts_stories_once_per_period():
    text = "Baogang signed a deal with the city of Baotou to build a magnet plant by next year. " * 3
    articles = pl.DataFrame({
        "article_id": ["a", "b", "c"],
        "published": [D(2025, 1, 6), D(2025, 1, 7), D(2025, 1, 8)],
        "body": [text, text + "Reprinted.", "Coffee prices rose in Brazil as frost hit the crop."],
    })
    table = rx.attention(articles, "baogang", unit="story")
    assert table.select("matching", "total").rows() == [(1, 2)]


def test_attention_uses_a_story_id_column_when_present(articles):
    stories = articles.with_columns(pl.Series("story_id", ["s1", "s1", "s2", "s3", "s2"]))
    table = rx.attention(stories, "gallium", unit="story").filter(pl.col("period").is_not_null())
    assert table.select("period", "matching", "total").rows() == [(D(2025, 1, 1), 1, 1), (D(2025, 3, 1), 1, 1)]


def test_attention_totals_are_the_dated_articles_per_period():
    articles = generated_articles(300, seed=4)
    table = rx.attention(articles, {"a": "baogang", "b": '"rare earth"'}, freq="Q")
    expected = (
        articles.filter(pl.col("published").is_not_null())
        .group_by(pl.col("published").dt.truncate("1q").alias("period"))
        .len()
        .sort("period")
    )
    got = table.filter(pl.col("query") == "a").select("period", "total")
    assert got.rows() == expected.rows()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"freq": "H"}, r"The 'freq' parameter of attention must be one of"),
        ({"by": "source"}, r"The 'by' parameter of attention must be one of \{None, 'outlet'\}"),
        ({"unit": "page"}, r"The 'unit' parameter of attention must be one of \{'article', 'story'\}"),
    ],
)
def test_attention_rejects_bad_options(articles, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        rx.attention(articles, "gallium", **kwargs)


@pytest.mark.parametrize("queries", [{}, 5, {"a": 5}])
def test_attention_rejects_bad_queries(articles, queries):
    with pytest.raises(ParameterError, match=r"The 'queries' parameter of attention must be a query string or a non-empty mapping"):
        rx.attention(articles, queries)


def test_attention_malformed_query_names_attention(articles):
    with pytest.raises(ParameterError, match=r"^The 'query' parameter of attention must be a valid query: unclosed"):
        rx.attention(articles, {"a": "(gallium"})


def test_attention_pandas_in_pandas_out(articles):
    assert isinstance(rx.attention(articles.to_pandas(), "gallium"), pd.DataFrame)
