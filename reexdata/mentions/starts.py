"""Where a name may start in ASCII text: one Aho-Corasick automaton of the names' first words.

The regex of the aliases (:mod:`~reexdata.mentions.matcher`) is exact but
slow to move through a long text: it tries every non-word character. In
ASCII text, :meth:`_Starts.candidates` finds instead, with an Aho-Corasick
automaton (``ahocorasick_rs``, in Rust), each place where the first
three words of a name start (fewer if it has fewer, or a word and a
separator of more than one character), in the text folded to lower case
with every non-word character made a space (:data:`_FOLD`); the regex then runs only there.
Folded words ask less than the regex (any case, any non-word character
around them), so every place where the regex matches is a candidate, and
the matches are those of a scan with the regex alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate

import ahocorasick_rs

__all__: list[str] = []

# ASCII folded as the automaton reads it: upper case to lower, every
# non-word character (what \W matches) to a space. Each byte stays one byte,
# so offsets hold.
_FOLD = bytes(
    ord(c.lower()) if re.match(r"\w", c) else ord(" ") for c in map(chr, range(128))
) + bytes(range(128, 256))


def _fold_char(char: str) -> str:
    """``char`` (ASCII) as :data:`_FOLD` makes it."""
    return chr(_FOLD[ord(char)])


# Three words tell most names from the phrases that start like them (Rare
# Earth Exchanges, rare earth prices); more would find a start more often
# again, which costs more than the few failures they spare.
_DEPTH = 3


def _lead_words(trie: dict, *, leaf: str, sep: str, apos: str) -> list[str]:
    """The first :data:`_DEPTH` words of each name of ``trie`` as :class:`_Starts` looks for them: folded, between spaces.

    ``trie`` is the aliases' trie of :mod:`~reexdata.mentions.matcher`, whose
    units are sets of characters, and ``leaf``, ``sep`` and ``apos`` its
    other units: the end of a name, a separator and an apostrophe. A path of
    the trie is followed through its non-word units (a separator, an
    apostrophe or a character such as the full stop of U.S.) to the
    :data:`_DEPTH`-th, where a non-word character or the end of the text must
    follow. A separator is one non-word character of the text or more, so a
    path through one also ends there, with two spaces (`` baotou  ``: any
    longer separator). A character is folded by :func:`_fold_char` (any of
    its case variants); one with no ASCII variant ends the path (no ASCII
    text has that name). The words after the first spare the regex the places where
    only a first word stands (" rare " in "rare earth prices", " new ").
    """
    words: list[str] = []

    def walk(node: dict, word: str, left: int) -> None:
        for unit, child in node.items():
            if unit == leaf:
                words.append(word + " ")
            elif unit == sep:
                stop(child, word, left, longer=True)
            elif unit == apos:
                stop(child, word, left, longer=False)
            else:
                for char in {_fold_char(c) for c in unit if c.isascii()}:
                    if char == " ":
                        stop(child, word, left, longer=False)
                    else:
                        walk(child, word + char, left)

    def stop(child: dict, word: str, left: int, *, longer: bool) -> None:
        # A non-word character: the end of the last word looked for, or the
        # space after a word before it.
        if left == 1:
            words.append(word + " ")
            return
        if longer:
            words.append(word + "  ")
        walk(child, word + " ", left - 1)

    walk(trie, " ", _DEPTH)
    return words


class _Starts:
    """The automaton of the folded lead words (each a space, the words, a space; see :func:`_lead_words`).

    >>> _Starts([" rare ", " u "]).candidates(" U.S. rare-earth, Rarely")
    [0, 5]
    """

    def __init__(self, words: list[str]) -> None:
        self.words = tuple(sorted(set(words)))
        # A DFA: the quickest to move through a long text (about a tenth), at
        # a cost in memory and building time that is small for a few hundred words.
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            [w.encode("ascii") for w in self.words], implementation=ahocorasick_rs.Implementation.DFA
        ) if words else None

    def candidates(self, plain: str) -> list[int]:
        """The offsets in ``plain`` (ASCII) where lead words start, ascending (one may repeat).

        Each is the offset of the non-word character before the word, where
        the regex's match starts. The end of the text counts as a non-word
        character, where a name may end too.
        """
        if self._automaton is None:
            return []
        folded = plain.encode("ascii").translate(_FOLD)
        if not folded.endswith(b" "):
            folded += b" "
        # Overlapping: a name starts where the one before ends ("china " and
        # " rare" share a space). The automaton reports the matches by their
        # ends, nearly in the order of their starts (sorted at little cost);
        # a start found by two words ("baotou " and "baotou steel ") repeats,
        # which the search skips.
        starts = [start for _, start, _ in self._automaton.find_matches_as_indexes(folded, overlapping=True)]
        starts.sort()
        return starts

    def search(self, match: Callable, texts: list[tuple[str, str]]) -> list[list[tuple[int, str]]]:
        """``(offset, matched text)`` of each match of a regex in each text, left to right.

        ``texts`` are pairs of the text as written and as searched (``plain``,
        ASCII, the same length; see ``_Matcher._as_ascii``), and ``match`` the
        match method of a regex that matches a non-word character and then
        the name. The texts are joined by NUL, a non-word
        character that no name holds: no match spans two texts, and a name
        ends before a NUL as at the end of a text. The regex is tried at
        each candidate of the joined text, as the search of finditer would
        try it there: from the end of the previous match on.
        """
        if not texts:
            return []
        # Each text ends with a NUL, the last one too (the automaton's end of text).
        joined = "\0".join([*(plain for _, plain in texts), ""])
        limits = list(accumulate(len(plain) + 1 for _, plain in texts))
        results: list[list[tuple[int, str]]] = [[] for _ in texts]
        part, base, end = 0, 0, 0
        limit, into = limits[0], results[0]
        for start in self.candidates(joined):
            if start < end or (m := match(joined, start)) is None:
                continue
            end = m.end()
            while start >= limit:
                part += 1
                base, limit, into = limit, limits[part], results[part]
            # The name (group 1) starts after the non-word character at
            # ``start``. It is taken from the text as written only if it
            # has an apostrophe, the one character of a name that may have
            # a stand-in (a slice of the ASCII text is quicker).
            name = joined[start + 1:end]
            if "'" in name:
                name = texts[part][0][start + 1 - base:end - base]
            into.append((start - base, name))
        return results
