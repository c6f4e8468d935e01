"""What an article's text is: the one definition that is scored, matched and searched.

An article's text is its *head*, its highlights and its body:

- the head is the title, or the headline when the headline is not a copy of
  another part (``title_source`` ``"first_highlight"`` or
  ``"first_sentence"``: the headline was taken from the first highlight or
  the body's first sentence, which are counted where they stand, so no
  sentence is counted twice);
- the highlights, in order (a missing highlight is empty);
- the body.

``related_headlines`` (the sidebar of other stories) is never part of it.

:func:`article_text` gives these parts and their joined ``text``, which the
TF-IDF matrix (:mod:`reexdata.vectorize`) counts; the mentions
(:mod:`reexdata.mentions`) search the parts one by one and report offsets
in the layout of :func:`_parts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata.errors import param_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["article_text"]

# Headlines copied from another part of the article.
_COPIED_HEADLINE = ("first_highlight", "first_sentence")

Frame = TypeVar("Frame", "pd.DataFrame", pl.DataFrame)


def article_text(articles: Frame) -> Frame:
    """Return the text of each article and its parts.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table (see ``TABLES['articles']``). ``article_id`` and
        ``body`` are required; ``title``, ``headline``, ``title_source`` and
        ``highlights`` are used when present.

    Returns
    -------
    texts : same type as ``articles``
        One row per article, in order. Columns: ``article_id`` (str),
        ``head`` (str, see the module docs; empty when the headline copies
        another part), ``highlights`` (list of str), ``body`` (str) and
        ``text`` (str): the non-empty parts joined by blank lines, each
        highlight a paragraph of its own.

    Raises
    ------
    ParameterError
        When ``article_id`` or ``body`` is missing, or an id is null or repeated.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.text import article_text
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1"],
    ...     "headline": ["Baogang signs a deal."],
    ...     "title_source": ["first_highlight"],
    ...     "highlights": [["Baogang signs a deal.", "Prices rise."]],
    ...     "body": ["The deal was signed on Monday."],
    ... })
    >>> article_text(articles)["text"][0]
    'Baogang signs a deal.\\n\\nPrices rise.\\n\\nThe deal was signed on Monday.'
    """
    frame, kind = _to_polars(articles, "article_text", "articles")
    return _like(_texts(frame, "article_text"), kind)


def _texts(frame: pl.DataFrame, func: str, *, with_head: bool = True, joined: bool = True) -> pl.DataFrame:
    """:func:`article_text` of a polars frame, errors naming ``func``.

    ``with_head`` False empties the head; ``joined`` False leaves out the
    ``text`` column (the mentions search the parts; joining 100k articles
    costs 0.4 s).
    """
    _check_articles(frame, func)
    head = _head(frame.columns) if with_head else pl.lit("")
    if "highlights" in frame.columns:
        highlights = pl.col("highlights").cast(pl.List(pl.String))
    else:
        highlights = pl.lit([], dtype=pl.List(pl.String))
    columns = [
        pl.col("article_id").cast(pl.String),
        head.cast(pl.String).fill_null("").alias("head"),
        highlights.fill_null([]).list.eval(pl.element().fill_null("")).alias("highlights"),
        pl.col("body").cast(pl.String).fill_null("").alias("body"),
    ]
    if joined:
        columns.append(_joined(frame.columns, head).alias("text"))
    return frame.select(columns)


def _check_articles(frame: pl.DataFrame, func: str) -> None:
    """Raise a ParameterError naming ``func`` unless ``frame`` has an ``article_id`` key and a ``body``."""
    missing = [c for c in ("article_id", "body") if c not in frame.columns]
    if missing:
        expected = "an articles table with columns 'article_id' and 'body'"
        raise param_error(func, "articles", expected, sorted(frame.columns))
    if frame["article_id"].null_count() or frame["article_id"].n_unique() != frame.height:
        raise param_error(func, "articles", "a table with unique, non-null article_id values", "duplicate or null ids")


def _head(cols: list[str]) -> pl.Expr:
    if "headline" in cols and "title_source" in cols:
        return pl.when(pl.col("title_source").is_in(_COPIED_HEADLINE)).then(pl.lit("")).otherwise(pl.col("headline"))
    if "title" in cols:
        return pl.col("title")
    if "headline" in cols:
        return pl.col("headline")
    return pl.lit("")


def _joined(cols: list[str], head: pl.Expr) -> pl.Expr:
    """The parts joined by blank lines, each highlight a paragraph, empty parts (and missing highlights) skipped."""
    parts = [head.cast(pl.String).fill_null("")]
    if "highlights" in cols:
        highlights = pl.col("highlights").cast(pl.List(pl.String))
        parts.append(highlights.list.drop_nulls().list.join("\n\n").fill_null(""))
    if "body" in cols:
        parts.append(pl.col("body").cast(pl.String).fill_null(""))
    # Empty parts become nulls, which concat_str skips: no blank line is
    # doubled. (One string expression: 0.4 s at 100k articles, where a list
    # of the parts filtered and joined took 2.3 s.)
    parts = [pl.when(p.str.len_bytes() > 0).then(p) for p in parts]
    return pl.concat_str(parts, separator="\n\n", ignore_nulls=True).fill_null("")


def _text_series(frame: pl.DataFrame) -> pl.Series:
    """The joined ``text`` of :func:`article_text` alone, for any frame (no column is required)."""
    return frame.select(_joined(frame.columns, _head(frame.columns)).alias("text")).get_column("text")


def _parts(head: str, highlights: list[str], body: str) -> list[tuple[str, int]]:
    """Each part of an article's text with its offset in the mentions' layout.

    That layout is ``head + "\\n\\n" + "\\n".join(highlights) + "\\n\\n" +
    body``, separators kept when a part is empty, so that an offset maps
    back to its part (see :func:`reexdata.mentions.count_mentions`). Parts
    are searched one by one so that no name spans two of them (a title
    ending in "Baotou" and a highlight starting "Steel prices").
    """
    parts = [(head, 0)]
    pos = len(head) + 2
    for i, highlight in enumerate(highlights):
        pos += 1 if i else 0
        parts.append((highlight, pos))
        pos += len(highlight)
    parts.append((body, pos + 2))
    return parts
