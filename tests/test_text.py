import pandas as pd
import polars as pl
import pytest
from conftest import RAW

from reexdata.errors import ParameterError
from reexdata.ingest import load_articles
from reexdata.text import article_text
from reexdata.themes import seed_terms
from reexdata.vectorize import vectorize


@pytest.fixture(scope="module")
def seeds():
    return load_articles(RAW)


@pytest.mark.parametrize(
    ("i", "title_source", "head_is_headline"),
    [(0, "page", True), (1, "page", True), (2, "first_highlight", False), (3, "page", True),
     (4, "first_highlight", False)],
)
def test_the_head_is_the_headline_unless_it_copies_the_first_highlight(seeds, i, title_source, head_is_headline):
    texts = article_text(seeds)
    assert seeds["title_source"][i] == title_source
    assert texts["head"][i] == (seeds["headline"][i] if head_is_headline else "")


def test_each_seed_s_headline_is_in_its_text_once(seeds):
    texts = article_text(seeds)
    assert [text.count(headline) for text, headline in zip(texts["text"], seeds["headline"])] == [1, 1, 1, 1, 1]


def test_seed_text_lengths(seeds):
    assert article_text(seeds)["text"].str.len_chars().to_list() == [3079, 3074, 2644, 3844, 3090]


@pytest.mark.parametrize(
    ("i", "term", "weight"),
    # Words of the headline copied from the first highlight: counted once, not twice.
    [(2, "held", 0.113605), (2, "focused", 0.113605), (2, "ideological", 0.14081), (4, "strengthen", 0.064212)],
)
def test_seed_tfidf_counts_a_copied_headline_once(seeds, i, term, weight):
    matrix = vectorize(seeds, phrases=seed_terms())
    column = list(matrix.terms).index(term)
    assert round(float(matrix.X[i, column]), 6) == weight


def test_a_copied_headline_weighs_like_any_word_seen_once():
    articles = pl.DataFrame({
        "article_id": ["a", "b"],
        "headline": ["Magnets rise", "Party meets"],
        "title_source": ["first_highlight", "page"],
        "highlights": [["Magnets rise"], []],
        "body": ["Prices fell.", "Committee studied."],
    })
    matrix = vectorize(articles)
    terms = list(matrix.terms)
    assert matrix.X[0, terms.index("magnets")] == matrix.X[0, terms.index("prices")]


def test_text_returns_the_kind_given(seeds):
    texts = article_text(seeds.to_pandas())
    assert isinstance(texts, pd.DataFrame)
    assert list(texts.columns) == ["article_id", "head", "highlights", "body", "text"]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pl.DataFrame({"article_id": ["a"]}), "columns 'article_id' and 'body'"),
        (pl.DataFrame({"article_id": ["a", "a"], "body": ["x", "y"]}), "unique, non-null article_id"),
    ],
)
def test_bad_tables_are_parameter_errors(frame, message):
    with pytest.raises(ParameterError, match=message):
        article_text(frame)
