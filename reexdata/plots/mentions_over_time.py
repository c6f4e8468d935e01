"""Lines of how often chosen entities are mentioned, period by period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata._periods import FREQS, _rolling_mean
from reexdata.errors import check_one_of, check_range, check_type, param_error
from reexdata.plots._common import (
    _all_undated_note,
    _check_names,
    _esc,
    _frame,
    _guess_freq,
    _name,
    _period_label,
    _plural,
    _time_axis,
    _undated,
    _undated_note,
    _with_gaps,
)
from reexdata.plots._template import COLORWAY, _add_note, _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["mentions_over_time"]

_COLUMNS = ["period", "entity", "mentions", "articles_mentioning", "articles_in_period", "share"]
_MEASURES = ("share", "mentions")
_Y_TITLES = {"share": "Share of articles mentioning", "mentions": "Mentions"}
_BUTTONS = {"share": "Share of articles", "mentions": "Raw mentions"}
#: Entities drawn when none are chosen: the most widely mentioned.
DEFAULT_TOP = 8


def mentions_over_time(
    mentions_over_time_table: pd.DataFrame | pl.DataFrame,
    *,
    entities: list[str] | tuple[str, ...] | None = None,
    measure: str = "share",
    smooth: int | None = None,
    names: Mapping[str, str] | None = None,
    freq: str | None = None,
) -> go.Figure:
    """Draw mentions of entities over time, switchable between share and raw counts.

    Parameters
    ----------
    mentions_over_time_table : pandas.DataFrame or polars.DataFrame
        The ``mentions_over_time`` table (``period``, ``entity``,
        ``mentions``, ``articles_mentioning``, ``articles_in_period``,
        ``share``). Its undated bucket (``period`` null) is left off the time
        axis and its size is written on the chart.
    entities : list of str, optional
        Entity ids to draw, in this order. By default the 8 entities that
        the most articles mention (ties by mentions, then id). Ids absent
        from the table are named in a note.
    measure : {"share", "mentions"}, default="share"
        What is shown first: the share of the period's dated articles that
        mention the entity (the GDELT / Media Cloud normalisation) or the raw
        number of mentions. A dropdown on the chart switches between them.
    smooth : int, optional
        Width in calendar periods of a centred rolling mean applied to both
        measures (at least 1; 1 changes nothing), as in
        :func:`reexdata.mentions.mentions_over_time`: a period without
        articles is left out of the mean, not counted as 0.
    names : mapping of str to str, optional
        Display names by entity id (the ``entities`` table's ``name``); ids
        are shown otherwise.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        The table's period length (the ``freq`` it was made with); guessed
        from its periods when not given. It names the periods, tells where
        the gaps are and sets the smoothing window.

    Returns
    -------
    plotly.graph_objects.Figure
        Two line traces per entity: first the share traces of all entities,
        then their mention traces, each visible only under its measure.
        Periods without articles have no rows in the table and are drawn as
        gaps, never as zeros: a null ``y`` at the first missing period of
        each gap breaks the line. The
        dropdown (``layout.updatemenus[0]``) has the buttons "Share of
        articles" and "Raw mentions". Hover labels give entity, period and
        "a of N articles". An empty chart with a note when nothing is left
        to draw.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.plots import mentions_over_time
    >>> table = pl.DataFrame({
    ...     "period": [dt.date(2025, 1, 6), dt.date(2025, 1, 13), None],
    ...     "entity": ["baogang"] * 3,
    ...     "mentions": [4, 0, 2],
    ...     "articles_mentioning": [2, 0, 1],
    ...     "articles_in_period": [2, 1, 1],
    ...     "share": [1.0, 0.0, 1.0],
    ... })
    >>> fig = mentions_over_time(table, names={"baogang": "Baogang"})
    >>> [(t.name, t.visible, list(t.y)) for t in fig.data]
    [('Baogang', True, [1.0, 0.0]), ('Baogang', False, [4.0, 0.0])]
    """
    func = "mentions_over_time"
    check_one_of(func, "measure", measure, _MEASURES)
    if smooth is not None:
        check_type(func, "smooth", smooth, int, "an int or None")
        check_range(func, "smooth", smooth, low=1)
    if entities is not None:
        if isinstance(entities, str) or not isinstance(entities, (list, tuple)):
            raise param_error(func, "entities", "a list of entity ids or None", entities)
        entities = list(dict.fromkeys(entities))
    if freq is not None:
        check_one_of(func, "freq", freq, FREQS)
    names = _check_names(func, names)
    df = _frame(mentions_over_time_table, func, "mentions_over_time_table", _COLUMNS)
    title = "Mentions over time"
    x_title = "Period (first day)"
    undated = _undated(df)
    dated = df.filter(pl.col("period").is_not_null())

    present = set(dated["entity"].unique().to_list())
    if entities is None:
        chosen = _top_entities(dated)
        missing = []
    else:
        chosen = [e for e in entities if e in present]
        missing = [e for e in entities if e not in present]
    if dated.height == 0 or not chosen:
        if dated.height == 0 and undated:
            note = _all_undated_note(undated)
        elif entities is not None and not entities:
            note = "No entity was chosen."
        elif missing:
            note = "No mentions of " + ", ".join(_esc(e) for e in missing) + " in this table."
        else:
            note = "No mentions to draw."
        return _empty_figure(title, note, x_title=x_title, y_title=_Y_TITLES[measure])

    periods = sorted(dated["period"].unique().to_list())
    freq = freq or _guess_freq(periods)
    series = {e: _series(dated, e, smooth, freq) for e in chosen}
    fig = _figure(title, x_title=x_title, y_title=_y_title(measure, smooth))
    for shown in _MEASURES:
        for i, entity in enumerate(chosen):
            rows = series[entity]
            label = _name(entity, names)
            custom = [
                [label, _period_label(p, freq), f"{a} of {_plural(n, 'article')}", _plural(m, "mention")]
                for p, a, n, m in zip(
                    rows["period"], rows["articles_mentioning"], rows["articles_in_period"], rows["mentions"]
                )
            ]
            value = "%{y:.0%} of dated articles" if shown == "share" else "%{y:.4~g} mentions"
            x, (y, custom) = _with_gaps(rows["period"].to_list(), [rows[f"y_{shown}"].to_list(), custom], freq)
            fig.add_trace(
                go.Scatter(
                    name=label,
                    legendgroup=entity,
                    x=x,
                    y=y,
                    mode="lines+markers",
                    line={"color": COLORWAY[i % len(COLORWAY)], "width": 2},
                    marker={"size": 5},
                    visible=shown == measure,
                    customdata=custom,
                    hovertemplate=(
                        f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{value}"
                        + "<br>%{customdata[2]}, %{customdata[3]}"
                        + "<extra></extra>"
                    ),
                )
            )
    n = len(chosen)
    buttons = [
        {
            "label": _BUTTONS[shown],
            "method": "update",
            "args": [
                {"visible": [m == shown for m in _MEASURES for _ in range(n)]},
                {
                    "yaxis.title.text": _y_title(shown, smooth),
                    "yaxis.tickformat": ".0%" if shown == "share" else "",
                },
            ],
        }
        for shown in _MEASURES
    ]
    fig.update_layout(
        updatemenus=[
            {
                "type": "dropdown",
                "buttons": buttons,
                "active": _MEASURES.index(measure),
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
                "showactive": True,
            }
        ],
        legend={"title": {"text": "Entity"}},
        hovermode="closest",
        height=460,
    )
    fig.update_yaxes(tickformat=".0%" if measure == "share" else "", rangemode="tozero")
    _time_axis(fig, freq, periods)
    notes = [_undated_note(undated)]
    if missing:
        notes.append("not in the table: " + ", ".join(_esc(e) for e in missing))
    _add_note(fig, "; ".join(notes))
    return fig


def _top_entities(dated: pl.DataFrame) -> list[str]:
    totals = (
        dated.group_by("entity")
        .agg(pl.col("articles_mentioning").sum().alias("a"), pl.col("mentions").sum().alias("m"))
        .filter(pl.col("m") > 0)
        .sort(["a", "m", "entity"], descending=[True, True, False])
    )
    return totals["entity"].head(DEFAULT_TOP).to_list()


def _series(dated: pl.DataFrame, entity: str, smooth: int | None, freq: str | None) -> pl.DataFrame:
    rows = dated.filter(pl.col("entity") == entity).sort("period")
    if smooth and smooth > 1 and freq is not None:
        means = _rolling_mean(rows, ["share", "mentions"], smooth, freq, by="entity")
        rows = rows.join(means, on=["period", "entity"], how="left", maintain_order="left")
        return rows.rename({"share_smooth": "y_share", "mentions_smooth": "y_mentions"})
    # One period (freq None) or no smoothing: the values themselves.
    return rows.with_columns(
        pl.col("share").cast(pl.Float64).alias("y_share"), pl.col("mentions").cast(pl.Float64).alias("y_mentions")
    )


def _y_title(measure: str, smooth: int | None) -> str:
    text = _Y_TITLES[measure]
    if smooth and smooth > 1:
        text += f" ({smooth}-period mean)"
    return text
