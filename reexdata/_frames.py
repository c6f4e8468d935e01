"""Conversion between pandas and polars.

Public functions accept either library and return the kind they were given.
Internally everything is polars; pandas frames use Arrow-backed dtypes so
that lists, dates and nulls survive the round trip unchanged.
"""

from typing import Any

import polars as pl

from reexdata.errors import param_error

__all__: list[str] = []


def _to_polars(frame: Any, func: str, name: str) -> tuple[pl.DataFrame, str]:
    """Return ``(polars_frame, kind)`` where kind is ``"polars"`` or ``"pandas"``."""
    if isinstance(frame, pl.DataFrame):
        return frame, "polars"
    if isinstance(frame, pl.LazyFrame):
        return frame.collect(), "polars"
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(frame, pd.DataFrame):
        return pl.from_pandas(frame), "pandas"
    raise param_error(func, name, "a pandas or polars DataFrame", frame)


def _like(frame: pl.DataFrame, kind: str):
    """Return ``frame`` as the kind named (``"polars"`` or ``"pandas"``)."""
    if kind == "pandas":
        return _polars_to_pandas(frame)
    return frame


def _polars_to_pandas(frame: pl.DataFrame):
    return frame.to_pandas(use_pyarrow_extension_array=True)
