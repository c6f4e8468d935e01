"""Loading the raw folder into the ``articles`` and ``rejects`` tables.

:func:`read_corpus` walks a folder (or reads one file), decodes and repairs
each input (:mod:`reexdata.repair`), splits page dumps into their parts
(:mod:`reexdata.parsing`), dates them (:mod:`reexdata.dates`) and returns two
tables, both shaped exactly as declared in :data:`reexdata.schema.TABLES`:

- ``articles``: one row per article loaded;
- ``rejects``: one row per input that was not loaded, with a reason code
  and a sentence naming the problem.

Nothing is dropped silently: every input file (and every line or row of a
multi-article export) ends up in exactly one of the two tables, so
``n_inputs == len(articles) + len(rejects)``. Names starting with a dot
(``.gitkeep``, ``.DS_Store``, hidden folders) are not inputs and are skipped.

Inputs, by extension (case-insensitive):

- ``.txt``, ``.md``: page dumps like the seeds in ``data/raw``;
- ``.html``, ``.htm``: web pages; main text and title through trafilatura,
  date through htmldate;
- ``.jsonl``, ``.json``, ``.csv``: exports with ``title``, ``date`` and
  ``text`` (or ``body``/``content``) fields and optional ``url``; one article
  per line or row, whose source is ``file.jsonl#N`` (N is the 1-based line
  of a JSONL file, item of a JSON array (a lone JSON object is item 1), or
  data row of a CSV file, blank rows not counted).

Dates come from a page's dateline, from its prose (see
:func:`reexdata.dates.find_date`), or, with ``date_source="metadata"``, from
structured data given with the article: an export's ``date`` field, the
HTML page's date markup, or metadata.csv.

An optional ``metadata.csv`` at the root of the raw folder (columns ``file``,
``url``, ``title``, ``published``) overrides the title
(``title_source="metadata"``), date (``date_source="metadata"``) and url
inferred for the input it names; it is not itself an article.

Parse cache
-----------
With ``cache_dir``, each input's parse result is kept in one Parquet file per
raw folder, ``<cache_dir>/ingest-v<PARSER_VERSION>-<folder hash>.parquet``,
one row per result (article or reject) with the file's path, size, mtime and
a key = SHA-256 of its bytes + format + parse options (``PARSER_VERSION``, a
hash of the parsing code itself, the boilerplate lexicon's hash,
``assume_year``). A rebuild

- does not even read a file whose size and mtime are unchanged (as git does;
  a file modified within two seconds of being read is re-hashed next time,
  so a same-size edit in the same clock tick is never missed);
- reads but does not parse a file whose bytes hash to a cached key (renamed
  or touched files);
- parses only new or changed files; deleted files leave the cache.

A cache written by another parser version has another file name and is never
read; a cache file that cannot be read or has an unexpected schema is ignored
and rewritten. Writes go to a temporary file renamed into place, so a crash
never leaves a half-written cache. One consolidated file reads and writes in
well under a second at 100k articles, where 100k small files would not.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import logging
import os
import stat as stat_mod
import sys
import time
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._parallel import _make_pool, _ordered_map
from reexdata.dates import DateFound, find_date, parse_date
from reexdata.errors import InputError, ReexdataError, check_one_of, check_range, check_type, param_error
from reexdata.parsing import Boilerplate, _compile_cached, compile_boilerplate, count_words, first_sentence, parse_page
from reexdata.schema import TABLES, cast_table

__all__ = ["PARSER_VERSION", "FORMATS", "Corpus", "read_corpus", "load_articles"]

#: Bump whenever parsing changes what a file turns into; old caches are then ignored.
PARSER_VERSION = "1"

#: File extension -> input format.
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "json",
    ".csv": "csv",
}

_log = logging.getLogger(__name__)

_ARTICLES = TABLES["articles"]
_REJECTS = TABLES["rejects"]
_ARTICLE_SCHEMA = _ARTICLES.polars_schema
_REJECT_SCHEMA = _REJECTS.polars_schema
# One row of the cache: where it came from, then an article or a reject.
_UNIT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "path": pl.String,
    "size": pl.Int64,
    "mtime_ns": pl.Int64,
    "trusted": pl.Boolean,
    "key": pl.String,
    "part": pl.String,
    "reason": pl.String,
    "detail": pl.String,
    **{name: dtype for name, dtype in _ARTICLE_SCHEMA.items() if name != "source"},
}
_TEXT_KEYS = ("text", "body", "content")
_METADATA_FILE = "metadata.csv"
# A file modified this recently may be modified again within the same mtime
# tick without its size changing; its stat is not trusted by the cache.
_RACY_NS = 2_000_000_000
_DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Corpus:
    """The result of :func:`read_corpus`.

    Attributes
    ----------
    articles : polars.DataFrame
        One row per article, columns as ``TABLES["articles"]``, sorted by source.
    rejects : polars.DataFrame
        One row per input not loaded (``source``, ``reason``, ``detail``),
        sorted by source.
    n_inputs : int
        Inputs seen: files, plus one per line/row of multi-article files
        (instead of the file), that is ``n_loaded + n_rejected``.
    n_read : int
        Files whose bytes were read in this call (the cache avoids the rest).
    n_parsed : int
        Files parsed in this call (the cache avoids the rest).

    Examples
    --------
    >>> corpus = read_corpus("data/raw")                    # doctest: +SKIP
    >>> corpus                                               # doctest: +SKIP
    Corpus(5 articles, 0 rejects, 5 inputs)
    """

    articles: pl.DataFrame
    rejects: pl.DataFrame
    n_read: int = 0
    n_parsed: int = 0

    @property
    def n_inputs(self) -> int:
        """Number of inputs seen: every one is loaded or rejected."""
        return self.n_loaded + self.n_rejected

    @property
    def n_loaded(self) -> int:
        """Number of articles loaded."""
        return self.articles.height

    @property
    def n_rejected(self) -> int:
        """Number of inputs rejected."""
        return self.rejects.height

    def __repr__(self) -> str:
        return f"Corpus({self.n_loaded} articles, {self.n_rejected} rejects, {self.n_inputs} inputs)"

    def to_pandas(self):
        """Return ``(articles, rejects)`` as pandas frames with Arrow-backed dtypes.

        Examples
        --------
        >>> articles, rejects = read_corpus("data/raw").to_pandas()   # doctest: +SKIP
        """
        return _like(self.articles, "pandas"), _like(self.rejects, "pandas")


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def read_corpus(
    path: str | os.PathLike,
    *,
    metadata: str | os.PathLike | Any | bool | None = None,
    strict: bool = False,
    assume_year: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike | None = None,
    boilerplate: Any = None,
) -> Corpus:
    """Load every article under ``path``, and list every input that was not loaded.

    Parameters
    ----------
    path : str or PathLike
        The raw folder (searched recursively, in sorted order, without
        following a symbolic link back into a folder already visited), or
        one file.
    metadata : str, PathLike, DataFrame, bool or None, default=None
        Overrides of url, title and date (columns ``file``, ``url``,
        ``title``, ``published``). ``None`` uses ``metadata.csv`` at the root
        of the folder when there is one; ``False`` uses none (a root
        ``metadata.csv`` is then an ordinary input); a path or a pandas/polars
        frame gives the table itself.
    strict : bool, default=False
        Raise :class:`~reexdata.errors.InputError` (naming the input and the
        problem) for the first input, by source, that would be rejected.
    assume_year : int, optional
        Year for dates written without one (``On June 13``); such dates get
        ``date_source="text+assumed_year"``. By default they stay null.
    max_bytes : int, default=20_000_000
        Larger files are rejected as ``too_large`` without being read.
    cache_dir : str or PathLike, optional
        Folder of the parse cache (see the module docs). No cache by default.
    boilerplate : str, PathLike or mapping, optional
        A boilerplate lexicon of the shape of ``lexicons/boilerplate.toml``;
        the shipped one by default.

    Returns
    -------
    Corpus
        ``.articles`` with the columns of ``TABLES["articles"]``: article_id,
        source, format, url, title, headline, title_source, published,
        date_source, date_text, author, highlights, body,
        state_media_disclaimer, related_headlines, word_count, encoding,
        encoding_repairs; ``.rejects`` with source, reason, detail. Both
        sorted by source.

    Raises
    ------
    ReexdataError
        When ``path`` does not exist, or metadata cannot be used.
    InputError
        With ``strict=True``, for the first input that would be rejected.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Baogang Signs Deal\\n\\nSep 9, 2025\\n\\nBaogang signed a deal.")
    >>> _ = (folder / "b.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
    >>> corpus = read_corpus(folder)
    >>> corpus.articles.select("headline", "published", "date_source").row(0)
    ('Baogang Signs Deal', datetime.date(2025, 9, 9), 'dateline')
    >>> corpus.rejects.row(0)
    ('b.png', 'unsupported_format', "files with the extension '.png' are not a supported input format")
    """
    corpus, _ = _read_corpus(path, metadata=metadata, strict=strict, assume_year=assume_year,
                             max_bytes=max_bytes, cache_dir=cache_dir, boilerplate=boilerplate)
    return corpus


def _read_corpus(
    path: str | os.PathLike,
    *,
    metadata: str | os.PathLike | Any | bool | None = None,
    strict: bool = False,
    assume_year: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike | None = None,
    boilerplate: Any = None,
    discovered: tuple[list[tuple[str, Path]], list[dict]] | None = None,
) -> tuple[Corpus, dict[str, str]]:
    """:func:`read_corpus`, and the SHA-256 of each input file it read or found unchanged in the cache.

    The build fingerprints its inputs with these digests, so a cold build
    reads each file once; it passes the folder walk it already made as
    ``discovered`` (:func:`_discover`'s result, the cache folder skipped).
    """
    func = "read_corpus"
    root = _check_path(func, path)
    check_type(func, "strict", strict, bool, "a bool")
    if assume_year is not None:
        check_type(func, "assume_year", assume_year, int, "an int or None")
        check_range(func, "assume_year", assume_year, low=1800, high=2199)
    check_type(func, "max_bytes", max_bytes, int, "an int")
    check_range(func, "max_bytes", max_bytes, low=1)
    if cache_dir is not None:
        check_type(func, "cache_dir", cache_dir, (str, os.PathLike), "a path or None")
    check_type(func, "boilerplate", boilerplate, (str, os.PathLike, Mapping, Boilerplate, type(None)),
               "a lexicon name, a path, a mapping or None")
    bp = compile_boilerplate(boilerplate)

    base = root if root.is_dir() else root.parent
    meta, meta_path = _read_metadata(func, metadata, base, root.is_dir())
    cache = _Cache(Path(cache_dir), root) if cache_dir is not None else None
    options = hashlib.sha256(
        f"{PARSER_VERSION}|{_code_fingerprint()}|{bp.digest}|{assume_year}".encode()
    ).hexdigest()[:16]

    files, early = discovered if discovered is not None else _discover(root, skip_dir=cache.dir if cache else None)
    files, early = _drop_file(files, meta_path), list(early)
    units, n_read, n_parsed = _load_units(files, early, cache, options, bp, assume_year, max_bytes)

    articles, rejects = _assemble(units, early, meta)
    if strict and rejects.height:
        source, reason, detail = rejects.row(0)
        raise InputError(source, reason, detail)
    keys = units.select("path", "key").unique("path")
    digests = {p: k.split(":", 1)[0] for p, k in keys.iter_rows()}
    return Corpus(articles=articles, rejects=rejects, n_read=n_read, n_parsed=n_parsed), digests


def _assemble(units: pl.DataFrame, early: list[dict], meta: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The articles and rejects tables from the per-file results."""
    units = units.with_columns(source=pl.col("path") + pl.col("part"))
    articles = units.filter(pl.col("reason").is_null())
    rejects = pl.concat(
        [
            units.filter(pl.col("reason").is_not_null()).select(_REJECTS.column_names),
            pl.DataFrame(early, schema=_REJECT_SCHEMA),
        ]
    )
    if meta is not None:
        unknown = meta.filter(~pl.col("source").is_in(articles["source"].implode()))
        if unknown.height:
            _log.warning("metadata names %d input(s) that were not loaded, e.g. %s",
                         unknown.height, unknown["source"][0])
        articles = _apply_metadata(articles, meta)
    articles = articles.select(_ARTICLES.column_names).sort("source")
    articles, duplicates = _split_duplicates(articles)
    rejects = pl.concat([rejects, duplicates]).sort("source")
    return cast_table("articles", articles), cast_table("rejects", rejects)


def load_articles(
    path: str | os.PathLike,
    *,
    backend: str = "polars",
    metadata: str | os.PathLike | Any | bool | None = None,
    strict: bool = False,
    assume_year: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike | None = None,
    boilerplate: Any = None,
):
    """Load the articles under ``path`` as a polars or pandas frame.

    The same as ``read_corpus(path, ...).articles``; rejected inputs are only
    logged (use :func:`read_corpus` to get them as a table).

    Parameters
    ----------
    path : str or PathLike
        The raw folder, or one file.
    backend : {"polars", "pandas"}, default="polars"
        The kind of frame returned. pandas frames use Arrow-backed dtypes,
        so both backends hold the same columns, dtypes and values.
    metadata, strict, assume_year, max_bytes, cache_dir, boilerplate
        As in :func:`read_corpus`.

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The columns of ``TABLES["articles"]`` (see :func:`read_corpus`),
        sorted by source.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Highlights\\n- Baogang signs a deal.\\nOn June 13, it signed.")
    >>> articles = load_articles(folder, backend="pandas")
    >>> articles[["headline", "date_text"]].iloc[0].tolist()
    ['Baogang signs a deal.', 'On June 13']
    """
    check_one_of("load_articles", "backend", backend, ("polars", "pandas"))
    corpus = read_corpus(
        path,
        metadata=metadata,
        strict=strict,
        assume_year=assume_year,
        max_bytes=max_bytes,
        cache_dir=cache_dir,
        boilerplate=boilerplate,
    )
    if corpus.n_rejected:
        reasons = corpus.rejects["reason"].value_counts(sort=True).rows()
        _log.warning(
            "%d input(s) rejected (%s); read_corpus(...).rejects lists them",
            corpus.n_rejected, ", ".join(f"{reason}: {n}" for reason, n in reasons),
        )
    return _like(corpus.articles, backend)


# ---------------------------------------------------------------------------
# Arguments and discovery
# ---------------------------------------------------------------------------


def _check_path(func: str, path: Any) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise param_error(func, "path", "a path (str or PathLike)", path)
    root = Path(path)
    if not root.exists():
        raise ReexdataError(f"The input path {str(root)!r} does not exist.")
    return root


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of the code that turns bytes into rows, so that no cache outlives it.

    PARSER_VERSION says when parsing changed on purpose; this also catches an
    edit that forgot to bump it (repair, parsing, dates and this module).
    """
    from reexdata import dates, parsing, repair

    digest = hashlib.sha256()
    for module in (repair, parsing, dates, sys.modules[__name__]):
        try:
            digest.update(Path(module.__file__).read_bytes())  # type: ignore[arg-type]  # None: TypeError below
        except (OSError, TypeError):  # no source file (frozen install): the version must do
            digest.update(module.__name__.encode())
    return digest.hexdigest()[:16]


def _discover(root: Path, *, skip_dir: Path | None) -> tuple[list[tuple[str, Path]], list[dict]]:
    """Files under ``root`` as ``(relative path, path)``, sorted, plus folder rejects.

    Folders are walked depth-first in name order with an explicit stack (no
    recursion limit), real folders before symbolically linked ones; a folder
    reached twice (a symbolic-link loop, or a link to a folder already
    walked) is walked once, so the walk always ends, each file is loaded
    once, and under its real path when it has one inside the tree.
    """
    if not root.is_dir():
        return [(root.name, root)], []
    files: list[tuple[str, Path]] = []
    rejects: list[dict] = []
    seen: set[tuple[int, int]] = set()
    if skip_dir is not None:
        try:
            st = skip_dir.stat()
            seen.add((st.st_dev, st.st_ino))
        except OSError:
            pass
    stack: list[tuple[Path, str]] = [(root, "")]
    linked: list[tuple[Path, str]] = []  # symlinked folders, walked after the real ones
    while stack or linked:
        if not stack:
            stack, linked = sorted(linked, reverse=True), []
        folder, rel = stack.pop()
        try:
            st = folder.stat()
            ident = (st.st_dev, st.st_ino)
            if ident in seen:
                continue
            seen.add(ident)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            detail = f"the folder cannot be listed ({_os_reason(exc)})"
            rejects.append(_reject_row(rel.rstrip("/") or ".", "unreadable", detail))
            continue
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relpath = rel + entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                (linked if entry.is_symlink() else subfolders).append((Path(entry.path), relpath + "/"))
                continue
            files.append((relpath, Path(entry.path)))
        # Depth-first in name order, so that of two links to one folder the
        # same one is always walked, whatever order the file system lists.
        stack.extend(reversed(subfolders))
    files.sort()
    return files, rejects


def _drop_file(files: list[tuple[str, Path]], skip: Path | None) -> list[tuple[str, Path]]:
    """``files`` without ``skip`` (the metadata file), wherever a link to it shows it."""
    if skip is None:
        return files
    try:
        st = skip.stat()
    except OSError:
        return files
    skip_id = (st.st_dev, st.st_ino)

    def is_skip(path: Path) -> bool:
        if path.name != skip.name:
            return False
        try:
            st = path.stat()
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == skip_id

    return [(rel, path) for rel, path in files if not is_skip(path)]


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _reject_row(source: str, reason: str, detail: str) -> dict:
    return {"source": source, "reason": reason, "detail": detail}


# ---------------------------------------------------------------------------
# Reading files, with the cache
# ---------------------------------------------------------------------------


class _Cache:
    """The consolidated parse cache of one raw folder (see the module docs)."""

    def __init__(self, cache_dir: Path, root: Path):
        self.dir = cache_dir
        tag = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
        self.prefix = "ingest-v"
        self.suffix = f"-{tag}.parquet"
        self.file = cache_dir / f"{self.prefix}{PARSER_VERSION}{self.suffix}"
        self.frame = self._load()
        if self.frame is not None:
            unique = self.frame.select("path", "size", "mtime_ns", "trusted", "key").unique("path", keep="first")
            self.by_path = {
                p: (s, m, t, k)
                for p, s, m, t, k in zip(*(unique[c].to_list() for c in unique.columns))
            }
            keys = self.frame.select("key", "path").unique("key", keep="first")
            self.by_key = dict(zip(keys["key"].to_list(), keys["path"].to_list()))
        else:
            self.by_path, self.by_key = {}, {}

    def _load(self) -> pl.DataFrame | None:
        if not self.file.is_file():
            return None
        try:
            frame = pl.read_parquet(self.file)
        except Exception as exc:  # any unreadable cache is ignored, never trusted
            _log.warning("ignoring unreadable parse cache %s: %s", self.file, exc)
            return None
        if dict(frame.schema) != _UNIT_SCHEMA:
            _log.warning("ignoring parse cache %s: unexpected columns", self.file)
            return None
        return frame

    def save(self, units: pl.DataFrame) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            # Snappy: the cache is rewritten on every change, so speed beats
            # size (100k articles: 1.6 s and 198 MB, against 2.7 s and 184 MB
            # with lz4).
            units.write_parquet(tmp, compression="snappy")
            os.replace(tmp, self.file)
        finally:
            tmp.unlink(missing_ok=True)
        # Caches of other parser versions for this folder can never be used
        # again, nor can temporary files left by a killed run (an hour old:
        # younger ones may belong to a run still writing).
        stale = time.time() - 3600
        for old in self.dir.glob(f"{self.prefix}*{self.suffix}"):
            if old != self.file:
                old.unlink(missing_ok=True)
        for tmp in self.dir.glob(f".{self.prefix}*{self.suffix}.*.tmp"):
            try:
                if tmp.stat().st_mtime < stale:
                    tmp.unlink()
            except OSError:
                pass


def _load_units(
    files: list[tuple[str, Path]],
    early: list[dict],
    cache: _Cache | None,
    options: str,
    bp: Boilerplate,
    assume_year: int | None,
    max_bytes: int,
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
        jobs.append((rel, path, fmt, hit, options, max_bytes, now))
    known = cache.by_key if cache is not None else {}

    frames = [pl.DataFrame(schema=_UNIT_SCHEMA)]
    rows: list[dict] = []
    for (rel, *_), outcome in zip(jobs, _read_and_parse_all(jobs, bp, assume_year, known)):
        kind = outcome[0]
        n_read += kind in ("parsed", "moved") or (kind == "reject" and outcome[2])
        if kind == "reject":
            early.append(outcome[1])
        elif kind == "same":
            same_path.append(rel)
        elif kind == "moved":
            assert cache is not None  # only a cached file can have moved
            where = outcome[1]
            for name, value in (("path", rel), ("src", cache.by_key[where["key"]]), ("size", where["size"]),
                                ("mtime_ns", where["mtime_ns"]), ("trusted", where["trusted"])):
                same_key[name].append(value)
        else:
            n_parsed += 1
            rows.extend(outcome[1])
            if len(rows) >= _FRAME:
                frames.append(pl.DataFrame(rows, schema=_UNIT_SCHEMA))
                rows = []
    frames.append(pl.DataFrame(rows, schema=_UNIT_SCHEMA))
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
            try:
                cache.save(units)
            except OSError as exc:  # a cache that cannot be written only costs time
                _log.warning("cannot write the parse cache %s: %s", cache.file, exc)
    return units, n_read, n_parsed


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


def _read_and_parse_all(jobs: list[tuple], bp: Boilerplate, assume_year: int | None,
                        known: Container[str]) -> Iterator[tuple]:
    """The outcome of each job of :func:`_load_units`, in order (see :func:`_read_and_parse`)."""
    batches = ((batch, bp.source, assume_year) for batch in _batched(iter(jobs), _JOB))
    # Forked workers inherit the cache's keys from the initializer's
    # arguments instead of receiving them with every batch. (Should the pool
    # break, the rest runs here without them: a renamed file is then parsed
    # again, to the same rows.)
    pool = _make_pool(initializer=_set_known_keys, initargs=(known,)) if len(jobs) >= _POOL_FROM else None
    if pool is None:
        for batch in batches:
            yield from _read_and_parse(batch, known)
        return
    try:
        for outcomes in _ordered_map(_read_and_parse, batches, pool=pool):
            yield from outcomes
    finally:
        pool.shutdown(cancel_futures=True)


def _batched(items: Iterator, size: int) -> Iterator[list]:
    # itertools.batched arrived in Python 3.12.
    while batch := list(itertools.islice(items, size)):
        yield batch


# The parse cache's keys, in a worker process (see _read_and_parse_all).
_known_keys: Container[str] = frozenset()


def _set_known_keys(known: Container[str]) -> None:
    global _known_keys
    _known_keys = known


def _read_and_parse(batch: tuple[list[tuple], str, int | None], known: Container[str] | None = None) -> list[tuple]:
    """Read and parse a batch of files: one outcome per file.

    An outcome is ``("reject", row, was_read)``, ``("same",)`` (the cache
    holds the file unchanged), ``("moved", where)`` (its bytes hash to a
    key in ``known``, the cache's keys: a renamed or touched file, not
    parsed) or ``("parsed", rows)``; ``where`` (path, size, mtime, trust,
    key) is also in each of the rows.
    """
    jobs, lexicon, assume_year = batch
    known = _known_keys if known is None else known
    # The lexicon travels as its JSON text, the key of the compiled patterns' cache.
    bp = _compile_cached(lexicon)
    _prefetch(jobs)
    outcomes = []
    for job in jobs:
        outcome = _fetch(job)
        if outcome[0] != "data":
            outcomes.append(outcome)
            continue
        _, st, data, key, trusted = outcome
        where = {"path": job[0], "size": st.st_size, "mtime_ns": st.st_mtime_ns, "trusted": trusted, "key": key}
        if key in known:
            outcomes.append(("moved", where))
            continue
        rows = _parse_file(data, job[2], bp, assume_year)
        for row in rows:
            row.update(where)
        outcomes.append(("parsed", rows))
    return outcomes


def _prefetch(jobs: list[tuple]) -> None:
    """Ask the kernel to start reading the batch's new files now.

    On a cold disk the reads are then in flight together while the first
    files are parsed, as they would be with a thread per read. Files the
    cache knows are left alone: most are unchanged and never read.
    """
    if not hasattr(os, "posix_fadvise"):
        return
    for _, path, _, hit, _, max_bytes, _ in jobs:
        if hit is not None:
            continue
        try:
            # Non-blocking: opening a FIFO for reading would wait for a writer.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            # At most what the loader may read: a larger file is rejected unread.
            os.posix_fadvise(fd, 0, max_bytes + 1, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def _fetch(job: tuple) -> tuple:
    """Stat, and unless the cache holds it unchanged, read and hash one file.

    Returns ``("reject", row, was_read)``, ``("same",)`` or
    ``("data", stat, bytes, cache key, trusted)``.
    """
    rel, path, fmt, hit, options, max_bytes, now = job
    try:
        st = path.stat()
    except OSError as exc:
        what = "a broken or looping symbolic link" if path.is_symlink() else _os_reason(exc)
        return "reject", _reject_row(rel, "unreadable", f"the file cannot be opened ({what})"), False
    if not stat_mod.S_ISREG(st.st_mode):
        return "reject", _reject_row(rel, "unreadable", "not a regular file"), False
    if st.st_size > max_bytes:
        return "reject", _reject_row(rel, "too_large", f"{st.st_size} bytes is more than the limit of {max_bytes}"), False
    trusted = now - st.st_mtime_ns > _RACY_NS
    # (size, mtime_ns, trusted, key) of the cached file, same parse options.
    if hit is not None and hit[2] and hit[:2] == (st.st_size, st.st_mtime_ns) and hit[3].endswith(f":{fmt}:{options}"):
        return ("same",)
    try:
        data = _read_file(path, st.st_size)
    except OSError as exc:
        return "reject", _reject_row(rel, "unreadable", f"the file cannot be read ({_os_reason(exc)})"), False
    if len(data) > max_bytes:
        return "reject", _reject_row(rel, "too_large", f"{len(data)} bytes is more than the limit of {max_bytes}"), True
    return "data", st, data, f"{hashlib.sha256(data).hexdigest()}:{fmt}:{options}", trusted


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


# ---------------------------------------------------------------------------
# Parsing one file
# ---------------------------------------------------------------------------


def _parse_file(data: bytes, fmt: str, bp: Boilerplate, assume_year: int | None) -> list[dict]:
    """Turn one file's bytes into result rows (articles or rejects), each with its ``part``."""
    from reexdata.repair import decode_bytes

    if not data.strip():
        return [_unit_reject("", "empty", "the file is empty" if not data else "the file holds only whitespace")]
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        reason = getattr(exc, "reason", "undecodable")
        return [_unit_reject("", reason, str(exc))]
    if not text.strip():
        return [_unit_reject("", "empty", "the file holds no text")]
    try:
        if fmt in ("txt", "md"):
            return [_page_row("", text, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year)]
        if fmt == "html":
            return [_html_row(text, encoding=encoding, bp=bp, assume_year=assume_year)]
        return _export_rows(text, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year)
    except RecursionError:
        return [_unit_reject("", "unreadable", "the file is nested too deeply to be parsed")]


def _unit_reject(part: str, reason: str, detail: str) -> dict:
    return {"part": part, "reason": reason, "detail": detail}


def _page_row(
    part: str,
    text: str,
    *,
    fmt: str,
    encoding: str,
    bp: Boilerplate,
    assume_year: int | None,
    title: str | None = None,
    url: str | None = None,
    date_value: str | None = None,
    date: DateFound | None = None,
) -> dict:
    """One article (or a boilerplate_only reject) from a page's text."""
    from reexdata.repair import repair_text

    text, repairs = repair_text(text)
    if title is not None:
        title, title_repairs = repair_text(title)
        repairs += title_repairs
        title = " ".join(title.split()) or None
    page = parse_page(text, title=title, boilerplate=bp)
    if not page.body:
        return _unit_reject(part, "boilerplate_only", "no article text is left once the site boilerplate is removed")
    title = title if title is not None else page.title
    if title is not None:
        headline, title_source = title, "page"
    elif page.highlights:
        headline, title_source = page.highlights[0], "first_highlight"
    else:
        headline, title_source = first_sentence(page.body), "first_sentence"

    if date is None and date_value:
        day = parse_date(date_value)
        if day is not None:
            date = DateFound(day, "metadata", date_value.strip())
    if date is None:
        prose = "\n\n".join([title or "", *page.highlights, page.body])
        date = find_date(prose, dateline=page.dateline, assume_year=assume_year)
        if date.date_text is None and date_value:
            # Keep the words of a date field we could not read: never silently dropped.
            date = DateFound(None, None, date_value.strip())
    body = page.body
    return {
        "part": part,
        "reason": None,
        "detail": None,
        "article_id": hashlib.sha256(body.encode("utf-8")).hexdigest()[:16],
        "format": fmt,
        "url": url,
        "title": title,
        "headline": headline,
        "title_source": title_source,
        "published": date.published,
        "date_source": date.date_source,
        "date_text": date.date_text,
        "author": page.author,
        "highlights": page.highlights,
        "body": body,
        "state_media_disclaimer": page.state_media_disclaimer,
        "related_headlines": page.related_headlines,
        "word_count": count_words("\n".join(page.highlights)) + count_words(body),
        "encoding": encoding,
        "encoding_repairs": repairs,
    }


def _html_row(html: str, *, encoding: str, bp: Boilerplate, assume_year: int | None) -> dict:
    """One article from a web page: trafilatura for text and title, htmldate for the date."""
    import trafilatura
    from htmldate import find_date as html_date

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
        if not text.strip():
            text = trafilatura.html2txt(html) or ""
        meta = trafilatura.extract_metadata(html)
        title = (meta.title or None) if meta is not None else None
        url = (meta.url or None) if meta is not None else None
        # Markup only (extensive_search=False): dates in the prose are read
        # by our own rules, which never guess a year.
        day = html_date(html, extensive_search=False, original_date=True)
    except Exception as exc:  # lxml raises many types on broken markup
        _log.debug("html extraction failed: %s", exc)
        return _unit_reject("", "boilerplate_only", "no article text could be extracted from the HTML")
    if not text.strip():
        return _unit_reject("", "boilerplate_only", "no article text could be extracted from the HTML")
    date = None
    if day:
        date = DateFound(dt.date.fromisoformat(day), "metadata", day)
    return _page_row("", text, fmt="html", encoding=encoding, bp=bp, assume_year=assume_year,
                     title=title, url=url, date=date)


def _export_rows(text: str, *, fmt: str, encoding: str, bp: Boilerplate, assume_year: int | None) -> list[dict]:
    records = _jsonl_records(text) if fmt == "jsonl" else _json_records(text) if fmt == "json" else _csv_records(text)
    rows = []
    for part, record, rejected in records:
        if rejected:
            rows.append(record)
            continue
        rows.append(_record_row(part, record, fmt=fmt, encoding=encoding, bp=bp, assume_year=assume_year))
    if not rows:
        rows.append(_unit_reject("", "empty", "the file holds no records"))
    return rows


def _bad(part: str, reason: str, detail: str) -> tuple[str, dict, bool]:
    return part, _unit_reject(part, reason, detail), True


def _jsonl_records(text: str):
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        part = f"#{number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield _bad(part, "malformed_json", f"line {number} is not valid JSON ({getattr(exc, 'msg', exc)})")
            continue
        if not isinstance(obj, dict):
            yield _bad(part, "malformed_json", f"line {number} is a JSON {type(obj).__name__}, not an object")
            continue
        yield part, obj, False


def _json_records(text: str):
    try:
        obj = json.loads(text)
    except ValueError as exc:
        yield _bad("", "malformed_json", f"the file is not valid JSON ({getattr(exc, 'msg', exc)})")
        return
    if isinstance(obj, dict):
        nested = [v for k, v in obj.items() if k in ("articles", "records", "items", "data") and isinstance(v, list)]
        items = nested[0] if nested else [obj]
    elif isinstance(obj, list):
        items = obj
    else:
        yield _bad("", "malformed_json", f"the file holds a JSON {type(obj).__name__}, not objects")
        return
    for number, item in enumerate(items, start=1):
        part = f"#{number}"
        if not isinstance(item, dict):
            yield _bad(part, "malformed_json", f"item {number} is a JSON {type(item).__name__}, not an object")
        else:
            yield part, item, False


def _csv_records(text: str):
    # Article texts are long; the csv module's default field limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            return
        names = [h.strip().lower() for h in header]
        if not any(k in names for k in _TEXT_KEYS):
            shown = ", ".join(repr(n) for n in names[:10])
            yield _bad("", "no_text_column", f"the CSV header has no 'text' column (columns: {shown})")
            return
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            part = f"#{number}"
            if len(row) != len(names):
                yield _bad(part, "malformed_csv", f"row {number} has {len(row)} fields; the header has {len(names)}")
                continue
            yield part, dict(zip(names, row)), False
    except csv.Error as exc:
        part = f"#{number + 1}"
        detail = f"row {number + 1} cannot be read as CSV ({exc}); the rest of the file is skipped"
        yield _bad(part, "malformed_csv", detail)


def _field(record: Mapping, name: str) -> str | None:
    for key, value in record.items():
        if isinstance(key, str) and key.strip().lower() == name:
            if value is None:
                return None
            if isinstance(value, (list, dict)):
                return json.dumps(value, ensure_ascii=False)
            return value if isinstance(value, str) else str(value)
    return None


def _record_row(
    part: str, record: Mapping, *, fmt: str, encoding: str, bp: Boilerplate, assume_year: int | None
) -> dict:
    """One article from an export record with title/date/text (+ url) fields."""
    where = f"line {part[1:]}" if fmt == "jsonl" else f"row {part[1:]}" if fmt == "csv" else f"item {part[1:]}"
    text = None
    for name in _TEXT_KEYS:
        text = _field(record, name)
        if text is not None:
            break
    else:
        return _unit_reject(part, "no_text_column", f"{where} has no 'text' field")
    if not text.strip():
        return _unit_reject(part, "empty", f"{where} has an empty text")
    title = _field(record, "title")
    return _page_row(
        part,
        text,
        fmt=fmt,
        encoding=encoding,
        bp=bp,
        assume_year=assume_year,
        title=title if title and title.strip() else None,
        url=(_field(record, "url") or "").strip() or None,
        date_value=_field(record, "date"),
    )


# ---------------------------------------------------------------------------
# metadata.csv and duplicates
# ---------------------------------------------------------------------------


def _read_metadata(func: str, metadata: Any, base: Path, is_dir: bool) -> tuple[pl.DataFrame | None, Path | None]:
    """The overrides table (source, m_url, m_title, m_published, m_date_text) and its file."""
    if metadata is False:
        return None, None
    path = None
    if metadata is None:
        candidate = base / _METADATA_FILE
        if not is_dir or not candidate.is_file():
            return None, None
        path = candidate
        rows = _metadata_rows_from_file(path)
        name = _METADATA_FILE
    elif isinstance(metadata, (str, os.PathLike)):
        path = Path(metadata)
        if not path.is_file():
            raise ReexdataError(f"The metadata file {str(path)!r} does not exist.")
        rows = _metadata_rows_from_file(path)
        name = path.name
    elif metadata is True:
        raise param_error(func, "metadata", "a path, a DataFrame, False or None", metadata)
    else:
        frame, _ = _to_polars(metadata, func, "metadata")
        rows = [{str(k).strip().lower(): v for k, v in row.items()} for row in frame.iter_rows(named=True)]
        name = "metadata"
    return _metadata_frame(rows, name), path


def _metadata_rows_from_file(path: Path) -> list[dict]:
    from reexdata.repair import decode_bytes

    try:
        text, _ = decode_bytes(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(path.name, "unreadable", f"the metadata file cannot be read: {exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return [{(k or "").strip().lower(): v for k, v in row.items()} for row in reader]
    except csv.Error as exc:
        raise InputError(path.name, "malformed_csv", f"the metadata file is not valid CSV: {exc}") from None


def _metadata_frame(rows: list[dict], name: str) -> pl.DataFrame:
    out: dict[str, list] = {"source": [], "m_url": [], "m_title": [], "m_published": [], "m_date_text": []}
    for number, row in enumerate(rows, start=1):
        if "file" not in row:
            raise InputError(name, "malformed_csv", "the metadata has no 'file' column")
        source = str(row.get("file") or "").strip().replace("\\", "/").removeprefix("./")
        if not source:
            continue

        def cell(key: str) -> str | None:
            value = row.get(key)
            value = "" if value is None else str(value).strip()
            return value or None

        published = cell("published")
        day = None
        if published is not None:
            day = parse_date(published)
            if day is None:
                raise InputError(f"{name}#{number}", "malformed_csv",
                                 f"the published date {published!r} of {source} cannot be read")
        for key, value in (("source", source), ("m_url", cell("url")), ("m_title", cell("title")),
                           ("m_published", day), ("m_date_text", published)):
            out[key].append(value)
    return pl.DataFrame(out, schema={"source": pl.String, "m_url": pl.String, "m_title": pl.String,
                                     "m_published": pl.Date, "m_date_text": pl.String}).unique("source", keep="last")


def _apply_metadata(articles: pl.DataFrame, meta: pl.DataFrame) -> pl.DataFrame:
    has_title = pl.col("m_title").is_not_null()
    has_date = pl.col("m_published").is_not_null()
    return articles.join(meta, on="source", how="left").with_columns(
        url=pl.coalesce("m_url", "url"),
        title=pl.when(has_title).then("m_title").otherwise("title"),
        headline=pl.when(has_title).then("m_title").otherwise("headline"),
        title_source=pl.when(has_title).then(pl.lit("metadata")).otherwise("title_source"),
        published=pl.when(has_date).then("m_published").otherwise("published"),
        date_source=pl.when(has_date).then(pl.lit("metadata")).otherwise("date_source"),
        date_text=pl.when(has_date).then("m_date_text").otherwise("date_text"),
    )


def _split_duplicates(articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the first article (by source) of each article_id; reject the others."""
    first = pl.col("source").first().over("article_id")
    marked = articles.with_columns(first_source=first)
    dup = pl.col("source") != pl.col("first_source")
    duplicates = marked.filter(dup).select(
        "source",
        reason=pl.lit("duplicate"),
        detail=pl.lit("duplicate of ") + pl.col("first_source"),
    )
    return marked.filter(~dup).drop("first_source"), duplicates
