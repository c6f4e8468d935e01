"""Heatmap of every article's score on every theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from reexdata.plots._common import _date_label, _esc, _frame, _short, _theme_label, _theme_order
from reexdata.plots._template import _empty_figure, _figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["theme_heatmap"]

# Above this many rows the headlines no longer fit as tick labels.
_MAX_TICK_LABELS = 60


def theme_heatmap(themes: pd.DataFrame | pl.DataFrame, articles: pd.DataFrame | pl.DataFrame) -> go.Figure:
    """Draw an article by theme heatmap of theme scores.

    Rows are articles, newest first (undated ones last), columns are themes in
    the order of the shipped theme lexicon (other ids after it,
    alphabetically); the colour is the score. Articles without scores (not
    in ``themes``) are left out.

    Parameters
    ----------
    themes : pandas.DataFrame or polars.DataFrame
        The ``themes`` table (``article_id``, ``theme``, ``score``,
        ``is_primary``, ``top_terms``).
    articles : pandas.DataFrame or polars.DataFrame
        The articles table (``article_id``, ``headline``, ``published``).

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
    """
    func = "theme_heatmap"
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
            ygap=1,
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
