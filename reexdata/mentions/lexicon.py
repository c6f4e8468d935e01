"""Entity lexicons: reading, extending and validating them (see :mod:`reexdata.mentions`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from reexdata.errors import LexiconError, param_error
from reexdata.lexicons import load_lexicon
from reexdata.schema import TABLES, cast_table
from reexdata.segment import has_han

__all__ = ["ENTITY_TYPES", "entity_table"]

# What the ``entities`` argument of the mentions functions may be.
Entities = str | Path | Mapping[str, Any] | None

#: The kinds of entity a lexicon may declare.
ENTITY_TYPES = ("company", "person", "place", "organisation", "element", "program", "publisher")

# What two spellings of an alias may differ in (see _norm): the separator
# between words (spaces, a line break, a hyphen) and the apostrophe.
_SEP_RE = re.compile(r"\s*[-\u2010\u2011\u2013]\s*|\s+")
_APOS = "'\u2019\u2018"
_APOS_RE = re.compile(f"[{_APOS}]")


@dataclass(frozen=True)
class _Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    exact: tuple[str, ...] = ()
    surname: str | None = None
    # (alias, context words): the alias counts only in an article that also
    # has one of the words, or an alias of this entity without such a list.
    requires: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Longer names containing an alias that name something else: matched,
    # and no mention of anyone.
    not_within: tuple[str, ...] = ()


def _resolve_entities(entities: Entities, func: str) -> tuple[_Entity, ...]:
    """Turn the ``entities`` argument into a validated tuple of entities."""
    if entities is None:
        return _default_entities()
    if isinstance(entities, (str, Path)):
        return _from_document(load_lexicon(Path(entities)), str(entities))
    if isinstance(entities, Mapping):
        if _is_document(entities):
            return _from_document(entities, "the entities mapping")
        return _extend(_default_entities(), entities)
    raise param_error(
        func, "entities", "None, a path to a TOML lexicon or a mapping of entity id to aliases", entities
    )


@lru_cache(maxsize=1)
def _default_entities() -> tuple[_Entity, ...]:
    return _from_document(load_lexicon("entities"), "entities.toml", extend_allowed=False)


def _is_document(mapping: Mapping) -> bool:
    # A lexicon document has an array of entity tables (as TOML parses it).
    items = mapping.get("entity")
    return isinstance(items, list) and all(isinstance(i, Mapping) for i in items)


def _from_document(doc: Mapping, where: str, *, extend_allowed: bool = True) -> tuple[_Entity, ...]:
    items = doc.get("entity")
    if not isinstance(items, list):
        raise LexiconError(f"Entity lexicon {where} has no [[entity]] tables.")
    seen: dict[str, _Entity] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise LexiconError(f"Entity lexicon {where}: entry {i} is not a table.")
        ent_id = item.get("id")
        if not isinstance(ent_id, str) or not ent_id.strip():
            raise LexiconError(f"Entity lexicon {where}: entry {i} has no 'id'.")
        if ent_id in seen:
            raise LexiconError(f"Entity lexicon {where}: duplicate entity id {ent_id!r}.")
        seen[ent_id] = _make_entity(ent_id, item, where, require_all=True)
    entities = tuple(seen.values())
    if extend_allowed and doc.get("extend") is True:
        return _extend(_default_entities(), {e.id: _entity_spec(e) for e in entities})
    return _validated(entities, where)


def _entity_spec(e: _Entity) -> dict[str, Any]:
    return {
        "name": e.name, "type": e.type, "aliases": list(e.aliases), "exact": list(e.exact), "surname": e.surname,
        "requires": {alias: list(words) for alias, words in e.requires}, "not_within": list(e.not_within),
    }


def _make_entity(ent_id: str, spec: Any, where: str, *, require_all: bool, base: _Entity | None = None) -> _Entity:
    """Build one entity from a table (or a list of aliases), naming it in errors."""
    if isinstance(spec, (list, tuple)):
        spec = {"aliases": list(spec)}
    if not isinstance(spec, Mapping):
        raise LexiconError(
            f"Entity {ent_id!r} in {where} must be a list of aliases or a table with 'aliases'."
        )
    aliases = _alias_list(ent_id, spec.get("aliases", []), "aliases", where)
    exact = _alias_list(ent_id, spec.get("exact", []), "exact", where)
    if base is not None:
        aliases = base.aliases + tuple(a for a in aliases if a not in base.aliases)
        exact = base.exact + tuple(a for a in exact if a not in base.exact)
    if not aliases and not exact:
        raise LexiconError(f"Entity {ent_id!r} in {where} has no aliases.")
    for key in ("name", "type"):
        if require_all and key not in spec:
            raise LexiconError(f"Entity {ent_id!r} in {where} has no {key!r}.")
    name = spec.get("name", base.name if base else (aliases or exact)[0])
    ent_type = spec.get("type", base.type if base else "organisation")
    surname = spec.get("surname", base.surname if base else None)
    if not isinstance(name, str) or not name.strip():
        raise LexiconError(f"Entity {ent_id!r} in {where} has an empty name.")
    if ent_type not in ENTITY_TYPES:
        raise LexiconError(
            f"Entity {ent_id!r} in {where} has type {ent_type!r}; expected one of {', '.join(ENTITY_TYPES)}."
        )
    if surname is not None:
        if not isinstance(surname, str) or not re.fullmatch(r"\w+", surname):
            raise LexiconError(f"Entity {ent_id!r} in {where} has an invalid surname {surname!r} (one word).")
        if ent_type != "person":
            raise LexiconError(f"Entity {ent_id!r} in {where} has a surname but is a {ent_type}, not a person.")
    requires = _requires(ent_id, spec.get("requires", {}), aliases + exact, where)
    not_within = _not_within(ent_id, spec.get("not_within", []), aliases + exact, where)
    if base is not None:
        requires = tuple({**dict(base.requires), **dict(requires)}.items())
        not_within = base.not_within + tuple(n for n in not_within if n not in base.not_within)
    return _Entity(ent_id, name.strip(), ent_type, aliases, exact, surname, requires, not_within)


def _requires(ent_id: str, spec: Any, aliases: tuple[str, ...], where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ``requires`` table: alias -> context words, keyed by the alias as the entity lists it."""
    if not isinstance(spec, Mapping):
        raise LexiconError(f"Entity {ent_id!r} in {where}: 'requires' must be a table of alias = [words].")
    listed = {_norm(a): a for a in aliases}
    out: dict[str, tuple[str, ...]] = {}
    for alias, words in spec.items():
        key = _norm(alias) if isinstance(alias, str) else None
        if key not in listed:
            raise LexiconError(
                f"Entity {ent_id!r} in {where}: requires.{alias!r} names no alias of the entity "
                f"(its aliases: {', '.join(aliases)})."
            )
        context = _alias_list(ent_id, words, f"requires.{listed[key]}", where)
        if not context:
            raise LexiconError(f"Entity {ent_id!r} in {where}: requires.{listed[key]!r} is an empty list.")
        if key in {_norm(w) for w in context}:
            raise LexiconError(f"Entity {ent_id!r} in {where}: requires.{listed[key]!r} lists the alias itself.")
        out[listed[key]] = context
    return tuple(out.items())


def _not_within(ent_id: str, spec: Any, aliases: tuple[str, ...], where: str) -> tuple[str, ...]:
    """The ``not_within`` names, each longer than one of the entity's aliases and containing it."""
    names = _alias_list(ent_id, spec, "not_within", where)
    # A Han alias is inside a longer Han name without a boundary (拉美 in 拉美特利).
    inside = {
        _norm(a): re.compile(re.escape(_norm(a)) if has_han(a) else rf"(?<!\w){re.escape(_norm(a))}(?!\w)")
        for a in aliases
    }
    for name in names:
        key = _norm(name)
        if not any(key != alias and word.search(key) for alias, word in inside.items()):
            raise LexiconError(
                f"Entity {ent_id!r} in {where}: not_within name {name!r} contains none of its aliases "
                "(or is one)."
            )
    return names


def _alias_list(ent_id: str, values: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise LexiconError(f"Entity {ent_id!r} in {where}: {key!r} must be a list of strings.")
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise LexiconError(f"Entity {ent_id!r} in {where} has a non-text alias {value!r}.")
        value = " ".join(value.split())
        if not value or not re.search(r"\w", value):
            raise LexiconError(f"Entity {ent_id!r} in {where} has an empty alias.")
        if not re.match(r"\w", value):
            raise LexiconError(f"Entity {ent_id!r} in {where}: alias {value!r} must start with a letter or digit.")
        if value not in out:
            out.append(value)
    return tuple(out)


def _extend(base: tuple[_Entity, ...], mapping: Mapping) -> tuple[_Entity, ...]:
    by_id = {e.id: e for e in base}
    for ent_id, spec in mapping.items():
        if not isinstance(ent_id, str) or not ent_id.strip():
            raise LexiconError(f"Entity id {ent_id!r} in the entities mapping must be a non-empty string.")
        by_id[ent_id] = _make_entity(ent_id, spec, "the entities mapping", require_all=False, base=by_id.get(ent_id))
    return _validated(tuple(by_id.values()), "the entities mapping")


def _validated(entities: tuple[_Entity, ...], where: str) -> tuple[_Entity, ...]:
    """Check that no alias or surname belongs to two entities, and that no not_within name is an alias."""
    owner: dict[str, str] = {}
    for e in entities:
        for alias in e.aliases + e.exact:
            key = _norm(alias)
            if owner.get(key, e.id) != e.id:
                raise LexiconError(
                    f"Alias {alias!r} in {where} is claimed by two entities: {owner[key]!r} and {e.id!r}."
                )
            owner[key] = e.id
    for e in entities:
        for name in e.not_within:
            if _norm(name) in owner:
                raise LexiconError(
                    f"not_within name {name!r} of entity {e.id!r} in {where} is an alias of entity {owner[_norm(name)]!r}."
                )
    for e in entities:
        other = owner.get(_norm(e.surname), e.id) if e.surname else e.id
        if other != e.id:
            raise LexiconError(f"Surname {e.surname!r} of entity {e.id!r} in {where} is an alias of entity {other!r}.")
    return tuple(sorted(entities, key=lambda e: e.id))


def _norm(text: str) -> str:
    """The form two spellings of one alias share: lowercase, one space, one apostrophe."""
    return _APOS_RE.sub("'", _SEP_RE.sub(" ", text.strip())).lower()



def entity_table(entities: Entities = None) -> pl.DataFrame:
    """The entity lexicon as a table.

    Parameters
    ----------
    entities : None, str, Path or mapping, default=None
        The lexicon, as for :func:`count_mentions`.

    Returns
    -------
    entities : polars.DataFrame
        One row per entity, sorted by ``entity``. Columns: ``entity`` (id),
        ``name``, ``type`` and ``aliases`` (every alias, the exact-case ones
        last; surnames are not listed because they count only conditionally).

    Examples
    --------
    >>> from reexdata.mentions import entity_table
    >>> table = entity_table({"catl": ["CATL", "Contemporary Amperex"]})
    >>> table.filter(entity="catl").row(0)
    ('catl', 'CATL', 'organisation', ['CATL', 'Contemporary Amperex'])
    """
    ents = _resolve_entities(entities, "entity_table")
    frame = pl.DataFrame(
        {
            "entity": [e.id for e in ents],
            "name": [e.name for e in ents],
            "type": [e.type for e in ents],
            "aliases": [list(e.aliases + e.exact) for e in ents],
        },
        schema=TABLES["entities"].polars_schema,
    )
    return cast_table("entities", frame.sort("entity"))

