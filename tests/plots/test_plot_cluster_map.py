"""Cluster map: one trace per cluster, hover with headline, date and primary theme."""

import polars as pl
import pytest
from plot_fixture_tables import XSS, articles, cluster_assignments, clusters, ids, themes

from reexdata.plots import TEMPLATE, cluster_map


@pytest.fixture
def tables():
    return cluster_assignments(), clusters(), articles()


def test_one_trace_per_cluster(tables):
    fig = cluster_map(*tables)
    assert [t.name for t in fig.data] == ["Cluster 0: Markets pricing", "Cluster 1: Party discipline"]
    assert {t.mode for t in fig.data} == {"markers"}


def test_points_at_map_coordinates(tables):
    fig = cluster_map(*tables)
    key = ids()
    order = sorted([key["prices"], key["explore"]])
    expected = {key["prices"]: (0.5, 0.1), key["explore"]: (0.4, -0.2)}
    assert list(zip(fig.data[0].x, fig.data[0].y)) == [expected[a] for a in order]


def test_hover_gives_headline_date_and_primary_theme(tables):
    fig = cluster_map(*tables, themes())
    rows = sorted(tuple(c) for t in fig.data for c in t.customdata)
    assert rows == [
        ("Baogang opens new exploration block", "3 Mar 2025", "Resource security", "Cluster 0: Markets pricing"),
        ("Party committee studies discipline", "20 Jan 2025", "Party discipline", "Cluster 1: Party discipline"),
        ("Prices of praseodymium climb", "6 Jan 2025", "Markets and pricing", "Cluster 0: Markets pricing"),
        ("Standards body backs new materials", "undated", "unassigned", "Cluster 1: Party discipline"),
    ]
    assert "Primary theme: %{customdata[2]}" in fig.data[0].hovertemplate


def test_without_themes_hover_skips_primary_theme(tables):
    fig = cluster_map(*tables)
    assert "Primary theme" not in fig.data[0].hovertemplate
    assert fig.data[0].hovertemplate == "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[3]}<extra></extra>"


def test_titles(tables):
    fig = cluster_map(*tables)
    assert (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Cluster map", "Map dimension 1", "Map dimension 2")


def test_one_article(tables):
    points, table, arts = tables
    fig = cluster_map(points.filter(pl.col("article_id") == ids()["party"]), table, arts)
    assert [(t.name, len(t.x)) for t in fig.data] == [("Cluster 1: Party discipline", 1)]


def test_no_assignment_gives_empty_chart(tables):
    points, table, arts = tables
    fig = cluster_map(points.head(0), table, arts)
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No article was clustered.")


def test_headline_and_label_are_escaped(tables):
    points, table, arts = tables
    fig = cluster_map(points, table.with_columns(pl.lit("<b>c</b>").alias("label")),
                      arts.with_columns(pl.lit(XSS).alias("headline")))
    assert fig.data[0].name == "Cluster 0: &lt;b&gt;c&lt;/b&gt;"
    assert fig.data[0].customdata[0][0] == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_uses_shared_template(tables):
    assert cluster_map(*tables).layout.template == TEMPLATE


def test_pandas_input_gives_same_figure(tables):
    pandas = [f.to_pandas(use_pyarrow_extension_array=True) for f in (*tables, themes())]
    assert cluster_map(*pandas).to_json() == cluster_map(*tables, themes()).to_json()


def test_rejects_assignments_without_coordinates(tables):
    points, table, arts = tables
    with pytest.raises(ValueError, match=r"The 'assignments' parameter of cluster_map .*\(missing \['x', 'y'\]\)"):
        cluster_map(points.drop("x", "y"), table, arts)
