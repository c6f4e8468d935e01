"""Search's snippets, cut from the parts apart: the same as cutting the joined text."""

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import reexdata as rx


def _snippet(articles, query):
    return rx.search(articles, query)["snippet"].to_list()


def _expected(text, word, width=60):
    """The definition on the joined text: the first match of the word with the character before it, ``width`` characters each side."""
    m = re.search(rf"(?:^|[\W_]){word}[^\W_]*", text.lower())
    left = min(m.start(), width)
    return " ".join(text[m.start() - left:m.end() + width].split())


def test_snippet_of_a_word_opening_the_body_takes_the_blank_lines_break_as_its_edge():
    # In the joined text the match starts at the blank line's second break: 59 x's, not 58.
    articles = pl.DataFrame({"article_id": ["a"], "title": ["x" * 70], "body": ["Baogang signed a deal."]})
    assert _snippet(articles, "baogang") == ["x" * 59 + " Baogang signed a deal."]


def test_snippet_of_a_word_after_a_space_opening_the_body_takes_the_space_as_its_edge():
    # The body's space is the match's edge: 60 characters before it, 17 of them w's.
    articles = pl.DataFrame({"article_id": ["a"], "title": ["w" * 20 + "baogang"],
                             "highlights": [["ü" * 5 + "w" * 20 + "baogang"]], "body": [" baogang"]})
    assert _snippet(articles, "baogang") == ["w" * 17 + "baogang " + "ü" * 5 + "w" * 20 + "baogang baogang"]


def test_snippet_reaches_into_the_parts_after_its_own():
    articles = pl.DataFrame({"article_id": ["a"], "title": ["Baogang"], "highlights": [["One.", "Two."]], "body": ["y" * 80]})
    assert _snippet(articles, "baogang") == ["Baogang One. Two. " + "y" * 46]


def test_snippet_reaches_into_the_parts_before_its_own():
    articles = pl.DataFrame({"article_id": ["a"], "title": ["T" * 40], "highlights": [["H" * 10]], "body": ["the Baogang deal"]})
    assert _snippet(articles, "baogang") == ["T" * 40 + " " + "H" * 10 + " the Baogang deal"]


def test_snippet_of_a_row_matching_through_a_not_is_its_opening():
    articles = pl.DataFrame({"article_id": ["a"], "title": ["Tin prices"], "body": ["Copper " * 30]})
    assert _snippet(articles, "gallium OR NOT lynas") == [" ".join(("Tin prices\n\n" + "Copper " * 30)[:120].split())]


def test_snippet_with_wide_characters_at_the_windows_edges():
    body = "稀土" * 40 + "\U0001f600 the baogang plant " + "é" * 30 + "\U0001f600" * 40
    articles = pl.DataFrame({"article_id": ["a"], "body": [body]})
    assert _snippet(articles, "baogang") == [_expected(body, "baogang")]


_PIECES = ["baogang", "Baogang", "x", " ", "\n", "\n\n", "稀", "é", "\U0001f600", "-", "ü" * 5, "w" * 20]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join), max_size=3),
)
def test_snippet_equals_the_joined_texts(title, body, highlights):
    articles = pl.DataFrame({"article_id": ["a"], "title": [title], "highlights": [highlights], "body": [body]})
    text = rx.article_text(articles)["text"][0]
    got = _snippet(articles, "baogang")
    assert got == ([_expected(text, "baogang")] if re.search(r"(?<![^\W_])baogang(?![^\W_])", text.lower()) else [])
