"""Heatmap of how often the most connected entities are mentioned together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

import plotly.graph_objects as go
import polars as pl

from reexdata.errors import check_range, check_type
from reexdata.plots._common import _check_names, _frame, _name, _plural
from reexdata.plots._template import _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["co_mentions_heatmap"]

_COLUMNS = ["entity_a", "entity_b", "articles", "jaccard", "pmi"]


def co_mentions_heatmap(
    co_mentions: pd.DataFrame | pl.DataFrame, *, top: int = 15, names: Mapping[str, str] | None = None
) -> go.Figure:
    """Draw a symmetric heatmap of the articles that mention two entities together.

    Entities are ranked by the articles they share with any other entity
    (summed over their pairs; ties by id) and the ``top`` first are drawn,
    most connected first.

    Parameters
    ----------
    co_mentions : pandas.DataFrame or polars.DataFrame
        The ``co_mentions`` table (``entity_a``, ``entity_b``, ``articles``,
        ``jaccard``, ``pmi``).
    top : int, default=15
        How many entities to draw (at least 1).
    names : mapping of str to str, optional
        Display names by entity id (the ``entities`` table's ``name``); ids
        are shown otherwise.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap trace named ``"co-mentions"``: ``z[i][j]`` is the number
        of articles mentioning entities ``i`` and ``j`` (null on the
        diagonal and for pairs not in the table). Rows and columns are
        positions labelled with the names. The hover ``text`` gives both
        names, the article count, the Jaccard index and the PMI. An empty
        chart with a note when there is no pair.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.plots import co_mentions_heatmap
    >>> pairs = pl.DataFrame({
    ...     "entity_a": ["baogang", "baogang"], "entity_b": ["baotou", "ordos"],
    ...     "articles": [3, 1], "jaccard": [0.6, 0.2], "pmi": [0.3, -0.1],
    ... })
    >>> fig = co_mentions_heatmap(pairs, top=3)
    >>> [list(row) for row in fig.data[0].z]
    [[None, 3, 1], [3, None, None], [1, None, None]]
    """
    func = "co_mentions_heatmap"
    check_type(func, "top", top, int, "an int")
    check_range(func, "top", top, low=1)
    names = _check_names(func, names)
    df = _frame(co_mentions, func, "co_mentions", _COLUMNS)
    title = "Entities mentioned together"
    x_title = y_title = "Entity"
    if df.height == 0:
        return _empty_figure(title, "No two entities are mentioned in the same article.",
                             x_title=x_title, y_title=y_title)

    both = pl.concat([
        df.select(pl.col("entity_a").alias("entity"), "articles"),
        df.select(pl.col("entity_b").alias("entity"), "articles"),
    ])
    ranked = (
        both.group_by("entity").agg(pl.col("articles").sum())
        .sort(["articles", "entity"], descending=[True, False])["entity"].head(top).to_list()
    )
    pos = {e: i for i, e in enumerate(ranked)}
    labels = [_name(e, names) for e in ranked]
    n = len(ranked)
    z: list[list[int | None]] = [[None] * n for _ in range(n)]
    text = [[""] * n for _ in range(n)]
    for r in df.filter(pl.col("entity_a").is_in(ranked) & pl.col("entity_b").is_in(ranked)).iter_rows(named=True):
        i, j = pos[r["entity_a"]], pos[r["entity_b"]]
        verb = "mentions" if r["articles"] == 1 else "mention"
        hover = (
            f"<b>{labels[i]}</b> and <b>{labels[j]}</b><br>{_plural(r['articles'], 'article')} {verb} both"
            f"<br>Jaccard {r['jaccard']:.2f}, PMI {r['pmi']:.2f}"
        )
        z[i][j] = z[j][i] = int(r["articles"])
        text[i][j] = text[j][i] = hover

    fig = _figure(title, x_title=x_title, y_title=y_title)
    fig.add_trace(
        go.Heatmap(
            name="co-mentions",
            z=z,
            x=list(range(n)),
            y=list(range(n)),
            text=text,
            hovertemplate="%{text}<extra></extra>",
            hoverongaps=False,
            colorscale="Oranges",
            zmin=0,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": "Articles"}, **_colorbar_ticks(cast(int, df["articles"].max()))},
        )
    )
    ticks = {"tickmode": "array", "tickvals": list(range(n)), "ticktext": labels, "automargin": True}
    fig.update_xaxes(tickangle=-40, **ticks)
    fig.update_yaxes(autorange="reversed", **ticks)
    fig.update_layout(height=max(360, 200 + 32 * n))
    return fig


def _colorbar_ticks(max_value: int) -> dict:
    # Whole articles: no 0.5 ticks on small counts.
    return {"tickformat": ",d", "dtick": 1} if max_value <= 8 else {"tickformat": ",d"}
