"""Scatter map of the articles on the 2-D cluster coordinates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata.errors import check_range, check_type
from reexdata.lexicons import UNASSIGNED
from reexdata.plots._common import _cluster_color, _date_label, _frame, _short, _theme_label
from reexdata.plots._template import _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cluster_map", "MAX_POINTS"]

#: The most points drawn; a larger corpus is sampled (see cluster_map).
MAX_POINTS = 3000
# At least this many points of every cluster stay in a sample (all of a smaller one).
_MIN_PER_CLUSTER = 20


def cluster_map(
    assignments: pd.DataFrame | pl.DataFrame,
    clusters: pd.DataFrame | pl.DataFrame,
    articles: pd.DataFrame | pl.DataFrame,
    themes: pd.DataFrame | pl.DataFrame | None = None,
    *,
    max_points: int = MAX_POINTS,
    seed: int = 0,
) -> go.Figure:
    """Draw the articles on the cluster map, coloured by cluster.

    Above ``max_points`` articles the map draws a sample: each cluster keeps
    a share of ``max_points`` in proportion to its size (at least 20 points,
    or all of a smaller cluster), chosen at random with ``seed``, so the
    same tables give the same map; the title says how many are drawn. The
    legend sits under the chart, one entry per cluster with its size.

    Parameters
    ----------
    assignments : pandas.DataFrame or polars.DataFrame
        The ``cluster_assignments`` table (``article_id``, ``cluster``,
        ``x``, ``y``).
    clusters : pandas.DataFrame or polars.DataFrame
        The ``clusters`` table (``cluster``, ``size``, ``label``); names the
        legend entries.
    articles : pandas.DataFrame or polars.DataFrame
        The articles table (``article_id``, ``headline``, ``published``);
        gives the hover text.
    themes : pandas.DataFrame or polars.DataFrame, optional
        The ``themes`` table (``article_id``, ``theme``, ``is_primary``).
        When given, the hover text names each article's primary theme
        ("unassigned" when it has none).
    max_points : int, default=3000
        The most points drawn.
    seed : int, default=0
        Seed of the sample.

    Returns
    -------
    plotly.graph_objects.Figure
        One marker trace per cluster in cluster order, named
        ``"Cluster <n>: <label>"`` (``" (<size>)"`` added when sampled);
        points sorted by ``article_id``. Each
        point's ``customdata`` is ``[headline, date, primary theme, cluster]``.
        An empty chart with a note when there is no assignment.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.plots import cluster_map
    >>> assignments = pl.DataFrame({"article_id": ["a1", "a2"], "cluster": [0, 1],
    ...                             "x": [0.1, -0.4], "y": [0.3, 0.2]})
    >>> clusters = pl.DataFrame({"cluster": [0, 1], "size": [1, 1],
    ...                          "label": ["markets", "party"]})
    >>> articles = pl.DataFrame({"article_id": ["a1", "a2"],
    ...                          "headline": ["Prices climb", "Party meets"],
    ...                          "published": [dt.date(2025, 1, 6), None]})
    >>> fig = cluster_map(assignments, clusters, articles)
    >>> [trace.name for trace in fig.data]
    ['Cluster 0: markets', 'Cluster 1: party']
    >>> list(fig.data[1].customdata[0])
    ['Party meets', 'undated', '', 'Cluster 1: party']
    """
    func = "cluster_map"
    points = _frame(assignments, func, "assignments", ["article_id", "cluster", "x", "y"])
    table = _frame(clusters, func, "clusters", ["cluster", "size", "label"])
    arts = _frame(articles, func, "articles", ["article_id", "headline", "published"])
    title = "Cluster map"
    x_title, y_title = "Map dimension 1", "Map dimension 2"
    check_type(func, "max_points", max_points, int, "an int")
    check_range(func, "max_points", max_points, low=1)
    check_type(func, "seed", seed, int, "an int")
    if points.height == 0:
        return _empty_figure(title, "No article was clustered.", x_title=x_title, y_title=y_title)
    total = points.height
    sizes = dict(points.group_by("cluster").len().iter_rows())
    if total > max_points:
        points = _sample(points, max_points, seed)
        title = f"Cluster map (a sample of {points.height} of {total} articles)"

    primary = None
    if themes is not None:
        scores = _frame(themes, func, "themes", ["article_id", "theme", "is_primary"])
        primary = scores.filter(pl.col("is_primary")).select("article_id", pl.col("theme").alias("primary"))
    data = points.join(arts.select("article_id", "headline", "published"), on="article_id", how="left")
    if primary is not None:
        data = data.join(primary.unique("article_id", keep="first"), on="article_id", how="left")
    data = data.sort("article_id")
    labels = {r["cluster"]: r["label"] for r in table.iter_rows(named=True)}

    fig = _figure(title, x_title=x_title, y_title=y_title)
    for cluster in sorted(data["cluster"].unique().to_list()):
        rows = data.filter(pl.col("cluster") == cluster)
        name = f"Cluster {cluster}: {_short(labels.get(cluster, ''), 40)}".rstrip(": ")
        if total > max_points:
            name += f" ({sizes[cluster]})"
        custom = []
        for r in rows.iter_rows(named=True):
            if primary is None:
                theme = ""
            else:
                theme = _theme_label(r["primary"]) if r["primary"] is not None else UNASSIGNED
            headline = _short(r["headline"], 100) if r["headline"] is not None else "(not in the articles table)"
            custom.append([headline, _date_label(r["published"]), theme, name])
        fig.add_trace(
            go.Scatter(
                name=name,
                x=rows["x"].to_list(),
                y=rows["y"].to_list(),
                mode="markers",
                marker={"size": 10 if total <= 500 else 6, "color": _cluster_color(cluster), "opacity": 0.85,
                        "line": {"width": 0.5, "color": "white"}},
                customdata=custom,
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]}"
                    + ("<br>Primary theme: %{customdata[2]}" if primary is not None else "")
                    + "<br>%{customdata[3]}<extra></extra>"
                ),
            )
        )
    # Under the chart, long labels wrap across the width instead of being clipped at the side.
    fig.update_layout(
        legend={"title": {"text": "Cluster"}, "orientation": "h", "yanchor": "top", "y": -0.15,
                "xanchor": "left", "x": 0},
        height=560 + 22 * len(labels) // 2,
    )
    fig.update_xaxes(zeroline=False)
    fig.update_yaxes(zeroline=False)
    return fig


def _sample(points: pl.DataFrame, max_points: int, seed: int) -> pl.DataFrame:
    """A stratified sample of about ``max_points`` rows: each cluster in proportion to its size."""
    import numpy as np

    rng = np.random.default_rng(seed)
    total = points.height
    kept = []
    for cluster in sorted(points["cluster"].unique().to_list()):
        rows = points.filter(pl.col("cluster") == cluster).sort("article_id")
        n = min(rows.height, max(_MIN_PER_CLUSTER, round(max_points * rows.height / total)))
        kept.append(rows[np.sort(rng.choice(rows.height, size=n, replace=False)).tolist()])
    return pl.concat(kept)
