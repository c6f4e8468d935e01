"""Reading and parsing the inputs, in worker processes for a large corpus, with the parse cache.

Each file is a :class:`_Job`; reading it gives an :class:`_Outcome`: a
reject, a file the cache holds unchanged (``same``), a file whose bytes the
cache knows under another name or mtime (``moved``, not parsed), or the rows
it was parsed into.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import stat as stat_mod
import time
from collections.abc import Container, Iterator
from pathlib import Path
from typing import NamedTuple

import polars as pl

from reexdata._cache import RACY_NS
from reexdata._parallel import _make_pool, _ordered_map
from reexdata.ingest.cache import _UNIT_SCHEMA, _Cache, _Hit
from reexdata.ingest.discover import _os_reason, _reject_row
from reexdata.ingest.formats import FORMATS, _parse_file, _prepare_parsing, _release_parsing
from reexdata.parsing import Boilerplate, _compile_cached

__all__: list[str] = []


class _Job(NamedTuple):
    """One file to read: where it is, its format, what the cache holds of it, the options."""

    rel: str
    path: Path
    fmt: str
    hit: _Hit | None
    options: str
    max_bytes: int
    now: int  # time.time_ns() when the load started
    max_rows: int


class _Where(NamedTuple):
    """Where a file's rows came from, as the cache records it."""

    path: str
    size: int
    mtime_ns: int
    trusted: bool
    key: str


class _Outcome(NamedTuple):
    """What reading one file gave (see the module docs)."""

    kind: str  # "reject", "same", "moved" or "parsed"
    rows: list[dict] = []  # the reject row, or the parsed rows (the default is never mutated)
    was_read: bool = False  # a reject: whether its bytes were read
    where: _Where | None = None  # moved: where the cache has its rows


class _Data(NamedTuple):
    """A file read and hashed, to be parsed unless the cache knows its key."""

    st: os.stat_result
    data: bytes
    key: str
    trusted: bool


def _load_units(
    files: list[tuple[str, Path]],
    early: list[dict],
    cache: _Cache | None,
    options: str,
    bp: Boilerplate,
    assume_year: int | None,
    max_bytes: int,
    max_rows: int,
) -> tuple[pl.DataFrame, int, int]:
    """Parse or fetch from the cache every file; return the result rows."""
    same_path: list[str] = []  # cached rows reused as they are
    same_key: dict[str, list] = {"path": [], "src": [], "size": [], "mtime_ns": [], "trusted": []}
    n_read = n_parsed = 0
    now = time.time_ns()

    jobs = []
    for rel, path in files:
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            what = f"files with the extension {path.suffix!r}" if path.suffix else "files without an extension"
            early.append(_reject_row(rel, "unsupported_format", f"{what} are not a supported input format"))
            continue
        hit = cache.by_path.get(rel) if cache is not None else None
        jobs.append(_Job(rel, path, fmt, hit, options, max_bytes, now, max_rows))
    known = cache.by_key if cache is not None else {}

    frames = [pl.DataFrame(schema=_UNIT_SCHEMA)]
    rows: list[dict] = []
    for job, outcome in zip(jobs, _read_and_parse_all(jobs, bp, assume_year, known)):
        kind = outcome.kind
        n_read += kind in ("parsed", "moved") or (kind == "reject" and outcome.was_read)
        if kind == "reject":
            early.extend(outcome.rows)
        elif kind == "same":
            same_path.append(job.rel)
        elif kind == "moved":
            where = outcome.where
            assert cache is not None and where is not None  # only a cache's keys move
            for name, value in (("path", job.rel), ("src", cache.by_key[where.key]), ("size", where.size),
                                ("mtime_ns", where.mtime_ns), ("trusted", where.trusted)):
                same_key[name].append(value)
        else:
            n_parsed += 1
            rows.extend(outcome.rows)
            if len(rows) >= _FRAME:
                frames.append(_frame(rows))
                rows = []
    frames.append(_frame(rows))
    fresh = pl.concat(frames)

    parts = [fresh]
    if cache is not None and cache.frame is not None:
        if same_path:
            parts.append(cache.frame.filter(pl.col("path").is_in(same_path)))
        if same_key["path"]:
            moved = pl.DataFrame(same_key, schema={"path": pl.String, "src": pl.String, "size": pl.Int64,
                                                   "mtime_ns": pl.Int64, "trusted": pl.Boolean})
            parts.append(
                cache.frame.drop("size", "mtime_ns", "trusted")
                .rename({"path": "src"})
                .join(moved, on="src")
                .select(list(_UNIT_SCHEMA))
            )
    units = pl.concat(parts)
    if cache is not None:
        unchanged = (
            cache.frame is not None and fresh.height == 0 and not same_key["path"]
            and len(same_path) == len(cache.by_path)
        )
        if not unchanged:
            cache.save(units)
    return units, n_read, n_parsed


def _frame(rows: list[dict]) -> pl.DataFrame:
    """``rows`` as a frame of the cache's schema, built from columns (half the CPU of polars reading the dicts)."""
    return pl.DataFrame({name: [row.get(name) for row in rows] for name in _UNIT_SCHEMA}, schema=_UNIT_SCHEMA)


# A corpus of at least _POOL_FROM files is read and parsed by worker
# processes (see reexdata._parallel), which roughly halves a cold load on two
# cores; they get _JOB files at a time. Results keep the files' order and are
# gathered into one frame per _FRAME files: Python dicts of a whole corpus
# would not fit in memory. The workers read the files themselves: reading
# them here, in threads, cost more in contention for the interpreter lock
# (with the main thread gathering results) than the reads themselves, and
# sent every file's bytes through a pipe.
_POOL_FROM = 1000
_JOB = 100
_FRAME = 5000
# New files from which the parent prepares the parser before the workers
# are forked: enough for every worker to parse some. With fewer (a rebuild
# the cache serves), the workers that need the parser load it themselves.
_PREPARE_FROM = 4 * _JOB


def _read_and_parse_all(jobs: list[_Job], bp: Boilerplate, assume_year: int | None,
                        known: Container[str]) -> Iterator[_Outcome]:
    """The outcome of each job of :func:`_load_units`, in order (see :func:`_read_and_parse`)."""
    batches = ((batch, bp.source, assume_year) for batch in _batched(iter(jobs), _JOB))
    # Forked workers inherit the cache's keys from the initializer's
    # arguments instead of receiving them with every batch. (Should the pool
    # break, the rest runs here without them: a renamed file is then parsed
    # again, to the same rows.)
    pool = _make_pool(initializer=_set_known_keys, initargs=(known,)) if len(jobs) >= _POOL_FROM else None
    prepared = pool is not None and sum(job.hit is None for job in jobs) >= _PREPARE_FROM
    if prepared:
        # Forked after this, the workers share what it loads instead of each
        # loading it again (the language model: 0.6 s of CPU a process).
        _prepare_parsing()
    if pool is None:
        for batch in batches:
            yield from _read_and_parse(batch, known)
        return
    try:
        for outcomes in _ordered_map(_read_and_parse, batches, pool=pool):
            yield from outcomes
    finally:
        pool.shutdown(cancel_futures=True)
        if prepared:
            _release_parsing()


def _batched(items: Iterator, size: int) -> Iterator[list]:
    # itertools.batched arrived in Python 3.12.
    while batch := list(itertools.islice(items, size)):
        yield batch


# The parse cache's keys, in a worker process (see _read_and_parse_all).
_known_keys: Container[str] = frozenset()


def _set_known_keys(known: Container[str]) -> None:
    global _known_keys
    _known_keys = known


def _read_and_parse(batch: tuple[list[_Job], str, int | None],
                    known: Container[str] | None = None) -> list[_Outcome]:
    """Read and parse a batch of files: one outcome per file.

    A file whose bytes hash to a key in ``known`` (the cache's keys: a
    renamed or touched file) is ``moved``, not parsed; the parsed rows each
    carry the file's :class:`_Where` fields too.
    """
    jobs, lexicon, assume_year = batch
    known = _known_keys if known is None else known
    # The lexicon travels as its JSON text, the key of the compiled patterns' cache.
    bp = _compile_cached(lexicon)
    _prefetch(jobs)
    outcomes = []
    for job in jobs:
        fetched = _fetch(job)
        if isinstance(fetched, _Outcome):
            outcomes.append(fetched)
            continue
        st = fetched.st
        where = _Where(job.rel, st.st_size, st.st_mtime_ns, fetched.trusted, fetched.key)
        if fetched.key in known:
            outcomes.append(_Outcome("moved", where=where))
            continue
        rows = _parse_file(fetched.data, job.fmt, bp, assume_year, job.max_rows)
        fields = where._asdict()
        for row in rows:
            row.update(fields)
        outcomes.append(_Outcome("parsed", rows))
    return outcomes


def _prefetch(jobs: list[_Job]) -> None:
    """Ask the kernel to start reading the batch's new files now.

    On a cold disk the reads are then in flight together while the first
    files are parsed, as they would be with a thread per read. Files the
    cache knows are left alone: most are unchanged and never read.
    """
    if not hasattr(os, "posix_fadvise"):
        return
    for job in jobs:
        if job.hit is not None:
            continue
        try:
            # Non-blocking: opening a FIFO for reading would wait for a writer.
            fd = os.open(job.path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            # At most what the loader may read: a larger file is rejected unread.
            os.posix_fadvise(fd, 0, job.max_bytes + 1, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def _fetch(job: _Job) -> _Outcome | _Data:
    """Stat, and unless the cache holds it unchanged, read and hash one file.

    Returns a ``reject`` or ``same`` outcome, or the file's data.
    """
    rel, path, fmt, hit, options, max_bytes, now, _ = job
    try:
        st = path.stat()
    except OSError as exc:
        what = "a broken or looping symbolic link" if path.is_symlink() else _os_reason(exc)
        return _reject(_reject_row(rel, "unreadable", f"the file cannot be opened ({what})"))
    if not stat_mod.S_ISREG(st.st_mode):
        return _reject(_reject_row(rel, "unreadable", "not a regular file"))
    if st.st_size > max_bytes:
        return _reject(_reject_row(rel, "too_large", f"{st.st_size} bytes is more than the limit of {max_bytes}"))
    trusted = now - st.st_mtime_ns > RACY_NS
    # The cached file, trusted, unchanged, parsed with the same options.
    if (hit is not None and hit.trusted and (hit.size, hit.mtime_ns) == (st.st_size, st.st_mtime_ns)
            and hit.key.endswith(f":{fmt}:{options}")):
        return _SAME
    try:
        data = _read_file(path, st.st_size)
    except OSError as exc:
        return _reject(_reject_row(rel, "unreadable", f"the file cannot be read ({_os_reason(exc)})"))
    if len(data) > max_bytes:
        return _reject(_reject_row(rel, "too_large", f"{len(data)} bytes is more than the limit of {max_bytes}"), True)
    return _Data(st, data, f"{hashlib.sha256(data).hexdigest()}:{fmt}:{options}", trusted)


_SAME = _Outcome("same")


def _reject(row: dict, was_read: bool = False) -> _Outcome:
    return _Outcome("reject", [row], was_read)


def _read_file(path: Path, size: int) -> bytes:
    """The file's bytes in as few system calls as the size known from stat allows."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        data = os.read(fd, size + 1)
        if len(data) <= size:
            return data
        # The file grew since stat: read on to its end.
        chunks = [data]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
