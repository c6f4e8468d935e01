"""Bar chart of how many articles each period holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata._periods import FREQS, _period_start
from reexdata.errors import check_one_of
from reexdata.plots._common import (
    _PERIOD,
    _all_undated_note,
    _count_axis,
    _date_label,
    _frame,
    _period_label,
    _plural,
    _short,
    _time_axis,
    _undated_note,
)
from reexdata.plots._template import _add_note, _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["articles_per_period"]

_UNIT = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
# Headlines listed in one bar's hover label before "and N more".
_HOVER_HEADLINES = 8


def articles_per_period(articles: pd.DataFrame | pl.DataFrame, *, freq: str = "M") -> go.Figure:
    """Draw the number of dated articles per period, stating how many are undated.

    Every period with a dated article gets a bar; a period without any has
    no bar (the chart's size follows the articles, not the time they span).
    Undated articles cannot sit on a time axis; their number is written on
    the chart instead.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table; the columns ``headline`` and ``published`` are used.
    freq : {"D", "W", "M", "Q", "Y"}, default="M"
        Period length: day, week (starting Monday), month, quarter or year.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace named ``"articles"``: ``x`` the first day of each
        period with articles, ``y`` the article count; the hover label names
        the period, says "1 article" or "n articles" and lists the headlines. An annotation states the undated count. With
        no dated article, an empty chart with a note.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.plots import articles_per_period
    >>> articles = pl.DataFrame({
    ...     "headline": ["A", "B", "C"],
    ...     "published": [dt.date(2025, 1, 6), dt.date(2025, 3, 3), None],
    ... })
    >>> fig = articles_per_period(articles, freq="M")
    >>> list(fig.data[0].x), list(fig.data[0].y)
    ([datetime.date(2025, 1, 1), datetime.date(2025, 3, 1)], [1, 1])
    >>> fig.layout.annotations[0].text
    'Undated: 1 article (not on the time axis)'
    """
    func = "articles_per_period"
    check_one_of(func, "freq", freq, FREQS)
    df = _frame(articles, func, "articles", ["headline", "published"])
    title = f"Articles per {_UNIT[freq]}"
    x_title = f"{_UNIT[freq].capitalize()} (first day)"
    undated = df["published"].null_count()
    dated = df.filter(pl.col("published").is_not_null())
    if dated.height == 0:
        if undated:
            note = _all_undated_note(undated)
        else:
            note = "No articles to count."
        return _empty_figure(title, note, x_title=x_title, y_title="Articles")

    dated = dated.with_columns(_period_start(pl.col("published"), freq).alias("period")).sort(
        ["published", "headline"]
    )
    table = (
        dated.group_by("period", maintain_order=True)
        .agg(pl.len().alias("n"), pl.col("headline"), pl.col("published"))
        .sort("period")
    )
    counts = [int(n) for n in table["n"]]
    custom = [
        [_period_label(row["period"], freq), _plural(n, "article"), _headline_list(row["headline"], row["published"])]
        for row, n in zip(table.iter_rows(named=True), counts)
    ]

    fig = _figure(title, x_title=x_title, y_title="Articles")
    fig.add_trace(
        go.Bar(
            name="articles",
            x=table["period"].to_list(),
            y=counts,
            customdata=custom,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            xperiod=_PERIOD[freq],
            xperiodalignment="middle",
        )
    )
    fig.update_layout(showlegend=False, bargap=0.15)
    _time_axis(fig, freq, table["period"].to_list(), bars=True)
    fig.update_yaxes(**_count_axis(max(counts)))
    _add_note(fig, _undated_note(undated))
    return fig


def _headline_list(headlines: list, dates: list) -> str:
    lines = [f"{_date_label(d)}: {_short(h)}" for h, d in zip(headlines[:_HOVER_HEADLINES], dates)]
    if len(headlines) > _HOVER_HEADLINES:
        lines.append(f"\u2026 and {len(headlines) - _HOVER_HEADLINES} more")
    return "<br>".join(lines)
