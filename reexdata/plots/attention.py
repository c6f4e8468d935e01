"""Lines of the share of coverage that matches each query, period by period."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata._periods import FREQS
from reexdata.errors import check_one_of
from reexdata.plots._common import (
    _all_undated_note,
    _esc,
    _frame,
    _guess_freq,
    _period_label,
    _plural,
    _time_axis,
    _undated_note,
    _with_gaps,
)
from reexdata.plots._template import COLORWAY, _add_note, _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["attention"]

_COLUMNS = ["period", "query", "matching", "total", "ratio"]


def attention(attention_table: pd.DataFrame | pl.DataFrame, *, freq: str | None = None) -> go.Figure:
    """Draw each query's share of the coverage over time.

    Parameters
    ----------
    attention_table : pandas.DataFrame or polars.DataFrame
        The ``attention`` table of a build, or what
        :func:`reexdata.attention` returns (``period``, ``query``,
        ``matching``, ``total``, ``ratio``; with ``outlet`` when made with
        ``by="outlet"``). Its undated bucket (``period`` null) is left off
        the time axis and its size is written on the chart.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        The table's period length; guessed from its periods when not given.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per query (per query and outlet, "query · outlet", when the
        table has an ``outlet`` column; a null outlet is "unknown outlet"),
        in the table's order: ``y`` is the ratio, a
        period without articles is a gap (a null ``y``), never a zero. Hover
        labels give the query, the period and "m of N articles". An empty
        chart with a note when no period is dated.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.plots import attention
    >>> table = pl.DataFrame({
    ...     "period": [dt.date(2025, 1, 1), dt.date(2025, 2, 1), None],
    ...     "query": ["gallium"] * 3,
    ...     "matching": [1, 3, 1],
    ...     "total": [4, 4, 2],
    ...     "ratio": [0.25, 0.75, 0.5],
    ... })
    >>> [(t.name, list(t.y)) for t in attention(table).data]
    [('gallium', [0.25, 0.75])]
    """
    func = "attention"
    if freq is not None:
        check_one_of(func, "freq", freq, FREQS)
    df = _frame(attention_table, func, "attention_table", _COLUMNS)
    title = "Attention: share of articles matching each query"
    x_title, y_title = "Period (first day)", "Share of articles matching"
    keys = ["query", "outlet"] if "outlet" in df.columns else ["query"]
    dated = df.filter(pl.col("period").is_not_null())
    # The undated bucket's size: its total, once per outlet, not once per query.
    undated = int(df.filter(pl.col("period").is_null()).unique(keys[1:] or ["period"]).get_column("total").sum())
    if dated.height == 0:
        note = _all_undated_note(undated) if undated else "No query and no dated article: nothing to draw."
        return _empty_figure(title, note, x_title=x_title, y_title=y_title)

    periods = sorted(dated["period"].unique().to_list())
    freq = freq or _guess_freq(periods)
    fig = _figure(title, x_title=x_title, y_title=y_title)
    lines = dated.select(keys).unique(maintain_order=True).rows()
    for i, key in enumerate(lines):
        rows = dated.filter(pl.all_horizontal([pl.col(k).eq_missing(v) for k, v in zip(keys, key)])).sort("period")
        label = " · ".join(_esc("unknown outlet" if part is None else part) for part in key)
        custom = [[label, _period_label(p, freq), f"{m} of {_plural(n, 'article')}"]
                  for p, m, n in zip(rows["period"], rows["matching"], rows["total"])]
        x, (y, custom) = _with_gaps(rows["period"].to_list(), [rows["ratio"].to_list(), custom], freq)
        fig.add_trace(
            go.Scatter(
                name=label,
                x=x,
                y=y,
                mode="lines+markers",
                line={"color": COLORWAY[i % len(COLORWAY)], "width": 2},
                marker={"size": 5},
                customdata=custom,
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{y:.0%} of articles"
                    "<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
    fig.update_layout(legend={"title": {"text": "Query"}}, hovermode="closest", height=440)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    _time_axis(fig, freq, periods)
    if undated:
        _add_note(fig, _undated_note(undated))
    return fig
