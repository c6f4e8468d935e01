"""Lexicons shipped with reexdata, stored as TOML data files in this folder.

``load_lexicon`` is the one way to read them; it caches each file so that
repeated calls are free. Each stage (themes, mentions, parsing) turns the raw
mapping into its own validated structure and accepts a user's own lexicon.
"""

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reexdata.errors import LexiconError

__all__ = ["load_lexicon", "LEXICON_NAMES"]

#: Names of the lexicons shipped with the package.
LEXICON_NAMES = ("themes", "entities", "boilerplate")


def load_lexicon(source: str | Path = "themes") -> dict[str, Any]:
    """Read a lexicon TOML file and return its contents as a mapping.

    Parameters
    ----------
    source : str or Path, default="themes"
        The name of a shipped lexicon (one of ``LEXICON_NAMES``) or the path
        to a TOML file of the same shape.

    Returns
    -------
    dict
        The parsed TOML. The shipped files are cached; treat the result as
        read-only (it is a deep copy, so editing it changes nothing).

    Raises
    ------
    LexiconError
        When the file is missing or not valid TOML; the message names the file.

    Examples
    --------
    >>> from reexdata.lexicons import load_lexicon
    >>> "version" in load_lexicon("themes")
    True
    """
    import copy

    if isinstance(source, str) and source in LEXICON_NAMES:
        return copy.deepcopy(_shipped(source))
    path = Path(source)
    return copy.deepcopy(_read_file(str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0))


@lru_cache(maxsize=None)
def _shipped(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return _parse(text, f"{name}.toml")


@lru_cache(maxsize=32)
def _read_file(path: str, mtime_ns: int) -> dict[str, Any]:
    # mtime is part of the key so an edited file is read again.
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"Lexicon file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"Lexicon file {path} cannot be read: {exc}.") from None
    return _parse(text, path)


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"Lexicon file {where} is not valid TOML: {exc}.") from None
