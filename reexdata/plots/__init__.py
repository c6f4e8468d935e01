"""Plotly charts of reexdata's tables, one chart per module.

Every function takes tidy frames (pandas or polars), returns a
``plotly.graph_objects.Figure`` drawn with the shared template
(:data:`TEMPLATE`) and writes nothing. Article text reaches the charts
escaped, so a headline is always shown as text. With nothing to draw (no
dated period, an empty selection) a chart is empty and says why.

Examples
--------
>>> import reexdata as rx
>>> tables = rx.read_tables()                                   # doctest: +SKIP
>>> rx.plots.theme_share(tables["themes_over_time"]).show()     # doctest: +SKIP
"""

from reexdata.plots._template import TEMPLATE
from reexdata.plots.articles_per_period import articles_per_period
from reexdata.plots.attention import attention
from reexdata.plots.cluster_map import cluster_map
from reexdata.plots.cluster_terms import cluster_terms
from reexdata.plots.co_mentions_heatmap import co_mentions_heatmap
from reexdata.plots.mentions_over_time import mentions_over_time
from reexdata.plots.theme_heatmap import theme_heatmap
from reexdata.plots.theme_share import theme_share

__all__ = [
    "TEMPLATE",
    "articles_per_period",
    "attention",
    "cluster_map",
    "cluster_terms",
    "co_mentions_heatmap",
    "mentions_over_time",
    "theme_heatmap",
    "theme_share",
]
