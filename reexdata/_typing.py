"""Type names shared by the public annotations.

pandas is imported for type checkers only, so that importing a module that
annotates with :data:`Frame` does not load pandas.
"""

from typing import TYPE_CHECKING, TypeVar

import polars as pl

if TYPE_CHECKING:
    import pandas as pd

__all__: list[str] = []

#: A pandas or polars DataFrame; a function taking a ``Frame`` and returning
#: a ``Frame`` returns the kind it was given.
Frame = TypeVar("Frame", "pd.DataFrame", pl.DataFrame)
