"""Who and what the articles mention, how often, with whom and when.

An *entity* (a company, person, place, organisation, element, program or
publisher) goes by several names; the entity lexicon
(``reexdata/lexicons/entities.toml``) lists them. :func:`count_mentions`
finds every alias in one pass over each article with a single compiled
regular expression, :func:`mentions_over_time` turns the counts into a
normalised time series, :func:`co_mentions` measures which entities appear
together and :func:`suggest_entities` lists frequent names the lexicon does
not cover yet.

Matching rules
--------------
- Aliases match as whole words: ``America`` does not match in ``Americans``,
  and a possessive (``Baogang's``, ``Baogang’s``) is a mention.
- Longest alias wins and matches never overlap, scanning left to right:
  ``Baotou Iron & Steel Group (Baogang)`` is two mentions of Baogang and
  none of the city of Baotou.
- Between the words of an alias, any run of spaces or line breaks and a
  hyphen are interchangeable (``rare-earth`` = ``rare earth``); straight and
  curly apostrophes are the same character.
- Single-word aliases with more capitals than lowercase letters (``CCP``,
  ``REEx``, ``U.S.``, ``US``) match case-sensitively, as do the aliases an
  entity lists under ``exact``; all other aliases match in any case.
- A name directly followed by ``$`` is a currency (``US$``), not a mention.
- Surname rule: a person's ``surname`` alone (``Meng said``) counts for that
  person in an article that names them in full. When two people named in
  full in the same article share the surname (Li Xiao and Li Bo), the
  surname alone is attributed to neither. A surname followed by another
  capitalised word (``Li Qiang``) is someone else's full name and is never
  attributed.

Custom lexicons
---------------
Every function takes ``entities``:

- ``None``: the shipped lexicon.
- A path to a TOML file shaped like the shipped one (``version`` and an
  array of ``[[entity]]`` tables with ``id``, ``name``, ``type``,
  ``aliases`` and optionally ``exact`` and ``surname``), or the dict such a
  file parses to: it *replaces* the shipped lexicon, unless it sets
  ``extend = true`` at the top level.
- A mapping of entity id to a list of aliases, or to a dict with ``aliases``
  and optionally ``name``, ``type``, ``exact`` and ``surname``: it *extends*
  the shipped lexicon. A new id adds an entity (name = first alias,
  type = ``"organisation"`` unless given); an existing id gets the extra
  aliases, and its name, type or surname when given.

Errors in a lexicon raise :class:`reexdata.errors.LexiconError` naming the
entity: a duplicate id, an empty alias, an alias claimed by two entities
(compared ignoring case, spacing and hyphens), an unknown type.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._periods import FREQS, _period_range, _period_start
from reexdata.errors import LexiconError, check_one_of, check_range, check_type, param_error
from reexdata.lexicons import load_lexicon
from reexdata.schema import TABLES, cast_table, empty_table

__all__ = [
    "ENTITY_TYPES",
    "count_mentions",
    "entity_table",
    "mentions_over_time",
    "co_mentions",
    "suggest_entities",
]

#: The kinds of entity a lexicon may declare.
_log = logging.getLogger(__name__)

ENTITY_TYPES = ("company", "person", "place", "organisation", "element", "program", "publisher")

# Between two words of an alias the text may have spaces, a line break or a
# hyphen (plain, non-breaking, en dash), but not a blank line: a name never
# spans paragraphs. _SEP_RE normalises what such a separator matched.
# _SEP reads "spaces with at most one line break, then optionally a hyphen
# and such spaces again, not empty". It is written once per space of every
# alias, so it is kept cheap to compile: texts are searched with their other
# hyphens made plain (same length, so offsets hold), which keeps non-Latin-1
# characters out of it (each such character class costs the compiler a
# table of every code point).
_HYPHENS = "\u2010\u2011\u2013"
_WS = r"[^\S\n]*\n?[^\S\n]*"
_SEP = rf"(?=[\s-]){_WS}(?:-{_WS})?"
_SEP_RE = re.compile(r"\s*[-\u2010\u2011\u2013]\s*|\s+")
_APOS = "'\u2019\u2018"
_APOS_RE = re.compile(f"[{_APOS}]")
# A match must end a word; "$" after it makes it a currency (US$).
_END = r"(?![\w$])"
# A lone surname followed by a capitalised word is someone else's full name.
_SURNAME_END = _END + r"(?!\s+[A-Z])"
# Trie markers for the two non-literal units of an alias.
_SEP_UNIT = "sep"
_APOS_UNIT = "apos"
_LEAF = ""


@dataclass(frozen=True)
class _Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    exact: tuple[str, ...] = ()
    surname: str | None = None


@dataclass(frozen=True)
class _Matcher:
    """The compiled lexicon: one regex and the alias form -> target map."""

    regex: re.Pattern
    # normalised matched text -> entity id (str) or tuple of person ids (surname)
    targets: dict[str, Any]

    def matches(self, text: str) -> Iterator[tuple[int, str]]:
        """``(offset, matched text)`` of each alias match in ``text``, left to right.

        The text is searched with plain hyphens (see _SEP) and a space in
        front, as the regex matches the character before a name too (see
        :func:`_emit_top`). A name always ends before a non-word character
        (_END), which then starts the next search.
        """
        padded = " " + _plain_hyphens(text)
        search = self.regex.search
        pos = 0
        while (m := search(padded, pos)) is not None:
            start, pos = m.span(1)
            yield start - 1, padded[start:pos]


def _plain_hyphens(text: str) -> str:
    for hyphen in _HYPHENS:
        text = text.replace(hyphen, "-")
    return text


# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------


def _resolve_entities(entities: Any, func: str) -> tuple[_Entity, ...]:
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
    return {"name": e.name, "type": e.type, "aliases": list(e.aliases), "exact": list(e.exact), "surname": e.surname}


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
    return _Entity(ent_id, name.strip(), ent_type, aliases, exact, surname)


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
    """Check that no alias or surname belongs to two entities."""
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
        other = owner.get(_norm(e.surname), e.id) if e.surname else e.id
        if other != e.id:
            raise LexiconError(f"Surname {e.surname!r} of entity {e.id!r} in {where} is an alias of entity {other!r}.")
    return tuple(sorted(entities, key=lambda e: e.id))


def _norm(text: str) -> str:
    """The form two spellings of one alias share: lowercase, one space, one apostrophe."""
    return _APOS_RE.sub("'", _SEP_RE.sub(" ", text.strip())).lower()


def _is_acronym(alias: str) -> bool:
    # One word with more capitals than lowercase letters: CCP, REEx, U.S.
    if _SEP_RE.search(alias):
        return False
    upper = sum(c.isupper() for c in alias)
    lower = sum(c.islower() for c in alias)
    return upper > lower


# --------------------------------------------------------------------------
# The one regular expression
# --------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _matcher(entities: tuple[_Entity, ...]) -> _Matcher:
    """Compile every alias (and surname) of ``entities`` into one regex.

    The aliases form a character trie, written out as nested alternations
    whose longer branches come first, so that at each position the regex
    takes the longest alias (backtracking to a shorter one when the longer
    does not end at a word boundary). Matching is leftmost first: an alias
    that starts earlier wins over a longer one starting inside it.
    """
    trie: dict = {}
    targets: dict[str, Any] = {}
    surnames: dict[str, list[str]] = {}
    for e in entities:
        for alias in e.aliases:
            _insert(trie, _units(alias, _is_acronym(alias)), _END)
            targets[_norm(alias)] = e.id
        for alias in e.exact:
            _insert(trie, _units(alias, True), _END)
            targets[_norm(alias)] = e.id
        if e.surname:
            surnames.setdefault(e.surname, []).append(e.id)
    for surname, people in surnames.items():
        _insert(trie, _units(surname, True), _SURNAME_END)
        targets[_norm(surname)] = tuple(sorted(people))
    return _Matcher(re.compile(_emit_top(trie)), targets)


def _units(alias: str, exact: bool) -> list:
    """An alias as trie units: sets of accepted characters, separators, apostrophes."""
    units: list = []
    for i, word in enumerate(_SEP_RE.split(alias.strip())):
        if i:
            units.append(_SEP_UNIT)
        for ch in word:
            units.append(_APOS_UNIT if ch in _APOS else _variants(ch, exact))
    return units


def _variants(ch: str, exact: bool) -> frozenset[str]:
    variants = {ch} if exact else {ch, ch.lower(), ch.upper()}
    return frozenset(v for v in variants if len(v) == 1)


def _insert(node: dict, units: list, end: str) -> None:
    """Add an alias to the trie, keeping sibling character sets disjoint.

    Disjoint siblings make the trie deterministic: an exact-case alias
    ("Baotou Rare Earth") and a case-insensitive one ("baotou") share the
    branch of "B" instead of competing as two branches, so the longest
    alias wins whatever the case rules of its rivals.
    """
    if not units:
        # Two spellings ending at the same node share the stricter end.
        if node.get(_LEAF) != _SURNAME_END:
            node[_LEAF] = end
        return
    unit, rest = units[0], units[1:]
    if not isinstance(unit, frozenset):
        _insert(node.setdefault(unit, {}), rest, end)
        return
    remaining = unit
    for key in [k for k in node if isinstance(k, frozenset)]:
        common = key & remaining
        if not common:
            continue
        if common != key:
            child = node.pop(key)
            node[common] = child
            node[key - common] = copy.deepcopy(child)
        _insert(node[common], rest, end)
        remaining = remaining - common
    if remaining:
        _insert(node.setdefault(remaining, {}), rest, end)


def _emit_top(trie: dict) -> str:
    """The whole regex: a non-word character, then (group 1) a class of first characters and the trie.

    A name starts where a word starts. Matching the character before it,
    rather than looking behind at every position, lets the regex engine
    skip from one non-word character to the next in its fast loop (about a
    quarter less time over a corpus); the class then rejects words that
    start no alias in one step, before any branch of the trie is tried.
    """
    if not trie:
        return r"\W((?!))"
    first = frozenset().union(*trie)
    return r"\W((?=" + _class(first) + ")" + _emit(trie)[0] + ")"


def _class(chars: frozenset[str]) -> str:
    # A class rather than re.IGNORECASE: the regex engine skips a failing
    # branch that starts with a class or literal without entering it.
    ordered = sorted(chars)
    if len(ordered) == 1:
        return re.escape(ordered[0])
    return "[" + "".join(re.escape(c) for c in ordered) + "]"


def _emit(node: dict) -> tuple[str, int]:
    """Regex for a trie node (its branches, deepest first, then its end) and its depth."""
    children = []
    for unit, child in node.items():
        if unit != _LEAF:
            rest, depth = _emit(child)
            children.append((-depth, _unit_regex(unit) + rest))
    children.sort()
    branches = [regex for _, regex in children]
    if _LEAF in node:
        branches.append(node[_LEAF])
    depth = 1 - children[0][0] if children else 0
    if len(branches) == 1:
        return branches[0], depth
    return "(?:" + "|".join(branches) + ")", depth


def _unit_regex(unit) -> str:
    if unit == _SEP_UNIT:
        return _SEP
    if unit == _APOS_UNIT:
        return f"[{_APOS}]"
    return _class(unit)


# --------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------


def _article_texts(frame: pl.DataFrame, func: str, *, with_head: bool = True) -> pl.DataFrame:
    """``article_id`` and the analysed parts: ``head``, ``highlights`` and ``body``.

    The head is the title, or the headline when it was not taken from the
    highlights or the body (so no sentence is counted twice); ``with_head``
    False leaves it empty.
    """
    missing = [c for c in ("article_id", "body") if c not in frame.columns]
    if missing:
        expected = "an articles table with columns 'article_id' and 'body'"
        raise param_error(func, "articles", expected, sorted(frame.columns))
    if frame["article_id"].null_count() or frame["article_id"].n_unique() != frame.height:
        raise param_error(func, "articles", "a table with unique, non-null article_id values", "duplicate or null ids")
    cols = frame.columns
    if "headline" in cols and "title_source" in cols:
        head = (pl.when(pl.col("title_source").is_in(["first_highlight", "first_sentence"])).then(pl.lit(""))
                .otherwise(pl.col("headline")))
    elif "title" in cols:
        head = pl.col("title")
    elif "headline" in cols:
        head = pl.col("headline")
    else:
        head = pl.lit("")
    if not with_head:
        head = pl.lit("")
    if "highlights" in cols:
        highlights = pl.col("highlights").cast(pl.List(pl.String)).fill_null([])
    else:
        highlights = pl.lit([], dtype=pl.List(pl.String))
    return frame.select(
        pl.col("article_id").cast(pl.String),
        head.cast(pl.String).fill_null("").alias("head"),
        highlights.list.eval(pl.element().fill_null("")).alias("highlights"),
        pl.col("body").cast(pl.String).fill_null("").alias("body"),
    )


def _parts(head: str, highlights: list[str], body: str) -> list[tuple[str, int]]:
    """Each part of an article's text with its offset in the joined text.

    Parts are searched one by one so that no name spans two of them (a
    title ending in "Baotou" and a highlight starting "Steel prices").
    """
    # Joined text: head + "\n\n" + "\n".join(highlights) + "\n\n" + body.
    parts = [(head, 0)]
    pos = len(head) + 2
    for i, highlight in enumerate(highlights):
        pos += 1 if i else 0
        parts.append((highlight, pos))
        pos += len(highlight)
    parts.append((body, pos + 2))
    return parts


def _scan(parts: list[tuple[str, int]], matcher: _Matcher, forms: dict[str, Any]) -> dict[str, list[int]]:
    """``{entity: [mentions, first_offset]}`` for one article, surname rule applied."""
    found: dict[str, list[int]] = {}
    lone: list[tuple[int, tuple[str, ...]]] = []
    targets = matcher.targets
    matches = matcher.matches
    for text, base in parts:
        if not text:
            continue
        for start, raw in matches(text):
            target = forms.get(raw)
            if target is None:
                target = forms[raw] = targets[_norm(raw)]
            if isinstance(target, tuple):
                lone.append((base + start, target))
                continue
            hit = found.get(target)
            if hit is None:
                found[target] = [1, base + start]
            else:
                hit[0] += 1
    for start, people in lone:
        named = [p for p in people if p in found]
        if len(named) == 1:
            hit = found[named[0]]
            hit[0] += 1
            hit[1] = min(hit[1], start)
    return found


# Corpora of at least two chunks (_POOL_FROM articles) are scanned by worker
# processes.
_CHUNK = 2000
_POOL_FROM = 2 * _CHUNK


def _count_beside(articles: pl.DataFrame, *, cache_dir: Path | None = None) -> pl.DataFrame:
    """:func:`count_mentions` with the shipped lexicon in one worker process.

    For the build, which runs it beside stages that keep this process busy:
    one worker uses the other core without competing with them. (Fewer than
    _POOL_FROM articles to scan are scanned in this process.) With a
    ``cache_dir``, articles whose text was scanned before with the same
    lexicon and code take their rows from the cache there, and only the
    others are scanned.
    """
    texts = _article_texts(articles, "count_mentions")
    entities = _default_entities()
    if cache_dir is None:
        return _count(texts, entities, processes=1)
    return _count_cached(texts, entities, Path(cache_dir))


def _count_cached(texts: pl.DataFrame, entities: tuple[_Entity, ...], cache_dir: Path) -> pl.DataFrame:
    """:func:`_count`, reusing the rows of texts already scanned (see :func:`_count_beside`)."""
    keyed = texts.with_columns(pl.Series("key", _text_keys(texts), dtype=pl.String))
    cache_file = cache_dir / f"{_CACHE_PREFIX}{_CACHE_VERSION}-{_lexicon_key(entities)}.parquet"
    cached = _read_cache(cache_file)
    is_known = pl.col("key").is_in(cached.get_column("key").unique().implode())
    todo = keyed.filter(~is_known)
    fresh = _count(todo.drop("key"), entities, processes=1).join(
        todo.select("article_id", "key"), on="article_id", how="left"
    )
    reused = keyed.filter(is_known).select("article_id", "key").join(
        cached.drop_nulls("entity"), on="key", how="inner"
    )
    # An article without mentions keeps one row with a null entity, so that
    # it is known to have been scanned.
    scanned = pl.concat([
        cached.filter(pl.col("key").is_in(keyed.get_column("key").implode())),
        fresh.select(list(_CACHE_SCHEMA)),
        todo.filter(~pl.col("article_id").is_in(fresh.get_column("article_id").implode()))
        .select("key", entity=pl.lit(None, pl.String), mentions=pl.lit(0, pl.Int64), first_offset=pl.lit(0, pl.Int64)),
    ]).unique(maintain_order=True).sort("key", "entity", nulls_last=True)
    if todo.height or scanned.height != cached.height:
        _write_cache(cache_file, scanned)
    out = pl.concat([reused.select(fresh.columns), fresh]).drop("key")
    return cast_table("mentions", out.sort("article_id", "entity"))


# The mentions cache: one Parquet file per lexicon and code version in the
# build's interim folder, with the rows of every article text scanned.
_CACHE_PREFIX = "mentions-v"
_CACHE_VERSION = 1
_CACHE_SCHEMA = {"key": pl.String, "entity": pl.String, "mentions": pl.Int64, "first_offset": pl.Int64}


def _text_keys(texts: pl.DataFrame) -> list[str]:
    """SHA-256 of each article's searched parts (head, highlights, body)."""
    keys = []
    for head, highlights, body in texts.select("head", "highlights", "body").iter_rows():
        text = "\0".join([head, "\x1f".join(highlights), body])
        keys.append(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return keys


def _lexicon_key(entities: tuple[_Entity, ...]) -> str:
    """A hash of the lexicon and of this module's code: a cache outlives neither."""
    digest = hashlib.sha256(repr(entities).encode("utf-8"))
    with suppress(OSError, TypeError):
        digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _read_cache(path: Path) -> pl.DataFrame:
    empty = pl.DataFrame(schema=_CACHE_SCHEMA)
    if not path.is_file():
        return empty
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # a damaged cache is ignored, never trusted
        _log.warning("ignoring unreadable mentions cache %s: %s", path, exc)
        return empty
    if dict(frame.schema) != _CACHE_SCHEMA:
        _log.warning("ignoring mentions cache %s: unexpected columns", path)
        return empty
    return frame


def _write_cache(path: Path, frame: pl.DataFrame) -> None:
    from reexdata.store import write_bytes_atomic

    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="snappy")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, buffer.getvalue())
        # Caches of another lexicon or code version are never read again.
        for old in path.parent.glob(f"{_CACHE_PREFIX}*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a cache that cannot be written only costs time
        _log.warning("cannot write the mentions cache %s: %s", path, exc)


def _count(texts: pl.DataFrame, entities: tuple[_Entity, ...], *, processes: int | None = None) -> pl.DataFrame:
    from reexdata._parallel import _make_pool, _ordered_map

    chunks = (
        (texts.slice(start, _CHUNK).rows(), entities)
        for start in range(0, texts.height, _CHUNK)
    )
    pool = _make_pool(processes) if texts.height >= _POOL_FROM else None
    columns: tuple[list, ...] = ([], [], [], [])
    try:
        for found in _ordered_map(_count_rows, chunks, pool=pool):
            for column, values in zip(columns, found):
                column.extend(values)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    ids, ents, counts, firsts = columns
    out = pl.DataFrame(
        {"article_id": ids, "entity": ents, "mentions": counts, "first_offset": firsts},
        schema={"article_id": pl.String, "entity": pl.String, "mentions": pl.Int64, "first_offset": pl.Int64},
    )
    return cast_table("mentions", out.sort("article_id", "entity"))


def _count_rows(job: tuple[list[tuple], tuple[_Entity, ...]]) -> tuple[list, list, list, list]:
    """Mentions in rows of ``(article_id, head, highlights, body)``: four columns as lists."""
    rows, entities = job
    matcher = _matcher(entities)
    forms: dict[str, Any] = {}
    ids: list[str] = []
    ents: list[str] = []
    counts: list[int] = []
    firsts: list[int] = []
    for article_id, head, highlights, body in rows:
        for ent, (n, first) in _scan(_parts(head, highlights, body), matcher, forms).items():
            ids.append(article_id)
            ents.append(ent)
            counts.append(n)
            firsts.append(first)
    return ids, ents, counts, firsts


def count_mentions(articles, *, entities=None):
    """Count how often each entity is mentioned in each article.

    The text searched is the article's title (or headline, unless the
    headline was copied from the highlights or body), its highlights joined
    by line breaks, and its body, joined by blank lines::

        text = head + "\\n\\n" + "\\n".join(highlights) + "\\n\\n" + body

    ``related_headlines`` (the sidebar of other stories) is never searched.
    The separators are always present, even when a part is empty, so
    ``first_offset`` can be mapped back to the part it falls in. Each part
    is searched on its own, so a name never spans the head and a highlight
    (nor, within a part, a blank line). See the module docstring for the
    matching rules.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table (see ``TABLES['articles']``). Only ``article_id``
        and ``body`` are required; ``title``, ``headline``, ``title_source``
        and ``highlights`` are used when present.
    entities : None, str, Path or mapping, default=None
        The entity lexicon: ``None`` for the shipped one, a path to a TOML
        lexicon (replaces it), or a mapping of entity id to aliases (extends
        it). See the module docstring.

    Returns
    -------
    mentions : same type as ``articles``
        One row per (article, entity) with at least one mention, sorted by
        ``article_id`` then ``entity``. Columns:

        - ``article_id`` (str): the article.
        - ``entity`` (str): the entity id.
        - ``mentions`` (int): number of mentions.
        - ``first_offset`` (int): character offset of the first mention in
          the searched text described above.

    Raises
    ------
    LexiconError
        When the lexicon is malformed.
    ValueError
        When ``articles`` lacks ``article_id`` or ``body``, or repeats an id.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.mentions import count_mentions
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1"],
    ...     "title": ["Baotou Iron & Steel Group (Baogang) meets CSRE"],
    ...     "body": ["Meng Fanying spoke. Meng said Baogang's plans are on track."],
    ... })
    >>> count_mentions(articles).rows()
    [('a1', 'baogang', 3, 0), ('a1', 'csre', 1, 42), ('a1', 'meng_fanying', 2, 50)]
    """
    func = "count_mentions"
    frame, kind = _to_polars(articles, func, "articles")
    ents = _resolve_entities(entities, func)
    return _like(_count(_article_texts(frame, func), ents), kind)


def entity_table(entities=None) -> pl.DataFrame:
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


# --------------------------------------------------------------------------
# Over time
# --------------------------------------------------------------------------


def _check_mentions(frame: pl.DataFrame, func: str) -> pl.DataFrame:
    needed = ["article_id", "entity", "mentions"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise param_error(func, "mentions", "a mentions table from count_mentions", sorted(frame.columns))
    frame = frame.select(
        pl.col("article_id").cast(pl.String), pl.col("entity").cast(pl.String), pl.col("mentions").cast(pl.Int64)
    )
    if frame["mentions"].null_count() or (frame["mentions"] < 0).any():
        raise param_error(func, "mentions", "a mentions table with non-negative counts", "negative or null counts")
    return frame


def mentions_over_time(mentions, articles, *, freq="W", smooth=None):
    """Mentions of each entity per calendar period, normalised by coverage.

    ``share`` is the fraction of the period's articles that mention the
    entity (the normalisation GDELT and Media Cloud use), so a busy week
    does not look like rising attention.

    Parameters
    ----------
    mentions : pandas.DataFrame or polars.DataFrame
        Output of :func:`count_mentions`.
    articles : pandas.DataFrame or polars.DataFrame
        The articles table (``article_id`` and ``published`` are used).
        Mentions of articles absent from it are ignored, so filtering
        ``articles`` restricts the analysis.
    freq : {'D', 'W', 'M', 'Q'}, default='W'
        Period length: day, ISO week (from Monday), month or quarter.
    smooth : int or None, default=None
        When given, a centred rolling mean over ``smooth`` dated periods
        (fewer at the ends of the span) is added as two extra columns,
        ``mentions_smooth`` and ``share_smooth`` (null in the undated
        bucket). For an even window the extra period is the earlier one.

    Returns
    -------
    series : same type as ``mentions``
        One row per (period, entity) for every entity mentioned at least
        once in ``articles``. Every period from the first to the last dated
        article is present, with zeros where nothing was mentioned. When
        some articles have no date they form one extra group per entity
        with ``period`` null, whose ``articles_in_period`` counts the
        undated articles. Sorted by ``period`` (null last) then ``entity``.
        Columns: ``period`` (date, first day), ``entity``, ``mentions``,
        ``articles_mentioning``, ``articles_in_period``, ``share``
        (``articles_mentioning / articles_in_period``, 0 when the period has
        no article), and ``mentions_smooth``, ``share_smooth`` when
        ``smooth`` is given.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.mentions import count_mentions, mentions_over_time
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1", "a2", "a3"],
    ...     "published": [dt.date(2025, 1, 6), dt.date(2025, 1, 7), dt.date(2025, 1, 20)],
    ...     "body": ["Baogang and Lynas.", "Lynas alone.", "Nothing here."],
    ... })
    >>> series = mentions_over_time(count_mentions(articles), articles, freq="W")
    >>> series.filter(entity="lynas").select("period", "mentions", "share").rows()
    [(datetime.date(2025, 1, 6), 2, 1.0), (datetime.date(2025, 1, 13), 0, 0.0), (datetime.date(2025, 1, 20), 0, 0.0)]
    """
    func = "mentions_over_time"
    check_one_of(func, "freq", freq, FREQS)
    if smooth is not None:
        check_type(func, "smooth", smooth, int, "an int or None")
        check_range(func, "smooth", smooth, low=1)
    ment, kind = _to_polars(mentions, func, "mentions")
    arts, _ = _to_polars(articles, func, "articles")
    ment = _check_mentions(ment, func)
    if "article_id" not in arts.columns or "published" not in arts.columns:
        raise param_error(func, "articles", "an articles table with 'article_id' and 'published'", sorted(arts.columns))
    dates = arts.select(
        pl.col("article_id").cast(pl.String), _period_start(pl.col("published").cast(pl.Date), freq).alias("period")
    ).unique("article_id", keep="first")
    per_period = dates.group_by("period").agg(pl.len().cast(pl.Int64).alias("articles_in_period"))
    hits = (
        ment.filter(pl.col("mentions") > 0)
        .join(dates, on="article_id", how="inner")
        .group_by("period", "entity")
        .agg(pl.col("mentions").sum(), pl.col("article_id").n_unique().cast(pl.Int64).alias("articles_mentioning"))
    )
    grid = _grid(dates, hits, freq)
    out = (
        grid.join(hits, on=["period", "entity"], how="left", nulls_equal=True)
        .join(per_period, on="period", how="left", nulls_equal=True)
        .with_columns(pl.col("mentions", "articles_mentioning", "articles_in_period").fill_null(0))
        .with_columns(
            pl.when(pl.col("articles_in_period") > 0)
            .then(pl.col("articles_mentioning") / pl.col("articles_in_period"))
            .otherwise(0.0)
            .alias("share")
        )
        .sort("period", "entity", nulls_last=True)
    )
    out = cast_table("mentions_over_time", out)
    if smooth is not None:
        out = _smoothed(out, smooth)
    return _like(out, kind)


def _grid(dates: pl.DataFrame, hits: pl.DataFrame, freq: str) -> pl.DataFrame:
    """Every (period, entity) pair: the dated span plus the undated bucket."""
    entities = hits.select(pl.col("entity").unique().sort())
    dated = dates["period"].drop_nulls()
    periods = []
    if dated.len():
        # A Date series' min and max are dates (polars types them as any scalar).
        periods.append(_period_range(dated.min(), dated.max(), freq).to_frame())  # type: ignore[arg-type]
    if dates["period"].null_count():
        periods.append(pl.DataFrame({"period": [None]}, schema={"period": pl.Date}))
    if not periods:
        return pl.DataFrame(schema={"period": pl.Date, "entity": pl.String})
    return pl.concat(periods).join(entities, how="cross")


def _smoothed(out: pl.DataFrame, window: int) -> pl.DataFrame:
    dated = out.filter(pl.col("period").is_not_null()).sort("entity", "period")
    rolled = dated.with_columns(
        _rolling(pl.col("mentions").cast(pl.Float64), window).alias("mentions_smooth"),
        _rolling(pl.col("share"), window).alias("share_smooth"),
    ).select("period", "entity", "mentions_smooth", "share_smooth")
    return out.join(rolled, on=["period", "entity"], how="left", maintain_order="left")


def _rolling(expr: pl.Expr, window: int) -> pl.Expr:
    # min_samples=1: the ends of the span average the periods they have.
    return expr.rolling_mean(window, min_samples=1, center=True).over("entity")


# --------------------------------------------------------------------------
# Co-mentions
# --------------------------------------------------------------------------


def co_mentions(mentions, *, min_articles=1):
    """Pairs of entities mentioned in the same articles.

    The counts come from one sparse product of the article x entity
    incidence matrix with itself, never from a loop over article pairs.

    Parameters
    ----------
    mentions : pandas.DataFrame or polars.DataFrame
        Output of :func:`count_mentions`.
    min_articles : int, default=1
        Keep pairs mentioned together in at least this many articles.

    Returns
    -------
    pairs : same type as ``mentions``
        One row per pair, ``entity_a < entity_b``, sorted by both. Columns:

        - ``entity_a``, ``entity_b`` (str): the two entity ids.
        - ``articles`` (int): articles mentioning both.
        - ``jaccard`` (float): ``articles`` / articles mentioning either.
        - ``pmi`` (float): ``log2(P(a,b) / (P(a) P(b)))`` where each
          probability is a share of the N articles that mention at least one
          entity (the articles present in ``mentions``), i.e.
          ``log2(articles * N / (n_a * n_b))``.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.mentions import co_mentions
    >>> mentions = pl.DataFrame({
    ...     "article_id": ["a1", "a1", "a2", "a2", "a3", "a4"],
    ...     "entity": ["baogang", "lynas", "baogang", "lynas", "baogang", "csre"],
    ...     "mentions": [1, 2, 1, 1, 3, 1],
    ...     "first_offset": [0, 10, 0, 5, 0, 0],
    ... })
    >>> co_mentions(mentions).with_columns(pl.col("jaccard", "pmi").round(3)).rows()
    [('baogang', 'lynas', 2, 0.667, 0.415)]
    """
    func = "co_mentions"
    check_type(func, "min_articles", min_articles, int, "an int")
    check_range(func, "min_articles", min_articles, low=1)
    ment, kind = _to_polars(mentions, func, "mentions")
    pairs = _co_matrix(_check_mentions(ment, func).filter(pl.col("mentions") > 0), min_articles)
    return _like(cast_table("co_mentions", pairs), kind)


def _co_matrix(ment: pl.DataFrame, min_articles: int) -> pl.DataFrame:
    from scipy import sparse

    empty = empty_table("co_mentions")
    ment = ment.select("article_id", "entity").unique()
    if ment.height == 0:
        return empty
    articles = ment["article_id"].unique().sort()
    entities = ment["entity"].unique().sort()
    rows = ment["article_id"].cast(pl.Enum(articles)).to_physical().to_numpy()
    cols = ment["entity"].cast(pl.Enum(entities)).to_physical().to_numpy()
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(articles), len(entities))
    )
    both = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    keep = both.data >= min_articles
    a, b, n_ab = both.row[keep], both.col[keep], both.data[keep].astype(np.int64)
    df = np.asarray(incidence.sum(axis=0)).ravel()
    n = len(articles)
    order = np.lexsort((b, a))
    a, b, n_ab = a[order], b[order], n_ab[order]
    names = entities.to_numpy()
    return pl.DataFrame(
        {
            "entity_a": names[a].astype(str) if len(a) else [],
            "entity_b": names[b].astype(str) if len(b) else [],
            "articles": n_ab,
            "jaccard": n_ab / (df[a] + df[b] - n_ab),
            "pmi": np.log2(n_ab * n / (df[a] * df[b])),
        },
        schema=TABLES["co_mentions"].polars_schema,
    )


# --------------------------------------------------------------------------
# Suggestions
# --------------------------------------------------------------------------

# A capitalised word, and runs of them joined by a few lowercase connectors.
_CAP = r"[A-Z][\w'’&.-]*\w|[A-Z]"
# "and" is not a connector: "Baogang and Lynas" are two names, not one.
_NAME_RE = re.compile(rf"(?<![\w'’])(?:{_CAP})(?:[ \t]+(?:(?:of|for|the|de|&)[ \t]+)?(?:{_CAP}))*")
_WORD_RE = re.compile(r"[a-z][a-z'’-]*")
# Words that start sentences or name dates; never a name on their own.
_STOP = frozenset(
    """a an the in on at of for with from by to and or but if as when while where why what who how this that
    these those it its is are was were be will would could should can may might there here he she they we you
    i our their his her not no so such after before during since about into over under between new first
    second third last next one two three several many some each every all more most other""".split()
)
_CALENDAR = frozenset(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split()
)


def suggest_entities(articles, *, entities=None, top=30):
    """Frequent capitalised names that no alias of the lexicon covers.

    Runs of capitalised words (``Party Secretary``, ``China Daily``; the
    connectors ``of``, ``for``, ``the``, ``de`` and ``&`` may join them) are collected from the
    highlights and body (titles are skipped: in title case every word looks
    like a name), after removing every alias match. A sentence-initial
    function word (``The``) is dropped, as is a lone sentence-initial word
    the corpus also writes in lowercase (``Officials``); month and day names
    never count.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table (``article_id`` and ``body``, as for
        :func:`count_mentions`).
    entities : None, str, Path or mapping, default=None
        The lexicon whose aliases are already covered.
    top : int, default=30
        How many names to return.

    Returns
    -------
    names : same type as ``articles``
        Columns ``name`` (str), ``count`` (int, occurrences) and ``articles``
        (int, articles containing it), most frequent first, then by
        ``articles`` and ``name``.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.mentions import suggest_entities
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a1", "a2"],
    ...     "body": ["The Baogang board met China Daily editors.", "China Daily reported on Lynas."],
    ... })
    >>> suggest_entities(articles, top=1).rows()
    [('China Daily', 2, 2)]
    """
    func = "suggest_entities"
    check_type(func, "top", top, int, "an int")
    check_range(func, "top", top, low=1)
    frame, kind = _to_polars(articles, func, "articles")
    # Titles are written in title case, where every word looks like a name.
    texts = _article_texts(frame, func, with_head=False)
    matcher = _matcher(_resolve_entities(entities, func))
    blanked = [
        "\n\n".join(_blank(matcher, text) for text, _ in _parts(head, highlights, body))
        for _, head, highlights, body in texts.iter_rows()
    ]
    common = set()
    for text in blanked:
        common.update(_WORD_RE.findall(text))
    names: list[str] = []
    owners: list[str] = []
    for article_id, text in zip(texts["article_id"], blanked):
        for m in _NAME_RE.finditer(text):
            for name in _clean_names(m.group(), _sentence_start(text, m.start()), common):
                names.append(name)
                owners.append(article_id)
    out = (
        pl.DataFrame({"name": names, "article_id": owners}, schema={"name": pl.String, "article_id": pl.String})
        .group_by("name")
        .agg(pl.len().cast(pl.Int64).alias("count"), pl.col("article_id").n_unique().cast(pl.Int64).alias("articles"))
        .sort(["count", "articles", "name"], descending=[True, True, False])
        .head(top)
    )
    return _like(out, kind)


def _blank(matcher: _Matcher, text: str) -> str:
    """``text`` with each alias match replaced by a line break."""
    pieces, last = [], 0
    for start, raw in matcher.matches(text):
        pieces += [text[last:start], "\n"]
        last = start + len(raw)
    pieces.append(text[last:])
    return "".join(pieces)


def _sentence_start(text: str, pos: int) -> bool:
    # A short window suffices: only quotes, brackets and bullets are skipped.
    before = text[max(0, pos - 12) : pos].rstrip(" \t\"'“‘(_*•-–—")
    return not before or before[-1] in ".!?:\n"


def _clean_names(run: str, initial: bool, common: set[str]) -> list[str]:
    """Split a capitalised run at date words and drop an ordinary first word."""
    words = run.split()
    # A sentence-initial function word is never part of the name; another
    # ordinary word ("Officials") only when it stands alone.
    if initial and words and (words[0].lower() in _STOP or (len(words) == 1 and words[0].lower() in common)):
        words = words[1:]
    out: list[str] = []
    part: list[str] = []
    for word in [*words, ""]:
        if word and word.lower().rstrip(".") not in _CALENDAR:
            part.append(word)
            continue
        while part and part[-1].islower():
            part.pop()
        while part and part[0].islower():
            part.pop(0)
        name = re.sub(r"(?:['’]s|['’])$", "", " ".join(part))
        if name and name.lower() not in _STOP and re.search(r"[A-Za-z]{2}", name):
            out.append(name)
        part = []
    return out
