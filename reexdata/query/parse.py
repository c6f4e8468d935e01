"""Query text -> syntax tree.

The grammar is a lark grammar (:data:`_GRAMMAR`); this module turns lark's
tree into the small node classes below and lark's errors into a
:class:`~reexdata.errors.ParameterError` naming the character and the
problem.

The language:

- a *word* is a maximal run of Unicode letters and digits, matched without
  regard to case; a bare term such as ``rare-earth`` or ``china's`` holds
  several words and is read as the phrase ``"rare earth"``, ``"china s"``;
- ``"rare earth"`` is a phrase: its words in order with only non-letters and
  non-digits (spaces, punctuation, hyphens, one line break) between;
- ``export*`` is a word beginning with ``export`` (``*`` ends a word, in a
  phrase too);
- ``AND``, ``OR``, ``NOT`` (upper case) and parentheses; terms side by side
  mean AND; ``a NOT b`` is ``a AND NOT b``; NOT binds tightest, then AND,
  then OR;
- ``title:coffee``, ``title:"crude oil"``, ``title:(a OR b)``: the title only;
- Han characters match as words: a query word's edge that is a Han
  character must fall on an edge of one of the text's Chinese words
  (jieba's segmentation, the lexicons' names and terms kept whole, and the
  dictionary words inside a longer word, as jieba's search mode indexes
  them: 包钢 is found in 包钢集团, 中共 never in 集中共享), and traditional
  and simplified characters match each other (both folded to simplified).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.exceptions import VisitError

from reexdata.errors import ParameterError, param_error

__all__ = ["Term", "And", "Or", "Not", "Node", "parse_query", "FIELDS"]

#: Fields a term may be limited to; ``None`` (no prefix) is title, highlights and body.
FIELDS = ("title",)

# Letters and digits: Python's str.isalnum without the underscore.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """A word or phrase: ``words`` in order, ``prefix`` flags the words ending in ``*``."""

    words: tuple[str, ...]
    prefix: tuple[bool, ...]
    field: str | None = None


@dataclass(frozen=True)
class And:
    """Every item matches (also written by juxtaposition)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one item matches."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The item does not match; its terms have no hits."""

    item: Node


Node = Union[Term, And, Or, Not]

# Operators are upper-case keywords; any other run of characters other than
# spaces, parentheses and quotes is a term (checked in _term).
_GRAMMAR = r"""
?start: or_
?or_: and_ (_OR and_)*
?and_: not_ (_AND? not_)*
?not_: _NOT not_ -> neg
     | atom
?atom: "(" or_ ")"
     | FIELD atom_in_field -> field
     | TERM
     | PHRASE
?atom_in_field: "(" or_ ")" | TERM | PHRASE
_OR.2: /OR(?=[\s()"]|$)/
_AND.2: /AND(?=[\s()"]|$)/
_NOT.2: /NOT(?=[\s()"]|$)/
FIELD.3: /[A-Za-z_]+:/
PHRASE: /"[^"]*"/
TERM: /[^\s()"]+/
%ignore /\s+/
"""

_PARSER = Lark(_GRAMMAR, parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=False)

_NAMES = {"_OR": "OR", "_AND": "AND", "_NOT": "NOT", "LPAR": "'('", "RPAR": "')'", "$END": "the end"}


class _QueryError(Exception):
    def __init__(self, problem: str, column: int):
        super().__init__(problem)
        self.problem, self.column = problem, column


def _term(text: str, column: int, field: str | None) -> Term:
    body = text[1:-1] if text.startswith('"') else text
    words: list[str] = []
    prefix: list[bool] = []
    for match in re.finditer(r"[^\W_]+(\*?)|\*", body):
        if not match.group(0).strip("*") or (match.group(1) and match.end() < len(body) and _WORD.match(body, match.end())):
            raise _QueryError("'*' must end a word", column + (1 if text.startswith('"') else 0) + match.end() - 1)
        words.append(match.group(0).rstrip("*").lower())
        prefix.append(bool(match.group(1)))
    if not words:
        what = "an empty phrase" if text.startswith('"') else f"the term {text!r}"
        raise _QueryError(f"{what} has no letters or digits", column)
    return Term(tuple(words), tuple(prefix), field)


def _with_field(node: Node, field: str) -> Node:
    if isinstance(node, Term):
        return Term(node.words, node.prefix, field)
    if isinstance(node, Not):
        return Not(_with_field(node.item, field))
    return type(node)(tuple(_with_field(i, field) for i in node.items))


class _ToNodes(Transformer):
    def TERM(self, token: Token) -> Term:
        return _term(str(token), token.column or 1, None)

    def PHRASE(self, token: Token) -> Term:
        return _term(str(token), token.column or 1, None)

    def or_(self, items: list[Node]) -> Node:
        return Or(tuple(items))

    def and_(self, items: list[Node]) -> Node:
        return And(tuple(items))

    def neg(self, items: list[Node]) -> Node:
        return Not(items[0])

    def field(self, items: list) -> Node:
        token, node = items
        name = str(token)[:-1]
        if name not in FIELDS:
            raise _QueryError(f"unknown field {name!r} (fields: 'title')", token.column or 1)
        return _with_field(node, name)


def _problem(err: UnexpectedInput, query: str) -> tuple[str, int]:
    """lark's error as a short phrase and the 1-based character it points at."""
    if isinstance(err, UnexpectedEOF):
        return "the query ends where a term was expected", len(query) + 1
    column = err.column if isinstance(err.column, int) and err.column > 0 else 1
    at = column - 1
    if isinstance(err, UnexpectedCharacters):
        if query[at] == '"':
            return "unclosed quote", column
        return f"unexpected {query[at]!r}", column
    if isinstance(err, UnexpectedToken):
        token = err.token
        if token.type == "$END":
            if query.count("(") > query.count(")"):
                return "unclosed '('", query.rindex("(") + 1
            return "the query ends where a term was expected", len(query) + 1
        name = _NAMES.get(token.type, repr(str(token)))
        if token.type == "RPAR" and query[:at].count("(") <= query[:at].count(")"):
            return "')' without a matching '('", column
        return f"{name} where a term was expected", column
    return str(err).splitlines()[0], column  # pragma: no cover - lark's other errors


def parse_query(query: str, *, func: str = "search") -> Node:
    """Parse ``query`` into a tree of :class:`Term`, :class:`And`, :class:`Or` and :class:`Not`.

    Parameters
    ----------
    query : str
        A query in the language of the module docs.
    func : str, default="search"
        The public function named in error messages.

    Returns
    -------
    Node
        The query's tree; terms hold lower-cased words.

    Raises
    ------
    ParameterError
        When ``query`` is not a string or is malformed: the message names the
        character (counted from 1) and the problem.

    Examples
    --------
    >>> parse_query('title:gallium "rare-earth" NOT export*')
    And(items=(Term(words=('gallium',), prefix=(False,), field='title'), Term(words=('rare', 'earth'), prefix=(False, False), field=None), Not(item=Term(words=('export',), prefix=(True,), field=None))))
    >>> parse_query("gallium OR (")
    Traceback (most recent call last):
    ...
    reexdata.errors.ParameterError: The 'query' parameter of search must be a valid query: unclosed '(' at character 12. Got 'gallium OR (' instead.
    """
    if not isinstance(query, str):
        raise param_error(func, "query", "a query string", query)
    if not query.strip():
        raise param_error(func, "query", "a valid query: the query is empty", query)
    try:
        return _ToNodes().transform(_PARSER.parse(query))
    except UnexpectedInput as err:
        problem, column = _problem(err, query)
    except VisitError as err:
        if not isinstance(err.orig_exc, _QueryError):
            raise  # pragma: no cover - a bug, not a bad query
        problem, column = err.orig_exc.problem, err.orig_exc.column
    error: ParameterError = param_error(func, "query", f"a valid query: {problem} at character {column}", query)
    raise error from None
