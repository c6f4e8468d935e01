"""Heatmap of every article's score on every theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata.errors import check_range, check_type
from reexdata.plots._common import _date_label, _esc, _frame, _short, _theme_label, _theme_order
from reexdata.plots._template import _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["theme_heatmap", "MAX_ARTICLES", "PER_THEME"]

#: Above this many scored articles the chart keeps the best of each theme.
MAX_ARTICLES = 300
#: Articles kept per theme above MAX_ARTICLES.
PER_THEME = 10

# Above this many rows the headlines no longer fit as tick labels.
_MAX_TICK_LABELS = 60


def theme_heatmap(
    themes: pd.DataFrame | pl.DataFrame,
    articles: pd.DataFrame | pl.DataFrame,
    *,
    max_articles: int = MAX_ARTICLES,
    per_theme: int = PER_THEME,
) -> go.Figure:
    """Draw an article by theme heatmap of theme scores.

    Rows are articles, newest first (undated ones last), columns are themes in
    the order of the shipped theme lexicon (other ids after it,
    alphabetically); the colour is the score. Articles without scores (not
    in ``themes``) are left out.

    Above ``max_articles`` scored articles a row per article would be too
    thin to see (and the figure megabytes large): the chart then shows the
    ``per_theme`` highest-scoring articles of each theme (ties: article id),
    grouped by theme in column order, each article once, and its title says
    so. The figure stays under a megabyte whatever the corpus size.

    Parameters
    ----------
    themes : pandas.DataFrame or polars.DataFrame
        The ``themes`` table (``article_id``, ``theme``, ``score``,
        ``is_primary``, ``top_terms``).
    articles : pandas.DataFrame or polars.DataFrame
        The articles table (``article_id``, ``headline``, ``published``).
    max_articles : int, default=300
        The most articles drawn one row each.
    per_theme : int, default=10
        Articles kept per theme above ``max_articles``.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap trace named ``"score"``: ``z[i][j]`` is article ``i``'s
        score on theme ``j`` (null when the pair is missing), ``y`` row
        numbers labelled with the headlines, ``x`` theme labels. Each cell's
        hover ``text`` gives headline, date, theme, score, whether it is the
        primary theme and its top terms. An empty chart with a note when there
        is no score.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.plots import theme_heatmap
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1", "a2"],
    ...     "headline": ["Prices climb", "Party meets"],
    ...     "published": [dt.date(2025, 1, 6), dt.date(2025, 2, 3)],
    ... })
    >>> themes = pl.DataFrame({
    ...     "article_id": ["a1", "a1", "a2", "a2"],
    ...     "theme": ["markets_pricing", "party_discipline"] * 2,
    ...     "score": [0.8, 0.1, 0.0, 0.6],
    ...     "is_primary": [True, False, False, True],
    ...     "top_terms": [["prices"], [], [], ["party"]],
    ... })
    >>> fig = theme_heatmap(themes, articles)
    >>> list(fig.data[0].x)
    ['Party discipline', 'Markets and pricing']
    >>> [list(row) for row in fig.data[0].z]
    [[0.6, 0.0], [0.1, 0.8]]
    >>> theme_heatmap(themes, articles, max_articles=1, per_theme=1).layout.title.text
    'Top 1 article per theme (2 of 2 articles)'
    """
    func = "theme_heatmap"
    check_type(func, "max_articles", max_articles, int, "an int")
    check_range(func, "max_articles", max_articles, low=1)
    check_type(func, "per_theme", per_theme, int, "an int")
    check_range(func, "per_theme", per_theme, low=1)
    scores = _frame(themes, func, "themes", ["article_id", "theme", "score", "is_primary", "top_terms"])
    arts = _frame(articles, func, "articles", ["article_id", "headline", "published"])
    title = "Theme scores by article"
    x_title, y_title = "Theme", "Article"
    rows = (
        arts.select("article_id", "headline", "published")
        .join(scores.select("article_id").unique(), on="article_id", how="semi")
        .sort(["published", "headline", "article_id"], descending=[True, False, False], nulls_last=True)
    )
    if rows.height == 0:
        note = "No article has theme scores." if scores.height == 0 or arts.height == 0 else (
            "None of the scored articles is in the articles table."
        )
        return _empty_figure(title, note, x_title=x_title, y_title=y_title)

    theme_ids = _theme_order(scores["theme"].unique().to_list())
    if rows.height > max_articles:
        total = rows.height
        rows = _top_per_theme(scores, rows, theme_ids, per_theme)
        noun = "article" if per_theme == 1 else "articles"
        title = f"Top {per_theme} {noun} per theme ({rows.height} of {total} articles)"
    drawn = scores.join(rows.select("article_id"), on="article_id", how="semi")
    lookup = {
        (r["article_id"], r["theme"]): r
        for r in drawn.select("article_id", "theme", "score", "is_primary", "top_terms").iter_rows(named=True)
    }
    z, text = [], []
    for art in rows.iter_rows(named=True):
        z_row, text_row = [], []
        head = f"<b>{_short(art['headline'], 90)}</b><br>{_date_label(art['published'])}"
        for theme in theme_ids:
            cell = lookup.get((art["article_id"], theme))
            score = None if cell is None else cell["score"]
            z_row.append(score)
            lines = [head, f"Theme: {_theme_label(theme)}"]
            if cell is None:
                lines.append("Score: none")
            else:
                lines.append(f"Score: {score:.3f}" + (" (primary theme)" if cell["is_primary"] else ""))
                terms = ", ".join(_esc(t) for t in (cell["top_terms"] or [])[:6])
                if terms:
                    lines.append(f"Terms: {terms}")
            text_row.append("<br>".join(lines))
        z.append(z_row)
        text.append(text_row)

    n = rows.height
    fig = _figure(title, x_title=x_title, y_title=y_title)
    fig.add_trace(
        go.Heatmap(
            name="score",
            z=z,
            x=[_theme_label(t) for t in theme_ids],
            y=list(range(n)),
            text=text,
            hovertemplate="%{text}<extra></extra>",
            colorscale="Blues",
            zmin=0,
            zmax=1,
            xgap=1,
            # A gap on rows a few pixels tall would hide the cells.
            ygap=1 if n <= _MAX_TICK_LABELS else 0,
            colorbar={"title": {"text": "Score"}},
        )
    )
    show_labels = n <= _MAX_TICK_LABELS
    fig.update_yaxes(
        autorange="reversed",
        tickmode="array" if show_labels else "auto",
        tickvals=list(range(n)) if show_labels else None,
        ticktext=[_short(h, 48) for h in rows["headline"]] if show_labels else None,
        showticklabels=show_labels,
        automargin=True,
    )
    fig.update_xaxes(side="bottom", tickangle=-30, automargin=True)
    fig.update_layout(height=min(2400, 220 + 26 * n))
    return fig


def _top_per_theme(scores: pl.DataFrame, rows: pl.DataFrame, theme_ids: list[str], per_theme: int) -> pl.DataFrame:
    """The ``per_theme`` best articles of each theme, grouped by theme in column order, each once."""
    order = {theme: i for i, theme in enumerate(theme_ids)}
    best = (
        scores.join(rows.select("article_id"), on="article_id", how="semi")
        .with_columns(pl.col("theme").replace_strict(order, return_dtype=pl.Int64).alias("_col"))
        .sort(["_col", "score", "article_id"], descending=[False, True, False])
        .group_by("_col", maintain_order=True)
        .head(per_theme)
        .unique("article_id", keep="first", maintain_order=True)
        .select("article_id")
    )
    return best.join(rows, on="article_id", how="left", maintain_order="left")
