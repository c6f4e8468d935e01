"""The query grammar: trees for well-formed queries, exact messages for malformed ones."""

import pytest

from reexdata.errors import ParameterError
from reexdata.query.parse import And, Not, Or, Term, parse_query


def w(*words, prefix=None, field=None):
    return Term(tuple(words), tuple(prefix or [False] * len(words)), field)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("gallium", w("gallium")),
        ("Gallium", w("gallium")),
        ("gallium lynas", And((w("gallium"), w("lynas")))),
        ("gallium AND lynas", And((w("gallium"), w("lynas")))),
        ("gallium OR lynas baogang", Or((w("gallium"), And((w("lynas"), w("baogang")))))),
        ("gallium NOT lynas", And((w("gallium"), Not(w("lynas"))))),
        ("gallium AND NOT lynas", And((w("gallium"), Not(w("lynas"))))),
        ("NOT (a OR NOT b)", Not(Or((w("a"), Not(w("b")))))),
        ('"rare earth"', w("rare", "earth")),
        ("rare-earth", w("rare", "earth")),
        ("china's", w("china", "s")),
        ("export*", w("export", prefix=[True])),
        ('"rare earth*"', w("rare", "earth", prefix=[False, True])),
        ("title:coffee", w("coffee", field="title")),
        ('title:"crude oil"', w("crude", "oil", field="title")),
        ("title:(a OR b)", Or((w("a", field="title"), w("b", field="title")))),
        ("and or not", And((w("and"), w("or"), w("not")))),
        ("ANDROID", w("android")),
        ("稀土", w("稀土")),
        ("1987", w("1987")),
    ],
)
def test_parse_query_tree(query, tree):
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("(gallium", "unclosed '(' at character 1"),
        ("a (b OR c", "unclosed '(' at character 3"),
        ("gallium)", "')' without a matching '(' at character 8"),
        ("gallium OR", "the query ends where a term was expected at character 11"),
        ("NOT", "the query ends where a term was expected at character 4"),
        ("AND gallium", "AND where a term was expected at character 1"),
        ("a OR OR b", "OR where a term was expected at character 6"),
        ("a () b", "')' where a term was expected at character 4"),
        ('"rare earth', "unclosed quote at character 1"),
        ("ex*port", "'*' must end a word at character 3"),
        ("*", "'*' must end a word at character 1"),
        ("a --", "the term '--' has no letters or digits at character 3"),
        ('""', "an empty phrase has no letters or digits at character 1"),
        ("body:gallium", "unknown field 'body' (fields: 'title') at character 1"),
        ("title:", "the query ends where a term was expected at character 7"),
    ],
)
def test_parse_query_malformed_message(query, problem):
    expected = f"The 'query' parameter of search must be a valid query: {problem}. Got {query!r} instead."
    with pytest.raises(ParameterError) as info:
        parse_query(query)
    assert str(info.value) == expected


def test_parse_query_rejects_a_non_string():
    with pytest.raises(ParameterError, match=r"must be a query string\. Got 5 instead\."):
        parse_query(5)  # type: ignore[arg-type]


def test_parse_query_error_names_the_public_function():
    with pytest.raises(ParameterError, match=r"^The 'query' parameter of kwic must be"):
        parse_query("(", func="kwic")
