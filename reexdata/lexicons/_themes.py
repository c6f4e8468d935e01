"""The theme lexicon's validated form: :class:`Theme` and the checks behind ``load_themes``."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reexdata.errors import LexiconError

__all__ = ["Theme", "UNASSIGNED", "THEME_SCORES"]

#: Label of articles with no primary theme; no theme may take it as its id.
UNASSIGNED = "unassigned"

#: How :func:`reexdata.score_themes` scores, the default first: absolute
#: relevances that can leave an article unassigned, or shares of the themes.
#: Here, not in the themes package, so the command line reads it cheaply.
THEME_SCORES = ("relevance", "shares")


@dataclass(frozen=True)
class Theme:
    """One theme of a theme lexicon.

    Attributes
    ----------
    id : str
        Stable id, used in the tables.
    label : str
        Display name (the id when the lexicon gives none).
    description : str
        One line on what the theme covers ("" when the lexicon gives none).
    terms : tuple of str
        Seed terms, stripped, in lexicon order.
    """

    id: str
    label: str
    description: str
    terms: tuple[str, ...]


def _validated(raw: Mapping[str, Any]) -> list[Theme]:
    """The themes of a parsed lexicon (TOML shape or plain mapping), checked."""
    entries = _entries(raw)
    if not entries:
        raise LexiconError("The theme lexicon has no themes.")
    themes: list[Theme] = []
    seen: set[str] = set()
    for position, (theme_id, entry) in enumerate(entries, start=1):
        if not isinstance(theme_id, str) or not theme_id.strip():
            raise LexiconError(f"Theme number {position} of the theme lexicon has no id.")
        if theme_id == UNASSIGNED:
            raise LexiconError(f"Theme {theme_id!r}: the id {UNASSIGNED!r} is reserved.")
        if theme_id in seen:
            raise LexiconError(f"Theme {theme_id!r} appears more than once in the theme lexicon.")
        seen.add(theme_id)
        themes.append(_theme(theme_id, entry))
    if len(themes) == 1:
        # Scores compare themes with each other; one theme alone scores 1 everywhere.
        raise LexiconError(f"The theme lexicon needs at least two themes; it has only {themes[0].id!r}.")
    return themes


def _theme(theme_id: str, entry: Any) -> Theme:
    """One entry (a list of terms or a table with ``terms``) as a checked :class:`Theme`."""
    if isinstance(entry, Mapping):
        if "terms" not in entry:
            raise LexiconError(f"Theme {theme_id!r} has no 'terms'.")
        terms = entry["terms"]
        label, description = entry.get("label", theme_id), entry.get("description", "")
    else:
        terms, label, description = entry, theme_id, ""
    if isinstance(terms, str) or not isinstance(terms, (list, tuple)):
        raise LexiconError(f"Theme {theme_id!r}: 'terms' must be a list of strings.")
    if not terms:
        raise LexiconError(f"Theme {theme_id!r} has an empty list of terms.")
    bad = [t for t in terms if not isinstance(t, str) or not t.strip()]
    if bad:
        raise LexiconError(f"Theme {theme_id!r} has a term that is not a non-empty string: {bad[0]!r}.")
    return Theme(theme_id, str(label), str(description), tuple(t.strip() for t in terms))


def _entries(raw: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """``[(id, entry), ...]`` from the TOML shape or a plain mapping."""
    if "themes" in raw and isinstance(raw["themes"], (list, tuple)):
        out = []
        for position, entry in enumerate(raw["themes"], start=1):
            if not isinstance(entry, Mapping):
                raise LexiconError(f"Theme number {position} of the theme lexicon is not a table.")
            out.append((entry.get("id"), entry))
        return out
    if "themes" in raw and isinstance(raw["themes"], Mapping):
        raw = raw["themes"]
    return [(key, value) for key, value in raw.items() if key != "version"]
