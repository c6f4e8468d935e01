"""rx.search: each rule of the query language on one-article tables, ranking, and agreement with an independent reading."""

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata as rx
from benchmarks.articles import generated_articles
from benchmarks.query_reference import READINGS, reference_hits
from reexdata.errors import ParameterError


def one(body, title=None, highlights=None):
    frame = {"article_id": ["a"], "title": [title], "body": [body]}
    if highlights is not None:
        frame["highlights"] = [highlights]
    return pl.DataFrame(frame, schema_overrides={"title": pl.String})


def matches(query, body, title=None, highlights=None):
    return rx.search(one(body, title, highlights), query).height == 1


@pytest.mark.parametrize(
    ("query", "body", "expected"),
    [
        # case
        ("gallium", "Gallium prices rose.", True),
        ("GALLIUM", "gallium prices rose.", True),
        # a word is a maximal run of letters and digits
        ("gallium", "Galliums are plural.", False),
        ("gallium", "Prices of gallium, germanium.", True),
        ("gallium", "The gallium_oxide line.", True),
        ("earth", "rare-earth magnets", True),
        # hyphens: a hyphenated term is a phrase; a phrase allows hyphens
        ("rare-earth", "Rare earth magnets.", True),
        ('"rare earth"', "rare-earth magnets", True),
        ('"rare earth"', "rare -- earth", True),
        ('"rare earth"', "rare\nearth", True),
        ('"rare earth"', "rare\n\nearth", False),
        ('"rare earth"', "rareearth", False),
        ('"rare earth"', "earth rare", False),
        ('"rare earth"', "rare old earth", False),
        # apostrophes split words
        ("china", "China's output", True),
        ("china's", "China's output", True),
        ("china's", "China s output", True),
        ("chinas", "China's output", False),
        # digits are word characters
        ("1987", "In 1987, prices fell.", True),
        ("1987", "In 19870 prices fell.", False),
        ("87", "In 1987 prices fell.", False),
        ("covid-19", "Covid 19 hit output.", True),
        ("a1", "Grade A1 ore.", True),
        # prefix
        ("export*", "Exports and exporters.", True),
        ("export*", "Export.", True),
        ("export*", "Reexport rules.", False),
        ('"rare earth*"', "rare earths", True),
        # non-ASCII letters are letters
        ("größe", "Die GRÖSSE und die Größe.", True),
        ("café", "Le café noir.", True),
        # Han characters match as words (jieba's, tests/test_query_han.py)
        ("稀土", "我国稀土产业", True),
        ("稀土", "我国稀金产业", False),
        ('"稀土 产业"', "我国稀土产业", True),
        ("土产", "我国稀土产业", False),
    ],
)
def test_search_word_rules(query, body, expected):
    assert matches(query, body) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gallium lynas", True),
        ("gallium AND baogang", False),
        ("gallium OR baogang", True),
        ("gallium NOT baogang", True),
        ("gallium NOT lynas", False),
        ("gallium AND NOT lynas", False),
        ("NOT baogang", True),
        ("NOT (lynas OR baogang)", False),
        ("NOT (baogang OR NOT gallium)", True),
        ("NOT NOT gallium", True),
        ("(gallium OR baogang) AND (lynas NOT iluka)", True),
        ("gallium (baogang OR iluka)", False),
    ],
)
def test_search_boolean_rules(query, expected):
    assert matches(query, "Lynas and gallium.") is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:coffee", True),
        ("title:cocoa", False),
        ("cocoa", True),
        ('title:"coffee prices"', True),
        ("title:(cocoa OR prices)", True),
        ("title:coffee cocoa", True),
        ("title:cocoa coffee", False),
    ],
)
def test_search_title_field(query, expected):
    assert matches(query, "Cocoa is up.", title="Coffee prices fall") is expected


def test_search_title_field_falls_back_to_the_headline_without_a_title_column():
    articles = pl.DataFrame({"article_id": ["a"], "headline": ["Coffee prices"], "body": ["Cocoa."]})
    assert rx.search(articles, "title:coffee")["article_id"].to_list() == ["a"]


def test_search_highlights_are_searched():
    assert matches("quota", "Body.", highlights=["First.", "Export quota cut."])


def test_search_phrase_does_not_run_from_title_into_body():
    assert not matches('"prices cocoa"', "Cocoa is up.", title="Coffee prices")


@pytest.mark.parametrize(("fields", "expected"), [(["body"], []), (["title"], ["a"]), (("title", "body"), ["a"])])
def test_search_fields_limit_unprefixed_terms(fields, expected):
    articles = one("Cocoa is up.", title="Coffee prices")
    assert rx.search(articles, "coffee", fields=fields)["article_id"].to_list() == expected


@pytest.mark.parametrize("fields", [["summary"], [], ["body", "body"]])
def test_search_rejects_unknown_fields(fields):
    with pytest.raises(ParameterError, match=r"The 'fields' parameter of search must be None or distinct names"):
        rx.search(one("x"), "x", fields=fields)


def test_search_counts_hits_of_positive_terms_only():
    articles = one("Gallium, gallium gallium; rare-earth and Rare Earth. Lynas.")
    assert rx.search(articles, 'gallium "rare earth" NOT baogang')["hits"].to_list() == [5]


def test_search_counts_adjacent_prefix_hits():
    assert rx.search(one("exports export exporter"), "export*")["hits"].to_list() == [3]


def test_search_columns_and_types():
    table = rx.search(one("Gallium rose."), "gallium")
    assert table.schema == pl.Schema({"article_id": pl.String, "hits": pl.Int64, "score": pl.Float64, "snippet": pl.String})


def test_search_ranks_more_hits_in_equal_length_text_first():
    articles = pl.DataFrame({"article_id": ["a", "b", "c"], "body": ["gallium tin zinc", "gallium gallium zinc", "tin tin tin"]})
    assert rx.search(articles, "gallium")["article_id"].to_list() == ["b", "a"]


def test_search_ties_are_broken_by_article_id():
    articles = pl.DataFrame({"article_id": ["b", "a"], "body": ["gallium", "gallium"]})
    assert rx.search(articles, "gallium")["article_id"].to_list() == ["a", "b"]


def test_search_snippet_centres_the_first_hit():
    body = "x " * 100 + "the gallium plant\nopened " + "y " * 100
    at = body.index("gallium")
    # 60 characters before the space that opens the word, 60 after the word.
    expected = " ".join(body[at - 61:at + len("gallium") + 60].split())
    assert rx.search(one(body), "gallium")["snippet"][0] == expected


def test_search_pandas_in_pandas_out(fixture_articles_pandas):
    table = rx.search(fixture_articles_pandas, "baogang")
    assert isinstance(table, pd.DataFrame)


def test_search_does_not_mutate_its_input(fixture_articles):
    before = fixture_articles.clone()
    rx.search(fixture_articles, "baogang")
    assert fixture_articles.equals(before)


# --- agreement with an independent reading of the rules (benchmarks/query_reference.py)


def _text(row):
    # The generated headline of a page without a title is its first sentence, not part of the head.
    return "\n\n".join(p for p in (row["title"], row["body"]) if p)


@pytest.fixture(scope="module")
def generated():
    return generated_articles(300, seed=3)


@pytest.mark.parametrize("query", list(READINGS)[:6])
def test_search_agrees_with_an_independent_reading_on_a_generated_corpus(generated, query):
    expected = {}
    for row in generated.iter_rows(named=True):
        hits = reference_hits(_text(row), query)
        if hits is not None:
            expected[row["article_id"]] = hits
    got = rx.search(generated, query)
    assert dict(zip(got["article_id"], got["hits"])) == expected
    assert len(expected) > 5  # the query does select something


def test_search_snippet_of_a_text_whose_lower_case_has_other_lengths():
    # "İ" lower-cases to two characters: the snippet is cut from the text as written.
    assert rx.search(one("İSTANBUL: the gallium plant."), "gallium")["snippet"].to_list() == ["İSTANBUL: the gallium plant."]


def test_search_notices_a_table_changed_in_place():
    articles = one("Gallium rose.")
    assert rx.search(articles, "gallium").height == 1
    articles.replace_column(articles.columns.index("body"), pl.Series("body", ["Tin fell."]))
    assert rx.search(articles, "gallium").height == 0


# --- boolean algebra, as properties over a generated corpus ------------------

_VOCAB = ["baogang", "lynas", "export*", '"rare earth"', "tariffs", "price*", "neodymium", "inner-mongolia", "cadres"]


def _ids(articles, query):
    return set(rx.search(articles, query)["article_id"])


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(_VOCAB), st.sampled_from(_VOCAB))
def test_search_or_is_the_union_and_not_the_difference(generated, a, b):
    left, right = _ids(generated, a), _ids(generated, b)
    assert (_ids(generated, f"{a} OR {b}"), _ids(generated, f"{a} {b}"), _ids(generated, f"{a} NOT {b}")) == (
        left | right, left & right, left - right
    )


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(_VOCAB), st.sampled_from(_VOCAB))
def test_search_de_morgan(generated, a, b):
    everything = set(generated["article_id"])
    assert _ids(generated, f"NOT ({a} OR {b})") == everything - _ids(generated, f"{a} OR {b}")
    assert _ids(generated, f"NOT ({a} OR {b})") == _ids(generated, f"NOT {a} NOT {b}")


def test_search_sees_a_table_edited_in_place_after_a_query():
    articles = pl.DataFrame({"article_id": ["a0", "a1"], "headline": ["One", "Two"],
                             "highlights": [["cobalt output"], []], "body": ["cobalt", "tin"]})
    assert rx.search(articles, "cobalt")["article_id"].to_list() == ["a0"]
    articles[0, "body"] = "copper"  # same length: only the content tells
    articles.replace_column(2, pl.Series("highlights", [["gallium output"], []]))
    assert (rx.search(articles, "copper")["article_id"].to_list(),
            rx.search(articles, "cobalt")["article_id"].to_list(),
            rx.search(articles, "gallium")["article_id"].to_list()) == (["a0"], [], ["a0"])


def test_search_takes_an_all_null_highlights_column():
    articles = pl.DataFrame({"article_id": ["a0", "a1"], "headline": ["One", "Two"],
                             "highlights": [None, None], "body": ["gallium", "tin"]})
    assert rx.search(articles, "gallium")["article_id"].to_list() == ["a0"]
