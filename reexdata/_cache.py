"""The content-addressed caches of the build's interim folder, written one way.

Three caches keep work a rebuild need not redo: the parse cache
(:mod:`reexdata.ingest.cache`), the mentions cache
(:mod:`reexdata.mentions.count`) and the raw digests of the build's input
fingerprint (:mod:`reexdata.fingerprint`). Each is one file whose name holds
its format version and a key of what it depends on (the code version from
:func:`reexdata.fingerprint.code_fingerprint`, the lexicon, the raw folder),
so that a cache written for other code is never even opened. This module is
what they share:

- :func:`cache_key`: a short hash of the parts a cache depends on;
- :func:`read_parquet` / :func:`read_json`: a missing, damaged or foreign
  file (unexpected columns or shape) is ignored, never trusted;
- :func:`write_cache`: an atomic write with fsync
  (:func:`reexdata.atomic.write_atomic`), then the clean-up of the caches of
  other versions and of temporary files left by a killed run. A cache that
  cannot be written only costs time: the error is logged, not raised.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

import polars as pl

from reexdata.atomic import write_atomic

__all__ = ["RACY_NS", "cache_key", "read_parquet", "read_json", "write_cache"]

_log = logging.getLogger(__name__)

#: A file modified this recently (ns) may be modified again within the same
#: mtime tick without its size changing: its stat is not trusted by a cache.
RACY_NS = 2_000_000_000
# Temporary files younger than this may belong to a run still writing.
_STALE_TMP_S = 3600


def cache_key(*parts: str | bytes, length: int = 16) -> str:
    """A hex SHA-256 of ``parts`` (each one delimited), cut to ``length``.

    Examples
    --------
    >>> cache_key("a", "b") == cache_key("a", "b") != cache_key("ab")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:length]


def read_parquet(path: Path, schema: Mapping[str, Any], what: str) -> pl.DataFrame | None:
    """The cache at ``path``, or None when it is missing, damaged or of another shape."""
    if not path.is_file():
        return None
    try:
        frame = pl.read_parquet(path, glob=False)
    except Exception as exc:  # any unreadable cache is ignored, never trusted
        _log.warning("ignoring unreadable %s %s: %s", what, path, exc)
        return None
    if dict(frame.schema) != dict(schema):
        _log.warning("ignoring %s %s: unexpected columns", what, path)
        return None
    return frame


def read_json(path: Path, valid: Callable[[Any], bool]) -> Any | None:
    """The JSON document at ``path`` when ``valid`` accepts it, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if valid(data):
            return data
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def write_cache(path: Path, write: Callable[[Path], Any], *, what: str, family: str) -> bool:
    """Write a cache atomically with ``write(tmp)``, then remove its stale versions.

    ``family`` is a glob of the cache files (all versions and keys) this one
    replaces: once ``path`` is written, the others can never be read again.
    Returns False (and logs) when the file cannot be written.
    """
    try:
        write_atomic(path, write)
    # A cache that cannot be written only costs time. polars reports a full
    # disk during write_parquet as a ComputeError, not an OSError.
    except (OSError, pl.exceptions.PolarsError) as exc:
        _log.warning("cannot write the %s %s: %s", what, path, exc)
        return False
    stale = time.time() - _STALE_TMP_S
    for old in path.parent.glob(family):
        if old != path:
            with suppress(OSError):
                old.unlink(missing_ok=True)
    for tmp in path.parent.glob(f".{family}.*.tmp"):
        with suppress(OSError):
            if tmp.stat().st_mtime < stale:
                tmp.unlink()
    return True
