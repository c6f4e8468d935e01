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


def _many(n: int, k: int = 5):
    import datetime as dt

    ids_ = [f"a{i:05d}" for i in range(n)]
    # Cluster sizes 1:2:3:... so the sample must keep the proportions.
    weights = [c + 1 for c in range(k)]
    bounds = [sum(weights[:c + 1]) * n // sum(weights) for c in range(k)]
    cluster = [next(c for c, b in enumerate(bounds) if i < b) for i in range(n)]
    points = pl.DataFrame({"article_id": ids_, "cluster": cluster,
                           "x": [i / n for i in range(n)], "y": [(i % 97) / 97 for i in range(n)]})
    table = pl.DataFrame({"cluster": list(range(k)), "size": [cluster.count(c) for c in range(k)],
                          "label": [f"topic {c}" for c in range(k)]})
    arts = pl.DataFrame({"article_id": ids_, "headline": [f"Story {i}" for i in range(n)],
                         "published": [dt.date(1987, 1, 1)] * n})
    return points, table, arts


def test_large_corpus_is_sampled_by_cluster():
    fig = cluster_map(*_many(10_000))
    assert [len(t.x) for t in fig.data] == [200, 400, 600, 800, 1000]


def test_sample_is_the_same_every_time():
    first, second = cluster_map(*_many(5_000)), cluster_map(*_many(5_000))
    assert [list(t.x) for t in first.data] == [list(t.x) for t in second.data]


def test_a_cluster_under_twenty_points_keeps_them_all():
    points, table, arts = _many(10_000, k=2)
    points = points.with_columns(pl.when(pl.col("article_id") < "a00010").then(9).otherwise(pl.col("cluster"))
                                 .alias("cluster"))
    fig = cluster_map(points, table, arts, max_points=100)
    assert [len(t.x) for t in fig.data] == [33, 67, 10]


def test_sampled_map_says_so_in_title_and_legend():
    fig = cluster_map(*_many(4_000))
    assert (fig.layout.title.text, fig.data[0].name) == (
        "Cluster map (a sample of 3000 of 4000 articles)", "Cluster 0: topic 0 (266)")


def test_sampled_map_stays_under_1_5_mb():
    assert len(cluster_map(*_many(100_000)).to_json()) < 1_500_000


def test_legend_sits_under_the_chart(tables):
    legend = cluster_map(*tables).layout.legend
    assert (legend.orientation, legend.y) == ("h", -0.15)
