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
