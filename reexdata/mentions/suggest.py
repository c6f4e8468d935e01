"""Frequent names the lexicon does not cover yet (see :func:`suggest_entities`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata.errors import check_range, check_type
from reexdata.mentions.lexicon import Entities, _Entity, _resolve_entities
from reexdata.mentions.matcher import _Matcher, _matcher
from reexdata.segment import HAN_RUN, _han_words, has_han, tag_han, to_simplified
from reexdata.text import _parts, _texts

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["suggest_entities"]

Frame = TypeVar("Frame", "pd.DataFrame", pl.DataFrame)

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
# jieba's tags of names: a person (nr, and its nrfg and nrt), a place (ns), an organisation (nt).
_HAN_NAME_TAGS = ("nr", "ns", "nt")
_CALENDAR = frozenset(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split()
)


def suggest_entities(articles: Frame, *, entities: Entities = None, top: int = 30) -> Frame:
    """Frequent capitalised names that no alias of the lexicon covers.

    Runs of capitalised words (``Party Secretary``, ``China Daily``; the
    connectors ``of``, ``for``, ``the``, ``de`` and ``&`` may join them) are collected from the
    highlights and body (titles are skipped: in title case every word looks
    like a name), after removing every alias match. A sentence-initial
    function word (``The``) is dropped, as is a lone sentence-initial word
    the corpus also writes in lowercase (``Officials``); month and day names
    never count.

    In Chinese text, which has no capitals, the names are the words jieba's
    part-of-speech tagger marks as a person (``nr``), a place (``ns``) or an
    organisation (``nt``), two characters or more, cut with the lexicon's
    Han names kept whole; a name an alias of the lexicon already is (its
    traditional form too) is left out, and names are shown as written.

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
    >>> chinese = pl.DataFrame({"article_id": ["z1"], "body": ["董事长王刚在江西考察。"]})
    >>> suggest_entities(chinese).rows()
    [('江西', 1, 1), ('王刚', 1, 1)]
    """
    func = "suggest_entities"
    check_type(func, "top", top, int, "an int")
    check_range(func, "top", top, low=1)
    frame, kind = _to_polars(articles, func, "articles")
    # Titles are written in title case, where every word looks like a name.
    texts = _texts(frame, func, with_head=False, joined=False)
    resolved = _resolve_entities(entities, func)
    matcher = _matcher(resolved)
    # The lexicon's Han names: kept whole when Chinese is cut, and never suggested.
    han_aliases = _han_words(_names(resolved))
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
        if has_han(text):
            for name in _han_names(text, han_aliases):
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


def _names(entities: tuple[_Entity, ...]) -> list[str]:
    """Every name, alias and exact form of the entities."""
    names: list[str] = []
    for entity in entities:
        names += [entity.name, *entity.aliases, *entity.exact]
    return names


def _han_names(text: str, aliases: tuple[str, ...]) -> list[str]:
    """The names (people, places, organisations) jieba tags in the Han runs of ``text``, as written."""
    covered = set(aliases)
    names = []
    for run in HAN_RUN.finditer(to_simplified(text)):
        start = run.start()
        for word, tag in tag_han(run.group(), words=aliases):
            if tag.startswith(_HAN_NAME_TAGS) and len(word) > 1 and word not in covered:
                names.append(text[start:start + len(word)])
            start += len(word)
    return names


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

