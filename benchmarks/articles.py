"""Articles tables generated in memory from the synthetic corpus' texts (no files, no build).

Each article is the clean text of :func:`benchmarks.generate._article_text`:
its first line is the title when the page has one, the rest the body, the
generated date its ``published``. Used by the query, attention and story
benchmarks and by tests that need a corpus-shaped table quickly.

Examples
--------
>>> from benchmarks.articles import generated_articles
>>> generated_articles(3).columns
['article_id', 'title', 'headline', 'title_source', 'published', 'body']
"""

from __future__ import annotations

import polars as pl

from benchmarks.generate import _article_text

__all__ = ["generated_articles"]


def generated_articles(n: int, *, seed: int = 0, start: int = 0) -> pl.DataFrame:
    """An articles table of ``n`` generated articles, ids ``g000000``, ``g000001``, ..."""
    rows = []
    for i in range(start, start + n):
        text, date, facts = _article_text(seed, i)
        first, _, rest = text.partition("\n")
        title = first if facts["title"] else None
        body = rest.strip() if facts["title"] else text
        headline = title if title else body.split("\n", 1)[0]
        rows.append((f"g{i:06d}", title, headline, "page" if title else "first_sentence", date, body))
    schema = {"article_id": pl.String, "title": pl.String, "headline": pl.String, "title_source": pl.String,
              "published": pl.Date, "body": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")
