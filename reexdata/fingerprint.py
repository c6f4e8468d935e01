"""What a build depends on, as hashes: the code, the raw inputs and the options.

- :func:`code_fingerprint`: the one hash of the package's own code. Every
  content-addressed cache and the build's fingerprint key on it, each over
  the files that shape what it keeps (the parse cache over parsing, the
  mentions cache over matching, the build over every table-shaping file).
- :func:`input_fingerprint`: everything a build's tables depend on. A build
  whose fingerprint equals the published one's reuses its tables.
- The raw digests: a content hash of each raw file, remembered in the
  interim folder with the file's size, mtime and inode and reused while they
  are unchanged (the rule git uses), so an unchanged folder is not read.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from reexdata import __version__, _cache
from reexdata.errors import PathError
from reexdata.schema import SCHEMA_VERSION

__all__ = ["code_fingerprint", "input_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent
# Files that do not shape the tables: editing them forces no rebuild.
_NOT_TABLE_CODE = ("cli.py", "report.py", "tables.py", "_schema_docs.py", "plots/")
_DIGEST_CACHE_VERSION = 1


@lru_cache(maxsize=None)
def code_fingerprint(*parts: str) -> str:
    """Return a SHA-256 (hex) of reexdata's source and lexicon files.

    Parameters
    ----------
    *parts : str
        Files (``"parsing.py"``) or folders (``"ingest/"``) of the package,
        relative to it. None given: every file that shapes the build's
        tables (all but the report, the charts and the command line).

    Examples
    --------
    >>> from reexdata.fingerprint import code_fingerprint
    >>> len(code_fingerprint("parsing.py")), code_fingerprint() == code_fingerprint("parsing.py")
    (64, False)
    """
    digest = hashlib.sha256()
    for rel, path in _code_files(parts):
        digest.update(rel.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:  # no source file (frozen install): the versions must do
            pass
        digest.update(b"\0")
    return digest.hexdigest()


def _code_files(parts: Iterable[str]) -> list[tuple[str, Path]]:
    """``(relative posix path, path)`` of the source and lexicon files under ``parts``."""
    parts = tuple(parts)
    files = []
    for path in _PACKAGE.rglob("*"):
        rel = path.relative_to(_PACKAGE).as_posix()
        if path.suffix not in {".py", ".toml"} or "__pycache__" in path.parts:
            continue
        if parts and not any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in parts):
            continue
        if not parts and any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in _NOT_TABLE_CODE):
            continue
        files.append((rel, path))
    return sorted(files)


def input_fingerprint(
    raw: str | os.PathLike,
    *,
    assume_year: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    follow_links_outside: bool = False,
    max_rows: int | None = None,
) -> str:
    """Return the SHA-256 (hex) of everything a build's tables depend on.

    That is: the relative path and content of every raw input (names starting
    with a dot are not inputs, as for :func:`reexdata.read_corpus`), the
    reexdata version and the source and lexicon files that shape the tables, the
    schema version and the build options. Equal fingerprints mean the build
    would write the same tables.

    Parameters
    ----------
    raw : str or Path
        The raw folder (or file).
    assume_year : int, default=None
        The build option of the same name.
    cache_dir : str or Path, default=None
        Folder where the content hashes are remembered with each file's size,
        mtime and inode, so that unchanged files are not read again (the rule
        git uses); None reads every file.
    follow_links_outside : bool, default=False
        The build option of the same name: whether links to outside the raw
        folder are followed (and their targets fingerprinted).
    max_rows : int, default=None
        The build option of the same name (None: the loader's default).

    Raises
    ------
    reexdata.errors.PathError
        When ``raw`` does not exist or holds no input.

    Examples
    --------
    >>> from reexdata.pipeline import input_fingerprint
    >>> input_fingerprint("data/raw") == input_fingerprint("data/raw")
    True
    >>> input_fingerprint("data/raw") == input_fingerprint("data/raw", assume_year=2025)
    False
    """
    raw = Path(raw)
    cache = Path(cache_dir) if cache_dir is not None else None
    files, _ = _input_files(raw, skip=cache, follow_links_outside=follow_links_outside)
    return _fingerprint(files, _raw_digests(raw, files, cache), assume_year,
                        follow_links_outside=follow_links_outside, max_rows=max_rows)


# Frequencies of the published over-time tables (the build's options).
THEME_FREQ = "M"
MENTION_FREQ = "W"


def _fingerprint(files: list[tuple[str, Path | None]], digests: list[str | None], assume_year: int | None,
                 *, follow_links_outside: bool = False, max_rows: int | None = None) -> str:
    digest = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")

    add("reexdata", __version__, "schema", str(SCHEMA_VERSION), "assume_year", repr(assume_year))
    add("freqs", THEME_FREQ, MENTION_FREQ)
    # Only when not the defaults, so the fingerprints of earlier builds hold.
    if follow_links_outside:
        add("follow_links_outside")
    if max_rows is not None:
        add("max_rows", str(max_rows))
    add("code", code_fingerprint())
    for (rel, _), content in zip(files, digests):
        add("raw", rel, str(content))
    return digest.hexdigest()


def _input_files(raw: Path, *, skip: Path | None = None,
                 follow_links_outside: bool = False) -> tuple[list[tuple[str, Path | None]], tuple]:
    """List the raw inputs as sorted ``(relative posix path, path)``; error when none.

    The loader's own walk (:func:`reexdata.ingest.discover._discover`), so
    that the fingerprint covers exactly the files a build loads; a folder
    that cannot be listed is listed too (the loader rejects it, and it
    counts). A link to outside the raw folder that is not followed has no
    path: its target is never read. The walk itself is returned second, for
    the loader to reuse.
    """
    # Imported here: reexdata.ingest imports this module (its parse cache
    # keys on code_fingerprint).
    from reexdata.ingest.discover import _check_path, _discover

    _check_path("build", raw)
    if not (raw.is_file() or raw.is_dir()):
        raise PathError(f"Raw folder {raw} is neither a folder nor a file.")
    if raw.is_dir():
        try:
            os.scandir(raw).close()
        except OSError as exc:
            raise PathError(f"Raw folder {raw} cannot be read ({exc.strerror}).") from None
    files, unlisted = _discover(raw, skip_dir=skip, follow_links_outside=follow_links_outside)
    found = files + [(row["source"], None if row["reason"] == "outside_raw" else raw / row["source"])
                     for row in unlisted]
    if not found:
        raise PathError(f"Raw folder {raw} is empty: no input files found.")
    return sorted(found, key=lambda item: item[0]), (files, unlisted)


def _raw_digests(
    raw: Path,
    files: list[tuple[str, Path | None]],
    cache_dir: Path | None,
    *,
    loaded: dict[str, str] | None = None,
    read: bool = True,
) -> list[str | None]:
    """Content hash of each file.

    A hash is remembered with the file's size, mtime and inode and reused
    while they are unchanged (the rule git uses); otherwise it is taken
    from ``loaded`` (hashes the loader computed as it read the files), or
    the file is read, or, with ``read=False``, it is None.
    """
    cache_file = None
    cached: dict[str, list] = {}
    if cache_dir is not None:
        key = _cache.cache_key(os.fsencode(os.path.realpath(raw)))
        cache_file = cache_dir / f"raw-digests-v{_DIGEST_CACHE_VERSION}-{key}.json"
        data = _cache.read_json(cache_file, _valid_digests)
        cached = data["files"] if data is not None else {}
    loaded = loaded or {}
    if not (read or cached or loaded):
        # Nothing is remembered yet (a first build): no file can be known.
        return [None] * len(files)
    now = time.time_ns()
    fresh: dict[str, list] = {}
    digests: list[str | None] = []
    for rel, path in files:
        if path is None:  # a link to outside the raw folder, not followed
            digests.append("outside_raw")
            continue
        try:
            st = path.stat()
        except OSError as exc:
            digests.append(f"unreadable:{exc.errno}")
            continue
        if not stat.S_ISREG(st.st_mode):
            digests.append(f"special:{stat.S_IFMT(st.st_mode)}")
            continue
        file_key = [st.st_size, st.st_mtime_ns, st.st_ino]
        entry = cached.get(rel)
        if entry is not None and entry[:3] == file_key:
            digest = entry[3]
        elif rel in loaded:
            digest = loaded[rel]
        else:
            digest = _file_digest(path) if read else None
        # A file written in the same clock tick as it was hashed could change
        # again without a new mtime; such recent files are hashed every time.
        if digest is not None and not digest.startswith("unreadable") and now - st.st_mtime_ns > _cache.RACY_NS:
            fresh[rel] = [*file_key, digest]
        digests.append(digest)
    if cache_file is not None and None not in digests and fresh != cached:
        text = json.dumps({"files": fresh}, sort_keys=True).encode()
        _cache.write_cache(cache_file, lambda tmp: tmp.write_bytes(text), what="raw digests cache",
                           family=f"raw-digests-v*-{key}.json")
    return digests


def _valid_digests(data: object) -> bool:
    # A damaged or foreign cache is ignored, never trusted.
    files = data["files"]  # type: ignore[index]
    return all(isinstance(v, list) and len(v) == 4 and isinstance(v[3], str) for v in files.values())


def _file_digest(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        # An unreadable file is rejected by the loader; its state still counts.
        return f"unreadable:{exc.errno}"
