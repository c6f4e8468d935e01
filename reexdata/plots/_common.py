"""Helpers shared by the chart modules: input checks, labels and escaping."""

import datetime as dt
import html
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, cast

import polars as pl

from reexdata._frames import _to_polars
from reexdata._periods import _count_periods, _next_start
from reexdata.errors import param_error
from reexdata.lexicons import UNASSIGNED, load_themes
from reexdata.plots._template import COLORWAY

__all__: list[str] = []

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _frame(frame: Any, func: str, name: str, columns: Iterable[str]) -> pl.DataFrame:
    """Return ``frame`` as polars after checking it has ``columns``."""
    df, _ = _to_polars(frame, func, name)
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise param_error(
            func, name, f"a frame with the columns {columns} (missing {missing})", sorted(df.columns)
        )
    # pandas keeps dates as datetime64 unless Arrow-backed: charts work on days.
    dates = [c for c in ("published", "period") if c in df.columns and isinstance(df.schema[c], pl.Datetime)]
    if dates:
        df = df.with_columns(pl.col(c).dt.date() for c in dates)
    return df


def _esc(text: Any) -> str:
    """Escape text for plotly labels, which read a little HTML (<b>, <br>, <a>).

    Article text is data: a headline such as ``<b>x</b>`` must show its tags.
    """
    return html.escape("" if text is None else str(text), quote=False)


def _short(text: Any, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, then escaped."""
    text = "" if text is None else " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return _esc(text)


def _date_label(day: dt.date | None) -> str:
    """``6 Jan 2025``, or ``undated``."""
    if day is None:
        return "undated"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _plural(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``, ``0 articles``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _period_label(day: dt.date | None, freq: str | None) -> str:
    """Name a period by its first day: ``Jan 2025``, ``2025 Q1``, ``week of 6 Jan 2025``, ``2025``."""
    if day is None:
        return "undated"
    if freq is None:
        return f"period from {_date_label(day)}"
    if freq == "Y":
        return str(day.year)
    if freq == "M":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if freq == "Q":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    if freq == "W":
        return f"week of {_date_label(day)}"
    return _date_label(day)


def _guess_freq(periods: list[dt.date]) -> str | None:
    """The frequency (D, W, M, Q or Y) of sorted period starts; None when it cannot be told.

    Periods may have gaps (the tables leave out periods without articles),
    so the guess is the longest period all starts and all steps fit.
    """
    if len(periods) >= 2:
        if any(p.day != 1 for p in periods):
            steps = [(b - a).days for a, b in zip(periods, periods[1:])]
            weekly = all(p.weekday() == 0 for p in periods) and all(s % 7 == 0 for s in steps)
            return "W" if weekly else "D"
        months = [p.year * 12 + p.month - 1 for p in periods]
        step = math.gcd(*(b - a for a, b in zip(months, months[1:])))
        if step % 12 == 0 and all(p.month == 1 for p in periods):
            return "Y"
        if step % 3 == 0 and all(p.month % 3 == 1 for p in periods):
            return "Q"
        return "M"
    if not periods or periods[0].day == 1:
        return None  # a lone first-of-month could be a day, a week, a month, a quarter or a year
    return "W" if periods[0].weekday() == 0 else "D"


def _with_gaps(periods: Sequence[dt.date], columns: Sequence[Sequence[Any]], freq: str | None):
    """``periods`` and ``columns`` with one null point in each gap between periods.

    The tables leave out periods without articles; plotly would draw a line
    straight across them. A point whose ``y`` is null, at the first missing
    period, breaks the line there (one point per gap, however long, so a
    figure grows with the periods that have data). Returns ``(x, columns)``.
    """
    x: list[Any] = []
    out: list[list[Any]] = [[] for _ in columns]
    for i, period in enumerate(periods):
        if i and freq is not None and _next_start(periods[i - 1], freq) != period:
            x.append(_next_start(periods[i - 1], freq))
            for col in out:
                col.append(None)
        x.append(period)
        for col, values in zip(out, columns):
            col.append(values[i])
    return x, out


def _runs(periods: Sequence[dt.date], freq: str | None) -> list[list[dt.date]]:
    """Sorted ``periods`` split into runs of consecutive periods (a gap ends a run)."""
    runs: list[list[dt.date]] = []
    for period in periods:
        if runs and (freq is None or _next_start(runs[-1][-1], freq) == period):
            runs[-1].append(period)
        else:
            runs.append([period])
    return runs


def _theme_label(theme: str) -> str:
    """The theme's label from the theme lexicon (see _theme_labels), else its id made readable; escaped.

    ``value_chain_integration`` -> ``Value-chain integration`` (lexicon label);
    an id the lexicon does not know, ``my_theme`` -> ``My theme``.
    """
    label = _theme_labels().get(theme)
    if label is None:
        text = str(theme).replace("_", " ").strip()
        label = text[:1].upper() + text[1:]
    return _esc(label)


def _theme_order(themes: Iterable[str]) -> list[str]:
    """Themes in the shipped lexicon's order, then unknown ids alphabetically, ``unassigned`` last."""
    known = list(_theme_labels())
    themes = set(themes)
    ordered = [t for t in known if t in themes]
    ordered += sorted(t for t in themes if t not in known and t != UNASSIGNED)
    if UNASSIGNED in themes:
        ordered.append(UNASSIGNED)
    return ordered


def _theme_labels() -> dict[str, str]:
    """Theme id -> label, in lexicon order: the build's lexicon while the report draws, else the shipped one."""
    labels = _THEME_LABELS.get()
    return labels if labels is not None else _shipped_theme_labels()


@lru_cache(maxsize=1)
def _shipped_theme_labels() -> dict[str, str]:
    # Cached: the report labels every row of its article index.
    return {theme.id: theme.label or theme.id for theme in load_themes()}


# The labels of the theme lexicon a build used; the report sets them (from the
# build's manifest) while it draws, so every chart names a user's themes as
# their lexicon does.
_THEME_LABELS: ContextVar[dict[str, str] | None] = ContextVar("reexdata_theme_labels", default=None)


@contextmanager
def _using_theme_labels(labels: Mapping[str, str] | None) -> Iterator[None]:
    """Label (and order) themes by ``labels`` inside the block; None keeps the shipped lexicon."""
    token = _THEME_LABELS.set(dict(labels) if labels else None)
    try:
        yield
    finally:
        _THEME_LABELS.reset(token)


def _name(entity: str, names: Mapping[str, str] | None) -> str:
    """Display name of an entity id, escaped."""
    if names and entity in names and names[entity]:
        return _esc(names[entity])
    return _esc(entity)


def _undated(table: pl.DataFrame) -> int:
    """Articles in the undated bucket (the ``period`` = null rows) of an over-time table."""
    bucket = table.filter(pl.col("period").is_null())
    if bucket.height == 0:
        return 0
    return int(cast(int, bucket["articles_in_period"].max()))


def _undated_note(n: int) -> str:
    return f"Undated: {_plural(n, 'article')} (not on the time axis)"


def _all_undated_note(n: int) -> str:
    if n == 1:
        return "The one article is undated: nothing to place on a time axis."
    return f"All {n} articles are undated: nothing to place on a time axis."


def _check_names(func: str, names: Any) -> Mapping[str, str] | None:
    if names is not None and not isinstance(names, Mapping):
        raise param_error(func, "names", "a mapping from entity id to name or None", names)
    return names


# Period length in plotly's terms (milliseconds or "M<n>") and tick format.
_DAY_MS = 86_400_000
_PERIOD: dict[str, int | str] = {"D": _DAY_MS, "W": 7 * _DAY_MS, "M": "M1", "Q": "M3", "Y": "M12"}
_TICK_FORMAT = {"D": "%-d %b %Y", "W": "%-d %b %Y", "M": "%b %Y", "Q": "%b %Y", "Y": "%Y"}
# Most ticks on a time axis; more periods get a tick every few periods.
_MAX_TICKS = 12


def _time_axis(fig, freq: str | None, periods: Sequence[dt.date], *, bars: bool = False) -> None:
    """A date x axis over sorted ``periods``: ticks on period starts, a range of whole periods.

    Ticks fall every k periods (at most 12 of them), formatted for the period
    (``Jan 2025``, ``2025``), so plotly never draws times of day; the range
    holds whole periods, so one lone period is a period wide, not a
    millisecond. Bars fill their period; line points sit on period starts,
    half a period in from the edges.
    """
    axis: dict = {"type": "date"}
    if freq is None:
        freq = "D"  # a lone first-of-month: days are the safe reading
    first, last = periods[0], periods[-1]
    step = max(1, math.ceil(_count_periods(first, last, freq) / _MAX_TICKS))
    period = _PERIOD[freq]
    axis["dtick"] = f"M{int(period[1:]) * step}" if isinstance(period, str) else period * step
    axis["tick0"] = first.isoformat()
    axis["tickformat"] = _TICK_FORMAT[freq]
    end = _next_start(last, freq)
    if bars:
        axis["range"] = [first.isoformat(), end.isoformat()]
        if step == 1 and freq != "D":
            # Labels in the middle of the period, under its bar.
            axis["ticklabelmode"] = "period"
    else:
        before = _midnight(first) - (_next_start(first, freq) - first) / 2
        after = _midnight(last) + (end - last) / 2
        axis["range"] = [_moment(before), _moment(after)]
    fig.update_xaxes(**axis)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _moment(when: dt.datetime) -> str:
    """A date axis position: ``2025-01-06`` or ``2025-01-06 12:00``."""
    if when.hour or when.minute:
        return when.isoformat(sep=" ", timespec="minutes")
    return when.date().isoformat()


def _count_axis(max_value: float) -> dict[str, Any]:
    """Axis settings for whole counts: no 0.5 ticks when the counts are small."""
    axis: dict[str, Any] = {"tickformat": ",d", "rangemode": "tozero"}
    if max_value <= 8:
        axis["dtick"] = 1
    return axis


def _cluster_color(cluster: int) -> str:
    """The colour of a cluster, the same in every chart."""
    return COLORWAY[int(cluster) % len(COLORWAY)]
