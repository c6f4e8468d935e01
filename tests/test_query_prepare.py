"""The texts a query scans: ASCII lower-casing on the column's buffers, the rows lower-cased in full, query letters as classes, the cache."""

import polars as pl
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata as rx
from benchmarks.query_reference import count_term
from reexdata.query.prepare import IRREGULAR, _ascii_lower, _cased, _lower, _prepare


def _all_characters():
    return [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]


def test_irregular_characters_are_those_lower_cased_otherwise_than_one_for_one():
    # Derived from polars itself, so that a polars whose tables change fails here.
    chars = pl.Series(_all_characters())
    table = pl.DataFrame({"char": chars, "lower": chars.str.to_lowercase()}).with_columns(
        pl.col("char").str.contains(r"^[\p{L}\p{N}]$").alias("word"),
        pl.col("lower").str.contains(r"^[\p{L}\p{N}]+$").alias("lower_word"),
    )
    irregular = table.filter(
        (pl.col("lower").str.len_chars() != 1)
        | ((pl.col("char").str.len_bytes() > 1) & (pl.col("lower").str.len_bytes() == 1))
        | (pl.col("word") != pl.col("lower_word"))
        | (pl.col("char") == "Σ")  # its lower case depends on its neighbours
    )
    assert set(irregular["char"]) == set(IRREGULAR)


def test_lower_casing_is_idempotent():
    # A character already lower-cased never matches another's class (see _cased).
    lower = pl.Series(_all_characters()).str.to_lowercase()
    assert lower.equals(lower.str.to_lowercase())


@pytest.mark.parametrize(
    ("char", "expected"),
    [("k", "k"), ("7", "7"), ("稀", "稀"), ("ö", "[Öö]"), ("ß", "[ßẞ]"), ("σ", "[Σσ]"), ("ǆ", "[Ǆǅǆ]")],
)
def test_cased_is_the_class_of_what_lower_cases_to_the_character(char, expected):
    assert _cased(char) == expected


@pytest.mark.parametrize(
    "texts",
    [
        pl.Series("t", ["Short", "", "A LONGER TEXT, ÉCRIT EN MAJUSCULES", None]).fill_null(""),
        pl.Series("t", ["Baogang SIGNS " * 50 + str(i) for i in range(300)]).slice(10, 5),
        pl.concat([pl.Series("t", ["ABCDEFGHIJKLM" * 3] * 4), pl.Series("t", ["XY"] * 3)]),
    ],
    ids=["inline and long", "a slice", "two chunks"],
)
def test_ascii_lower_equals_pyarrows_on_a_copy(texts):
    assert _ascii_lower(texts).equals(pl.Series("t", pc.ascii_lower(texts.to_arrow())))


def test_lower_cases_rows_with_an_irregular_character_in_full():
    lowered, full = _lower(pl.Series(["İSTANBUL ÖL", "ÖL KELVIN \u212a", "PLAIN ÖL"]))
    assert (lowered.to_list(), full.to_list()) == (["i̇stanbul öl", "öl kelvin k", "plain Öl"], [True, True, False])


def test_prepare_keeps_the_parts_apart_and_counts_the_joined_characters():
    articles = pl.DataFrame({"article_id": ["a"], "title": ["Title"], "highlights": [["One", None, "Two"]], "body": ["Body."]})
    row = _prepare(articles, "search", None).row(0, named=True)
    assert (row["_p0"], row["_p1"], row["_p2"], row["_l0"], row["_chars"]) == ("Title", "One\n\nTwo", "Body.", "title", 22)


# Characters lower-cased otherwise than ASCII: classes, irregular rows, edges.
_ALPHABET = ["ab", "AB", "Ab", "ö", "Ö", "ß", "ẞ", "\u212a", "k", "K", "σ", "Σ", "ς", "ſ", "s", "S", "稀", "土", "1", "²",
             " ", " ", "-", "\n", "_", "’"]
_WORDS = [("ab",), ("ab", "ab"), ("ö",), ("öab",), ("k",), ("s",), ("σ",), ("ß",), ("1",), ("ab", "ö")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join), min_size=1, max_size=8))
def test_search_counts_what_full_lower_casing_finds(bodies):
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": bodies})
    for words in _WORDS:
        query = '"' + " ".join(words) + '"'
        expected = {f"a{i}": h for i, b in enumerate(bodies) if (h := count_term(b.lower(), words))}
        got = rx.search(articles, query)
        assert dict(zip(got["article_id"], got["hits"])) == expected, query


def test_search_of_a_letter_beyond_ascii_finds_its_upper_case():
    articles = pl.DataFrame({"article_id": ["a", "b", "c"], "body": ["GRÖSSE und Öl", "Oel", "öl"]})
    assert rx.search(articles, "öl")["article_id"].sort().to_list() == ["a", "c"]


def test_search_sees_a_new_article_id_in_place():
    articles = pl.DataFrame({"article_id": ["a"], "body": ["Gallium."]})
    rx.search(articles, "gallium")
    articles.replace_column(0, pl.Series("article_id", ["b"]))
    assert rx.search(articles, "gallium")["article_id"].to_list() == ["b"]
