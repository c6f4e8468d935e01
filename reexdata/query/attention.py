"""Attention: the share of coverage that matches a query, period by period."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata._periods import FREQS, _period_start
from reexdata.errors import check_one_of, param_error
from reexdata.query.match import _evaluate
from reexdata.query.prepare import _scan_frame
from reexdata.query.parse import parse_query

__all__ = ["attention"]

_FUNC = "attention"


def _queries(queries: str | Mapping[str, str]) -> dict[str, str]:
    if isinstance(queries, str):
        return {queries: queries}
    if isinstance(queries, Mapping) and queries and all(isinstance(k, str) and isinstance(v, str) for k, v in queries.items()):
        return dict(queries)
    raise param_error(_FUNC, "queries", "a query string or a non-empty mapping of names to query strings", queries)


def _units(frame: pl.DataFrame, unit: str, freq: str, by: str | None) -> pl.DataFrame:
    """One row per article: ``_row``, ``period``, the ``by`` column and ``_unit`` (the article or its story)."""
    if "published" not in frame.columns:
        raise param_error(_FUNC, "articles", "an articles table with a 'published' column", sorted(frame.columns))
    columns = [
        pl.int_range(pl.len()).alias("_row"),
        _period_start(pl.col("published").cast(pl.Date), freq).alias("period"),
    ]
    if by is not None:
        columns.append(pl.col(by).cast(pl.String))
    units = frame.select(columns)
    if unit == "story":
        # Here, not at the top: datasketch costs 0.3 s to import, and only stories need it.
        from reexdata.query.stories import _story_ids

        ids = _story_ids(frame, _FUNC)
    else:
        ids = frame.get_column("article_id").cast(pl.String)
    return units.with_columns(ids.alias("_unit"))


def attention(
    articles: Frame,
    queries: str | Mapping[str, str],
    *,
    freq: str = "M",
    by: str | None = None,
    unit: str = "article",
) -> Frame:
    """Return how much of each period's coverage matches each query.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table: ``article_id``, ``body`` and ``published``
        (dates; null when unknown), the text columns of
        :func:`reexdata.text.article_text` when present, ``outlet`` for
        ``by="outlet"`` and ``story_id`` (else :func:`group_stories` is run)
        for ``unit="story"``.
    queries : str or mapping of str to str
        One query (named by itself) or names mapped to queries, in the
        language of :mod:`reexdata.query`.
    freq : {'D', 'W', 'M', 'Q', 'Y'}, default='M'
        Period length; a period is named by its first day.
    by : {None, 'outlet'}, default=None
        ``"outlet"``: one row per outlet and period, totals per outlet.
    unit : {'article', 'story'}, default='article'
        What is counted: articles, or stories (a story counts once in a
        period however many of its copies appeared in it, and matches when
        any of them does).

    Returns
    -------
    attention : same type as ``articles``
        One row per query for every period (and outlet) with at least one
        article: a period without articles is a gap, not a ratio of 0.
        Undated articles form one last group with ``period`` null. Sorted by
        ``period`` (null last), the queries' order, then ``outlet``.
        Columns: ``period`` (date), ``query`` (str, the name), ``outlet``
        (str, with ``by``), ``matching`` (Int64: articles or stories that
        match), ``total`` (Int64: articles or stories in the period, at
        least 1) and ``ratio`` (Float64: ``matching / total``).

    Raises
    ------
    ParameterError
        On a malformed query (naming the character and the problem), an
        unknown ``freq``, ``by`` or ``unit``, or a table without
        ``published`` (or ``outlet`` for ``by="outlet"``).

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> import reexdata as rx
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1", "a2", "a3", "a4"],
    ...     "published": [dt.date(2025, 1, 6), dt.date(2025, 1, 20), dt.date(2025, 3, 2), None],
    ...     "body": ["Gallium export controls.", "Coffee prices.", "Gallium again.", "Gallium, undated."],
    ... })
    >>> rx.attention(articles, {"gallium": "gallium"}).rows()
    [(datetime.date(2025, 1, 1), 'gallium', 1, 2, 0.5), (datetime.date(2025, 3, 1), 'gallium', 1, 1, 1.0), (None, 'gallium', 1, 1, 1.0)]
    """
    frame, kind = _to_polars(articles, _FUNC, "articles")
    check_one_of(_FUNC, "freq", freq, FREQS)
    check_one_of(_FUNC, "by", by, (None, "outlet"))
    check_one_of(_FUNC, "unit", unit, ("article", "story"))
    if by is not None and by not in frame.columns:
        raise param_error(_FUNC, "articles", f"a table with an {by!r} column for by={by!r}", sorted(frame.columns))
    named = _queries(queries)
    trees = {name: parse_query(q, func=_FUNC) for name, q in named.items()}
    units = _units(frame, unit, freq, by)
    keys: list[str] = ["period", by] if by else ["period"]
    totals = units.group_by(keys).agg(pl.col("_unit").n_unique().cast(pl.Int64).alias("total"))
    scan = _scan_frame(frame, _FUNC, None)
    tables = []
    for order, (name, tree) in enumerate(trees.items()):
        hit = units.filter(_evaluate(scan, tree).get_column("match"))
        matching = hit.group_by(keys).agg(pl.col("_unit").n_unique().cast(pl.Int64).alias("matching"))
        table = totals.join(matching, on=keys, how="left", nulls_equal=True).with_columns(
            pl.lit(name).alias("query"), pl.lit(order).alias("_order"), pl.col("matching").fill_null(0)
        )
        tables.append(table)
    out = (
        pl.concat(tables)
        .with_columns((pl.col("matching") / pl.col("total")).alias("ratio"))
        .sort(["period", "_order", *keys[1:]], nulls_last=True)
        .select("period", "query", *keys[1:], "matching", "total", "ratio")
    )
    return _like(out, kind)
