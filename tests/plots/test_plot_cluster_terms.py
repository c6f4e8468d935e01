"""Cluster terms: one bar per cluster, labelled with its top terms."""

import re

import pytest
from plot_fixture_tables import clusters, table

from reexdata.plots import TEMPLATE, cluster_terms


def test_bar_lengths_are_cluster_sizes():
    fig = cluster_terms(clusters())
    assert (fig.data[0].orientation, list(fig.data[0].x), list(fig.data[0].y)) == ("h", [2, 2], [0, 1])


def test_tick_labels_name_cluster_and_top_terms():
    fig = cluster_terms(clusters(), top=2)
    assert list(fig.layout.yaxis.ticktext) == [
        "Cluster 0: Markets pricing<br><i>prices, exploration</i>",
        "Cluster 1: Party discipline<br><i>party, standards</i>",
    ]


def test_hover_gives_name_size_and_terms():
    fig = cluster_terms(clusters())
    assert list(fig.data[0].customdata[0]) == ["Cluster 0: Markets pricing", "prices, exploration, baogang", "2 articles"]
    assert fig.data[0].hovertemplate == (
        "<b>%{customdata[0]}</b><br>%{customdata[2]}<br>Top terms: %{customdata[1]}<extra></extra>"
    )


def test_hover_says_one_article_for_a_cluster_of_one():
    fig = cluster_terms(table("clusters", [(0, 1, ["alone"], "Alone", "given", None, None)]))
    assert fig.data[0].customdata[0][2] == "1 article"


def test_titles():
    fig = cluster_terms(clusters())
    assert (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Clusters: size and top terms", "Articles", "Cluster")


def test_terms_are_escaped():
    odd = table("clusters", [(0, 1, ["<svg onload=x>"], "a&b", "given", None, None)])
    fig = cluster_terms(odd)
    assert list(fig.data[0].customdata[0]) == ["Cluster 0: a&amp;b", "&lt;svg onload=x&gt;", "1 article"]


def test_no_cluster_gives_empty_chart():
    fig = cluster_terms(clusters().head(0))
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No cluster to show.")


def test_uses_shared_template():
    assert cluster_terms(clusters()).layout.template == TEMPLATE


@pytest.mark.parametrize("top", [0, -3])
def test_rejects_top_below_one(top):
    with pytest.raises(ValueError, match=re.escape(
        f"The 'top' parameter of cluster_terms must be >= 1. Got {top} instead."
    )):
        cluster_terms(clusters(), top=top)


def test_rejects_non_int_top():
    with pytest.raises(TypeError, match=re.escape("The 'top' parameter of cluster_terms must be an int. Got '3' instead.")):
        cluster_terms(clusters(), top="3")
