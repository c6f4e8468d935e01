"""metadata.csv (overrides of url, title and date) and duplicate articles."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import polars as pl

from reexdata._frames import _to_polars
from reexdata.dates import parse_date
from reexdata.errors import InputError, PathError, param_error
from reexdata.ingest.discover import _outside
from reexdata.ingest.formats import URL_HOST

__all__: list[str] = []

_METADATA_FILE = "metadata.csv"

def _read_metadata(func: str, metadata: Any, base: Path, is_dir: bool, *,
                   follow_links_outside: bool = False) -> tuple[pl.DataFrame | None, Path | None]:
    """The overrides table (source, m_url, m_title, m_published, m_date_text) and its file.

    A root metadata.csv that links to outside the raw folder is not read
    (unless ``follow_links_outside``): the walk rejects it as ``outside_raw``.
    """
    if metadata is False:
        return None, None
    path = None
    if metadata is None:
        candidate = base / _METADATA_FILE
        if not is_dir or not candidate.is_file():
            return None, None
        if not follow_links_outside and candidate.is_symlink() and _outside(str(candidate), os.path.realpath(base)):
            return None, None
        path = candidate
        rows = _metadata_rows_from_file(path)
        name = _METADATA_FILE
    elif isinstance(metadata, (str, os.PathLike)):
        path = Path(metadata)
        if not path.is_file():
            raise PathError(f"The metadata file {str(path)!r} does not exist.")
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
    from reexdata.repair import decode_bytes  # ~105 ms to import (ftfy), only for a metadata file

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
    out: dict[str, list] = {"source": [], "m_url": [], "m_title": [], "m_published": [], "m_date_text": [], "m_outlet": []}
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
                           ("m_published", day), ("m_date_text", published), ("m_outlet", cell("outlet"))):
            out[key].append(value)
    return pl.DataFrame(out, schema={"source": pl.String, "m_url": pl.String, "m_title": pl.String,
                                     "m_published": pl.Date, "m_date_text": pl.String, "m_outlet": pl.String}).unique("source", keep="last")


def _apply_metadata(articles: pl.DataFrame, meta: pl.DataFrame) -> pl.DataFrame:
    has_title = pl.col("m_title").is_not_null()
    has_date = pl.col("m_published").is_not_null()
    return articles.join(meta, on="source", how="left").with_columns(
        url=pl.coalesce("m_url", "url"),
        # metadata.csv's outlet, else its url's host, else what the input gave.
        outlet=pl.coalesce("m_outlet", pl.col("m_url").str.extract(URL_HOST, 1).str.to_lowercase(), "outlet"),
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

