"""Walking the raw folder: which files are inputs, in which order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reexdata.errors import PathError, param_error

__all__: list[str] = []


def _check_path(func: str, path: Any) -> Path:
    """``path`` as a Path; the one error for a raw folder or file that does not exist.

    :func:`reexdata.read_corpus` and :func:`reexdata.build` both check their
    raw path here, so a missing folder gives one message.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise param_error(func, "path", "a path (str or PathLike)", path)
    root = Path(path)
    if not root.exists():
        raise PathError(f"Raw folder {root} does not exist.")
    return root


def _discover(
    root: Path, *, skip_dir: Path | None, follow_links_outside: bool = False
) -> tuple[list[tuple[str, Path]], list[dict]]:
    """Files under ``root`` as ``(relative path, path)``, sorted, plus folder and link rejects.

    Folders are walked depth-first in name order with an explicit stack (no
    recursion limit), real folders before symbolically linked ones; a folder
    reached twice (a symbolic-link loop, or a link to a folder already
    walked) is walked once, so the walk always ends, each file is loaded
    once, and under its real path when it has one inside the tree.

    A symbolic link (to a file or a folder) whose target resolves outside
    ``root`` is one ``outside_raw`` reject and is not followed, unless
    ``follow_links_outside``. Only links are resolved: the walk knows from
    the folder listing which entries are links, so a plain file costs no
    extra system call.

    The relative path is the name shown in the tables (see
    :func:`_display_name`); the path keeps the name's real bytes for reading.
    """
    if not root.is_dir():
        return [(_display_name(root.name), root)], []
    files: list[tuple[str, Path]] = []
    rejects: list[dict] = []
    seen: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)
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
            relpath = rel + _display_name(entry.name)
            is_link = entry.is_symlink()
            if is_link and not follow_links_outside and _outside(entry.path, real_root):
                rejects.append(_reject_row(relpath, "outside_raw", _OUTSIDE_DETAIL))
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                (linked if is_link else subfolders).append((Path(entry.path), relpath + "/"))
                continue
            files.append((relpath, Path(entry.path)))
        # Depth-first in name order, so that of two links to one folder the
        # same one is always walked, whatever order the file system lists.
        stack.extend(reversed(subfolders))
    files.sort()
    return files, rejects


_OUTSIDE_DETAIL = ("a symbolic link whose target is outside the raw folder; it is not followed "
                   "(follow_links_outside=True, or --follow-links, follows it)")


def _outside(path: str, real_root: str) -> bool:
    """Whether the link ``path`` resolves to somewhere outside the folder ``real_root``.

    A loop or a dangling link resolves as far as it goes; one that stays
    inside is left to the reader, which rejects it as unreadable.
    """
    target = os.path.realpath(path)
    return target != real_root and not target.startswith(real_root.rstrip(os.sep) + os.sep)


def _display_name(name: str) -> str:
    """A file name as valid UTF-8 text, for the tables.

    A name that is not UTF-8 (an archive made on another system) reaches
    Python with its bad bytes as surrogate escapes, which Parquet and Arrow
    refuse; they are shown as ``\\xNN`` instead, so ``bad_\\xff.txt``
    names the file recognisably. The path used for reading keeps the bytes.

    Examples
    --------
    >>> import os
    >>> _display_name(os.fsdecode(b"bad_\\xff\\xfe.txt"))
    'bad_\\\\xff\\\\xfe.txt'
    >>> _display_name("résumé.txt")
    'résumé.txt'
    """
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


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
