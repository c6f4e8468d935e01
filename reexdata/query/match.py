"""Evaluating a query's tree over the articles: one regex per term, one vectorised scan.

Each :class:`~reexdata.query.parse.Term` becomes a regular expression,
written twice from the same pieces: for polars (Rust's ``regex``: ``\\p{L}``
classes, no look-around) and for Python's ``re`` (look-around for the word
edges, used by :func:`~reexdata.query.kwic.kwic` for exact offsets). The
polars form decides membership with one ``str.contains`` per term and part
of the article (:mod:`reexdata.query.prepare`) and counts hits with
``str.count_matches``; the tree becomes one boolean expression, and every
term is scanned in one ``select`` (terms run in parallel).

Case is ignored by lower-casing the text once (ASCII only, see
:mod:`~reexdata.query.prepare`) and the query's words (Unicode's full
mapping, as ``str.lower``); a query letter beyond ASCII matches each
character that lower-cases to it. A case-insensitive regex (``(?i)``) was
slower: with a word edge before the word, the regex engine cannot start from
the word's letters and reads every byte (0.3-0.9 s a term at 100k articles,
against 0.04 s). A word's edge is a non-letter-non-digit or the start or end
of the part. Between the words of a phrase stand one or more characters that
are neither letters nor digits, with at most one line break among them: a
phrase never runs across a blank line, so never from one part of an article
into the next (the parts are searched one by one, and would be joined by
blank lines).

Han characters match as words (#17). In the scan a Han query word is a
substring, each of its characters (folded to simplified) written as the
class of the characters that fold to it, so traditional and simplified
text match each other and no text is folded or scanned for Han beforehand;
the rows it finds for a term that starts or ends with a Han character are
candidates, checked in Python (:mod:`reexdata.query.han`): such a term
matches only where a word starts (ends) at its Han start (end) in jieba's
segmentation of the part's Han run, the lexicons' words kept whole, a
dictionary word inside a longer one counting as a word, as in a search
engine's index (jieba's search mode). So ``包钢`` is found in 包钢集团 and
包钢稀土 (the mentions, not the search, tell the two companies apart), but
``中共`` is not found in 集中共享 (集中|共享), nor ``钢稀`` in 包钢稀土;
``稀土产业`` (稀土|产业) is found where it is whole words; a Han prefix
(``稀土*``) runs to the end of its word. A term's Latin end keeps
the usual word edge (``lynas公司``). Membership, hit counts, snippets and
KWIC all use the checked hits; a table without Han text pays nothing.

Hits are counted without overlap: the hits of a single word are exact; a
phrase whose first word recurs inside it (``"a b a"``) may be counted one
lower when its occurrences interleave with near-misses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import polars as pl

from reexdata.query.han import _count, _han_class
from reexdata.query.parse import And, Node, Not, Term
from reexdata.query.prepare import _cased, lowered_parts
from reexdata.segment import has_han, to_simplified

__all__: list[str] = []

# (letters-and-digits class, its complement, a separator char that is not a line break)
_RUST = (r"[\p{L}\p{N}]", r"[^\p{L}\p{N}]", r"[^\p{L}\p{N}\n]")
_PYTHON = (r"[^\W_]", r"[\W_]", r"(?:[^\w\n]|_)")


def _is_han(char: str) -> bool:
    # The one definition of a Han character: segment's, which the checks in query.han use too.
    return has_han(char)


def _han_edges(term: Term) -> tuple[bool, bool, tuple[bool, ...]]:
    """Where Han text makes the scan's pattern a substring match, its edges then checked as jieba's word boundaries (:mod:`~reexdata.query.han`).

    Returns whether the term's start needs no word edge in the pattern (its
    first character is Han), whether its end needs none (its last character
    is Han), and for each gap between its words whether the gap may be
    empty (both sides Han, the left word not a prefix).
    """
    gaps = tuple(
        _is_han(left[-1]) and _is_han(right[0]) and not prefix
        for left, right, prefix in zip(term.words, term.words[1:], term.prefix)
    )
    return _is_han(term.words[0][0]), _is_han(term.words[-1][-1]), gaps


def _word(word: str, flavour: tuple[str, str, str]) -> str:
    """A query word as a regex, its Han folded to simplified characters.

    For polars (the text as written, lower-cased in ASCII only) each letter
    beyond ASCII is the class of its upper cases and each Han character the
    class of the characters that fold to it; for Python (text folded and
    lower-cased) the word itself.
    """
    word = to_simplified(word)
    if flavour is _PYTHON:
        return re.escape(word)
    return "".join(_han_class(c) if _is_han(c) else _cased(c) for c in word)


def _checked(term: Term) -> tuple[bool, bool, bool]:
    """What :func:`~reexdata.query.han._han_hits` checks: a word boundary at the start, at the end, and an end run on to the Han word's end (a Han prefix)."""
    start, end, _ = _han_edges(term)
    return start, end and not term.prefix[-1], end and term.prefix[-1]


def _body(term: Term, flavour: tuple[str, str, str], *, tail: bool = True) -> str:
    """The term's words and separators, without its outer edges; ``tail``: a last prefix word takes the rest of its word."""
    alnum, _, sep = flavour
    separator = f"(?:{sep}+|{sep}*\\n{sep}*)"
    out = []
    gaps = _han_edges(term)[2]
    for i, (word, prefix) in enumerate(zip(term.words, term.prefix)):
        if i:
            out.append(f"{separator}?" if gaps[i - 1] else separator)
        last = i == len(term.words) - 1
        out.append(_word(word, flavour) + (f"{alnum}*" if prefix and (tail or not last) else ""))
    return "".join(out)


def _open_end(term: Term) -> bool:
    """True when the term's end needs no boundary: a prefix, or a Han character."""
    return term.prefix[-1] or _han_edges(term)[1]


def _has_left_edge(term: Term) -> bool:
    """True when the term's start needs a word edge (it does not start with a Han character)."""
    return not _han_edges(term)[0]


def _left(term: Term, flavour: tuple[str, str, str]) -> str:
    if not _has_left_edge(term):
        return ""
    return r"(?<![^\W_])" if flavour is _PYTHON else f"(?:^|{flavour[1]})"


def _rust_contains(term: Term) -> str:
    right = "" if _open_end(term) else f"(?:{_RUST[1]}|$)"
    return _left(term, _RUST) + _body(term, _RUST) + right


def _rust_count(term: Term, more: bool = False) -> str:
    """Matches consuming the left edge and the whole last word (so none overlap); ``more``: only those longer than the word."""
    tail = "" if _open_end(term) else (f"{_RUST[0]}+" if more else f"{_RUST[0]}*")
    return _left(term, _RUST) + _body(term, _RUST) + tail


@functools.lru_cache(maxsize=256)
def _python_pattern(term: Term, *, ignore_case: bool = False) -> re.Pattern[str]:
    """The term for Python's ``re`` over lower-cased, folded text: each match is the term's text itself, Latin edges checked by look-around.

    A Han prefix's match stops at the query's text (:func:`_checked` runs it
    on to the word's end).
    """
    right = "" if _open_end(term) else r"(?![^\W_])"
    body = _body(term, _PYTHON, tail=not _checked(term)[2])
    return re.compile(_left(term, _PYTHON) + body + right, re.IGNORECASE if ignore_case else 0)


def _is_checked(term: Term) -> bool:
    """True when the term starts or ends with a Han character: its scan's matches are candidates, checked in Python."""
    return any(_checked(term))


def _han_counts(texts: pl.DataFrame, term: Term, parts: list[str]) -> pl.Series:
    """The hits (Int64) of a Han term in each row: the scan's candidate rows checked in Python, the others 0."""
    columns = _columns(term, parts)
    candidates = texts.select(_contains(term, parts).fill_null(False)).to_series().arg_true()
    counts = pl.Series("_hits", [0] * texts.height, dtype=pl.Int64)
    if not candidates.len():
        return counts
    pattern, edges = _python_pattern(term), _checked(term)
    found = [sum(_count(t, pattern, edges) for t in row) for row in texts.select(columns).gather(candidates).iter_rows()]
    return counts.scatter(candidates, pl.Series(found, dtype=pl.Int64))


def _terms(node: Node, positive: bool = True) -> Iterator[tuple[Term, bool]]:
    """Every term of the tree with whether it counts for the query (False under an odd number of NOTs)."""
    if isinstance(node, Term):
        yield node, positive
    elif isinstance(node, Not):
        yield from _terms(node.item, not positive)
    else:
        for item in node.items:
            yield from _terms(item, positive)


def _positive_terms(node: Node) -> list[Term]:
    """The distinct terms whose hits count, in query order."""
    return list(dict.fromkeys(t for t, positive in _terms(node) if positive))


def _columns(term: Term, parts: list[str]) -> list[str]:
    """The lower-cased columns a term searches: the title for ``title:`` terms, else the parts."""
    return ["_title_lower"] if term.field == "title" else parts


def _contains(term: Term, parts: list[str]) -> pl.Expr:
    pattern = _rust_contains(term)
    return pl.any_horizontal([pl.col(c).str.contains(pattern) for c in _columns(term, parts)])


def _hit_counts(term: Term, parts: list[str]) -> list[pl.Expr]:
    """The term's hits in each column it searches, as terms of a sum: matches of its counting pattern, less those that run on into a longer word."""
    counts = []
    for name in _columns(term, parts):
        column = pl.col(name)
        counts.append(column.str.count_matches(_rust_count(term)).cast(pl.Int64))
        if not _open_end(term):
            counts.append(-column.str.count_matches(_rust_count(term, more=True)).cast(pl.Int64))
    return counts


def _all_terms(node: Node) -> list[Term]:
    """The distinct terms of the tree, in query order."""
    return list(dict.fromkeys(t for t, _ in _terms(node)))


def _expr(node: Node, names: dict[Term, str]) -> pl.Expr:
    """The tree as one boolean expression over the terms' membership columns ``names``."""
    if isinstance(node, Term):
        return pl.col(names[node])
    if isinstance(node, Not):
        return ~_expr(node.item, names)
    exprs = [_expr(i, names) for i in node.items]
    combined = exprs[0]
    for e in exprs[1:]:
        combined = (combined & e) if isinstance(node, And) else (combined | e)
    return combined


def _evaluate(texts: pl.DataFrame, node: Node) -> pl.DataFrame:
    """Which rows of ``texts`` (a table of :func:`~reexdata.query.prepare._prepare`) match, and which hold each term.

    Returns ``match`` (bool) and ``_has_<i>`` (bool) for each distinct term
    of :func:`_all_terms`, one row per row of ``texts``.
    """
    parts = lowered_parts(texts)
    names = {t: f"_has_{i}" for i, t in enumerate(_all_terms(node))}
    has = texts.select(_contains(t, parts).fill_null(False).alias(name) for t, name in names.items())
    # Han terms: the scan's candidates, checked against jieba's word boundaries.
    checked = [(t, name) for t, name in names.items() if _is_checked(t)]
    if checked:
        has = has.with_columns((_han_counts(texts, t, parts) > 0).alias(name) for t, name in checked)
    return has.select(_expr(node, names).alias("match"), pl.all())


def _counts(texts: pl.DataFrame, terms: list[Term]) -> pl.DataFrame:
    """The hits of each term (``_hits_<i>``, Int64) in each row of ``texts``."""
    parts = lowered_parts(texts)
    # Each count its own column, so that polars runs them side by side; then the sums.
    pieces = {i: _hit_counts(t, parts) for i, t in enumerate(terms) if not _is_checked(t)}
    pieces.update({i: [pl.lit(_han_counts(texts, t, parts))] for i, t in enumerate(terms) if _is_checked(t)})
    counts = texts.select(e.alias(f"_c{i}_{k}") for i, exprs in pieces.items() for k, e in enumerate(exprs))
    return counts.select(
        pl.sum_horizontal(f"_c{i}_{k}" for k in range(len(exprs))).alias(f"_hits_{i}") for i, exprs in pieces.items()
    )
