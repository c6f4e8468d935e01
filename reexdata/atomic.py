"""Atomic file writes: a temporary file beside the target, fsync, rename.

The one way reexdata writes a file that a reader or a later run may see: the
published tables (:mod:`reexdata.store`), the HTML report and the caches
(:mod:`reexdata._cache`). Readers see the old file or the new one, never a
partial write; a crash leaves at most a hidden ``.<name>.*.tmp`` file.
Operating-system failures become one-line :class:`~reexdata.errors.PathError`
messages naming the path.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reexdata.errors import PathError

__all__ = ["write_atomic", "write_bytes_atomic", "write_text_atomic"]

_TMP_SUFFIX = ".tmp"


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write a file atomically: a temporary file beside it, fsync, rename.

    Readers see the old file or the new one, never a partial write; a crash
    leaves at most a hidden ``.<name>.*.tmp`` file behind.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder is created when missing.
    data : bytes
        The content.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    reexdata.errors.PathError
        When the operating system refuses (no space, no permission, ``path``
        a folder): one line naming ``path`` and the problem; the old file is
        left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reexdata.atomic import write_bytes_atomic
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> write_bytes_atomic(target, b"<p>hi</p>").read_bytes()
    b'<p>hi</p>'
    """
    return write_atomic(path, lambda tmp: _write_new(tmp, data))


def write_atomic(path: str | Path, write: Callable[[Path], Any]) -> Path:
    """Write a file atomically with ``write(temporary path)``: fsync, then rename.

    The one atomic write of the package (:func:`write_bytes_atomic` and the
    caches of :mod:`reexdata._cache` use it): ``write`` creates the file at
    the temporary path it is given, beside ``path``; the file is flushed to
    disk, renamed over ``path`` and the rename made durable. A crash leaves
    at most a hidden ``.<name>.*.tmp`` file behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reexdata.atomic import write_atomic
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> write_atomic(target, lambda tmp: tmp.write_text("hi")).read_text()
    'hi'
    """
    path = Path(path)
    with _os_errors("Cannot write", path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{_TMP_SUFFIX}")
        try:
            write(tmp)
            _fsync_file(tmp)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _fsync_dir(path.parent)
    return path


def write_text_atomic(path: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write text to a file atomically (see :func:`write_bytes_atomic`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reexdata.atomic import write_text_atomic
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> write_text_atomic(target, "Baogang’s").read_text(encoding="utf-8")
    'Baogang’s'
    """
    return write_bytes_atomic(path, text.encode(encoding))


def _write_and_sync(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _write_new(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    # Makes renames and new names durable; not possible on every platform.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def _os_errors(action: str, path: Path) -> Iterator[None]:
    """Turn an operating-system error into a one-line PathError naming ``path``."""
    try:
        yield
    except PathError:
        raise
    except OSError as exc:
        problem = exc.strerror or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        error = PathError(f"{action} {path}: {problem}.")
        error.errno = exc.errno
        raise error from exc
