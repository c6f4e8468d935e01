"""The one regular expression: every alias of a lexicon compiled into a trie (see :mod:`reexdata.mentions`)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reexdata.mentions.lexicon import _APOS, _SEP_RE, _Entity, _norm

__all__: list[str] = []

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
# A match must end a word; "$" after it makes it a currency (US$).
_END = r"(?![\w$])"
# A lone surname followed by a capitalised word is someone else's full name.
_SURNAME_END = _END + r"(?!\s+[A-Z])"
# Trie markers for the two non-literal units of an alias.
_SEP_UNIT = "sep"
_APOS_UNIT = "apos"
_LEAF = ""


@dataclass(frozen=True)
class _Gated:
    """The target of an alias that counts only in context (an entity's ``requires``)."""

    entity: str
    alias: str  # normalised: the key of the alias's context regex


# The target of a not_within name: matched so that the alias inside it is not,
# and no mention of anyone.
_NOT_WITHIN = "\0not_within"


@dataclass(frozen=True)
class _Matcher:
    """The compiled lexicon: one regex, the alias form -> target map and the context regexes."""

    regex: re.Pattern
    # normalised matched text -> entity id (str), tuple of person ids (surname),
    # _Gated (alias with context words) or _NOT_WITHIN
    targets: dict[str, Any]
    # normalised gated alias -> regex of its context words (searched like aliases)
    contexts: dict[str, re.Pattern] = field(default_factory=dict)

    def in_context(self, alias: str, texts: list[str]) -> bool:
        """Whether one of ``texts`` has a context word of the gated ``alias``."""
        search = self.contexts[alias].search
        return any(search(" " + _plain_hyphens(text)) for text in texts)

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


def _is_acronym(alias: str) -> bool:
    # One word with more capitals than lowercase letters: CCP, REEx, U.S.
    if _SEP_RE.search(alias):
        return False
    upper = sum(c.isupper() for c in alias)
    lower = sum(c.islower() for c in alias)
    return upper > lower


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
    contexts = _add_context_rules(trie, targets, entities)
    return _Matcher(re.compile(_emit_top(trie)), targets, contexts)


def _add_context_rules(trie: dict, targets: dict[str, Any], entities: tuple[_Entity, ...]) -> dict[str, re.Pattern]:
    """Put the not_within names in the trie, mark gated aliases, compile their context words.

    A not_within name is matched like a case-insensitive alias, so the
    longest match consumes it whole; the gated aliases stay in the trie and
    only their target changes. Context words follow the aliases' case rules.
    """
    contexts: dict[str, re.Pattern] = {}
    for e in entities:
        for name in e.not_within:
            _insert(trie, _units(name, _is_acronym(name)), _END)
            targets[_norm(name)] = _NOT_WITHIN
        for alias, words in e.requires:
            targets[_norm(alias)] = _Gated(e.id, _norm(alias))
            context: dict = {}
            for word in words:
                _insert(context, _units(word, _is_acronym(word)), _END)
            contexts[_norm(alias)] = re.compile(_emit_top(context))
    return contexts


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
