"""Calendar periods shared by the over-time tables.

A period is named by its first day: the day itself (D), the Monday that
starts its ISO week (W), the first of the month (M) or of the quarter (Q).
"""

import datetime as dt
from typing import cast

import polars as pl

__all__: list[str] = []

FREQS = ("D", "W", "M", "Q")

_TRUNCATE = {"D": "1d", "W": "1w", "M": "1mo", "Q": "1q"}


def _period_start(expr: pl.Expr, freq: str) -> pl.Expr:
    """Expression mapping a Date column to the first day of its period."""
    return expr.dt.truncate(_TRUNCATE[freq])


def _period_range(start: dt.date, end: dt.date, freq: str) -> pl.Series:
    """Every period start from the period holding ``start`` to the one holding ``end``."""
    first = pl.select(_period_start(pl.lit(start), freq)).item()
    last = pl.select(_period_start(pl.lit(end), freq)).item()
    return pl.date_range(first, last, interval=_TRUNCATE[freq], eager=True).alias("period")


def _span(periods: pl.Series, freq: str) -> pl.DataFrame:
    """One ``period`` column: every period from the first to the last start in ``periods``.

    ``periods`` holds period starts (Date), null for undated articles; one
    null row follows the dated span when any is null. No dated period and
    no null gives an empty frame.
    """
    dated = periods.drop_nulls()
    parts = []
    if dated.len():
        first, last = cast(dt.date, dated.min()), cast(dt.date, dated.max())
        parts.append(_period_range(first, last, freq).to_frame())
    if periods.null_count():
        parts.append(pl.DataFrame({"period": [None]}, schema={"period": pl.Date}))
    if not parts:
        return pl.DataFrame(schema={"period": pl.Date})
    return pl.concat(parts)
