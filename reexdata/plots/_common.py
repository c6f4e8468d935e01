"""Helpers shared by the chart modules: input checks, labels and escaping."""

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, cast

import polars as pl

from reexdata._frames import _to_polars
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


def _period_label(day: dt.date | None, freq: str | None) -> str:
    """Name a period by its first day: ``Jan 2025``, ``2025 Q1``, ``week of 6 Jan 2025``."""
    if day is None:
        return "undated"
    if freq is None:
        return f"period from {_date_label(day)}"
    if freq == "M":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if freq == "Q":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    if freq == "W":
        return f"week of {_date_label(day)}"
    return _date_label(day)


def _guess_freq(periods: list[dt.date]) -> str | None:
    """The frequency (D, W, M or Q) of sorted period starts; None when it cannot be told."""
    if len(periods) >= 2:
        gap = min((b - a).days for a, b in zip(periods, periods[1:]))
        return "D" if gap <= 1 else "W" if gap <= 7 else "M" if gap <= 31 else "Q"
    if not periods or periods[0].day == 1:
        return None  # a lone first-of-month could be a day, a week, a month or a quarter
    return "W" if periods[0].weekday() == 0 else "D"


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
    noun = "article" if n == 1 else "articles"
    return f"Undated: {n} {noun} (not on the time axis)"


def _check_names(func: str, names: Any) -> Mapping[str, str] | None:
    if names is not None and not isinstance(names, Mapping):
        raise param_error(func, "names", "a mapping from entity id to name or None", names)
    return names


# Period length in plotly's terms (milliseconds or "M<n>") and tick format.
_PERIOD = {"D": 86_400_000, "W": 7 * 86_400_000, "M": "M1", "Q": "M3"}
_TICK_FORMAT = {"D": "%-d %b %Y", "W": "%-d %b %Y", "M": "%b %Y", "Q": "%b %Y"}


def _time_axis(fig, freq: str | None, n_periods: int, *, bars: bool = False) -> None:
    """A date x axis with ticks on period starts (one per month or quarter when few)."""
    axis: dict = {"type": "date"}
    if freq is not None:
        axis["tickformat"] = _TICK_FORMAT[freq]
        if freq in ("M", "Q") and n_periods <= 24:
            axis["dtick"] = _PERIOD[freq]
            if bars:
                # Labels in the middle of the period, under its bar.
                axis["ticklabelmode"] = "period"
    fig.update_xaxes(**axis)


def _count_axis(max_value: float) -> dict[str, Any]:
    """Axis settings for whole counts: no 0.5 ticks when the counts are small."""
    axis: dict[str, Any] = {"tickformat": ",d", "rangemode": "tozero"}
    if max_value <= 8:
        axis["dtick"] = 1
    return axis


def _plural(n: int, word: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _cluster_color(cluster: int) -> str:
    """The colour of a cluster, the same in every chart."""
    return COLORWAY[int(cluster) % len(COLORWAY)]
