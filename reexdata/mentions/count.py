"""Counting mentions: scanning each article's parts, in worker processes for a large corpus, with the mentions cache."""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from reexdata import _cache
from reexdata._frames import _like, _to_polars
from reexdata._parallel import _make_pool, _ordered_map
from reexdata.errors import param_error
from reexdata.fingerprint import code_fingerprint
from reexdata.mentions.lexicon import Entities, _Entity, _resolve_entities
from reexdata.mentions.matcher import _NOT_WITHIN, _Gated, _Matcher, _matcher, _pad
from reexdata.schema import cast_table
from reexdata.text import _parts, _texts

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["count_mentions"]

Frame = TypeVar("Frame", "pd.DataFrame", pl.DataFrame)

def _scan(parts: list[tuple[str, int]], padded_parts: list[str], part_matches: list[list[tuple[int, str]] | None],
          matcher: _Matcher, forms: dict[str, Any]) -> dict[str, list[int]]:
    """``{entity: [mentions, first_offset]}`` for one article, context and surname rules applied.

    ``padded_parts`` are the ``parts`` padded by :func:`_pad`, and
    ``part_matches`` their matches (:meth:`_Matcher.ascii_matches`), None
    for a part to search here.
    """
    found: dict[str, list[int]] = {}
    lone: list[tuple[int, tuple[str, ...]]] = []
    gated: list[tuple[int, _Gated]] = []
    for padded, matches, (text, base) in zip(padded_parts, part_matches, parts):
        if not text:
            continue
        if matches is None:
            matches = matcher.padded_matches(padded)
        for start, raw in matches:
            target = forms.get(raw)
            if target is None:
                target = forms[raw] = matcher.target(raw)
            # An entity id, the most common target, is tested first.
            if target.__class__ is str and target is not _NOT_WITHIN:
                hit = found.get(target)
                if hit is None:
                    found[target] = [1, base + start]
                else:
                    hit[0] += 1
            elif isinstance(target, tuple):
                lone.append((base + start, target))
            elif isinstance(target, _Gated):
                gated.append((base + start, target))
    if gated:
        _add_in_context(found, gated, padded_parts, matcher)
    for start, people in lone:
        named = [p for p in people if p in found]
        if len(named) == 1:
            hit = found[named[0]]
            hit[0] += 1
            hit[1] = min(hit[1], start)
    return found


def _add_in_context(found: dict[str, list[int]], gated: list[tuple[int, _Gated]], padded_texts: list[str],
                    matcher: _Matcher) -> None:
    """Count the gated matches whose entity is named without context words, or whose context is in the article."""
    named = set(found)
    verdicts: dict[str, bool] = {}
    for start, target in gated:
        ok = verdicts.get(target.alias)
        if ok is None:
            ok = verdicts[target.alias] = target.entity in named or matcher.in_padded_context(target.alias, padded_texts)
        if not ok:
            continue
        hit = found.get(target.entity)
        if hit is None:
            found[target.entity] = [1, start]
        else:
            hit[0] += 1
            hit[1] = min(hit[1], start)


# Corpora of at least two chunks (_POOL_FROM articles) are scanned by worker
# processes.
_CHUNK = 2000
_POOL_FROM = 2 * _CHUNK


def _count_beside(
    articles: pl.DataFrame, *, cache_dir: Path | None = None, entities: Entities = None
) -> pl.DataFrame:
    """:func:`count_mentions` (shipped lexicon unless ``entities``) in one worker process.

    For the build, which runs it beside stages that keep this process busy:
    one worker uses the other core without competing with them. (Fewer than
    _POOL_FROM articles to scan are scanned in this process.) With a
    ``cache_dir``, articles whose text was scanned before with the same
    lexicon and code take their rows from the cache there, and only the
    others are scanned.
    """
    texts = _texts(articles, "count_mentions", joined=False)
    resolved = _resolve_entities(entities, "count_mentions")
    if cache_dir is None:
        return _count(texts, resolved, processes=1)
    return _count_cached(texts, resolved, Path(cache_dir))


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
# Version 2: Han names matched at jieba's word boundaries.
_CACHE_VERSION = 2
_CACHE_SCHEMA = {"key": pl.String, "entity": pl.String, "mentions": pl.Int64, "first_offset": pl.Int64}
# The code whose edit changes what a scan finds: no cache outlives it, nor
# a new version of the word segmenter, of its dictionary's folding or of
# the automaton that finds where names start.
_MATCHING_CODE = ("mentions/", "text.py", "segment.py")
_MATCHING_PACKAGES = ("rjieba", "opencc", "ahocorasick-rs")


def _text_keys(texts: pl.DataFrame) -> list[str]:
    """SHA-256 of each article's searched parts (head, highlights, body)."""
    keys = []
    for head, highlights, body in texts.select("head", "highlights", "body").iter_rows():
        text = "\0".join([head, "\x1f".join(highlights), body])
        keys.append(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return keys


def _lexicon_key(entities: tuple[_Entity, ...]) -> str:
    """A hash of the lexicon and of the matching code: a cache outlives neither."""
    versions = [_package_version(name) for name in _MATCHING_PACKAGES]
    return _cache.cache_key(repr(entities), code_fingerprint(*_MATCHING_CODE), *versions)


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _read_cache(path: Path) -> pl.DataFrame:
    frame = _cache.read_parquet(path, _CACHE_SCHEMA, "mentions cache")
    return frame if frame is not None else pl.DataFrame(schema=_CACHE_SCHEMA)


def _write_cache(path: Path, frame: pl.DataFrame) -> None:
    # Caches of another lexicon or code version are never read again.
    _cache.write_cache(path, lambda tmp: frame.write_parquet(tmp, compression="snappy"),
                       what="mentions cache", family=f"{_CACHE_PREFIX}*.parquet")


def _count(texts: pl.DataFrame, entities: tuple[_Entity, ...], *, processes: int | None = None) -> pl.DataFrame:
    searched = texts.select("article_id", "head", "highlights", "body")
    chunks = (
        (searched.slice(start, _CHUNK).rows(), entities)
        for start in range(0, texts.height, _CHUNK)
    )
    pool = None
    if texts.height >= _POOL_FROM:
        # Compiled before the workers fork, they inherit it instead of each compiling it (0.1 s).
        _matcher(entities)
        pool = _make_pool(processes)
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
    """Mentions in rows of ``(article_id, head, highlights, body)``: four columns as lists.

    The scan makes a few hundred thousand small objects (a tuple per match)
    and no reference cycles, so the cyclic garbage collector, which they
    would set off again and again to go through every object of the
    process, is paused meanwhile (a sixth of the scan's time).
    """
    with _collector_paused():
        return _scan_rows(*job)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the block; what is freed by reference counts still is."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _scan_rows(rows: list[tuple], entities: tuple[_Entity, ...]) -> tuple[list, list, list, list]:
    """:func:`_count_rows` with the collector as it is."""
    matcher = _matcher(entities)
    forms: dict[str, Any] = {}
    ids: list[str] = []
    ents: list[str] = []
    counts: list[int] = []
    firsts: list[int] = []
    articles = [(article_id, _parts(head, highlights, body)) for article_id, head, highlights, body in rows]
    padded = [[_pad(text) for text, _ in parts] for _, parts in articles]
    # The parts of all the rows are searched at once (see ascii_matches).
    flat = matcher.ascii_matches([text for texts in padded for text in texts])
    at = 0
    for (article_id, parts), padded_parts in zip(articles, padded):
        part_matches = flat[at:at + len(parts)]
        at += len(parts)
        for ent, (n, first) in _scan(parts, padded_parts, part_matches, matcher, forms).items():
            ids.append(article_id)
            ents.append(ent)
            counts.append(n)
            firsts.append(first)
    return ids, ents, counts, firsts


def count_mentions(articles: Frame, *, entities: Entities = None) -> Frame:
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
    matching rules. An alias the lexicon gives context words
    (``requires``) counts only in an article that has one of them in any
    part, or an alias of the same entity without such words; a
    ``not_within`` name counts for no one and hides the alias inside it
    (see the header of ``entities.toml``). A part with Han characters is
    cut into words with jieba first, and a Han name counts only as whole
    words (see the module docstring); other text is matched as before.

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
    ...     "body": ["Meng Fanying spoke. Meng said Baogang's rare earth plans are on track."],
    ... })
    >>> count_mentions(articles).rows()
    [('a1', 'baogang', 3, 0), ('a1', 'csre', 1, 42), ('a1', 'meng_fanying', 2, 50)]

    Chinese names are whole words, the longest first (包钢稀土 is Northern
    Rare Earth's former name, not Baogang):

    >>> chinese = pl.DataFrame({"article_id": ["z1"], "body": ["由包钢稀土生产，不是包钢集团。"]})
    >>> count_mentions(chinese).rows()
    [('z1', 'baogang', 1, 14), ('z1', 'northern_rare_earth', 1, 5)]
    """
    func = "count_mentions"
    frame, kind = _to_polars(articles, func, "articles")
    ents = _resolve_entities(entities, func)
    return _like(_count(_texts(frame, func, joined=False), ents), kind)


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

