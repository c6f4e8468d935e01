"""Co-mentions heatmap: the most connected entities, symmetric counts, hover."""

import re

import pytest
from plot_fixture_tables import table

from reexdata.plots import TEMPLATE, co_mentions_heatmap

NAMES = {"baogang": "Baogang", "baotou": "Baotou", "ordos": "Ordos", "csre": "CSRE"}


@pytest.fixture
def pairs():
    return table("co_mentions", [
        ("baogang", "baotou", 3, 0.6, 0.3),
        ("baogang", "ordos", 1, 0.2, -0.1),
        ("baotou", "csre", 1, 0.25, 0.5),
    ])


def test_entities_ranked_by_shared_articles(pairs):
    fig = co_mentions_heatmap(pairs, names=NAMES)
    assert list(fig.layout.xaxis.ticktext) == ["Baogang", "Baotou", "CSRE", "Ordos"]
    assert list(fig.layout.yaxis.ticktext) == ["Baogang", "Baotou", "CSRE", "Ordos"]


def test_matrix_is_symmetric_with_empty_diagonal(pairs):
    z = [list(r) for r in co_mentions_heatmap(pairs).data[0].z]
    assert z == [[None, 3, None, 1], [3, None, 1, None], [None, 1, None, None], [1, None, None, None]]


def test_top_limits_entities(pairs):
    fig = co_mentions_heatmap(pairs, top=2)
    assert [list(r) for r in fig.data[0].z] == [[None, 3], [3, None]]


def test_hover_names_pair_and_measures(pairs):
    fig = co_mentions_heatmap(pairs, names=NAMES)
    assert fig.data[0].text[0][1] == (
        "<b>Baogang</b> and <b>Baotou</b><br>3 articles mention both<br>Jaccard 0.60, PMI 0.30"
    )
    assert fig.data[0].text[1][0] == fig.data[0].text[0][1]
    assert fig.data[0].hovertemplate == "%{text}<extra></extra>"


def test_hover_of_one_article_is_singular(pairs):
    fig = co_mentions_heatmap(pairs, names=NAMES)
    assert "<br>1 article mentions both<br>" in fig.data[0].text[0][3]


def test_titles(pairs):
    fig = co_mentions_heatmap(pairs)
    assert (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Entities mentioned together", "Entity", "Entity")


def test_ids_shown_without_names(pairs):
    assert list(co_mentions_heatmap(pairs).layout.xaxis.ticktext) == ["baogang", "baotou", "csre", "ordos"]


def test_no_pair_gives_empty_chart(pairs):
    fig = co_mentions_heatmap(pairs.head(0))
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No two entities are mentioned in the same article.")


def test_names_are_escaped(pairs):
    fig = co_mentions_heatmap(pairs, names={"baogang": "<img src=x>"})
    assert fig.layout.xaxis.ticktext[0] == "&lt;img src=x&gt;"


def test_uses_shared_template(pairs):
    assert co_mentions_heatmap(pairs).layout.template == TEMPLATE


def test_pandas_input_gives_same_figure(pairs):
    pandas = pairs.to_pandas(use_pyarrow_extension_array=True)
    assert co_mentions_heatmap(pandas).to_json() == co_mentions_heatmap(pairs).to_json()


@pytest.mark.parametrize("top", [0, -1])
def test_rejects_top_below_one(pairs, top):
    with pytest.raises(ValueError, match=re.escape(
        f"The 'top' parameter of co_mentions_heatmap must be >= 1. Got {top} instead."
    )):
        co_mentions_heatmap(pairs, top=top)


def test_rejects_frame_without_pmi(pairs):
    with pytest.raises(ValueError, match=r"\(missing \['pmi'\]\)"):
        co_mentions_heatmap(pairs.drop("pmi"))
