"""rx.kwic: one row per hit, offsets into the field, context at most width characters."""

import pandas as pd
import polars as pl
import pytest

import reexdata as rx
from reexdata.errors import ParameterError


@pytest.fixture
def articles():
    return pl.DataFrame({
        "article_id": ["a1", "a2"],
        "title": ["Gallium curbs widen", "Coffee"],
        "highlights": [["Prices rose.", "Gallium exports fell."], None],
        "body": ["Beijing tightened gallium\nexport rules.", "Gallium was not mentioned by Lynas."],
    })


def test_kwic_rows(articles):
    table = rx.kwic(articles, "gallium NOT lynas", width=10)
    assert table.rows() == [
        ("a1", "title", 0, "", "Gallium", " curbs wid"),
        ("a1", "highlights", 14, "es rose.  ", "Gallium", " exports f"),
        ("a1", "body", 18, "tightened ", "gallium", " export ru"),
    ]


def test_kwic_offset_points_into_the_field(articles):
    row = rx.kwic(articles, '"gallium export"').row(0, named=True)
    assert articles["body"][0][row["offset"]:row["offset"] + len(row["match"])] == "gallium\nexport"


def test_kwic_title_terms_search_the_title_only(articles):
    assert rx.kwic(articles, "title:gallium")["field"].to_list() == ["title"]


def test_kwic_overlapping_terms_are_both_reported(articles):
    table = rx.kwic(articles, 'title:"gallium curbs" OR title:curbs')
    assert table.select("offset", "match").rows() == [(0, "Gallium curbs"), (8, "curbs")]


def test_kwic_no_match_is_an_empty_table(articles):
    table = rx.kwic(articles, "neodymium")
    assert table.height == 0
    assert table.columns == ["article_id", "field", "offset", "left", "match", "right"]


def test_kwic_pandas_in_pandas_out(articles):
    assert isinstance(rx.kwic(articles.to_pandas(), "gallium"), pd.DataFrame)


@pytest.mark.parametrize("width", [-1, 2.5, "60"])
def test_kwic_rejects_a_bad_width(articles, width):
    with pytest.raises(ParameterError, match=r"The 'width' parameter of kwic must be"):
        rx.kwic(articles, "gallium", width=width)


def test_kwic_malformed_query_names_kwic(articles):
    with pytest.raises(ParameterError, match=r"^The 'query' parameter of kwic must be a valid query: unclosed quote at character 1\."):
        rx.kwic(articles, '"gallium')


def test_kwic_reports_the_match_as_written_when_lower_case_changes_lengths():
    articles = pl.DataFrame({"article_id": ["a"], "body": ["İSTANBUL: Gallium plant."]})
    assert rx.kwic(articles, "gallium").select("offset", "match").rows() == [(10, "Gallium")]
