"""The loader's public face: :class:`Corpus`, :func:`read_corpus` and :func:`load_articles`.

The steps are in the sibling modules: :mod:`~reexdata.ingest.discover` walks
the folder, :mod:`~reexdata.ingest.read` reads and parses the files (with
:mod:`~reexdata.ingest.cache`), :mod:`~reexdata.ingest.formats` turns one
file into rows and :mod:`~reexdata.ingest.metadata` applies metadata.csv and
rejects duplicates.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

import polars as pl

from reexdata._frames import _like
from reexdata.errors import InputError, check_one_of, check_range, check_type
from reexdata.ingest.cache import _Cache, _parse_options
from reexdata.ingest.discover import _check_path, _discover, _drop_file
from reexdata.ingest.formats import DEFAULT_MAX_ROWS
from reexdata.ingest.metadata import _apply_metadata, _read_metadata, _split_duplicates
from reexdata.ingest.read import _load_units
from reexdata.parsing import Boilerplate, compile_boilerplate
from reexdata.schema import TABLES, cast_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corpus", "read_corpus", "load_articles"]

_log = logging.getLogger(__name__)

_ARTICLES = TABLES["articles"]
_REJECTS = TABLES["rejects"]
_REJECT_SCHEMA = _REJECTS.polars_schema
_DEFAULT_MAX_BYTES = 20_000_000

# What the metadata and boilerplate arguments may be.
Metadata: TypeAlias = "str | os.PathLike | pd.DataFrame | pl.DataFrame | bool | None"
BoilerplateSource: TypeAlias = str | Path | Mapping[str, Any] | Boilerplate | None


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

    def to_pandas(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Return ``(articles, rejects)`` as pandas frames with Arrow-backed dtypes.

        Examples
        --------
        >>> articles, rejects = read_corpus("data/raw").to_pandas()   # doctest: +SKIP
        """
        return _like(self.articles, "pandas"), _like(self.rejects, "pandas")


def read_corpus(
    path: str | os.PathLike,
    *,
    metadata: Metadata = None,
    strict: bool = False,
    assume_year: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike | None = None,
    boilerplate: BoilerplateSource = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    follow_links_outside: bool = False,
) -> Corpus:
    """Load every article under ``path``, and list every input that was not loaded.

    Parameters
    ----------
    path : str or PathLike
        The raw folder (searched recursively, in sorted order, without
        following a symbolic link back into a folder already visited), or
        one file. A symbolic link whose target is outside the folder is
        not followed but rejected as ``outside_raw`` (one row per link, a
        link to a folder included), unless ``follow_links_outside``.
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
    max_rows : int, default=200_000
        Records read from one JSONL, JSON or CSV file at most; the rest of
        the file is one ``too_many_rows`` reject whose detail says how many
        were not loaded.
    follow_links_outside : bool, default=False
        Follow symbolic links whose target is outside the raw folder (and
        load what they point to) instead of rejecting them as ``outside_raw``.

    Returns
    -------
    Corpus
        ``.articles`` with the columns of ``TABLES["articles"]``: article_id,
        source, format, url, title, headline, title_source, published,
        date_source, date_text, author, highlights, body,
        state_media_disclaimer, related_headlines, word_count, language,
        encoding, encoding_repairs; ``.rejects`` with source, reason, detail. Both
        sorted by source.

    Raises
    ------
    PathError
        When ``path`` (or a metadata file given) does not exist.
    InputError
        When the metadata cannot be used.
    ParameterError
        When an argument has the wrong type or value.
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
                             max_bytes=max_bytes, cache_dir=cache_dir, boilerplate=boilerplate,
                             max_rows=max_rows, follow_links_outside=follow_links_outside)
    return corpus


def _read_corpus(
    path: str | os.PathLike,
    *,
    metadata: Metadata = None,
    strict: bool = False,
    assume_year: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike | None = None,
    boilerplate: BoilerplateSource = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    follow_links_outside: bool = False,
    discovered: tuple[list[tuple[str, Path]], list[dict]] | None = None,
) -> tuple[Corpus, dict[str, str]]:
    """:func:`read_corpus`, and the SHA-256 of each input file it read or found unchanged in the cache.

    The build fingerprints its inputs with these digests, so a cold build
    reads each file once; it passes the folder walk it already made as
    ``discovered`` (:func:`~reexdata.ingest.discover._discover`'s result,
    the cache folder skipped).
    """
    func = "read_corpus"
    root = _check_path(func, path)
    check_type(func, "strict", strict, bool, "a bool")
    if assume_year is not None:
        check_type(func, "assume_year", assume_year, int, "an int or None")
        check_range(func, "assume_year", assume_year, low=1800, high=2199)
    check_type(func, "max_bytes", max_bytes, int, "an int")
    check_range(func, "max_bytes", max_bytes, low=1)
    check_type(func, "max_rows", max_rows, int, "an int")
    check_range(func, "max_rows", max_rows, low=1)
    check_type(func, "follow_links_outside", follow_links_outside, bool, "a bool")
    if cache_dir is not None:
        check_type(func, "cache_dir", cache_dir, (str, os.PathLike), "a path or None")
    check_type(func, "boilerplate", boilerplate, (str, os.PathLike, Mapping, Boilerplate, type(None)),
               "a lexicon name, a path, a mapping or None")
    bp = compile_boilerplate(boilerplate)

    base = root if root.is_dir() else root.parent
    meta, meta_path = _read_metadata(func, metadata, base, root.is_dir(), follow_links_outside=follow_links_outside)
    cache = _Cache(Path(cache_dir), root) if cache_dir is not None else None
    options = _parse_options(bp, assume_year, max_rows)

    if discovered is None:
        discovered = _discover(root, skip_dir=cache.dir if cache else None,
                               follow_links_outside=follow_links_outside)
    files, early = discovered
    files, early = _drop_file(files, meta_path), list(early)
    units, n_read, n_parsed = _load_units(files, early, cache, options, bp, assume_year, max_bytes, max_rows)

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


@overload
def load_articles(
    path: str | os.PathLike,
    *,
    backend: Literal["polars"] = ...,
    metadata: Metadata = ...,
    strict: bool = ...,
    assume_year: int | None = ...,
    max_bytes: int = ...,
    cache_dir: str | os.PathLike | None = ...,
    boilerplate: BoilerplateSource = ...,
    max_rows: int = ...,
    follow_links_outside: bool = ...,
) -> pl.DataFrame: ...


@overload
def load_articles(
    path: str | os.PathLike,
    *,
    backend: Literal["pandas"],
    metadata: Metadata = ...,
    strict: bool = ...,
    assume_year: int | None = ...,
    max_bytes: int = ...,
    cache_dir: str | os.PathLike | None = ...,
    boilerplate: BoilerplateSource = ...,
    max_rows: int = ...,
    follow_links_outside: bool = ...,
) -> pd.DataFrame: ...


def load_articles(
    path: str | os.PathLike,
    *,
    backend: Literal["polars", "pandas"] = "polars",
    metadata: Metadata = None,
    strict: bool = False,
    assume_year: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike | None = None,
    boilerplate: BoilerplateSource = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    follow_links_outside: bool = False,
) -> pl.DataFrame | pd.DataFrame:
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
    metadata, strict, assume_year, max_bytes, cache_dir, boilerplate, max_rows, follow_links_outside
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
        max_rows=max_rows,
        follow_links_outside=follow_links_outside,
    )
    if corpus.n_rejected:
        reasons = corpus.rejects["reason"].value_counts(sort=True).rows()
        _log.warning(
            "%d input(s) rejected (%s); read_corpus(...).rejects lists them",
            corpus.n_rejected, ", ".join(f"{reason}: {n}" for reason, n in reasons),
        )
    return _like(corpus.articles, backend)
