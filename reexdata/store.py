"""Crash-safe, deterministic publishing of the build's tables.

Layout of the tables folder (``data/processed`` by default)::

    data/processed/
        builds/
            <build_id>/              one complete build, never modified once named
                articles.parquet     one file per table of reexdata.schema.TABLES
                ...
                manifest.json        fingerprint, options, row counts, file hashes, timings
            <build_id>.tmp/          a build being written (or left by a crash);
                                     readers ignore it, the next publish removes it
        latest -> builds/<build_id>  the published build (a relative symlink)
        articles.parquet -> latest/articles.parquet    stable paths, one per table
        ...
        manifest.json -> latest/manifest.json
        .reexdata                    marks the folder as reexdata's (its schema version)

A tables folder must be new, empty or marked (:func:`check_out_dir`): a folder
of the user's is never written into, since publishing replaces names in it.

How a set of tables is published (:func:`publish`):

1. every table is validated against :mod:`reexdata.schema`; a table that
   breaks the promise stops the build before anything is written;
2. the tables and ``manifest.json`` are written into ``builds/<build_id>.tmp/``
   and each file is flushed to disk (``fsync``);
3. the folder is renamed to ``builds/<build_id>`` (atomic within a file system);
4. ``latest`` is switched to it in one step: a new symlink is created beside it
   and moved over it with :func:`os.replace`;
5. the stable ``<table>.parquet`` links are created when missing (they point
   through ``latest``, so they already show the new build);
6. old builds are pruned; the one ``latest`` pointed to before is kept, so a
   reader that resolved ``latest`` a moment earlier can still finish.

A crash (even ``SIGKILL``) at any point leaves either the old build or the new
one behind ``latest``, each complete; never a half-written Parquet file and
never a mix of two builds, as long as a reader resolves ``latest`` once
(:func:`current_build`, used by :func:`reexdata.read_tables`). Publishing holds
an exclusive lock on ``.lock`` in the tables folder, so two builds into one
folder take turns.

The Parquet files are byte-deterministic: the same frames give the same bytes
(fixed zstd level, fixed row-group size, contiguous arrays, no timestamps).
Each file's key-value metadata carries ``schema_version``,
``reexdata_version`` and ``table``. ``manifest.json`` holds the build time and
per-stage timings and is therefore *not* byte-identical between builds.

:mod:`reexdata.atomic` writes single files (the HTML report, the caches)
the same way: a temporary file in the same folder, ``fsync``, then
:func:`os.replace`; its functions are re-exported here.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from reexdata import __version__
from reexdata.atomic import (
    _TMP_SUFFIX,
    _fsync_dir,
    _os_errors,
    _write_and_sync,
    write_atomic,
    write_bytes_atomic,
    write_text_atomic,
)
from reexdata.errors import PathError, ReexdataError, SchemaError
from reexdata.schema import SCHEMA_VERSION, TABLES, validate_table

__all__ = [
    "BUILDS",
    "LATEST",
    "MANIFEST",
    "MARKER",
    "check_out_dir",
    "publish",
    "write_parquet",
    "current_build",
    "read_manifest",
    "write_atomic",
    "write_bytes_atomic",
    "write_text_atomic",
]

#: Sub-folder of the tables folder that holds one folder per build.
BUILDS = "builds"
#: Name of the symlink to the published build.
LATEST = "latest"
#: Name of the manifest file in each build folder.
MANIFEST = "manifest.json"
#: Name of the file that marks a tables folder as made by reexdata.
MARKER = ".reexdata"

_LOCK = ".lock"
# Fixed writer settings: changing any of them changes the bytes of every file.
_PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "row_group_size": 65_536,
}


def write_parquet(frame: pl.DataFrame, path: str | Path, *, table: str) -> str:
    """Write one table to a Parquet file, byte-deterministically, and fsync it.

    The file is written in place; :func:`publish` calls this only inside a
    build folder that is not yet visible. The file metadata records
    ``schema_version``, ``reexdata_version`` and ``table``.

    Parameters
    ----------
    frame : polars.DataFrame
        The table's rows.
    path : str or Path
        The file to write.
    table : str
        The table's name, stored in the metadata.

    Returns
    -------
    str
        The SHA-256 of the written file, in hex.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reexdata.schema import empty_table
    >>> from reexdata.store import write_parquet
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> digest = write_parquet(empty_table("rejects"), folder / "rejects.parquet", table="rejects")
    >>> digest == write_parquet(empty_table("rejects"), folder / "again.parquet", table="rejects")
    True
    """
    import pyarrow.parquet as pq

    # Contiguous arrays: polars may hand over several chunks depending on how
    # the frame was built, and chunk boundaries could leak into page layout.
    arrow = frame.rechunk().to_arrow().combine_chunks()
    metadata = dict(arrow.schema.metadata or {})
    metadata.update(
        {
            b"schema_version": str(SCHEMA_VERSION).encode(),
            b"reexdata_version": __version__.encode(),
            b"table": table.encode(),
        }
    )
    arrow = arrow.replace_schema_metadata(metadata)
    path = Path(path)
    with open(path, "wb") as fh:
        pq.write_table(arrow, fh, **_PARQUET_OPTIONS)
        fh.flush()
        os.fsync(fh.fileno())
    return _sha256(path)


def publish(
    tables: Mapping[str, pl.DataFrame],
    out: str | Path,
    *,
    manifest: Mapping[str, Any] | None = None,
    build_id: str | None = None,
) -> Path:
    """Validate and publish a complete set of tables as one build.

    Parameters
    ----------
    tables : mapping of str to polars.DataFrame
        Every table declared in :data:`reexdata.schema.TABLES`, by name.
    out : str or Path
        The tables folder (``data/processed``); created when missing.
    manifest : mapping, default=None
        What to record in ``manifest.json`` beside the tables (fingerprint,
        options, timings); ``build_id``, ``schema_version``,
        ``reexdata_version``, ``published_at`` and per-table ``rows`` and
        ``sha256`` are added.
    build_id : str, default=None
        Name of the build folder; by default the UTC time of publishing
        followed by the first 12 digits of ``manifest["fingerprint"]``.

    Returns
    -------
    Path
        The new build folder, ``out/builds/<build_id>``.

    Raises
    ------
    reexdata.errors.SchemaError
        When a table is missing, undeclared or does not match its schema;
        nothing is written then.
    reexdata.errors.PathError
        When ``out`` is not a tables folder (see :func:`check_out_dir`);
        nothing is written then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reexdata.schema import TABLES, empty_table
    >>> from reexdata.store import publish, current_build
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> build = publish({name: empty_table(name) for name in TABLES}, out, build_id="b1")
    >>> current_build(out) == build.resolve()
    True
    >>> (out / "articles.parquet").resolve() == build.resolve() / "articles.parquet"
    True
    """
    _check_table_set(tables)
    checked = {name: validate_table(name, tables[name]) for name in TABLES}
    out = check_out_dir(out)
    with _os_errors("Cannot publish the tables in", out):
        return _publish(checked, out, dict(manifest or {}), build_id)


def _publish(checked: dict[str, pl.DataFrame], out: Path, record: dict[str, Any], build_id: str | None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    _mark(out)
    builds = out / BUILDS
    builds.mkdir(exist_ok=True)

    with _locked(out):
        previous = _latest_target(out)
        _remove_stale_tmp(builds)
        if build_id is None:
            build_id = _new_build_id(builds, str(record.get("fingerprint", "")))
        elif (builds / build_id).exists():
            raise ReexdataError(f"Build folder {builds / build_id} already exists.")
        tmp = builds / (build_id + _TMP_SUFFIX)
        final = builds / build_id
        tmp.mkdir()
        started = time.perf_counter()
        try:
            files = {}
            for name, frame in checked.items():
                digest = write_parquet(frame, tmp / f"{name}.parquet", table=name)
                files[name] = {"rows": frame.height, "sha256": digest}
            record.update(
                {
                    "build_id": build_id,
                    "schema_version": SCHEMA_VERSION,
                    "reexdata_version": __version__,
                    "published_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "tables": files,
                }
            )
            # Time spent writing the tables (the manifest cannot time its own write).
            record["timings"] = {**record.get("timings", {}), "publish": round(time.perf_counter() - started, 3)}
            _write_and_sync(tmp / MANIFEST, _manifest_bytes(record))
            _fsync_dir(tmp)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_dir(builds)
        _replace_symlink(out / LATEST, f"{BUILDS}/{build_id}")
        _link_tables(out)
        _fsync_dir(out)
        _prune(builds, keep={build_id, previous.name if previous else None})
    return final


def current_build(out: str | Path) -> Path | None:
    """Return the published build folder, resolved once, or None.

    Resolve ``latest`` once and read every table from the folder returned,
    so that a publish happening meanwhile cannot mix two builds.

    Examples
    --------
    >>> import tempfile
    >>> from reexdata.store import current_build
    >>> current_build(tempfile.mkdtemp()) is None
    True
    """
    latest = Path(out) / LATEST
    if not latest.is_symlink() and not latest.is_dir():
        return None
    try:
        return latest.resolve(strict=True)
    except OSError:
        return None


def read_manifest(build: str | Path) -> dict[str, Any] | None:
    """Return the manifest of a build folder, or None when it is missing or unreadable.

    Examples
    --------
    >>> import tempfile
    >>> from reexdata.store import read_manifest
    >>> read_manifest(tempfile.mkdtemp()) is None
    True
    """
    try:
        with open(Path(build) / MANIFEST, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def check_out_dir(out: str | Path, *, raw: str | Path | None = None, interim: str | Path | None = None) -> Path:
    """Check that ``out`` may receive tables, before anything is written.

    ``out`` may be missing, an empty folder, or a tables folder reexdata made:
    one with the :data:`MARKER` file, or (written by versions before the
    marker) one holding nothing but names reexdata writes (``builds/``,
    ``latest``, ``manifest.json``, ``<table>.parquet``, ``.lock``), among
    them the ``latest`` link or a table. Anything else is refused: publishing
    replaces names in the folder, so a folder of the user's would lose files.

    Parameters
    ----------
    out : str or Path
        The tables folder.
    raw : str or Path, default=None
        The raw folder (or file) of the build. ``out`` or ``interim`` inside
        it is refused (the next build would read the tables as inputs), and
        so is ``raw`` inside the folders where ``out`` keeps its builds.
    interim : str or Path, default=None
        The parse cache folder of the build; it may not overlap ``out``
        (its files would make ``out`` a folder reexdata cannot recognise).

    Returns
    -------
    Path
        ``out`` as a Path.

    Raises
    ------
    reexdata.errors.PathError
        A one-line message naming the path and the problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reexdata.store import check_out_dir
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> check_out_dir(tmp / "processed") == tmp / "processed"
    True
    >>> _ = (tmp / "notes.txt").write_text("mine")
    >>> check_out_dir(tmp)
    Traceback (most recent call last):
    ...
    reexdata.errors.PathError: Tables folder ... is not empty and was not made by reexdata (it has no .reexdata file); give a new or empty folder.
    """
    out = Path(out)
    _check_nesting(out, raw, interim)
    if out.is_symlink() and not out.exists():
        raise PathError(f"Tables folder {out} is a broken symbolic link.")
    if not out.exists():
        return out
    if not out.is_dir():
        raise PathError(f"Tables folder {out} is an existing file, not a folder.")
    if not _made_by_reexdata(out):
        raise PathError(
            f"Tables folder {out} is not empty and was not made by reexdata (it has no {MARKER} file); "
            "give a new or empty folder."
        )
    return out


def _check_nesting(out: Path, raw: str | Path | None, interim: str | Path | None) -> None:
    """Refuse tables or cache in the raw folder, raw in the builds, and cache overlapping tables."""
    for path, what in ((out, "Tables folder"), (interim, "Cache folder")):
        if raw is not None and path is not None and _is_within(Path(path), Path(raw)):
            raise PathError(f"{what} {path} is inside the raw folder {raw}; the next build would read its tables as inputs.")
    if raw is not None and any(_is_within(Path(raw), out / inner) for inner in (BUILDS, LATEST)):
        raise PathError(f"Raw folder {raw} is inside the tables folder {out}; a build would read its own tables.")
    if interim is not None and (_is_within(Path(interim), out) or _is_within(out, Path(interim))):
        raise PathError(f"Cache folder {interim} and tables folder {out} overlap; give them separate folders.")


def _made_by_reexdata(out: Path) -> bool:
    try:
        with os.scandir(out) as entries:
            names = {entry.name for entry in entries}
    except OSError as exc:
        raise PathError(f"Tables folder {out} cannot be read ({exc.strerror}).") from None
    # A placeholder that keeps the empty folder in git counts as empty.
    if names <= {".gitkeep"} or MARKER in names:
        return True
    # Published before the marker existed: only names reexdata writes, and
    # the tables themselves (a lone manifest.json may be the user's own).
    tables = {f"{name}.parquet" for name in TABLES}
    ours = {BUILDS, LATEST, MANIFEST, _LOCK, *tables}
    only_ours = all(name in ours or (name.startswith(".") and name.endswith(_TMP_SUFFIX)) for name in names)
    return only_ours and ((out / LATEST).is_symlink() or bool(names & tables))


def _is_within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it, after resolving links."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _mark(out: Path) -> None:
    """Write the marker (once per schema version): the folder is reexdata's."""
    marker = out / MARKER
    content = _manifest_bytes({"made_by": "reexdata", "schema_version": SCHEMA_VERSION})
    with contextlib.suppress(OSError):
        if marker.read_bytes() == content:
            return
    write_bytes_atomic(marker, content)


def _check_table_set(tables: Mapping[str, pl.DataFrame]) -> None:
    for name in tables:
        if name not in TABLES:
            raise SchemaError(f"Table {name!r} is not declared in reexdata.schema.TABLES; it cannot be published.")
    for name in TABLES:
        if name not in tables:
            raise SchemaError(f"Table {name!r} is missing; a build publishes every declared table.")
        if not isinstance(tables[name], pl.DataFrame):
            raise SchemaError(
                f"Table {name!r} must be a polars DataFrame to be published. "
                f"Got {type(tables[name]).__name__!r} instead."
            )


def _manifest_bytes(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _new_build_id(builds: Path, fingerprint: str) -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{fingerprint[:12]}" if fingerprint else stamp
    candidate, n = base, 1
    while (builds / candidate).exists() or (builds / (candidate + _TMP_SUFFIX)).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _latest_target(out: Path) -> Path | None:
    latest = out / LATEST
    if latest.is_symlink():
        return Path(os.readlink(latest))
    if latest.exists():
        raise ReexdataError(f"{latest} exists and is not a symlink; move it away to publish new tables.")
    return None


def _replace_symlink(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}{_TMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _link_tables(out: Path) -> None:
    """Point ``out/<table>.parquet`` (and ``manifest.json``) through ``latest``."""
    names = [f"{name}.parquet" for name in TABLES] + [MANIFEST]
    for name in names:
        link, target = out / name, f"{LATEST}/{name}"
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.is_dir() and not link.is_symlink():
            raise ReexdataError(f"{link} is a folder; move it away to publish new tables.")
        _replace_symlink(link, target)


def _prune(builds: Path, keep: set[str | None]) -> None:
    for entry in builds.iterdir():
        if entry.name in keep or not entry.is_dir() or entry.is_symlink():
            continue
        # Only folders this module wrote: a build has a manifest.
        if (entry / MANIFEST).exists():
            shutil.rmtree(entry, ignore_errors=True)


def _remove_stale_tmp(builds: Path) -> None:
    # Called under the lock, so any .tmp folder is left over from a crash.
    for entry in builds.iterdir():
        if entry.name.endswith(_TMP_SUFFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    with open(out / _LOCK, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
