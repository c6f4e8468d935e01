"""Primary themes counted per calendar period: :func:`themes_over_time`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._periods import FREQS, _nonempty, _period_start
from reexdata._typing import Frame
from reexdata.errors import check_one_of, param_error
from reexdata.lexicons import UNASSIGNED
from reexdata.schema import cast_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["themes_over_time"]


def themes_over_time(scores: Frame, articles: pd.DataFrame | pl.DataFrame, *, freq: str = "M") -> Frame:
    """Count the articles of each primary theme per calendar period.

    Parameters
    ----------
    scores : polars.DataFrame or pandas.DataFrame
        The output of :func:`score_themes` for (at least) these articles.
    articles : polars.DataFrame or pandas.DataFrame
        The articles table; needs ``article_id`` and ``published``.
    freq : {'D', 'W', 'M', 'Q', 'Y'}, default='M'
        Period length: day, ISO week (Monday start), month, quarter or year.

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The kind of ``scores``, columns as ``TABLES['themes_over_time']``,
        one row per (period, theme) for every theme of ``scores`` plus
        ``'unassigned'``, sorted by period (undated last) then theme:

        - ``period`` : date, first day of the period. Only periods with at
          least one dated article are present: a period missing between
          two others had no article (a gap, not a share of 0), so the
          table grows with the articles, not with the time they span.
          Undated articles form one extra group with a null period (present
          only when there are undated articles).
        - ``theme`` : str, theme id or ``'unassigned'`` (articles with no
          primary theme: by default, articles about none of the themes)
        - ``articles`` : int, articles of the period whose primary theme it is
        - ``articles_in_period`` : int, all articles of the period (the sum
          of ``articles`` over the period's themes)
        - ``share`` : float, articles / articles_in_period (articles_in_period
          is at least 1 in every row)
        - ``mean_score`` : float, mean score of the theme over all the
          period's articles (with relevance scores, the expected share of
          them about the theme; 0 for ``'unassigned'``)

    Raises
    ------
    ValueError
        When ``freq`` is not one of 'D', 'W', 'M', 'Q', 'Y', or when an article
        has no scores.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.themes import themes_over_time
    >>> scores = pl.DataFrame({
    ...     "article_id": ["a", "a", "b", "b"], "theme": ["x", "y", "x", "y"],
    ...     "score": [0.9, 0.1, 0.3, 0.7], "rank": [1, 2, 2, 1],
    ...     "is_primary": [True, False, False, True],
    ...     "top_terms": [[], [], [], []],
    ... })
    >>> articles = pl.DataFrame({"article_id": ["a", "b"],
    ...                          "published": [dt.date(2025, 1, 5), dt.date(2025, 3, 1)]})
    >>> out = themes_over_time(scores, articles, freq="M")
    >>> out.filter(pl.col("theme") == "x").select("period", "articles").rows()
    [(datetime.date(2025, 1, 1), 1), (datetime.date(2025, 3, 1), 0)]
    """
    check_one_of("themes_over_time", "freq", freq, FREQS)
    sc, kind = _to_polars(scores, "themes_over_time", "scores")
    art, _ = _to_polars(articles, "themes_over_time", "articles")
    for name, frame, cols in (("scores", sc, ("article_id", "theme", "score", "is_primary")),
                              ("articles", art, ("article_id", "published"))):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise param_error("themes_over_time", name, f"a table with columns {list(cols)}",
                              f"a table without {missing}")
    themes = sorted(set(sc.get_column("theme").to_list()) | {UNASSIGNED})
    dated = art.select(
        pl.col("article_id"),
        _period_start(pl.col("published").cast(pl.Date), freq).alias("period"),
    )
    scored_ids = set(sc.get_column("article_id").to_list())
    unscored = [a for a in dated.get_column("article_id").to_list() if a not in scored_ids]
    if unscored:
        raise param_error("themes_over_time", "scores", "scores of every article",
                          f"no scores for article {unscored[0]!r}")
    primary = (
        sc.filter(pl.col("is_primary"))
        .group_by("article_id")
        .agg(pl.col("theme").sort().first().alias("primary"))
    )
    per_article = dated.join(primary, on="article_id", how="left").with_columns(
        pl.col("primary").fill_null(UNASSIGNED)
    )
    periods = _nonempty(per_article.get_column("period"))
    grid = periods.join(pl.DataFrame({"theme": themes}), how="cross")
    counts = per_article.group_by("period", "primary").agg(pl.len().alias("articles"))
    totals = per_article.group_by("period").agg(pl.len().alias("articles_in_period"))
    means = (
        sc.join(dated, on="article_id", how="inner")
        .group_by("period", "theme")
        # Summed in value order: a float sum in row order would change in
        # the last bit when the same articles arrive in another order.
        .agg(pl.col("score").sort().sum().alias("score_sum"))
    )
    out = (
        grid.join(counts.rename({"primary": "theme"}), on=["period", "theme"], how="left", nulls_equal=True)
        .join(totals, on="period", how="left", nulls_equal=True)
        .join(means, on=["period", "theme"], how="left", nulls_equal=True)
        .with_columns(
            pl.col("articles").fill_null(0),
            pl.col("score_sum").fill_null(0.0),
        )
        # Every period of the grid has an article: no division by zero.
        .with_columns(
            (pl.col("articles") / pl.col("articles_in_period")).alias("share"),
            (pl.col("score_sum") / pl.col("articles_in_period")).alias("mean_score"),
        )
        .sort(["period", "theme"], nulls_last=True)
    )
    return _like(cast_table("themes_over_time", out), kind)
