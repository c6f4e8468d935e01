"""Lexicons shipped with reexdata, stored as TOML data files in this folder.

``load_lexicon`` is the one way to read them; it caches each file so that
repeated calls are free. ``load_themes`` reads and validates a theme lexicon
(the shipped one, a user's file or a mapping) into :class:`Theme` records,
for the themes, the clusters' labels, the charts and the report.
"""

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reexdata.errors import LexiconError, param_error
from reexdata.lexicons._themes import UNASSIGNED, Theme, _validated

__all__ = [
    "load_lexicon",
    "LEXICON_NAMES",
    "Theme",
    "UNASSIGNED",
    "load_themes",
    "load_entities",
]

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


def load_themes(lexicon: str | Path | Mapping[str, Any] | None = None) -> list[Theme]:
    """Read and validate a theme lexicon.

    Parameters
    ----------
    lexicon : None, str, Path or mapping, default=None
        None (or ``"themes"``) is the shipped lexicon
        (``reexdata/lexicons/themes.toml``); a path names a TOML file of the
        same shape (``[[themes]]`` tables with ``id``, ``label``,
        ``description`` and ``terms``); a mapping goes from theme id to a
        list of terms or to a table with ``label``, ``description`` and
        ``terms`` (the TOML shape, a ``themes`` list, is read too).

    Returns
    -------
    list of Theme
        The themes in lexicon order, at least two; terms stripped, the label
        the id and the description "" when not given.

    Raises
    ------
    LexiconError
        When the file is missing or the lexicon is malformed (no themes, one
        theme, a theme without id or terms, a repeated id, the reserved id
        ``'unassigned'``, a term that is not a non-empty string); the message
        names the theme.
    ParameterError
        When ``lexicon`` is none of the above kinds.

    Examples
    --------
    >>> from reexdata.lexicons import load_themes
    >>> themes = load_themes({"trade": ["export controls", " tariffs"],
    ...                       "party": {"label": "Party", "terms": ["discipline"]}})
    >>> [(t.id, t.label, t.terms) for t in themes]
    [('trade', 'trade', ('export controls', 'tariffs')), ('party', 'Party', ('discipline',))]
    >>> load_themes()[0].label
    'Resource security'
    """
    return _load_themes(lexicon, "load_themes")


def _load_themes(lexicon: Any, func: str) -> list[Theme]:
    """:func:`load_themes`, naming ``func`` in the error for a bad ``lexicon``."""
    if lexicon is None or (isinstance(lexicon, str) and lexicon == "themes"):
        return list(_shipped_themes())
    if isinstance(lexicon, (str, Path)):
        if not Path(lexicon).exists():
            raise LexiconError(f"Theme lexicon file {lexicon} does not exist.")
        return _validated(load_lexicon(lexicon))
    if isinstance(lexicon, Mapping):
        return _validated(lexicon)
    raise param_error(func, "lexicon", "None, a path or a mapping", lexicon)


@lru_cache(maxsize=1)
def _shipped_themes() -> tuple[Theme, ...]:
    # Themes are frozen: the cached tuple is shared safely (charts ask per row).
    return tuple(_validated(_shipped("themes")))


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


def load_entities(source: str | Path | Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Read and validate an entity lexicon, the way the mentions functions read it.

    Parameters
    ----------
    source : None, str, Path or mapping, default=None
        ``None`` for the shipped lexicon (``entities.toml``); a path to a
        TOML file of the same shape, or the mapping such a file parses to,
        which replaces it (unless it sets ``extend = true``); or a mapping of
        entity id to aliases (or to a table with ``aliases`` and optionally
        ``name``, ``type``, ``exact``, ``surname``, ``requires``,
        ``not_within``), which extends it. See :mod:`reexdata.mentions` and
        the header of ``entities.toml``.

    Returns
    -------
    dict of str to dict
        One entry per entity id, sorted by id: ``name`` (str), ``type``
        (str), ``aliases`` and ``exact`` (lists of str, spacing normalised),
        ``surname`` (str or None), ``requires`` (dict of alias to the list
        of context words it needs; empty when every alias counts anywhere)
        and ``not_within`` (list of str: longer names that count for no
        one).

    Raises
    ------
    LexiconError
        When the lexicon is malformed; the message names the entity and the
        problem (a duplicate id, an empty alias, an alias claimed by two
        entities, an unknown type, ``requires`` naming no alias of the
        entity or an empty context list, a ``not_within`` name containing
        none of its aliases).
    ParameterError
        When ``source`` is of another type.

    Examples
    --------
    >>> from reexdata.lexicons import load_entities
    >>> entities = load_entities({"catl": ["CATL", "Contemporary  Amperex"]})
    >>> entities["catl"]["aliases"]
    ['CATL', 'Contemporary Amperex']
    >>> entities["ccp"]["requires"]["CPC"][:2]
    ['Communist', 'Politburo']
    """
    # Imported here: reexdata.mentions.lexicon reads its files with load_lexicon.
    from reexdata.mentions.lexicon import _entity_spec, _resolve_entities

    return {e.id: _entity_spec(e) for e in _resolve_entities(source, "load_entities")}
