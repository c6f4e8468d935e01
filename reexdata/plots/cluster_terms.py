"""Bars of the clusters' sizes, labelled with each cluster's top terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import plotly.graph_objects as go
import polars as pl

from reexdata.errors import check_range, check_type
from reexdata.plots._common import _cluster_color, _count_axis, _esc, _frame, _plural, _short
from reexdata.plots._template import _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cluster_terms"]


def cluster_terms(clusters: pd.DataFrame | pl.DataFrame, *, top: int = 6) -> go.Figure:
    """Draw one bar per cluster, as long as its size, labelled with its top terms.

    The clusters table ranks each cluster's distinctive terms but keeps no
    weights, so the bar length is the cluster's size and the terms, in rank
    order, are written beside the cluster's name.

    Parameters
    ----------
    clusters : pandas.DataFrame or polars.DataFrame
        The ``clusters`` table (``cluster``, ``size``, ``top_terms``,
        ``label``).
    top : int, default=6
        How many terms to show per cluster (at least 1).

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar trace named ``"clusters"``: ``x`` the sizes and
        ``y`` the cluster numbers, in cluster order, with tick labels
        ``"Cluster <n>: <label>"`` over the terms. Each bar's ``customdata`` is
        ``[name, terms, size]`` for the hover label (the size as ``"1 article"``,
        ``"3 articles"``). An empty chart with a note when
        there is no cluster.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.plots import cluster_terms
    >>> clusters = pl.DataFrame({
    ...     "cluster": [0, 1], "size": [3, 2],
    ...     "top_terms": [["magnet", "chain", "ordos"], ["party", "study"]],
    ...     "label": ["Value chain integration", "Party discipline"],
    ... })
    >>> fig = cluster_terms(clusters, top=2)
    >>> list(fig.data[0].x), list(fig.data[0].customdata[0])
    ([3, 2], ['Cluster 0: Value chain integration', 'magnet, chain', '3 articles'])
    """
    func = "cluster_terms"
    check_type(func, "top", top, int, "an int")
    check_range(func, "top", top, low=1)
    df = _frame(clusters, func, "clusters", ["cluster", "size", "top_terms", "label"]).sort("cluster")
    title = "Clusters: size and top terms"
    x_title, y_title = "Articles", "Cluster"
    if df.height == 0:
        return _empty_figure(title, "No cluster to show.", x_title=x_title, y_title=y_title)

    names, terms = [], []
    for r in df.iter_rows(named=True):
        names.append(f"Cluster {r['cluster']}: {_short(r['label'], 40)}")
        terms.append(", ".join(_esc(t) for t in (r["top_terms"] or [])[:top]))
    fig = _figure(title, x_title=x_title, y_title=y_title)
    fig.add_trace(
        go.Bar(
            name="clusters",
            orientation="h",
            x=df["size"].to_list(),
            y=df["cluster"].to_list(),
            customdata=[[n, t, _plural(size, "article")] for n, t, size in zip(names, terms, df["size"])],
            marker={"color": [_cluster_color(c) for c in df["cluster"]]},
            text=df["size"].to_list(),
            textposition="auto",
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[2]}<br>Top terms: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(
        autorange="reversed",
        tickmode="array",
        tickvals=df["cluster"].to_list(),
        ticktext=[f"{n}<br><i>{t}</i>" for n, t in zip(names, terms)],
        automargin=True,
    )
    fig.update_xaxes(**_count_axis(cast(int, df["size"].max())))
    fig.update_layout(showlegend=False, height=max(300, 160 + 60 * df.height))
    return fig
