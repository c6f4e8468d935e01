"""Keyword in context: every hit of a query's terms in the articles that match it."""

from __future__ import annotations

import re

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata.errors import check_range, check_type
from reexdata.query.han import _han_hits
from reexdata.query.match import _checked, _evaluate, _is_checked, _positive_terms, _python_pattern
from reexdata.query.prepare import _scan_frame
from reexdata.query.parse import Term, parse_query
from reexdata.segment import to_simplified
from reexdata.text import _texts

__all__ = ["kwic"]

_SCHEMA = {
    "article_id": pl.String,
    "field": pl.String,
    "offset": pl.Int64,
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
}
_SPACE = re.compile(r"\s")


def _hits(parts: dict[str, str], terms: list[tuple[Term, re.Pattern[str], re.Pattern[str]]]) -> list[tuple[int, str, int, str]]:
    """(field rank, field, offset, match as written) of every term's hits in the parts it searches.

    The lower-cased part is searched, as :func:`~reexdata.query.search.search`
    does, when lower-casing keeps its length (offsets then hold in the
    text as written); otherwise the text as written, ignoring case. Either
    is first folded to simplified Han characters (offsets hold), and a Han
    term's matches are kept where they start and end on the edges of jieba's
    words (see :mod:`reexdata.query.match`).
    """
    found = set()
    for term, lower, anycase in terms:
        fields = ("title_field",) if term.field == "title" else ("title", "highlights", "body")
        for field in fields:
            text = parts[field]
            low = text.lower()
            same = len(low) == len(text)
            target, pattern = to_simplified(low if same else text), lower if same else anycase
            if _is_checked(term):
                spans = _han_hits(target, pattern, _checked(term))
            else:
                spans = [m.span() for m in pattern.finditer(target)]
            name = "title" if field == "title_field" else field
            for start, end in spans:
                found.add((("title", "highlights", "body").index(name), field, start, text[start:end]))
    return sorted(found, key=lambda h: (h[0], h[2], -len(h[3]), h[3]))


def kwic(articles: Frame, query: str, *, width: int = 60) -> Frame:
    """Return every hit of ``query``'s terms with its context, in the articles that match the query.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table (``article_id`` and ``body`` required; see
        :func:`reexdata.text.article_text`).
    query : str
        A query (see :mod:`reexdata.query`). Terms under a NOT have no hits.
        Chinese words match as words (jieba's), traditional or simplified;
        a hit's ``match`` and ``offset`` are those of the text as written.
    width : int, default=60
        Most characters of context each side.

    Returns
    -------
    hits : same type as ``articles``
        One row per hit, articles in table order, then by field (title,
        highlights, body), offset and the longer match first. Columns:
        ``article_id`` (str); ``field`` (str): ``"title"`` (the article's
        head, or its title for ``title:`` terms), ``"highlights"`` (the
        highlights joined by blank lines) or ``"body"``; ``offset`` (Int64):
        where the match starts in that field, in characters; ``left``,
        ``match``, ``right`` (str): the text before (at most ``width``
        characters), the hit as written, and the text after, each white
        space character shown as a space.

    Raises
    ------
    ParameterError
        When the query is malformed or ``width`` is not a non-negative int.

    Examples
    --------
    >>> import polars as pl
    >>> import reexdata as rx
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1"],
    ...     "title": ["Gallium curbs"],
    ...     "body": ["Beijing tightened rare-earth export rules; Rare Earth prices rose."],
    ... })
    >>> rx.kwic(articles, '"rare earth"', width=12).select("field", "offset", "left", "match", "right").rows()
    [('body', 18, 'g tightened ', 'rare-earth', ' export rule'), ('body', 43, 'port rules; ', 'Rare Earth', ' prices rose')]
    """
    frame, kind = _to_polars(articles, "kwic", "articles")
    check_type("kwic", "width", width, int, "a non-negative int")
    check_range("kwic", "width", width, low=0)
    node = parse_query(query, func="kwic")
    scan = _scan_frame(frame, "kwic", None)
    chosen = _evaluate(scan, node).get_column("match")
    parts = _texts(frame.filter(chosen), "kwic", joined=False).with_columns(
        scan.filter(chosen).get_column("_title").alias("title_field"),
        pl.col("highlights").list.join("\n\n"),
    )
    terms = [(t, _python_pattern(t), _python_pattern(t, ignore_case=True)) for t in _positive_terms(node)]
    rows = []
    for row in parts.iter_rows(named=True):
        fields = {"title": row["head"], "highlights": row["highlights"], "body": row["body"], "title_field": row["title_field"]}
        for _, field, start, match in _hits(fields, terms):
            text = fields[field]
            end = start + len(match)
            rows.append((
                row["article_id"],
                "title" if field == "title_field" else field,
                start,
                _SPACE.sub(" ", text[max(0, start - width):start]),
                match,
                _SPACE.sub(" ", text[end:end + width]),
            ))
    return _like(pl.DataFrame(rows, schema=_SCHEMA, orient="row"), kind)
