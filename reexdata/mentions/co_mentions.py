"""Pairs of entities mentioned in the same articles (see :func:`co_mentions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import numpy as np
import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata.errors import check_range, check_type
from reexdata.mentions.count import _check_mentions
from reexdata.schema import TABLES, cast_table, empty_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["co_mentions"]

Frame = TypeVar("Frame", "pd.DataFrame", pl.DataFrame)


def co_mentions(mentions: Frame, *, min_articles: int = 1) -> Frame:
    """Pairs of entities mentioned in the same articles.

    The counts come from one sparse product of the article x entity
    incidence matrix with itself, never from a loop over article pairs.

    Parameters
    ----------
    mentions : pandas.DataFrame or polars.DataFrame
        Output of :func:`count_mentions`.
    min_articles : int, default=1
        Keep pairs mentioned together in at least this many articles.

    Returns
    -------
    pairs : same type as ``mentions``
        One row per pair, ``entity_a < entity_b``, sorted by both. Columns:

        - ``entity_a``, ``entity_b`` (str): the two entity ids.
        - ``articles`` (int): articles mentioning both.
        - ``jaccard`` (float): ``articles`` / articles mentioning either.
        - ``pmi`` (float): ``log2(P(a,b) / (P(a) P(b)))`` where each
          probability is a share of the N articles that mention at least one
          entity (the articles present in ``mentions``), i.e.
          ``log2(articles * N / (n_a * n_b))``.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.mentions import co_mentions
    >>> mentions = pl.DataFrame({
    ...     "article_id": ["a1", "a1", "a2", "a2", "a3", "a4"],
    ...     "entity": ["baogang", "lynas", "baogang", "lynas", "baogang", "csre"],
    ...     "mentions": [1, 2, 1, 1, 3, 1],
    ...     "first_offset": [0, 10, 0, 5, 0, 0],
    ... })
    >>> co_mentions(mentions).with_columns(pl.col("jaccard", "pmi").round(3)).rows()
    [('baogang', 'lynas', 2, 0.667, 0.415)]
    """
    func = "co_mentions"
    check_type(func, "min_articles", min_articles, int, "an int")
    check_range(func, "min_articles", min_articles, low=1)
    ment, kind = _to_polars(mentions, func, "mentions")
    pairs = _co_matrix(_check_mentions(ment, func).filter(pl.col("mentions") > 0), min_articles)
    return _like(cast_table("co_mentions", pairs), kind)


def _co_matrix(ment: pl.DataFrame, min_articles: int) -> pl.DataFrame:
    from scipy import sparse

    empty = empty_table("co_mentions")
    ment = ment.select("article_id", "entity").unique()
    if ment.height == 0:
        return empty
    articles = ment["article_id"].unique().sort()
    entities = ment["entity"].unique().sort()
    rows = ment["article_id"].cast(pl.Enum(articles)).to_physical().to_numpy()
    cols = ment["entity"].cast(pl.Enum(entities)).to_physical().to_numpy()
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(articles), len(entities))
    )
    both = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    keep = both.data >= min_articles
    a, b, n_ab = both.row[keep], both.col[keep], both.data[keep].astype(np.int64)
    df = np.asarray(incidence.sum(axis=0)).ravel()
    n = len(articles)
    order = np.lexsort((b, a))
    a, b, n_ab = a[order], b[order], n_ab[order]
    names = entities.to_numpy()
    return pl.DataFrame(
        {
            "entity_a": names[a].astype(str) if len(a) else [],
            "entity_b": names[b].astype(str) if len(b) else [],
            "articles": n_ab,
            "jaccard": n_ab / (df[a] + df[b] - n_ab),
            "pmi": np.log2(n_ab * n / (df[a] * df[b])),
        },
        schema=TABLES["co_mentions"].polars_schema,
    )
