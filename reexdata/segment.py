"""Chinese words: Han text cut into words with jieba, the lexicons' names kept whole.

Chinese is written without spaces, so a regular expression's "word" in
Chinese text is a whole clause. Wherever reexdata counts or matches words
it first cuts each run of Han characters into words with jieba's dictionary
and a user dictionary made of the lexicons' Han names and terms, so that
北方稀土 or 白云鄂博 stay one word and 包钢稀土 is not 包钢 + 稀土. Text without
Han characters passes through unchanged.

The cutting is jieba's algorithm and dictionary as its Rust port runs them
(rjieba, a binding of jieba-rs): the same words as jieba's Python code,
about ten times faster, with its dictionary built in a tenth of the time.
Part-of-speech tags (:func:`tag_han`) stay with jieba's own tagger, whose
model of unknown names the port does not have.

Traditional characters are folded to simplified ones (OpenCC) before they
are cut or matched; what is shown stays as written.

- :func:`has_han`: does a text contain Han characters?
- :func:`lexicon_words`: the Han words of the theme and entity lexicons.
- :func:`to_simplified`: traditional folded to simplified, same length.
- :func:`cut_han`: the words of one run of Han characters.
- :func:`segment`: a text with its Han runs cut into space-separated words.
- :func:`han_word_spans`: where the Han words of a text start and end.
- :func:`in_dictionary`: is a Han word one of jieba's (or the user's) words?
- :func:`tag_han`: the words of a run of Han characters with jieba's
  part-of-speech tags (``nr`` a person, ``ns`` a place, ``nt`` an organisation).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "HAN_RUN",
    "has_han",
    "lexicon_words",
    "to_simplified",
    "cut_han",
    "segment",
    "han_word_spans",
    "in_dictionary",
    "tag_han",
]

# CJK unified ideographs (the basic block, extension A, extensions B-F) and
# the compatibility ideographs, as first and last code points.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
_HAN = "".join(f"{chr(first)}-{chr(last)}" for first, last in _HAN_RANGES)
#: A maximal run of Han characters.
HAN_RUN = re.compile(f"[{_HAN}]+")
_ANY_HAN = re.compile(f"[{_HAN}]")


def has_han(text: str) -> bool:
    """Return True when ``text`` contains a Han character.

    Examples
    --------
    >>> from reexdata.segment import has_han
    >>> has_han("包钢 Baogang"), has_han("Baogang")
    (True, False)
    """
    return _ANY_HAN.search(text) is not None


def lexicon_words(
    *, themes: str | Path | Mapping[str, Any] | None = None, entities: str | Path | Mapping[str, Any] | None = None
) -> tuple[str, ...]:
    """Return the Han words of a theme and an entity lexicon, for jieba's user dictionary.

    Each run of two or more Han characters in a theme term or an entity
    alias (traditional characters folded to simplified) is one word, so
    ``包钢（集团）公司`` gives 包钢, 集团 and 公司.

    Parameters
    ----------
    themes, entities : None, str, Path or mapping, default=None
        The lexicons as :func:`reexdata.load_themes` and
        :func:`reexdata.load_entities` take them; None is the shipped one.

    Returns
    -------
    tuple of str
        Sorted, without repeats.

    Examples
    --------
    >>> from reexdata.segment import lexicon_words
    >>> "北方稀土" in lexicon_words()
    True
    """
    from reexdata.lexicons import load_entities, load_themes

    texts: list[str] = [term for theme in load_themes(themes) for term in theme.terms]
    for spec in load_entities(entities).values():
        texts.extend(spec.get("aliases", ()))
        texts.extend(spec.get("exact", ()))
        texts.append(spec.get("name", ""))
    return _han_words(texts)


def _han_words(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({run for text in texts for run in HAN_RUN.findall(to_simplified(text)) if len(run) > 1}))


def to_simplified(text: str) -> str:
    """Return ``text`` with traditional Han characters folded to simplified ones.

    The result has the same length as ``text``, so offsets found in it hold
    in the original: where OpenCC converts a phrase to a different length,
    that text is converted character by character instead.

    Examples
    --------
    >>> from reexdata.segment import to_simplified
    >>> to_simplified("包鋼稀土 (Baogang)")
    '包钢稀土 (Baogang)'
    """
    if not has_han(text):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char_simplified(char) for char in text)


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_simplified(char: str) -> str:
    out = _converter().convert(char)
    return out if len(out) == 1 else char


def cut_han(run: str, *, words: tuple[str, ...] = ()) -> list[str]:
    """Return the words of a run of Han characters, as jieba cuts it.

    Parameters
    ----------
    run : str
        Han characters only (a match of :data:`HAN_RUN`), already folded
        with :func:`to_simplified`.
    words : tuple of str, default=()
        Words that must stay whole (see :func:`lexicon_words`); a longer one
        wins over a shorter one it contains.

    Returns
    -------
    list of str
        The words, in order; joined they give ``run`` back.

    Examples
    --------
    >>> from reexdata.segment import cut_han
    >>> cut_han("包钢稀土宣布", words=("包钢", "包钢稀土"))
    ['包钢稀土', '宣布']
    """
    return _tokenizer(words).cut(run, hmm=True)


# Shorter words first, each given the frequency that keeps it whole, so
# that a longer name containing a shorter one is tuned last and wins.
def _by_length(words: tuple[str, ...]) -> list[str]:
    return sorted(words, key=lambda w: (len(w), w))


@lru_cache(maxsize=8)
def _tokenizer(words: tuple[str, ...]) -> Any:
    """One rjieba tokenizer per user dictionary (jieba's dictionary, built in ~0.1 s)."""
    import rjieba

    tokenizer = rjieba.Jieba()
    for word in _by_length(words):
        tokenizer.add_word(word, tokenizer.suggest_freq(word), None)
    return tokenizer


@lru_cache(maxsize=8)
def _jieba_tokenizer(words: tuple[str, ...]) -> Any:
    """jieba's own tokenizer of ``words``, for its part-of-speech tagger (building one takes ~0.6 s)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in _by_length(words):
        tokenizer.add_word(word, freq=tokenizer.suggest_freq(word, tune=False))
    return tokenizer


def segment(text: str, *, words: tuple[str, ...] = ()) -> str:
    """Return ``text`` with each run of Han characters cut into words separated by spaces.

    Han text is folded to simplified characters first; text without Han
    characters is returned unchanged. Meant for counting words (the TF-IDF
    matrix, word counts), not for display.

    Parameters
    ----------
    text : str
    words : tuple of str, default=()
        Words that must stay whole (see :func:`lexicon_words`).

    Returns
    -------
    str

    Examples
    --------
    >>> from reexdata.segment import segment
    >>> segment("Baogang 包钢稀土宣布", words=("包钢稀土",))
    'Baogang  包钢稀土 宣布 '
    """
    if not has_han(text):
        return text
    return HAN_RUN.sub(lambda m: " " + " ".join(cut_han(m.group(), words=words)) + " ", to_simplified(text))


def han_word_spans(text: str, *, words: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the Han words of ``text``, in order.

    A match inside Han text counts as a word only when it starts and ends
    at these boundaries, so 中共 is not found inside 集中共享 (集中 + 共享).

    Parameters
    ----------
    text : str
    words : tuple of str, default=()
        Words that must stay whole (see :func:`lexicon_words`).

    Returns
    -------
    list of tuple of int
        Offsets into ``text`` (its length is kept by the folding).

    Examples
    --------
    >>> from reexdata.segment import han_word_spans
    >>> han_word_spans("他们集中共享", words=("中共",))
    [(0, 2), (2, 4), (4, 6)]
    """
    spans: list[tuple[int, int]] = []
    for match in HAN_RUN.finditer(to_simplified(text)):
        start = match.start()
        for word in cut_han(match.group(), words=words):
            spans.append((start, start + len(word)))
            start += len(word)
    return spans


def in_dictionary(word: str, *, words: tuple[str, ...] = ()) -> bool:
    """Return True when ``word`` is a word of jieba's dictionary or of ``words``.

    Parameters
    ----------
    word : str
        Han characters, folded with :func:`to_simplified`.
    words : tuple of str, default=()
        The user dictionary (see :func:`lexicon_words`).

    Examples
    --------
    >>> from reexdata.segment import in_dictionary
    >>> in_dictionary("政府"), in_dictionary("府政"), in_dictionary("白云鄂博", words=("白云鄂博",))
    (True, False, True)
    """
    return bool(_tokenizer(words).has_word(word))


def tag_han(run: str, *, words: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Return the words of a run of Han characters with their part-of-speech tags.

    jieba's tags (ICTCLAS): ``nr`` a person's name, ``ns`` a place, ``nt`` an
    organisation, ``n`` a noun, ``v`` a verb... A word of ``words`` that
    jieba's dictionary does not know is tagged ``x``.

    Parameters
    ----------
    run : str
        Han characters, already folded with :func:`to_simplified`.
    words : tuple of str, default=()
        Words that must stay whole (see :func:`lexicon_words`).

    Returns
    -------
    list of (str, str)
        ``(word, tag)`` in order; the words joined give ``run`` back.

    Examples
    --------
    >>> from reexdata.segment import tag_han
    >>> tag_han("王刚在江西")
    [('王刚', 'nr'), ('在', 'p'), ('江西', 'ns')]
    """
    return [(pair.word, pair.flag) for pair in _tagger(words).cut(run, HMM=True)]


@lru_cache(maxsize=8)
def _tagger(words: tuple[str, ...]) -> Any:
    """jieba's part-of-speech tagger on the tokenizer of ``words``."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba_tokenizer(words))
