"""Where a name may start (reexdata.mentions.starts) and the ASCII texts searched at once from there."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reexdata.mentions import count_mentions
from reexdata.mentions.lexicon import _default_entities, _resolve_entities
from reexdata.mentions.matcher import _matcher, _pad
from reexdata.mentions.starts import _Starts

# A small lexicon with what shapes a first word: a full stop inside a name
# (U.S.), an apostrophe, a separator, exact case, a surname, a Han name, a
# name of more words than the automaton looks for.
_LEXICON = {"version": 1, "entity": [
    {"id": "us", "name": "United States", "type": "place", "aliases": ["U.S.", "United States"]},
    {"id": "daily", "name": "People's Daily", "type": "publisher", "aliases": ["People's Daily"]},
    {"id": "steel", "name": "Baotou Steel", "type": "company", "aliases": ["Baotou Steel", "BSRE", "Baotou Iron & Steel Group"],
     "exact": ["Baotou Rare Earth"]},
    {"id": "baotou", "name": "Baotou", "type": "place", "aliases": ["baotou", "包头"]},
    {"id": "xi", "name": "Xi Jinping", "type": "person", "aliases": ["Xi Jinping"], "surname": "Xi"},
]}


def _small():
    return _matcher(_resolve_entities(_LEXICON, "count_mentions"))


def test_the_lead_words_are_folded_up_to_the_third_non_word_character_or_a_longer_separator():
    assert _small().starts.words == (
        " baotou ", " baotou  ", " baotou iron  ", " baotou rare  ", " baotou rare earth ", " baotou steel ", " bsre ",
        " people s  ", " people s daily ", " u s  ", " united  ", " united states ", " xi ", " xi  ", " xi jinping ",
    )


@pytest.mark.parametrize("text, expected", [
    (" U.S. rare-earth, Rarely", [0, 5]),
    (" Xi", [0]),
    (" Xiamen", []),
    ("\0Baotou\0xi\0", [0, 7]),
    ("", []),
])
def test_candidates_are_where_a_first_word_starts_in_any_case(text, expected):
    assert _Starts([" rare ", " u ", " baotou ", " xi "]).candidates(text) == expected


def test_a_start_is_a_candidate_only_where_the_lead_words_follow():
    # A separator of one character folds to one space, a longer one to more.
    text = " Baotou Steel, Baotou - Steel, Baotou rare"
    assert _Starts([" baotou steel ", " baotou  "]).candidates(text) == [0, 14]


def test_a_lexicon_without_ascii_names_has_no_candidates():
    assert _Starts([]).candidates(" Baotou") == []


_pieces = st.sampled_from([
    "Baotou", "baotou", "BAOTOU", "Steel", "Rare", "Earth", "U.S.", "U.S", "People", "'s", "\u2019s", "Daily",
    "Xi", "Jinping", "BSRE", "Iron", "&", "Group", "GROUP", "United", "States", "Baotoux", " ", "  ", "\n", "\n\n", "-", " - ", ".", "$", "_",
    "\0", "\u2014", "\u00e9", "9", "a",
])
_texts = st.lists(_pieces, max_size=10).map("".join)


def _by_regex(matcher, padded):
    """What the regex alone finds, searching one text after another."""
    return [(m.start(), m.group(1)) for m in matcher.regex.finditer(padded)]


def _expected(matcher, texts):
    return [
        _by_regex(matcher, padded) if (padded.isascii() or matcher._as_ascii(padded) is not None) else None
        for padded in map(_pad, texts)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, max_size=6))
def test_texts_searched_at_once_match_as_the_regex_does_one_by_one(texts):
    matcher = _small()
    assert matcher.ascii_matches([_pad(text) for text in texts]) == _expected(matcher, texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, max_size=6))
def test_texts_searched_at_once_with_the_shipped_lexicon_match_as_the_regex_does(texts):
    matcher = _matcher(_default_entities())
    assert matcher.ascii_matches([_pad(text) for text in texts]) == _expected(matcher, texts)


@pytest.mark.parametrize("texts, expected", [
    (["Baotou Steel", "Xi said", "\u00e9 Baotou"], [[(0, "Baotou Steel")], [(0, "Xi")], None]),
    (["Baotou", "\u5305\u5934"], [[(0, "Baotou")], None]),
    ([], []),
])
def test_a_text_not_searched_as_ascii_is_left_to_the_caller(texts, expected):
    assert _small().ascii_matches([_pad(text) for text in texts]) == expected


def test_a_name_with_a_nul_leaves_the_regex_to_search_alone():
    lexicon = {"version": 1, "entity": [{"id": "odd", "name": "Odd", "type": "company", "aliases": ["Odd\0Co"]}]}
    matcher = _matcher(_resolve_entities(lexicon, "count_mentions"))
    articles = pl.DataFrame({"article_id": ["a"], "body": ["Odd\0Co and Odd Co"]})
    # The body starts at offset 4, after the empty head and highlights and their separators.
    assert (matcher.starts, count_mentions(articles, entities=lexicon).rows()) == (None, [("a", "odd", 1, 4)])


def test_counts_of_many_articles_are_those_of_each_alone():
    bodies = ["Baotou Steel and BSRE.", "U.S. and People\u2019s Daily", "\u5305\u5934 and Baotou", "", "Xi"]
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": bodies})
    alone = pl.concat([count_mentions(articles.slice(i, 1), entities=_LEXICON) for i in range(len(bodies))])
    assert count_mentions(articles, entities=_LEXICON).equals(alone)
