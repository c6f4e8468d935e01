"""The one regular expression: every alias of a lexicon compiled into a trie (see :mod:`reexdata.mentions`).

Text with Han characters is searched with a second expression built from
the same aliases (folded to simplified characters), in the text folded the
same way with a mark at each boundary of jieba's words (see
:func:`_han_text`): Chinese has no spaces, so there a name starts and ends
where a word does.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from reexdata.mentions.lexicon import _APOS, _SEP_RE, _Entity, _norm
from reexdata.mentions.starts import _lead_words, _Starts
from reexdata.segment import HAN_RUN, cut_han, has_han, in_dictionary, to_simplified

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
# In Han text, the mark put where a word starts or ends: a private-use
# character, so neither a word character (a name may end before it) nor a
# space (no separator of an alias matches it). The Han expression lets it
# stand between any two characters of an alias of which one is Han.
_MARK = "\ue000"
# What replaces a private-use mark already in the text (same length).
_NOT_MARK = "\ufffd"
# Chinese names are written with full-width or ASCII brackets: 包钢（集团）公司
# and 包钢(集团)公司 are one alias.
_ASCII_BRACKETS = str.maketrans("（）", "()")


@dataclass(frozen=True)
class _Gated:
    """The target of an alias that counts only in context (an entity's ``requires``)."""

    entity: str
    alias: str  # normalised: the key of the alias's context regex


# The target of a not_within name: matched so that the alias inside it is not,
# and no mention of anyone.
_NOT_WITHIN = "\0not_within"


@dataclass(frozen=True, eq=False)
class _Matcher:
    """The compiled lexicon: one regex, the alias form -> target map and the context regexes.

    ``regex`` and ``contexts`` hold the aliases without Han characters and
    search text without Han characters; :attr:`han` searches the others.
    """

    regex: re.Pattern
    # normalised matched text (folded to simplified characters) -> entity id
    # (str), tuple of person ids (surname), _Gated (alias with context words)
    # or _NOT_WITHIN
    targets: dict[str, Any]
    # normalised gated alias -> regex of its context words (searched like aliases)
    contexts: dict[str, re.Pattern] = field(default_factory=dict)
    entities: tuple[_Entity, ...] = ()
    # ``regex`` and ``contexts`` for ASCII text (see _ascii_variant).
    ascii_regex: re.Pattern | None = None
    ascii_contexts: dict[str, re.Pattern] = field(default_factory=dict)
    # (character, ASCII stand-in) pairs of :meth:`_as_ascii`.
    stand_ins: tuple[tuple[str, str], ...] = ()
    # Where a name may start in ASCII text (see :mod:`~reexdata.mentions.starts`).
    starts: _Starts | None = None

    @cached_property
    def han(self) -> _HanRules:
        """The expressions for text with Han characters, compiled when such a text comes."""
        return _han_rules(self.entities)

    def target(self, raw: str) -> Any:
        """What a matched text counts for (traditional characters folded, brackets as ASCII).

        The text was matched folded in its context; folded alone, a phrase
        OpenCC converts by context may come out otherwise, so each character
        is then folded alone, and a form still unknown counts for no one.
        """
        found = self.targets.get(_norm(raw))
        if found is None:
            found = self.targets.get(_norm(to_simplified(raw).translate(_ASCII_BRACKETS)))
        if found is None:
            by_char = "".join(to_simplified(char) for char in raw)
            found = self.targets.get(_norm(by_char.translate(_ASCII_BRACKETS)), _NOT_WITHIN)
        return found

    def in_context(self, alias: str, texts: list[str]) -> bool:
        """Whether one of ``texts`` has a context word of the gated ``alias``."""
        return self.in_padded_context(alias, [_pad(text) for text in texts])

    def in_padded_context(self, alias: str, padded_texts: list[str]) -> bool:
        """:meth:`in_context` of texts already padded by :func:`_pad`."""
        for padded in padded_texts:
            plain = padded if padded.isascii() else self._as_ascii(padded)
            if plain is not None:
                if self.ascii_contexts[alias].search(plain):
                    return True
            elif has_han(padded):
                if self.han.contexts[alias].search(_han_text(padded, self.han).marked):
                    return True
            elif self.contexts[alias].search(padded):
                return True
        return False

    def matches(self, text: str) -> Iterator[tuple[int, str]]:
        """``(offset, matched text)`` of each alias match in ``text``, left to right.

        The text is searched with plain hyphens (see _SEP) and a space in
        front, as the regex matches the character before a name too (see
        :func:`_emit_top`). A name always ends before a non-word character
        (_END), which then starts the next search. Text with Han characters
        is searched by :meth:`_han_matches`.
        """
        yield from self.padded_matches(_pad(text))

    def padded_matches(self, padded: str) -> list[tuple[int, str]]:
        """:meth:`matches` in a text padded by :func:`_pad`, as a list.

        A match ends where group 1 does (only lookaheads follow it) and
        starts one non-word character before it, so the offset in the text
        is the match's start, and finditer resumes where the search loop of
        one match after another would.
        """
        plain = padded if padded.isascii() else self._as_ascii(padded)
        if plain is not None:
            if self.starts is not None:
                return self.ascii_matches([padded])[0] or []
            # (A matcher built without the ASCII variant searches ASCII text with the general regex.)
            regex = self.ascii_regex or self.regex
            # The matched text as written (an apostrophe may have a stand-in).
            return [(m.start(), padded[m.start(1):m.end()]) for m in regex.finditer(plain)]
        if has_han(padded):
            return list(self._han_matches(padded))
        return [(m.start(), m.group(1)) for m in self.regex.finditer(padded)]

    def ascii_matches(self, padded_texts: list[str]) -> list[list[tuple[int, str]] | None]:
        """:meth:`padded_matches` of the ``padded_texts`` searched as ASCII, all at once; None for the others.

        The others are left to the caller, to search one by one (a text
        with Han characters is cut into words once for its names and its
        context words when they are searched one after the other, see
        :func:`_han_text`). The ASCII texts are searched together by
        :meth:`_Starts.search <reexdata.mentions.starts._Starts.search>`:
        the regex is tried only where the automaton finds a name's first
        word, with the result of a search with the regex alone.
        """
        found: list[list[tuple[int, str]] | None] = [None] * len(padded_texts)
        starts = self.starts
        if starts is None:
            return found
        batch: list[tuple[int, str, str]] = []
        for i, padded in enumerate(padded_texts):
            plain = padded if padded.isascii() else self._as_ascii(padded)
            if plain is not None:
                batch.append((i, padded, plain))
        if not batch:
            return found
        regex = self.ascii_regex or self.regex
        results = starts.search(regex.match, [(padded, plain) for _, padded, plain in batch])
        for (i, _, _), result in zip(batch, results):
            found[i] = result
        return found

    def _as_ascii(self, padded: str) -> str | None:
        """``padded`` with its typographic punctuation replaced by ASCII stand-ins, if that leaves it ASCII.

        Most English text is not ASCII only for its dashes, quotes and
        apostrophes; with stand-ins that every regex of the lexicon treats
        alike (see _STAND_INS), it is searched by the ASCII variants.
        """
        for char, stand_in in self.stand_ins:
            padded = padded.replace(char, stand_in)
        try:
            padded.encode("ascii")
        except UnicodeEncodeError:
            return None
        return padded

    def _han_matches(self, padded: str) -> Iterator[tuple[int, str]]:
        """:meth:`matches` in the marked text (see :func:`_han_text`), offsets mapped back.

        A one-character Han name (an element: 钕) is found wherever the
        character stands, except inside a longer name.
        """
        rules = self.han
        prepared = _han_text(padded, rules)
        marks = prepared.marks
        spans: list[tuple[int, int]] = []
        pos = 0
        while (m := rules.regex.search(prepared.marked, pos)) is not None:
            start, pos = m.span(1)
            spans.append((start - bisect_right(marks, start), pos - bisect_right(marks, pos - 1)))
        if rules.chars is not None:
            starts = [a for a, _ in spans]
            for m in rules.chars.finditer(prepared.folded):
                i = bisect_right(starts, m.start()) - 1
                if i < 0 or spans[i][1] <= m.start():
                    spans.append(m.span())
            spans.sort()
        for start, end in spans:
            yield start - 1, padded[start:end]


@dataclass(frozen=True, eq=False)
class _HanRules:
    """The lexicon compiled for text with Han characters (see :func:`_han_text`)."""

    regex: re.Pattern
    contexts: dict[str, re.Pattern]
    # The one-character Han names, or None.
    chars: re.Pattern | None
    # jieba's user dictionary: the Han names (and not_within names), each one word.
    words: tuple[str, ...]
    # The Han names (aliases), for splitting a compound word after or before one.
    names: frozenset[str]
    # Finds a Han piece of a name in a run of Han characters: only such runs
    # are cut into words (the others cannot hold a name's start or end).
    pieces: re.Pattern


@dataclass(frozen=True)
class _HanText:
    """A text with Han characters as searched: folded, and marked where words start and end."""

    folded: str
    marked: str
    # The offsets of the marks in ``marked``, ascending.
    marks: tuple[int, ...]


def _pad(text: str) -> str:
    """``text`` as searched: a space in front, other hyphens made plain (see _SEP and :meth:`_Matcher.matches`)."""
    padded = " " + text
    # isascii() reads a flag of the string: most English text has no other hyphens to replace.
    return padded if padded.isascii() else _plain_hyphens(padded)


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


def _is_han_char(alias: str) -> bool:
    return len(alias) == 1 and has_han(alias)


@lru_cache(maxsize=16)
def _matcher(entities: tuple[_Entity, ...]) -> _Matcher:
    """Compile every alias (and surname) of ``entities`` without Han characters into one regex.

    The aliases form a character trie, written out as nested alternations
    whose longer branches come first, so that at each position the regex
    takes the longest alias (backtracking to a shorter one when the longer
    does not end at a word boundary). Matching is leftmost first: an alias
    that starts earlier wins over a longer one starting inside it.
    """
    targets: dict[str, Any] = {}

    def put(name: str, target: Any) -> None:
        targets[_norm(name)] = targets[_norm(to_simplified(name).translate(_ASCII_BRACKETS))] = target

    for e in entities:
        for alias in e.aliases + e.exact:
            put(alias, e.id)
    for surname, people in _surnames(entities).items():
        put(surname, people)
    for e in entities:
        for name in e.not_within:
            put(name, _NOT_WITHIN)
        for alias, _ in e.requires:
            put(alias, _Gated(e.id, _norm(alias)))
    regex, contexts, trie = _compile(entities, han=False)
    ascii_contexts = {alias: _ascii_variant(context) for alias, context in contexts.items()}
    patterns = [regex.pattern, *(context.pattern for context in contexts.values())]
    stand_ins = tuple(
        (char, stand_in) for char, stand_in in _STAND_INS
        if (stand_in in _APOS and char in _APOS) or not any(char in p or stand_in in p for p in patterns)
    )
    # A name with a NUL (which joins the texts searched at once) leaves the regex to search alone.
    starts = _Starts(_lead_words(trie, leaf=_LEAF, sep=_SEP_UNIT, apos=_APOS_UNIT)) if "\0" not in regex.pattern else None
    return _Matcher(regex, targets, contexts, entities, _ascii_variant(regex), ascii_contexts, stand_ins, starts)


# ASCII stand-ins for the typographic punctuation of English text, each the
# same length (offsets hold) and matched by the same parts of every regex:
# an apostrophe stands for an apostrophe (aliases accept any of _APOS), and
# NUL for punctuation that no name of the lexicon contains (a non-word,
# non-space character, as the one it stands for; _matcher leaves out any
# that a name contains).
_STAND_INS = (
    ("\u2019", "'"), ("\u2018", "'"),
    ("\u2014", "\0"), ("\u201c", "\0"), ("\u201d", "\0"), ("\u2026", "\0"),
    ("\u00ab", "\0"), ("\u00bb", "\0"), ("\u2022", "\0"),
)


# The non-word characters of ASCII, as a class: on ASCII text it matches what
# \W does, and the regex engine's loop that skips to the next candidate tests
# a class in a table, where \W looks each character up in the Unicode
# database (a scan of ASCII text takes about a seventh less time).
_ASCII_NON_WORD = r"[\x00-/:-@\[-^`{-\x7f]"


def _ascii_variant(regex: re.Pattern) -> re.Pattern:
    """``regex`` (which starts with \\W, see :func:`_emit_top`) for ASCII text only."""
    assert regex.pattern.startswith(r"\W(")
    return re.compile(_ASCII_NON_WORD + regex.pattern[2:])


def _surnames(entities: tuple[_Entity, ...]) -> dict[str, tuple[str, ...]]:
    people: dict[str, list[str]] = {}
    for e in entities:
        if e.surname:
            people.setdefault(e.surname, []).append(e.id)
    return {surname: tuple(sorted(ids)) for surname, ids in people.items()}


def _compile(entities: tuple[_Entity, ...], *, han: bool) -> tuple[re.Pattern, dict[str, re.Pattern], dict]:
    """The regex of the aliases, surnames and not_within names, the context regexes, and the trie.

    ``han=False``: the names without Han characters, for text without them.
    ``han=True``: every name folded to simplified characters, except the
    one-character Han names, for the marked text of :func:`_han_text`;
    a name with full-width brackets also with ASCII ones.
    """
    trie: dict = {}

    def add(node: dict, name: str, exact: bool, end: str) -> None:
        if not han:
            if not has_han(name):
                _insert(node, _units(name, exact), end)
            return
        name = to_simplified(name)
        # One Han character is a name wherever it stands (_Matcher._han_matches),
        # but a context word like any other.
        if node is not trie or not _is_han_char(name):
            for form in dict.fromkeys([name, name.translate(_ASCII_BRACKETS)]):
                _insert(node, _units(form, exact), end)

    for e in entities:
        for alias in e.aliases:
            add(trie, alias, _is_acronym(alias), _END)
        for alias in e.exact:
            add(trie, alias, True, _END)
    for surname in _surnames(entities):
        add(trie, surname, True, _SURNAME_END)
    # A not_within name is matched like a case-insensitive alias, so the
    # longest match consumes it whole; the gated aliases stay in the trie and
    # only their target changes. Context words follow the aliases' case rules.
    contexts: dict[str, re.Pattern] = {}
    for e in entities:
        for name in e.not_within:
            add(trie, name, _is_acronym(name), _END)
        for alias, words in e.requires:
            context: dict = {}
            for word in words:
                add(context, word, _is_acronym(word), _END)
            contexts[_norm(alias)] = re.compile(_emit_top(context, han=han))
    return re.compile(_emit_top(trie, han=han)), contexts, trie


@lru_cache(maxsize=16)
def _han_rules(entities: tuple[_Entity, ...]) -> _HanRules:
    regex, contexts, _ = _compile(entities, han=True)
    names = [to_simplified(name) for e in entities for name in e.aliases + e.exact]
    others = [to_simplified(name) for e in entities for name in e.not_within]
    chars = sorted({name for name in names if _is_han_char(name)})
    # Only whole Han names go to jieba: a piece of a longer name (内蒙古包钢稀土 of
    # 内蒙古包钢稀土（集团）...) would glue words that the other names need apart.
    whole = frozenset(name for name in names if len(name) > 1 and HAN_RUN.fullmatch(name))
    words = sorted(whole | {name for name in others if len(name) > 1 and HAN_RUN.fullmatch(name)})
    context = [to_simplified(word) for e in entities for _, ws in e.requires for word in ws]
    surnames = [to_simplified(surname) for surname in _surnames(entities)]
    trie: dict = {}
    # A one-character name needs no cut; a one-character context word does.
    for name in [*(n for n in names if n not in chars), *others, *context, *surnames]:
        for piece in HAN_RUN.findall(name):
            _insert(trie, [frozenset(c) for c in piece], "")
    pieces = re.compile("(?=" + _class(frozenset().union(*trie)) + ")" + _emit(trie)[0] if trie else "(?!)")
    return _HanRules(
        regex, contexts, re.compile(_class(frozenset(chars))) if chars else None, tuple(words), whole, pieces
    )


@lru_cache(maxsize=8)
def _han_text(padded: str, rules: _HanRules) -> _HanText:
    """``padded`` folded to simplified characters, with a mark where each Han word starts and ends.

    The words are jieba's, with the lexicon's Han names as its user
    dictionary, and a compound that jieba keeps whole is split after a name
    that starts it or before a name that ends it when the rest is a word of
    two or more characters (美国 + 政府, 中共中央 + 政治局, 中国 + 内蒙古自治区).
    Only the runs of Han characters that hold a piece of a name are cut
    (cutting is most of the time): the others cannot start or end a name.
    Cached: :meth:`_Matcher.in_context` searches the same parts again.
    """
    folded = to_simplified(padded).replace(_MARK, _NOT_MARK)
    cuts: list[int] = []
    for run in HAN_RUN.finditer(folded):
        start = run.start()
        cuts.append(start)
        if rules.pieces.search(run.group()) is None:
            cuts.append(run.end())
            continue
        for word in cut_han(run.group(), words=rules.words):
            split = _compound_split(word, rules)
            if split:
                cuts.append(start + split)
            start += len(word)
            cuts.append(start)
    parts: list[str] = []
    last = 0
    for cut in cuts:
        parts += [folded[last:cut], _MARK]
        last = cut
    parts.append(folded[last:])
    return _HanText(folded, "".join(parts), tuple(cut + i for i, cut in enumerate(cuts)))


def _compound_split(word: str, rules: _HanRules) -> int:
    """Where to split ``word`` into a Han name and a word of two or more characters (0: nowhere)."""
    if len(word) < 4 or word in rules.names:
        return 0
    for cut in range(len(word) - 2, 1, -1):  # the longest name first
        if word[:cut] in rules.names and in_dictionary(word[cut:], words=rules.words):
            return cut
    for cut in range(2, len(word) - 1):
        if word[cut:] in rules.names and in_dictionary(word[:cut], words=rules.words):
            return cut
    return 0


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


def _emit_top(trie: dict, *, han: bool = False) -> str:
    """The whole regex: a non-word character, then (group 1) a class of first characters and the trie.

    A name starts where a word starts. Matching the character before it,
    rather than looking behind at every position, lets the regex engine
    skip from one non-word character to the next in its fast loop (about a
    quarter less time over a corpus); the class then rejects words that
    start no alias in one step, before any branch of the trie is tried.
    With ``han``, a word mark (see :func:`_han_text`) may stand between two
    characters of a name when one of them is Han.
    """
    if not trie:
        return r"\W((?!))"
    first = frozenset().union(*trie)
    return r"\W((?=" + _class(first) + ")" + _emit(trie, han=han)[0] + ")"


def _class(chars: frozenset[str]) -> str:
    # A class rather than re.IGNORECASE: the regex engine skips a failing
    # branch that starts with a class or literal without entering it.
    ordered = sorted(chars)
    if len(ordered) == 1:
        return re.escape(ordered[0])
    return "[" + "".join(re.escape(c) for c in ordered) + "]"


def _emit(node: dict, *, han: bool = False, after_han: bool | None = None) -> tuple[str, int]:
    """Regex for a trie node (its branches, deepest first, then its end) and its depth.

    ``after_han``: whether the node's own unit is a Han character (None at
    the root), for the word marks of ``han``.
    """
    children = []
    for unit, child in node.items():
        if unit != _LEAF:
            is_han = isinstance(unit, frozenset) and has_han("".join(unit))
            rest, depth = _emit(child, han=han, after_han=is_han)
            mark = _MARK + "?" if han and after_han is not None and (after_han or is_han) else ""
            children.append((-depth, mark + _unit_regex(unit) + rest))
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
