"""Evaluating a query's tree over the articles: one regex per term, one vectorised scan.

Each :class:`~reexdata.query.parse.Term` becomes a regular expression,
written twice from the same pieces: for polars (Rust's ``regex``: ``\\p{L}``
classes, no look-around) and for Python's ``re`` (look-around for the word
edges, used by :func:`~reexdata.query.kwic.kwic` for exact offsets). The
polars form decides membership with one ``str.contains`` per term and counts
hits with ``str.count_matches``; the tree becomes one boolean expression, and
every term is scanned in one ``select`` (terms run in parallel).

Case is ignored by lower-casing (Unicode's full mapping, as ``str.lower``)
the text once and the query's words: a case-insensitive regex (``(?i)``)
counted ten times slower. A word's edge is a non-letter-non-digit or the text's start or end.
Between the words of a phrase stand one or more characters that are neither
letters nor digits, with at most one line break among them: a phrase never
runs across a blank line, so never from one part of an article into the
next (the parts are joined by blank lines). A query word's edge that is a
Han character needs no word boundary (Han text is matched as substrings).

Hits are counted without overlap: the hits of a single word are exact; a
phrase whose first word recurs inside it (``"a b a"``) may be counted one
lower when its occurrences interleave with near-misses.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterator

import polars as pl

from reexdata.query.parse import And, Node, Not, Term
from reexdata.text import _texts

__all__: list[str] = []

# (letters-and-digits class, its complement, a separator char that is not a line break)
_RUST = (r"[\p{L}\p{N}]", r"[^\p{L}\p{N}]", r"[^\p{L}\p{N}\n]")
_PYTHON = (r"[^\W_]", r"[\W_]", r"(?:[^\w\n]|_)")


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def _body(term: Term, flavour: tuple[str, str, str]) -> str:
    """The term's words and separators, without its outer edges."""
    alnum, _, sep = flavour
    separator = f"(?:{sep}+|{sep}*\\n{sep}*)"
    out = []
    for i, (word, prefix) in enumerate(zip(term.words, term.prefix)):
        if i:
            joined = _is_han(term.words[i - 1][-1]) and _is_han(word[0]) and not term.prefix[i - 1]
            out.append(f"{separator}?" if joined else separator)
        out.append(re.escape(word) + (f"{alnum}*" if prefix else ""))
    return "".join(out)


def _open_end(term: Term) -> bool:
    """True when the term's end needs no boundary: a prefix, or a Han character."""
    return term.prefix[-1] or _is_han(term.words[-1][-1])


def _left(term: Term, flavour: tuple[str, str, str]) -> str:
    if _is_han(term.words[0][0]):
        return ""
    return r"(?<![^\W_])" if flavour is _PYTHON else f"(?:^|{flavour[1]})"


def _rust_contains(term: Term) -> str:
    right = "" if _open_end(term) else f"(?:{_RUST[1]}|$)"
    return _left(term, _RUST) + _body(term, _RUST) + right


def _rust_count(term: Term, more: bool = False) -> str:
    """Matches consuming the left edge and the whole last word (so none overlap); ``more``: only those longer than the word."""
    tail = "" if _open_end(term) else (f"{_RUST[0]}+" if more else f"{_RUST[0]}*")
    return _left(term, _RUST) + _body(term, _RUST) + tail


def _python_pattern(term: Term, *, ignore_case: bool = False) -> re.Pattern[str]:
    """The term for Python's ``re`` over lower-cased text: each match is the term's text itself, edges checked by look-around."""
    right = "" if _open_end(term) else r"(?![^\W_])"
    return re.compile(_left(term, _PYTHON) + _body(term, _PYTHON) + right, re.IGNORECASE if ignore_case else 0)


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


def _column(term: Term) -> str:
    return "_title_lower" if term.field == "title" else "_lower"


def _contains(term: Term) -> pl.Expr:
    return pl.col(_column(term)).str.contains(_rust_contains(term))


def _hits(term: Term) -> pl.Expr:
    column = pl.col(_column(term))
    hits = column.str.count_matches(_rust_count(term))
    if not _open_end(term):
        hits = hits - column.str.count_matches(_rust_count(term, more=True))
    return hits.cast(pl.Int64)


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
    """Which rows of ``texts`` (columns ``_text``, ``_title``) match, and which hold each term.

    Returns ``match`` (bool) and ``_has_<i>`` (bool) for each distinct term
    of :func:`_all_terms`, one row per row of ``texts``.
    """
    names = {t: f"_has_{i}" for i, t in enumerate(_all_terms(node))}
    has = texts.select(_contains(t).fill_null(False).alias(name) for t, name in names.items())
    return has.select(_expr(node, names).alias("match"), pl.all())


def _counts(texts: pl.DataFrame, terms: list[Term]) -> pl.DataFrame:
    """The hits of each term (``_hits_<i>``, Int64) in each row of ``texts``."""
    return texts.select(_hits(t).alias(f"_hits_{i}") for i, t in enumerate(terms))


#: The parts of an article's text that a query's unprefixed terms may search.
PARTS = ("title", "highlights", "body")


def _title_expr(columns: list[str]) -> pl.Expr:
    """The title field: the page's title, else (when the table has no title column) the headline."""
    name = "title" if "title" in columns else "headline" if "headline" in columns else None
    return pl.col(name).cast(pl.String).fill_null("") if name else pl.lit("")


# The texts prepared for the last few polars tables queried, by the table's
# identity: lower-casing 100k articles takes a second, matching them a tenth
# of that, so the next query on the same table object skips it. A table
# changed in place (replace_column, item assignment) is noticed by a hash of
# its text columns' content (one pass, far cheaper than lower-casing).
_PREPARED: dict[int, tuple[weakref.ref[pl.DataFrame], tuple[object, ...], pl.DataFrame]] = {}
_PREPARED_MAX = 4


def _fingerprint(frame: pl.DataFrame, fields: tuple[str, ...] | None) -> tuple[object, ...]:
    texts = [c for c in ("title", "headline", "title_source", "highlights", "body") if c in frame.columns]
    content = frame.select(texts).hash_rows(seed=0).sum() if texts else 0
    return (frame.height, tuple(frame.schema.items()), fields, content)


def _scan_frame(frame: pl.DataFrame, func: str, fields: tuple[str, ...] | None) -> pl.DataFrame:
    """:func:`_prepare`, kept for the next query on the same table (see ``_PREPARED``)."""
    key = _fingerprint(frame, fields)
    kept = _PREPARED.get(id(frame))
    if kept is not None and kept[0]() is frame and kept[1] == key:
        return kept[2]
    scan = _prepare(frame, func, fields)
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[id(frame)] = (weakref.ref(frame), key, scan)
    return scan


def _prepare(frame: pl.DataFrame, func: str, fields: tuple[str, ...] | None) -> pl.DataFrame:
    """``article_id``, ``_text`` (the searched parts joined by blank lines), ``_title`` and both lower-cased (``_lower``, ``_title_lower``).

    ``fields`` None searches :func:`reexdata.text.article_text`'s text (head,
    highlights, body); otherwise the named parts, ``"title"`` being the title
    field of ``title:`` terms.
    """
    texts = _texts(frame, func, joined=fields is None)
    title = frame.with_columns(_title_expr(frame.columns).alias("_title")).get_column("_title")
    if fields is None:
        scan = texts.select("article_id", pl.col("text").alias("_text"), title)
    else:
        names = {"title": pl.col("_title"), "highlights": pl.col("highlights").list.join("\n\n"), "body": pl.col("body")}
        chosen = [pl.when(names[f].str.len_bytes() > 0).then(names[f]) for f in fields]
        joined = pl.concat_str(chosen, separator="\n\n", ignore_nulls=True).fill_null("")
        scan = texts.with_columns(title).select("article_id", joined.alias("_text"), "_title")
    return scan.with_columns(
        pl.col("_text").str.to_lowercase().alias("_lower"), pl.col("_title").str.to_lowercase().alias("_title_lower")
    )

