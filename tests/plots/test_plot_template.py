"""What every chart shares: the template, escaping of article text, plain figures."""

import json

import plotly.graph_objects as go
import polars as pl
import pytest
import plot_fixture_tables as fx

import reexdata.plots as plots
from reexdata.plots import TEMPLATE
from reexdata.plots._template import COLORWAY, _empty_figure

XSS = fx.XSS


def _hostile_tables():
    """The fixture tables with markup in every text that reaches a chart."""
    return {
        "articles": fx.articles().with_columns(pl.lit(XSS).alias("headline")),
        "themes": fx.themes().with_columns(pl.lit(XSS).alias("theme"), pl.lit([XSS]).alias("top_terms"))
        .unique(["article_id", "theme"], keep="first"),
        "themes_over_time": fx.themes_over_time().with_columns(
            pl.when(pl.col("theme") == "markets_pricing").then(pl.lit(XSS)).otherwise(pl.col("theme")).alias("theme")),
        "clusters": fx.clusters().with_columns(pl.lit(XSS).alias("label"), pl.lit([XSS]).alias("top_terms")),
        "cluster_assignments": fx.cluster_assignments(),
        "mentions_over_time": fx.mentions_over_time(),
        "co_mentions": fx.co_mentions(),
        "attention": fx.attention().with_columns(pl.lit(XSS).alias("query")),
    }


CHARTS = {
    "articles_per_period": lambda t: plots.articles_per_period(t["articles"]),
    "theme_share": lambda t: plots.theme_share(t["themes_over_time"]),
    "theme_heatmap": lambda t: plots.theme_heatmap(t["themes"], t["articles"]),
    "cluster_map": lambda t: plots.cluster_map(t["cluster_assignments"], t["clusters"], t["articles"], t["themes"]),
    "cluster_terms": lambda t: plots.cluster_terms(t["clusters"]),
    "mentions_over_time": lambda t: plots.mentions_over_time(t["mentions_over_time"], names={"baogang": XSS}),
    "co_mentions_heatmap": lambda t: plots.co_mentions_heatmap(t["co_mentions"], names={"baogang": XSS}),
    # (Not in every report: all_tables has no attention table.)
    "attention": lambda t: plots.attention(t.get("attention", fx.attention())),
}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def test_every_chart_is_exported():
    assert sorted(CHARTS) == sorted(n for n in plots.__all__ if n != "TEMPLATE")


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_returns_figure_with_shared_template_and_titles(name):
    fig = CHARTS[name](fx.all_tables())
    assert isinstance(fig, go.Figure)
    assert fig.layout.template == TEMPLATE
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_shows_markup_in_article_text_as_text(name):
    fig = CHARTS[name](_hostile_tables())
    strings = list(_strings(fig.to_plotly_json()))
    assert not [s for s in strings if "<script" in s]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in strings)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_does_not_mutate_its_inputs(name):
    tables = fx.all_tables()
    before = {k: v.clone() for k, v in tables.items()}
    CHARTS[name](tables)
    assert all(tables[k].equals(before[k]) for k in tables)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_is_deterministic(name):
    assert CHARTS[name](fx.all_tables()).to_json() == CHARTS[name](fx.all_tables()).to_json()


def test_template_uses_reexdata_colours():
    assert list(TEMPLATE.layout.colorway) == list(COLORWAY)


def test_empty_figure_has_no_traces_and_a_centred_note():
    fig = _empty_figure("Title", "Nothing here.", x_title="X", y_title="Y")
    note = fig.layout.annotations[0]
    assert (fig.data, note.text, note.x, note.y, fig.layout.title.text) == ((), "Nothing here.", 0.5, 0.5, "Title")


def test_template_asks_for_no_web_font():
    assert "url(" not in json.dumps(TEMPLATE.to_plotly_json())


_STACK = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)


@pytest.mark.parametrize("font", [TEMPLATE.layout.font, TEMPLATE.layout.hoverlabel.font], ids=["text", "hover"])
def test_template_fonts_put_cjk_fonts_after_the_latin_ones(font):
    assert font.family == _STACK


def test_cluster_colours_match_between_map_and_terms():
    tables = fx.all_tables()
    terms = plots.cluster_terms(tables["clusters"])
    chart = plots.cluster_map(tables["cluster_assignments"], tables["clusters"], tables["articles"])
    assert list(terms.data[0].marker.color) == [t.marker.color for t in chart.data] == list(COLORWAY[:2])


@pytest.mark.parametrize("name", ["articles_per_period", "cluster_terms"])
def test_small_counts_get_whole_number_ticks(name):
    fig = CHARTS[name](fx.all_tables())
    axis = fig.layout.yaxis if name == "articles_per_period" else fig.layout.xaxis
    assert (axis.dtick, axis.tickformat) == (1, ",d")


def test_theme_ids_unknown_to_the_lexicon_are_made_readable():
    from reexdata.plots._common import _theme_label, _theme_order

    assert _theme_label("my_own_theme") == "My own theme"
    assert _theme_order(["zeta", "unassigned", "markets_pricing", "alpha", "resource_security"]) == [
        "resource_security", "markets_pricing", "alpha", "zeta", "unassigned"]
