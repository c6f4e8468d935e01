"""Han query words matched as words: jieba's word boundaries checked on the candidates.

The vectorised scan (:mod:`reexdata.query.match`) finds a Han query word as
a substring, each of its characters written as the class of the characters
that fold to it (``钢``: ``[钢鋼]``, :func:`_variants`), so that the texts are
never scanned for Han nor folded unless a query holds Han: an English table
pays nothing. The rows it finds are then checked here, in Python, on their
searched parts folded to simplified characters
(:func:`reexdata.segment.to_simplified`, which keeps offsets): a term that
starts (ends) with a Han character matches only where a word starts
(ends) in jieba's segmentation of that Han run, with the shipped lexicons'
words as user dictionary (:func:`reexdata.segment.lexicon_words`); the
dictionary words inside a longer word count too, as in a search engine's
index (jieba's search mode: 包钢 is found in 包钢集团 and 包钢稀土, 中共 in
中共中央, never across two words as in 集中|共享). A Han run is cut alone (as
:func:`reexdata.segment.han_word_spans` cuts a text), so only the runs that
hold a candidate are cut, each once (cached).

A traditional character that OpenCC folds differently inside a phrase than
alone is found through its folding alone.
"""

from __future__ import annotations

import functools
import re

from reexdata.segment import _HAN_RANGES, HAN_RUN, _converter, cut_han, in_dictionary, lexicon_words, to_simplified

__all__: list[str] = []


@functools.cache
def _variants() -> dict[str, str]:
    """Each simplified Han character mapped to the other characters that fold to it alone (``钢``: ``鋼``)."""
    chars = [chr(i) for first, last in _HAN_RANGES for i in range(first, last + 1)]
    # One conversion of every character, each on its own line (0.05 s).
    folded = _converter().convert("\n".join(chars)).split("\n")
    if len(folded) != len(chars):  # pragma: no cover - an OpenCC that joins lines
        folded = [to_simplified(c) for c in chars]
    out: dict[str, list[str]] = {}
    for char, simple in zip(chars, folded):
        if len(simple) == 1 and simple != char:
            out.setdefault(simple, []).append(char)
    return {simple: "".join(chars) for simple, chars in out.items()}


def _han_class(char: str) -> str:
    """A folded Han character as a regex piece matching every character that folds to it."""
    others = _variants().get(char, "")
    return re.escape(char) if not others else "[" + re.escape(char) + "".join(re.escape(c) for c in others) + "]"


@functools.cache
def _words() -> tuple[str, ...]:
    """The shipped lexicons' Han words (jieba's user dictionary); reading the lexicons takes half a second."""
    return lexicon_words()


@functools.lru_cache(maxsize=65536)
def _edges(run: str) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """Offsets inside ``run`` (a Han run, folded): where a word may start, where one may end, and jieba's cuts.

    The words are jieba's, and, as a search engine indexes Chinese (jieba's
    search mode), the dictionary words inside a longer one: 包钢 inside
    包钢集团 or 包钢稀土, 中共 inside 中共中央. No word spans a cut, so 中共
    is never found across 集中|共享.
    """
    words = _words()
    starts, ends, cuts, at = set(), set(), set(), 0
    for word in cut_han(run, words=words):
        starts.add(at)
        for i in range(len(word) - 1):
            for j in range(i + 2, len(word) + (i > 0)):
                if in_dictionary(word[i:j], words=words):
                    starts.add(at + i)
                    ends.add(at + j)
        at += len(word)
        ends.add(at)
        cuts.add(at)
    return frozenset(starts), frozenset(ends), frozenset(cuts)


def _han_at(text: str, i: int) -> bool:
    return HAN_RUN.match(text, i, i + 1) is not None


def _run(text: str, pos: int) -> tuple[int, int] | None:
    """The Han run of ``text`` that ``pos`` falls strictly inside, as (start, end); None at a run's edge or outside Han."""
    if pos <= 0 or pos >= len(text) or not (_han_at(text, pos - 1) and _han_at(text, pos)):
        return None
    start, end = pos - 1, pos + 1
    while start > 0 and _han_at(text, start - 1):
        start -= 1
    while end < len(text) and _han_at(text, end):
        end += 1
    return start, end


def _is_edge(text: str, pos: int, side: int) -> bool:
    """True when a word may start (``side`` 0) or end (1) at ``pos`` of ``text`` (folded): outside Han, a run's edge, or a word's edge."""
    run = _run(text, pos)
    return run is None or pos - run[0] in _edges(text[run[0]:run[1]])[side]


def _next_boundary(text: str, pos: int) -> int:
    """The first cut at or after ``pos``: the end of the jieba word ``pos`` falls in."""
    run = _run(text, pos)
    if run is None:
        return pos
    return run[0] + min(c for c in _edges(text[run[0]:run[1]])[2] if c >= pos - run[0])


def _han_hits(text: str, pattern: re.Pattern[str], edges: tuple[bool, bool, bool]) -> list[tuple[int, int]]:
    """The (start, end) of the term's hits in ``text`` (folded), left to right, without overlap.

    ``pattern`` finds the term's text (its Latin edges checked by
    look-around); ``edges``: whether its start must be a word boundary,
    whether its end must be one, and whether its end runs on to the end of
    the Han word it falls in (a Han prefix, ``稀土*``).
    """
    check_start, check_end, extend = edges
    hits, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        start, end = m.span()
        if (not check_start or _is_edge(text, start, 0)) and (not check_end or _is_edge(text, end, 1)):
            end = _next_boundary(text, end) if extend else end
            hits.append((start, end))
            pos = max(end, start + 1)
        else:
            pos = start + 1
    return hits


@functools.lru_cache(maxsize=1024)
def _count(text: str, pattern: re.Pattern[str], edges: tuple[bool, bool, bool]) -> int:
    """The term's hits in ``text`` (a lower-cased part, folded here); cached, since search counts the rows it has just checked."""
    return len(_han_hits(to_simplified(text), pattern, edges)) if text else 0
