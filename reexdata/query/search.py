"""Search: the articles that match a query, ranked by BM25 over the query's terms."""

from __future__ import annotations

import math
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata.errors import param_error
from reexdata.query.match import _all_terms, _counts, _evaluate, _positive_terms
from reexdata.query.parse import parse_query
from reexdata.query.prepare import PARTS, _scan_frame
from reexdata.query.snippet import _snippets

__all__ = ["search"]

# BM25's usual constants (Robertson and Zaragoza's defaults).
_K1 = 1.2
_B = 0.75
# Characters of context each side of the snippet's hit.
_SNIPPET_WIDTH = 60


def _fields(value: Iterable[str] | None, func: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    chosen = (value,) if isinstance(value, str) else tuple(value)
    if not chosen or any(f not in PARTS for f in chosen) or len(set(chosen)) != len(chosen):
        raise param_error(func, "fields", "None or distinct names among {'title', 'highlights', 'body'}", value)
    return tuple(f for f in PARTS if f in chosen)


def _bm25(hits: pl.DataFrame, df: list[int], n_docs: int, length: pl.Series) -> pl.Series:
    """Sum over terms of idf * tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen)), ``len`` in characters."""
    mean = length.mean()
    avg = float(mean) if isinstance(mean, (int, float)) and mean > 0 else 1.0
    norm = _K1 * (1 - _B + _B * length.cast(pl.Float64) / avg)
    score = pl.Series("score", [0.0] * length.len())
    for i, d in enumerate(df):
        idf = math.log(1 + (n_docs - d + 0.5) / (d + 0.5))
        tf = hits.get_column(f"_hits_{i}").cast(pl.Float64)
        score = score + idf * tf * (_K1 + 1) / (tf + norm)
    return score.alias("score")


def search(articles: Frame, query: str, *, fields: Iterable[str] | None = None) -> Frame:
    """Return the articles that match ``query``, best first.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table: ``article_id`` and ``body``, with ``title``,
        ``headline``, ``title_source`` and ``highlights`` used when present
        (see :func:`reexdata.text.article_text`).
    query : str
        A query (see :mod:`reexdata.query`): words, ``"phrases"``,
        ``prefix*``, ``AND``/``OR``/``NOT``, parentheses and ``title:``.
        Chinese words match as words (jieba's), traditional or simplified.
    fields : iterable of str, optional
        The parts unprefixed terms search, among ``"title"``,
        ``"highlights"`` and ``"body"``. Default: the article's text
        (:func:`~reexdata.text.article_text`: head, highlights and body).
        ``title:`` terms always search the title.

    Returns
    -------
    matches : same type as ``articles``
        One row per matching article, by ``score`` (highest first), then
        ``article_id``. Columns: ``article_id`` (str); ``hits`` (Int64): the
        occurrences of the query's terms, those under a NOT left out;
        ``score`` (Float64): BM25 over those terms, each term's document
        frequency taken over ``articles`` and the length of the searched
        text counted in characters (k1 = 1.2, b = 0.75; 0 for a query of
        NOTs only); ``snippet`` (str): the first hit with up to 60
        characters each side, white space collapsed (the text's first 120
        characters when none of those terms occurs, as in a match through
        a NOT).

    Raises
    ------
    ParameterError
        When the query is malformed (the message names the character and
        the problem), ``fields`` names an unknown part, or ``articles`` is
        not an articles table.

    Examples
    --------
    >>> import polars as pl
    >>> import reexdata as rx
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1", "a2", "a3"],
    ...     "title": ["Gallium curbs", "Coffee prices", None],
    ...     "body": ["Rare-earth export controls widen.", "Export quotas on coffee.", "Rare earth magnets."],
    ... })
    >>> rx.search(articles, '"rare earth" export*').select("article_id", "hits", "snippet").rows()
    [('a1', 2, 'Gallium curbs Rare-earth export controls widen.')]
    >>> rx.search(articles, "title:coffee OR gallium")["article_id"].to_list()
    ['a2', 'a1']
    """
    frame, kind = _to_polars(articles, "search", "articles")
    node = parse_query(query, func="search")
    texts = _scan_frame(frame, "search", _fields(fields, "search"))
    flags = _evaluate(texts, node)
    terms = _positive_terms(node)
    all_terms = _all_terms(node)
    df = [int(flags.get_column(f"_has_{all_terms.index(t)}").sum()) for t in terms]
    found = texts.filter(flags.get_column("match"))
    # Snippets on a thread of their own, beside the counting (polars releases the interpreter lock).
    with ThreadPoolExecutor(max_workers=1) as worker:
        snippets = worker.submit(_snippets, found, terms, _SNIPPET_WIDTH)
        hits = _counts(found, terms)
        snippet = snippets.result()
    total = hits.select(pl.sum_horizontal(pl.all())).to_series() if terms else pl.Series([0] * found.height)
    table = found.select(
        "article_id",
        total.cast(pl.Int64).alias("hits"),
        _bm25(hits, df, texts.height, found.get_column("_chars")),
        snippet,
    ).sort(["score", "article_id"], descending=[True, False], maintain_order=True)
    return _like(table, kind)

