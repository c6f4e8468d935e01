"""Share of each theme among the dated articles of each period."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata._periods import FREQS
from reexdata.errors import check_one_of
from reexdata.lexicons import UNASSIGNED
from reexdata.plots._common import (
    _all_undated_note,
    _frame,
    _guess_freq,
    _period_label,
    _runs,
    _theme_label,
    _theme_order,
    _time_axis,
    _undated,
    _undated_note,
    _with_gaps,
)
from reexdata.plots._template import COLORWAY, _add_note, _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["theme_share"]

_COLUMNS = ["period", "theme", "articles", "articles_in_period", "share"]
_GREY = "#a0a7ae"


def theme_share(
    themes_over_time: pd.DataFrame | pl.DataFrame, *, kind: str = "area", freq: str | None = None
) -> go.Figure:
    """Draw how the share of articles held by each theme moves over time.

    Parameters
    ----------
    themes_over_time : pandas.DataFrame or polars.DataFrame
        The ``themes_over_time`` table (columns ``period``, ``theme``,
        ``articles``, ``articles_in_period``, ``share``). Its undated bucket
        (``period`` null) is left off the time axis and its size is written
        on the chart.
    kind : {"area", "line"}, default="area"
        ``"area"`` stacks the shares (they add up to 1 in every period that
        has articles); ``"line"`` draws one line per theme.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        The table's period length (the ``freq`` it was made with); guessed
        from its periods when not given. It names the periods and tells
        where the gaps are.

    Returns
    -------
    plotly.graph_objects.Figure
        Scatter traces named by the theme's label, themes in the order of
        the shipped theme lexicon (other ids after it, alphabetically) with
        ``unassigned`` last. ``x`` is the first day of each period and ``y``
        the share (0..1). The table has no rows for periods without
        articles, and the chart draws them as gaps, never as a share of 0:
        ``"line"`` draws one trace per theme with a null ``y`` at the first
        missing period of each gap; ``"area"`` draws one stack of traces per
        run of consecutive periods (legend group = theme, shown once), as a
        stacked area cannot break. The hover label gives the theme, the
        period and "n of N". An empty chart with a note when no period is
        dated.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.plots import theme_share
    >>> table = pl.DataFrame({
    ...     "period": [dt.date(2025, 1, 1)] * 2 + [dt.date(2025, 2, 1)] * 2,
    ...     "theme": ["markets_pricing", "unassigned"] * 2,
    ...     "articles": [1, 1, 2, 0],
    ...     "articles_in_period": [2, 2, 2, 2],
    ...     "share": [0.5, 0.5, 1.0, 0.0],
    ... })
    >>> fig = theme_share(table, kind="line")
    >>> [trace.name for trace in fig.data]
    ['Markets and pricing', 'Unassigned']
    >>> list(fig.data[0].y)
    [0.5, 1.0]
    """
    func = "theme_share"
    check_one_of(func, "kind", kind, ("area", "line"))
    if freq is not None:
        check_one_of(func, "freq", freq, FREQS)
    df = _frame(themes_over_time, func, "themes_over_time", _COLUMNS)
    title = "Theme share over time"
    x_title = "Period (first day)"
    y_title = "Share of dated articles"
    undated = _undated(df)
    dated = df.filter(pl.col("period").is_not_null())
    if dated.height == 0:
        if undated:
            note = _all_undated_note(undated)
        else:
            note = "No themes to draw."
        return _empty_figure(title, note, x_title=x_title, y_title=y_title)

    periods = sorted(dated["period"].unique().to_list())
    freq = freq or _guess_freq(periods)
    themes = _theme_order(dated["theme"].unique().to_list())
    # A stacked area cannot break: each run of consecutive periods is its own stack.
    runs = [periods] if kind == "line" else _runs(periods, freq)

    fig = _figure(title, x_title=x_title, y_title=y_title)
    for r, run in enumerate(runs):
        for i, theme in enumerate(themes):
            rows = dated.filter((pl.col("theme") == theme) & pl.col("period").is_in(run)).sort("period")
            color = _GREY if theme == UNASSIGNED else COLORWAY[i % len(COLORWAY)]
            label = _theme_label(theme)
            custom = [
                [label, _period_label(p, freq), int(a), int(n)]
                for p, a, n in zip(rows["period"], rows["articles"], rows["articles_in_period"])
            ]
            x, (y, custom) = _with_gaps(rows["period"].to_list(), [rows["share"].to_list(), custom], freq)
            trace = go.Scatter(
                name=label,
                legendgroup=f"theme-{i}",
                showlegend=r == 0,
                x=x,
                y=y,
                customdata=custom,
                mode="lines+markers" if kind == "line" or len(run) == 1 else "lines",
                line={"color": color, "width": 2 if kind == "line" else 0.5},
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                    "%{y:.0%} of dated articles (%{customdata[2]} of %{customdata[3]})<extra></extra>"
                ),
            )
            if kind == "area":
                trace.update(stackgroup=f"themes-{r}", fillcolor=color)
            fig.add_trace(trace)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    _time_axis(fig, freq, periods)
    fig.update_layout(hovermode="closest", legend={"title": {"text": "Theme"}})
    _add_note(fig, _undated_note(undated))
    return fig
