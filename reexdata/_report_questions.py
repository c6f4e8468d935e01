"""What the report says of the build's queries and stories (see :mod:`reexdata.report`).

The text here reaches the page through Jinja2, which escapes it: query names
and query strings are the user's, and stay text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import polars as pl

from reexdata.plots._common import _period_label, _plural

__all__: list[str] = []


def _attention_rows(attention: pl.DataFrame, queries: Any, freq: str) -> list[dict[str, Any]]:
    """One row per query of the ``attention`` table: its text, matching articles, overall share and peak period."""
    if attention.height == 0:
        return []
    texts = queries if isinstance(queries, Mapping) else {}
    per_query = attention.group_by("query", maintain_order=True).agg(
        pl.col("matching").sum(), pl.col("total").sum()
    )
    rows = []
    for name, matching, total in per_query.iter_rows():
        dated = attention.filter((pl.col("query") == name) & pl.col("period").is_not_null())
        peak = dated.sort(["ratio", "period"], descending=[True, False]).head(1)
        rows.append({
            "name": name,
            "query": str(texts.get(name, "")),
            "matching": matching,
            "share": f"{matching / total:.1%}" if total else "",
            "peak": (f"{_period_label(peak['period'][0], freq)} ({peak['ratio'][0]:.0%}, "
                     f"{peak['matching'][0]} of {_plural(peak['total'][0], 'article')})") if peak.height else "",
        })
    return rows


def _stories_note(stories: pl.DataFrame, articles: int) -> str:
    """How many articles are copies of another (articles minus stories), and the largest story's size."""
    if stories.height == 0 or articles == 0:
        return ""
    n_stories = stories.get_column("story_id").n_unique()
    copies = stories.height - n_stories
    if copies == 0:
        return f"Stories: every one of the {_plural(articles, 'article')} is its own story (no copies or reprints)."
    largest = cast(int, stories.get_column("story_size").max())
    copied = "is a copy, reprint or light edit of another" if copies == 1 else "are copies, reprints or light edits of others"
    return (
        f"Stories: {copies} of the {_plural(articles, 'article')} {copied}, so the corpus holds "
        f"{n_stories} {'story' if n_stories == 1 else 'stories'}; the largest story has {_plural(largest, 'article')}."
    )
