"""The parse cache: each input's result rows, kept by content and parse options.

One Parquet file per raw folder, ``<cache_dir>/ingest-v<PARSER_VERSION>-<folder
hash>.parquet``, one row per result (article or reject) with the file's path,
size, mtime and a key = SHA-256 of its bytes + format + parse options (see
:func:`_parse_options`). Reading, writing and clean-up go through
:mod:`reexdata._cache`; :mod:`reexdata.ingest.read` decides per file whether
the cache serves it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from reexdata import _cache
from reexdata.fingerprint import code_fingerprint
from reexdata.parsing import Boilerplate
from reexdata.schema import TABLES

__all__ = ["PARSER_VERSION"]

#: Bump whenever parsing changes what a file turns into; old caches are then ignored.
PARSER_VERSION = "3"

# The code that turns bytes into rows: no cache outlives an edit of it.
# PARSER_VERSION (and repair's REPAIR_VERSION) say when parsing changed on
# purpose; this also catches an edit that forgot to bump them.
_PARSING_CODE = ("decode.py", "badness.py", "repair.py", "parsing.py", "dates.py", "segment.py", "ingest/")
# Libraries whose models shape the rows: word counts (rjieba's dictionary,
# OpenCC's tables) and the language (py3langid's model).
_PARSING_LIBRARIES = ("rjieba", "opencc", "py3langid")

# One row of the cache: where it came from, then an article or a reject.
_UNIT_SCHEMA: dict[str, Any] = {
    "path": pl.String,
    "size": pl.Int64,
    "mtime_ns": pl.Int64,
    "trusted": pl.Boolean,
    "key": pl.String,
    "part": pl.String,
    "reason": pl.String,
    "detail": pl.String,
    **{name: dtype for name, dtype in TABLES["articles"].polars_schema.items() if name != "source"},
}


class _Hit(NamedTuple):
    """What the cache remembers of a file: its stat when read, and its key."""

    size: int
    mtime_ns: int
    trusted: bool
    key: str


def _parse_options(bp: Boilerplate, assume_year: int | None, max_rows: int) -> str:
    """The part of every key that says how files were parsed."""
    # Imported here: ftfy makes reexdata.repair ~105 ms to import (-X
    # importtime), which a load served entirely by the cache never needs.
    from reexdata.repair import REPAIR_VERSION

    return _cache.cache_key(PARSER_VERSION, REPAIR_VERSION, code_fingerprint(*_PARSING_CODE),
                            *_library_versions(), bp.digest, repr(assume_year), repr(max_rows))


@lru_cache(maxsize=1)
def _library_versions() -> tuple[str, ...]:
    from importlib import metadata

    return tuple(f"{name}=={metadata.version(name)}" for name in _PARSING_LIBRARIES)


class _Cache:
    """The consolidated parse cache of one raw folder (see the module docs)."""

    def __init__(self, cache_dir: Path, root: Path):
        self.dir = cache_dir
        tag = _cache.cache_key(str(root.resolve()), length=12)
        self.family = f"ingest-v*-{tag}.parquet"
        self.file = cache_dir / f"ingest-v{PARSER_VERSION}-{tag}.parquet"
        self.frame = _cache.read_parquet(self.file, _UNIT_SCHEMA, "parse cache")
        self.by_path: dict[str, _Hit] = {}
        self.by_key: dict[str, str] = {}
        if self.frame is not None:
            unique = self.frame.select("path", "size", "mtime_ns", "trusted", "key").unique("path", keep="first")
            self.by_path = {p: _Hit(s, m, t, k) for p, s, m, t, k in unique.iter_rows()}
            keys = self.frame.select("key", "path").unique("key", keep="first")
            self.by_key = dict(zip(keys["key"].to_list(), keys["path"].to_list()))

    def save(self, units: pl.DataFrame) -> None:
        # Snappy: the cache is rewritten on every change, so speed beats
        # size (100k articles: 1.6 s and 198 MB, against 2.7 s and 184 MB
        # with lz4). Caches of other parser versions for this folder are
        # removed: they can never be used again.
        _cache.write_cache(self.file, lambda tmp: units.write_parquet(tmp, compression="snappy"),
                           what="parse cache", family=self.family)
