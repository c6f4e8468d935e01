"""Mentions per calendar period, normalised by coverage (see :func:`mentions_over_time`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._periods import FREQS, _nonempty, _period_start, _rolling_mean
from reexdata.errors import check_one_of, check_range, check_type, param_error
from reexdata.mentions.count import _check_mentions
from reexdata.schema import cast_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["mentions_over_time"]

Frame = TypeVar("Frame", "pd.DataFrame", pl.DataFrame)


def mentions_over_time(
    mentions: Frame,
    articles: pd.DataFrame | pl.DataFrame,
    *,
    freq: str = "W",
    smooth: int | None = None,
) -> Frame:
    """Mentions of each entity per calendar period, normalised by coverage.

    ``share`` is the fraction of the period's articles that mention the
    entity (the normalisation GDELT and Media Cloud use), so a busy week
    does not look like rising attention.

    Parameters
    ----------
    mentions : pandas.DataFrame or polars.DataFrame
        Output of :func:`count_mentions`.
    articles : pandas.DataFrame or polars.DataFrame
        The articles table (``article_id`` and ``published`` are used).
        Mentions of articles absent from it are ignored, so filtering
        ``articles`` restricts the analysis.
    freq : {'D', 'W', 'M', 'Q', 'Y'}, default='W'
        Period length: day, ISO week (from Monday), month, quarter or year.
    smooth : int or None, default=None
        When given, a centred rolling mean over a window of ``smooth``
        calendar periods (not rows) is added as two extra columns,
        ``mentions_smooth`` and ``share_smooth`` (null in the undated
        bucket). For an even window the extra period is the earlier one.
        Periods without articles are absent from the table and from the
        mean: each value is the mean over the periods of its window that
        have articles (so fewer at the ends of the span and next to gaps).

    Returns
    -------
    series : same type as ``mentions``
        One row per (period, entity) for every entity mentioned at least
        once in ``articles``, for every period that has at least one dated
        article (with zeros where the entity was not mentioned). A period
        without articles has no rows: it is a gap, not a share of 0, and
        the table grows with the articles, not with the time they span. When
        some articles have no date they form one extra group per entity
        with ``period`` null, whose ``articles_in_period`` counts the
        undated articles. Sorted by ``period`` (null last) then ``entity``.
        Columns: ``period`` (date, first day), ``entity``, ``mentions``,
        ``articles_mentioning``, ``articles_in_period``, ``share``
        (``articles_mentioning / articles_in_period``; ``articles_in_period``
        is at least 1 in every row), and ``mentions_smooth``, ``share_smooth`` when
        ``smooth`` is given.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.mentions import count_mentions, mentions_over_time
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1", "a2", "a3"],
    ...     "published": [dt.date(2025, 1, 6), dt.date(2025, 1, 7), dt.date(2025, 1, 20)],
    ...     "body": ["Baogang and Lynas.", "Lynas alone.", "Nothing here."],
    ... })
    >>> series = mentions_over_time(count_mentions(articles), articles, freq="W")
    >>> series.filter(entity="lynas").select("period", "mentions", "share").rows()
    [(datetime.date(2025, 1, 6), 2, 1.0), (datetime.date(2025, 1, 20), 0, 0.0)]
    """
    func = "mentions_over_time"
    check_one_of(func, "freq", freq, FREQS)
    if smooth is not None:
        check_type(func, "smooth", smooth, int, "an int or None")
        check_range(func, "smooth", smooth, low=1)
    ment, kind = _to_polars(mentions, func, "mentions")
    arts, _ = _to_polars(articles, func, "articles")
    ment = _check_mentions(ment, func)
    if "article_id" not in arts.columns or "published" not in arts.columns:
        raise param_error(func, "articles", "an articles table with 'article_id' and 'published'", sorted(arts.columns))
    dates = arts.select(
        pl.col("article_id").cast(pl.String), _period_start(pl.col("published").cast(pl.Date), freq).alias("period")
    ).unique("article_id", keep="first")
    per_period = dates.group_by("period").agg(pl.len().cast(pl.Int64).alias("articles_in_period"))
    hits = (
        ment.filter(pl.col("mentions") > 0)
        .join(dates, on="article_id", how="inner")
        .group_by("period", "entity")
        .agg(pl.col("mentions").sum(), pl.col("article_id").n_unique().cast(pl.Int64).alias("articles_mentioning"))
    )
    grid = _grid(dates, hits)
    out = (
        grid.join(hits, on=["period", "entity"], how="left", nulls_equal=True)
        .join(per_period, on="period", how="left", nulls_equal=True)
        .with_columns(pl.col("mentions", "articles_mentioning").fill_null(0))
        # Every period of the grid has an article: no division by zero.
        .with_columns((pl.col("articles_mentioning") / pl.col("articles_in_period")).alias("share"))
        .sort("period", "entity", nulls_last=True)
    )
    out = cast_table("mentions_over_time", out)
    if smooth is not None:
        out = _smoothed(out, smooth, freq)
    return _like(out, kind)


def _grid(dates: pl.DataFrame, hits: pl.DataFrame) -> pl.DataFrame:
    """Every (period, entity) pair: the periods with articles plus the undated bucket."""
    entities = hits.select(pl.col("entity").unique().sort())
    return _nonempty(dates["period"]).join(entities, how="cross")


def _smoothed(out: pl.DataFrame, window: int, freq: str) -> pl.DataFrame:
    dated = out.filter(pl.col("period").is_not_null())
    rolled = _rolling_mean(dated, ["mentions", "share"], window, freq, by="entity")
    return out.join(rolled, on=["period", "entity"], how="left", maintain_order="left")

