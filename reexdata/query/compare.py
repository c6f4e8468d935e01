"""What changed: the words one period's coverage uses markedly more than another's.

The statistic is the log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi and Quinn ("Fightin' Words", 2008), on document
frequencies: ``y_a`` is the number of period-a articles holding the word,
``n_a`` the sum of ``y_a`` over words (likewise for b), and the prior
``alpha_w`` the word's document frequency in the whole table (``alpha_0``
their sum). Then

    delta = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
          - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
    z = delta / sqrt(1 / (y_a + alpha_w) + 1 / (y_b + alpha_w))

Words are those of the query language (runs of letters and digits,
lower-cased) of :func:`reexdata.text.article_text`; Chinese text is cut into
words first (jieba, the shipped lexicons' Han names kept whole, traditional
characters folded to simplified: see :mod:`reexdata.segment`). Left out:
scikit-learn's English stop words, the Chinese function words of
``lexicons/stop_zh.toml``, words of one character, words made of digits,
and words in more than half of the table's articles (the corpus' own
function words).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata.errors import check_range, check_type, param_error
from reexdata.lexicons import load_lexicon
from reexdata.text import _texts
from reexdata.vectorize import _han_rows, _HanWords, _segmented

__all__ = ["compare_periods"]

_FUNC = "compare_periods"
# A word in more than this share of the table's articles is a function word of the corpus.
_MAX_DF = 0.5


def _period(value: Any, name: str) -> tuple[dt.date, dt.date]:
    """A ``(start, end)`` pair of dates (or ISO ``"YYYY-MM-DD"`` strings), start <= end."""
    days = [_day(d) for d in value] if isinstance(value, (tuple, list)) and len(value) == 2 else []
    if len(days) != 2 or None in days or days[0] > days[1]:  # type: ignore[operator]
        raise param_error(_FUNC, name, "a (start, end) pair of dates with start <= end", value)
    return days[0], days[1]  # type: ignore[return-value]


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _doc_terms(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per (article row, distinct word): ``_row``, ``term``."""
    text = _texts(frame, _FUNC).get_column("text")
    text = _segmented(text, _han_rows(text), _HanWords()).str.to_lowercase()
    words = text.str.extract_all(r"[\p{L}\p{N}]+").rename("term").to_frame().with_row_index("_row")
    return words.explode("term").drop_nulls("term").unique(["_row", "term"])


@lru_cache(maxsize=1)
def _chinese_stop_words() -> frozenset[str]:
    """The Chinese function words of ``lexicons/stop_zh.toml``."""
    lexicon = load_lexicon(Path(__file__).resolve().parents[1] / "lexicons" / "stop_zh.toml")
    return frozenset(word for group in lexicon["stop"].values() for word in group)


def compare_periods(
    articles: Frame,
    *,
    a: tuple[dt.date, dt.date],
    b: tuple[dt.date, dt.date],
    top: int = 30,
) -> Frame:
    """Return the words that set period ``a``'s coverage apart from period ``b``'s, and the reverse.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table with ``article_id``, ``body`` and ``published``
        (the text columns of :func:`reexdata.text.article_text` when
        present).
    a, b : tuple of (datetime.date, datetime.date)
        Each period's first and last day (both included); ISO strings
        (``"2025-06-01"``) are accepted too.
    top : int, default=30
        Words kept for each side.

    Returns
    -------
    terms : same type as ``articles``
        Up to ``top`` words for each side, by ``|z|`` (highest first), then
        ``term``. Columns: ``term`` (str), ``count_a``, ``count_b`` (Int64:
        articles of the period holding the word), ``z`` (Float64: the
        prior-smoothed log-odds ratio over its standard error, see the
        module docs; positive when ``a`` uses the word more) and ``side``
        (str: ``"a"`` or ``"b"``, the sign of ``z``).

    Raises
    ------
    ParameterError
        When ``a`` or ``b`` is not a (start, end) pair of dates or holds no
        dated article, ``top`` is not a positive int, or ``published`` is
        missing.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> import reexdata as rx
    >>> articles = pl.DataFrame({
    ...     "article_id": [f"a{i}" for i in range(8)],
    ...     "published": [dt.date(2025, 6, 2)] * 4 + [dt.date(2025, 9, 1)] * 4,
    ...     "body": ["Magnet output rose in the quarter."] * 4 + ["Gallium export curbs hit magnet output."] * 4,
    ... })
    >>> table = rx.compare_periods(articles, a=(dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
    ...                            b=(dt.date(2025, 9, 1), dt.date(2025, 9, 30)), top=2)
    >>> table.select("term", "count_a", "count_b", "side").rows()
    [('quarter', 4, 0, 'a'), ('rose', 4, 0, 'a'), ('curbs', 0, 4, 'b'), ('export', 0, 4, 'b')]
    """
    frame, kind = _to_polars(articles, _FUNC, "articles")
    period_a, period_b = _period(a, "a"), _period(b, "b")
    check_type(_FUNC, "top", top, int, "a positive int")
    check_range(_FUNC, "top", top, low=1)
    if "published" not in frame.columns:
        raise param_error(_FUNC, "articles", "an articles table with a 'published' column", sorted(frame.columns))
    published = frame.get_column("published").cast(pl.Date)
    in_a = published.is_between(*period_a).fill_null(False).alias("in_a")
    in_b = published.is_between(*period_b).fill_null(False).alias("in_b")
    for name, inside, (start, end) in (("a", in_a, period_a), ("b", in_b, period_b)):
        if not inside.any():
            raise param_error(_FUNC, name, "a period holding at least one dated article",
                              f"{start.isoformat()} to {end.isoformat()}, which holds none")
    terms = _doc_terms(frame).join(pl.DataFrame([in_a, in_b]).with_row_index("_row"), on="_row")
    counts = terms.group_by("term").agg(
        pl.len().cast(pl.Int64).alias("prior"),
        pl.col("in_a").sum().cast(pl.Int64).alias("count_a"),
        pl.col("in_b").sum().cast(pl.Int64).alias("count_b"),
    )
    stop = pl.Series(sorted(ENGLISH_STOP_WORDS | _chinese_stop_words()))
    counts = counts.filter(
        ~pl.col("term").is_in(stop.implode()),
        pl.col("term").str.len_chars() > 1,
        ~pl.col("term").str.contains(r"^\p{N}+$"),
        pl.col("prior") <= _MAX_DF * frame.height,
        (pl.col("count_a") + pl.col("count_b")) > 0,
    )
    n_a, n_b, alpha0 = (float(counts.get_column(c).sum()) for c in ("count_a", "count_b", "prior"))
    # y + alpha_w for each period (the prior is the whole table's document frequency).
    y_a, y_b = pl.col("count_a") + pl.col("prior"), pl.col("count_b") + pl.col("prior")
    delta = (y_a / (n_a + alpha0 - y_a)).log() - (y_b / (n_b + alpha0 - y_b)).log()
    z = delta / (1 / y_a + 1 / y_b).sqrt()
    scored = counts.with_columns(z.alias("z")).with_columns(
        pl.when(pl.col("z") > 0).then(pl.lit("a")).otherwise(pl.lit("b")).alias("side"),
        pl.col("z").abs().alias("_strength"),
    ).filter(
        # A word absent from a period is never "used more" there, whatever the
        # prior (the whole table, other periods included) says.
        pl.when(pl.col("side") == "a").then(pl.col("count_a") > 0).otherwise(pl.col("count_b") > 0)
    )
    out = (
        scored.sort(["_strength", "term"], descending=[True, False])
        .group_by("side", maintain_order=True).head(top)
        .sort(["_strength", "term"], descending=[True, False])
        .select("term", "count_a", "count_b", "z", "side")
    )
    return _like(out, kind)
