"""Article by theme heatmap: rows, columns, scores and hover text."""

import polars as pl
import pytest
from conftest import make_articles
from plot_fixture_tables import XSS, articles, ids, themes

from reexdata.plots import TEMPLATE, theme_heatmap


@pytest.fixture
def tables():
    return themes(), articles()


def test_rows_newest_first_undated_last(tables):
    fig = theme_heatmap(*tables)
    assert list(fig.layout.yaxis.ticktext) == [
        "Baogang opens new exploration block",
        "Party committee studies discipline",
        "Prices of praseodymium climb",
        "Standards body backs new materials",
    ]
    assert list(fig.data[0].y) == [0, 1, 2, 3]


def test_columns_are_themes_in_lexicon_order(tables):
    assert list(theme_heatmap(*tables).data[0].x) == ["Resource security", "Party discipline", "Markets and pricing"]


def test_cells_hold_scores(tables):
    z = [list(row) for row in theme_heatmap(*tables).data[0].z]
    assert z == [[0.6, 0.0, 0.1], [0.1, 0.7, 0.0], [0.2, 0.1, 0.8], [0.1, 0.05, 0.05]]


def test_hover_gives_headline_date_theme_score_and_terms(tables):
    fig = theme_heatmap(*tables)
    assert fig.data[0].text[2][2] == (
        "<b>Prices of praseodymium climb</b><br>6 Jan 2025<br>Theme: Markets and pricing"
        "<br>Score: 0.800 (primary theme)<br>Terms: markets"
    )
    assert fig.data[0].text[3][2].startswith("<b>Standards body backs new materials</b><br>undated<br>")
    assert fig.data[0].hovertemplate == "%{text}<extra></extra>"


def test_titles(tables):
    fig = theme_heatmap(*tables)
    assert (fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == (
        "Theme scores by article", "Theme", "Article")


def test_missing_pair_is_a_gap(tables):
    scores, arts = tables
    fewer = scores.filter(~((pl.col("article_id") == ids()["prices"]) & (pl.col("theme") == "party_discipline")))
    fig = theme_heatmap(fewer, arts)
    assert fig.data[0].z[2][1] is None
    assert fig.data[0].text[2][1].endswith("Score: none")


def test_one_article(tables):
    scores, arts = tables
    one = arts.filter(pl.col("article_id") == ids()["party"])
    fig = theme_heatmap(scores, one)
    assert [list(r) for r in fig.data[0].z] == [[0.1, 0.7, 0.0]]


def test_no_scores_gives_empty_chart(tables):
    scores, arts = tables
    fig = theme_heatmap(scores.head(0), arts)
    assert (fig.data, fig.layout.annotations[0].text) == ((), "No article has theme scores.")


def test_headline_is_escaped(tables):
    scores, arts = tables
    arts = arts.with_columns(pl.lit(XSS).alias("headline"))
    fig = theme_heatmap(scores, arts)
    assert fig.data[0].text[0][0].startswith("<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>")
    assert fig.layout.yaxis.ticktext[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_many_articles_hide_tick_labels():
    arts = make_articles([(f"H{i}", None, f"body {i}") for i in range(61)])
    scores = pl.DataFrame({
        "article_id": arts["article_id"], "theme": ["t"] * 61, "score": [0.5] * 61,
        "is_primary": [True] * 61, "top_terms": [[]] * 61,
    })
    fig = theme_heatmap(scores, arts)
    assert fig.layout.yaxis.showticklabels is False


def test_uses_shared_template(tables):
    assert theme_heatmap(*tables).layout.template == TEMPLATE


def test_pandas_input_gives_same_figure(tables):
    scores, arts = tables
    pandas = [f.to_pandas(use_pyarrow_extension_array=True) for f in tables]
    assert theme_heatmap(*pandas).to_json() == theme_heatmap(scores, arts).to_json()


def test_rejects_themes_without_score(tables):
    scores, arts = tables
    with pytest.raises(ValueError, match=r"The 'themes' parameter of theme_heatmap must be a frame .*\(missing \['score'\]\)"):
        theme_heatmap(scores.drop("score"), arts)


def _many(n: int, n_themes: int = 6):
    """``n`` dated articles, each scored on ``n_themes`` themes (scores from the article's number)."""
    import datetime as dt

    ids_ = [f"a{i:05d}" for i in range(n)]
    arts = pl.DataFrame({
        "article_id": ids_,
        "headline": [f"Story number {i} about the grain and oil markets" for i in range(n)],
        "published": [dt.date(1987, 1, 1) + dt.timedelta(days=i % 365) for i in range(n)],
    })
    rows = [(a, f"topic_{t}", ((i * 7 + t * 13) % 101) / 100, (i + t) % n_themes == 0, ["grain"])
            for i, a in enumerate(ids_) for t in range(n_themes)]
    scores = pl.DataFrame(rows, schema=["article_id", "theme", "score", "is_primary", "top_terms"], orient="row")
    return scores, arts


def test_large_corpus_keeps_the_top_articles_of_each_theme():
    fig = theme_heatmap(*_many(400), max_articles=300, per_theme=3)
    assert (len(fig.data[0].y), fig.layout.title.text) == (18, "Top 3 articles per theme (18 of 400 articles)")


def test_top_articles_are_the_best_scored_of_their_theme():
    scores, arts = _many(400)
    fig = theme_heatmap(scores, arts, max_articles=300, per_theme=1)
    best = scores.filter(pl.col("theme") == "topic_0").sort(["score", "article_id"], descending=[True, False])
    assert fig.data[0].text[0][0].startswith(f"<b>Story number {int(best['article_id'][0][1:])} ")


@pytest.mark.parametrize("n", [301, 9000])
def test_figure_stays_small_at_scale(n):
    fig = theme_heatmap(*_many(n))
    assert len(fig.to_json()) < 200_000


def test_no_row_gap_on_thin_rows():
    fig = theme_heatmap(*_many(200))
    assert fig.data[0].ygap == 0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"max_articles": 0}, "The 'max_articles' parameter of theme_heatmap must be"),
    ({"per_theme": "3"}, "The 'per_theme' parameter of theme_heatmap must be an int"),
])
def test_rejects_bad_limits(tables, kwargs, message):
    with pytest.raises(ValueError, match=message):
        theme_heatmap(*tables, **kwargs)


def test_theme_labels_of_the_builds_lexicon_name_and_order_the_columns(tables):
    from reexdata.plots._common import _using_theme_labels

    with _using_theme_labels({"markets_pricing": "Prices", "party_discipline": "Party"}):
        fig = theme_heatmap(*tables)
    assert list(fig.data[0].x) == ["Prices", "Party", "Resource security"]
