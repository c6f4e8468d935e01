"""Calendar periods shared by the over-time tables and their charts.

A period is named by its first day: the day itself (D), the Monday that
starts its ISO week (W), the first of the month (M), of the quarter (Q) or
of the year (Y). The over-time tables hold the periods that have dated
articles only: a period with none is a gap, not a row of zeros.
"""

import datetime as dt
from collections.abc import Iterable
from typing import cast

import polars as pl

__all__: list[str] = []

FREQS = ("D", "W", "M", "Q", "Y")

#: Most periods a build or a report puts on one time axis (see :func:`_choose_freq`).
MAX_PERIODS = 300

_TRUNCATE = {"D": "1d", "W": "1w", "M": "1mo", "Q": "1q", "Y": "1y"}
_MONTHS_PER = {"M": 1, "Q": 3, "Y": 12}


def _period_start(expr: pl.Expr, freq: str) -> pl.Expr:
    """Expression mapping a Date column to the first day of its period."""
    return expr.dt.truncate(_TRUNCATE[freq])


def _nonempty(periods: pl.Series) -> pl.DataFrame:
    """One ``period`` column: the distinct dated period starts of ``periods``, in order.

    ``periods`` holds period starts (Date), null for undated articles; one
    null row follows the dated periods when any is null. Periods without an
    article are absent (gaps), so the frame grows with the articles, not
    with the days between the first and the last.
    """
    dated = periods.drop_nulls().unique().sort().alias("period").to_frame()
    if periods.null_count():
        dated = pl.concat([dated, pl.DataFrame({"period": [None]}, schema={"period": pl.Date})])
    return dated


def _index(day: dt.date, freq: str) -> int:
    """The position of ``day``'s period on a calendar count of periods of ``freq``."""
    if freq == "D":
        return day.toordinal()
    if freq == "W":
        return (day.toordinal() - 1) // 7  # ordinal 1 (1 Jan 0001) is a Monday
    return (day.year * 12 + day.month - 1) // _MONTHS_PER[freq]


def _index_expr(expr: pl.Expr, freq: str) -> pl.Expr:
    """:func:`_index` as an expression over a Date column (an Int64 column)."""
    start = _period_start(expr, freq)
    if freq in ("D", "W"):
        days = start.cast(pl.Int64)  # days since 1970-01-01, a Thursday
        return days if freq == "D" else (days + 3) // 7
    months = start.dt.year().cast(pl.Int64) * 12 + start.dt.month().cast(pl.Int64) - 1
    return months // _MONTHS_PER[freq]


def _next_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the period after the one starting on ``day``."""
    if freq == "D":
        return day + dt.timedelta(days=1)
    if freq == "W":
        return day + dt.timedelta(weeks=1)
    months = day.year * 12 + day.month - 1 + _MONTHS_PER[freq]
    return dt.date(months // 12, months % 12 + 1, 1)


def _count_periods(first: dt.date, last: dt.date, freq: str) -> int:
    """Periods of ``freq`` from the one holding ``first`` to the one holding ``last``."""
    return _index(last, freq) - _index(first, freq) + 1


def _choose_freq(dates: pl.Series | Iterable[dt.date | None], prefer: str, *, limit: int = MAX_PERIODS) -> str:
    """``prefer``, or the first longer period in ``FREQS`` whose span of ``dates`` has at most ``limit`` periods.

    A corpus dated from 1800 to 2199 gets years rather than 20,000 weeks;
    years are the longest period, whatever the span. Nulls are ignored.
    """
    series = dates if isinstance(dates, pl.Series) else pl.Series("dates", list(dates), dtype=pl.Date)
    dated = series.cast(pl.Date).drop_nulls()
    if not dated.len():
        return prefer
    first, last = cast(dt.date, dated.min()), cast(dt.date, dated.max())
    for freq in FREQS[FREQS.index(prefer):]:
        if _count_periods(first, last, freq) <= limit:
            return freq
    return FREQS[-1]


def _rolling_mean(frame: pl.DataFrame, columns: list[str], window: int, freq: str, *, by: str) -> pl.DataFrame:
    """Centred means of ``columns`` over ``window`` calendar periods, per ``by`` group.

    ``frame`` has a dated ``period`` column. The window of a period covers
    the ``window`` calendar periods around it (for an even window the extra
    one is earlier), whether or not they have rows: a period missing from
    ``frame`` is a gap, not a zero, so each mean is over the rows present in
    its window. Returns ``period``, ``by`` and the means, named
    ``<column>_smooth`` (Float64), one row per row of ``frame``.
    """
    before, after = window // 2, (window - 1) // 2
    indexed = frame.select(
        "period", by, *columns, _index_expr(pl.col("period"), freq).alias("_index")
    ).sort(by, "_index")
    # A window (i - before - 1, i + after] on the integer calendar position.
    means = indexed.rolling("_index", period=f"{before + after + 1}i", offset=f"{-before - 1}i", group_by=by).agg(
        pl.col(c).cast(pl.Float64).mean().alias(f"{c}_smooth") for c in columns
    )
    return indexed.select(by, "_index", "period").join(means, on=[by, "_index"]).drop("_index")

