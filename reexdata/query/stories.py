"""Stories: syndicated copies, reprints and lightly edited versions of one article, grouped.

Each article's text (:func:`reexdata.text.article_text`, lower-cased) is cut
into word shingles (three consecutive words; words as in the query
language), hashed by polars (vectorised), sampled (the shingles whose hash
is divisible by 4, the same ones in every text, unless that leaves fewer
than 24), and summarised by a MinHash (datasketch, 64 permutations). A MinHash LSH index (datasketch) proposes
candidate pairs; a pair whose estimated Jaccard similarity of shingles
reaches ``threshold`` is joined, and the groups are the connected
components. A dropped paragraph out of eight, a new headline or a few
edited words keep a copy's similarity near 0.8; two different stories on
one subject share few three-word runs (about 0.1 on the generated corpus).
"""

from __future__ import annotations

import polars as pl
from datasketch import MinHash, MinHashLSH

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata.errors import check_range, check_type
from reexdata.text import _check_articles, _texts

__all__ = ["group_stories"]

_SHINGLE = 3
_NUM_PERM = 64
_SEED = 874
# Shingles sampled by hash (one in _SAMPLE), unless fewer than _MIN_SAMPLED are left.
_SAMPLE = 4
_MIN_SAMPLED = 24
# Articles shingled at once (bounds the exploded word table's memory).
_CHUNK = 5_000


def _identity(value: int) -> int:
    return value


def _shingles(texts: pl.Series) -> list[list[int]]:
    """Each text's sampled distinct 32-bit shingle hashes.

    A shingle is kept when its hash is divisible by ``_SAMPLE`` (the same
    shingles in every text, so the sample's Jaccard similarity estimates the
    whole one); a text with fewer than ``_MIN_SAMPLED`` kept shingles keeps
    them all, and a text shorter than a shingle is its words.
    """
    words = (
        texts.str.to_lowercase().str.extract_all(r"[\p{L}\p{N}]+").rename("word").to_frame()
        .with_row_index("doc").explode("word").drop_nulls("word")
        .select("doc", pl.col("word").hash(seed=_SEED).alias("h"))
    )
    # Shifting the whole column and checking the document is a window
    # without the cost of one (``over("doc")`` took five times longer).
    same_doc = pl.col("doc").shift(-(_SHINGLE - 1)) == pl.col("doc")
    shingle = pl.col("h").hash(1) ^ pl.col("h").shift(-1).hash(2) ^ pl.col("h").shift(-2).hash(3)
    shingled = words.select(
        "doc",
        pl.when(same_doc).then(shingle & 0xFFFFFFFF).alias("s"),
        (pl.len().over("doc") < _SHINGLE).alias("short"),
        (pl.col("h") & 0xFFFFFFFF).alias("h"),
    )
    shingled = shingled.select("doc", pl.when(pl.col("short")).then(pl.col("h")).otherwise(pl.col("s")).alias("s"))
    grouped = shingled.drop_nulls("s").group_by("doc").agg(pl.col("s").unique().sort())
    sampled = grouped.with_columns(pl.col("s").list.filter(pl.element() % _SAMPLE == 0).alias("kept"))
    chosen = pl.when(pl.col("kept").list.len() >= _MIN_SAMPLED).then(pl.col("kept")).otherwise(pl.col("s"))
    lists = pl.DataFrame({"doc": pl.arange(0, texts.len(), eager=True).cast(pl.UInt32)}).join(
        sampled.select("doc", chosen.alias("s")), on="doc", how="left"
    )
    return [s or [] for s in lists.get_column("s").to_list()]


def _minhashes(frame: pl.DataFrame, func: str) -> list[MinHash | None]:
    """Each article's signature; None for one without a word (it is no copy of anything).

    The articles' texts are joined a chunk at a time: the whole corpus's
    texts at once would be one more copy of every body in memory.
    """
    template = MinHash(num_perm=_NUM_PERM, seed=_SEED, hashfunc=_identity, scheme="affine32")
    out: list[MinHash | None] = []
    for start in range(0, frame.height, _CHUNK):
        texts = _texts(frame.slice(start, _CHUNK), func).get_column("text")
        for shingles in _shingles(texts):
            if not shingles:
                # Empty signatures are all alike (Jaccard 1): keep wordless texts apart.
                out.append(None)
                continue
            m = MinHash(num_perm=_NUM_PERM, seed=_SEED, hashfunc=_identity, permutations=template.permutations, scheme=template.scheme)
            m.update_batch(shingles)
            out.append(m)
    return out


def _components(ids: list[str], minhashes: list[MinHash | None], threshold: float) -> list[str]:
    """The smallest id of each article's group; an article without a signature is its own group."""
    lsh = MinHashLSH(threshold=threshold, num_perm=_NUM_PERM)
    for i, m in enumerate(minhashes):
        if m is not None:
            lsh.insert(i, m, check_duplication=False)
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, m in enumerate(minhashes):
        if m is None:
            continue
        for j in lsh.query(m):
            other = minhashes[j]
            if j > i and other is not None and m.jaccard(other) >= threshold:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    smallest: dict[int, str] = {}
    for i, article in enumerate(ids):
        r = root(i)
        smallest[r] = min(smallest.get(r, article), article)
    return [smallest[root(i)] for i in range(len(ids))]


def _story_ids(frame: pl.DataFrame, func: str, threshold: float = 0.5) -> pl.Series:
    """``story_id`` of each row: the table's own column when it has one, else grouped here."""
    if "story_id" in frame.columns:
        return frame.get_column("story_id").cast(pl.String)
    _check_articles(frame, func)
    ids = frame.get_column("article_id").cast(pl.String).to_list()
    return pl.Series("story_id", _components(ids, _minhashes(frame, func), threshold), dtype=pl.String)


def group_stories(articles: Frame, *, threshold: float = 0.5) -> Frame:
    """Group the articles that are copies or light edits of one story.

    Parameters
    ----------
    articles : pandas.DataFrame or polars.DataFrame
        An articles table (``article_id`` and ``body`` required; see
        :func:`reexdata.text.article_text`).
    threshold : float, default=0.5
        Least estimated Jaccard similarity of two articles' three-word
        shingles for them to be one story, in (0, 1].

    Returns
    -------
    stories : same type as ``articles``
        One row per article, in table order. Columns: ``article_id`` (str),
        ``story_id`` (str: the smallest ``article_id`` of its story, so the
        same articles give the same ids) and ``story_size`` (Int64: the
        articles in the story).

    Raises
    ------
    ParameterError
        When ``threshold`` is not a number in (0, 1] or ``articles`` is not
        an articles table.

    Examples
    --------
    >>> import polars as pl
    >>> import reexdata as rx
    >>> text = "Baogang signed a deal with the city of Baotou to build a magnet plant by next year. " * 3
    >>> articles = pl.DataFrame({
    ...     "article_id": ["b", "a", "c"],
    ...     "title": ["Baogang deal", "Baogang signs deal", "Coffee"],
    ...     "body": [text, text + "Officials welcomed it.", "Coffee prices rose sharply in Brazil on Monday as frost hit."],
    ... })
    >>> rx.group_stories(articles).rows()
    [('b', 'a', 2), ('a', 'a', 2), ('c', 'c', 1)]
    """
    frame, kind = _to_polars(articles, "group_stories", "articles")
    check_type("group_stories", "threshold", threshold, (int, float), "a number in (0, 1]")
    if not 0 < threshold <= 1:
        check_range("group_stories", "threshold", threshold, low=1e-9, high=1, label="in (0, 1]")
    stories = frame.select(pl.col("article_id").cast(pl.String)).with_columns(
        _story_ids(frame.drop("story_id", strict=False), "group_stories", threshold)
    )
    out = stories.with_columns(pl.len().over("story_id").cast(pl.Int64).alias("story_size"))
    return _like(out, kind)
