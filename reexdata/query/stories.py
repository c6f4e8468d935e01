"""Stories: syndicated copies, reprints and lightly edited versions of one article, grouped.

Each article's text (:func:`reexdata.text.article_text`, lower-cased) is cut
into word shingles (three consecutive words; words as in the query
language). Each word is hashed by xxh3 (polars-hash), a shingle's hash
combines its words' in numpy, and the shingles are sampled (those whose
hash is below 2**30, the same ones in every text, unless that leaves fewer
than 24, when a text keeps them all) and summarised by a MinHash
(datasketch's affine32 MinHash, 64 permutations, its values computed for a
chunk of articles at once in numpy); a text that keeps all its shingles
also gets the MinHash of its sample alone, on which it is compared with a
text that keeps a sample (its whole set against the other's sample would
put two copies' similarity near a quarter). MinHash LSH proposes candidate
pairs: the articles that share a band of datasketch's index for
``threshold`` (its bands, found for all the articles at once by grouping
equal bands in polars); a pair whose estimated Jaccard similarity of
shingles reaches ``threshold`` is joined, and the groups are the connected
components. A dropped paragraph out of eight, a
new headline or a few edited words keep a copy's similarity near 0.8; two
different stories on one subject share few three-word runs (about 0.1 on
the generated corpus).

xxh3 is a fixed algorithm, so the same articles get the same story ids in
every polars version (polars' own ``Expr.hash``, used before, made no such
promise).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import polars_hash as plh
from datasketch import MinHash, MinHashLSH
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata.errors import check_range, check_type
from reexdata.text import _check_articles, _text_series

__all__ = ["group_stories"]

# A word: as in the query language.
_WORD = r"[\p{L}\p{N}]+"
# Words in a shingle (:func:`_shingle_hashes` combines three).
_SHINGLE = 3
# Odd (2**32 over the golden ratio): combines a shingle's word hashes.
_MULTIPLIER = np.uint32(0x9E3779B1)
_NUM_PERM = 64
_SEED = 874
# Shingles sampled by hash (one in _SAMPLE), unless fewer than _MIN_SAMPLED are left.
_SAMPLE = 4
_MIN_SAMPLED = 24
# Articles shingled at once: bounds the exploded word table's memory (1,000 was also
# the fastest of 500 to 5,000 at 10k articles).
_CHUNK = 1_000
# Candidate pairs compared at once (bounds the compared rows' memory).
_PAIRS = 100_000
# datasketch's affine32 permutations for this seed: the ``a`` (odd) and ``b`` of ``a * h + b``.
_PERMUTATIONS = MinHash(num_perm=_NUM_PERM, seed=_SEED, scheme="affine32").permutations


def _word_hashes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each text's number of words, and the 32-bit hash of every word (lower-cased), the texts' words in order.

    The hash is xxh3 (polars-hash, seeded, its low 32 bits): the same value
    in every polars version, unlike ``Expr.hash``.
    """
    words = texts.str.to_lowercase().str.extract_all(_WORD)
    counts = words.list.len().fill_null(0).to_numpy().astype(np.int64)
    flat = words.explode(empty_as_null=False, keep_nulls=False).rename("word").to_frame()
    hashes = flat.select(plh.col("word").nchash.xxh3_64(seed=_SEED)).to_series().to_numpy()
    return counts, hashes.astype(np.uint32)


def _shingle_hashes(words: np.ndarray) -> np.ndarray:
    """The hash of the three words starting at each word but the last two.

    The word hashes ``h1, h2, h3`` are combined as ``(h1 * M + h2) * M + h3``
    modulo 2**32 (``M`` odd: two different shingles differ by a random
    multiple of an odd number) and mixed by MurmurHash3's finalizer: without
    the mix, datasketch's affine permutations of these related values
    overestimated the similarity of different generated articles.
    """
    hashes = words[:-2] * _MULTIPLIER
    hashes += words[1:-1]
    hashes *= _MULTIPLIER
    hashes += words[2:]
    return _fmix32(hashes)


def _sampled(hashes: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (document, hash) rows of the shingles below 2**32 / ``_SAMPLE``, documents ending at word ``ends``."""
    kept = hashes < np.uint32(2**32 // _SAMPLE)
    # A shingle starting at one of a text's last two words would run into the next text.
    across = np.concatenate([ends - 1, ends - 2])
    kept[across[(across >= 0) & (across < len(kept))]] = False
    positions = np.flatnonzero(kept)
    docs = np.repeat(np.arange(len(ends)), np.diff(np.searchsorted(positions, ends), prepend=0))
    return docs, hashes[positions]


def _unique(docs: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (document, hash) rows, sorted."""
    # numpy's sort of one 64-bit key took a third of the time of polars' unique.
    keys = np.sort((docs.astype(np.uint64) << np.uint64(32)) | hashes)
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    return (keys >> np.uint64(32)).astype(np.int64), keys.astype(np.uint32)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The positions ``starts[k] .. ends[k] - 1`` for every k, one after another."""
    lengths = ends - starts
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())


def _shingles(texts: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each text's kept 32-bit shingle hashes, as (document, hash) rows, a document's together; which texts keep few; their sampled rows.

    A shingle (:func:`_shingle_hashes`) is kept when its hash is below
    2**32 / ``_SAMPLE`` (the same shingles in every text, so the sample's
    Jaccard similarity estimates the whole one); a text with fewer than
    ``_MIN_SAMPLED`` distinct kept shingles keeps them all, and a text
    shorter than a shingle is its words. A text without a word has no row.
    A document's rows may repeat a hash when it keeps all its shingles (its
    minimum is the same). The texts that keep all are returned as a mask,
    with their sampled rows, for :func:`_components` to compare them with
    the texts that keep a sample.
    """
    counts, words = _word_hashes(texts)
    ends = np.cumsum(counts)
    starts = ends - counts
    hashes = _shingle_hashes(words)
    docs, sampled = _unique(*_sampled(hashes, ends))
    few = (np.bincount(docs, minlength=len(counts)) < _MIN_SAMPLED) & (counts > 0)
    many = ~few[docs]
    # The few: every shingle of a text of three words or more, every word of a shorter one.
    whole = np.flatnonzero(few & (counts >= _SHINGLE))
    short = np.flatnonzero(few & (counts < _SHINGLE))
    return (
        np.concatenate([docs[many], np.repeat(whole, counts[whole] - (_SHINGLE - 1)), np.repeat(short, counts[short])]),
        np.concatenate([
            sampled[many],
            hashes[_ranges(starts[whole], ends[whole] - (_SHINGLE - 1))],
            words[_ranges(starts[short], ends[short])],
        ]),
        few,
        docs[~many],
        sampled[~many],
    )


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each input hash first."""
    # In place on one copy: a new array per step cost a third more at 7 million shingles.
    h = h.copy()
    shifted = np.empty_like(h)
    for shift, factor in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):
        np.right_shift(h, np.uint32(shift), out=shifted)
        np.bitwise_xor(h, shifted, out=h)
        np.multiply(h, np.uint32(factor), out=h)
    np.right_shift(h, np.uint32(16), out=shifted)
    return np.bitwise_xor(h, shifted, out=h)


def _signatures(docs: np.ndarray, hashes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash of each of ``n`` documents from its (document, hash) rows, and which have one.

    The same values as datasketch's ``MinHash(num_perm=_NUM_PERM,
    seed=_SEED, scheme="affine32")`` updated with the hashes (its
    permutations, its MurmurHash3 pre-mix, ``a * h + b`` modulo 2**32), but
    a permutation at a time over the whole chunk and minimised per document
    with ``reduceat``, without a Python object or list per article.
    """
    a, b = _PERMUTATIONS
    signatures = np.full((n, _NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    present = np.zeros(n, dtype=bool)
    if not len(docs):
        return signatures, present
    # Each document's rows are contiguous (not sorted): its first row starts a segment.
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    rows = docs[starts]
    present[rows] = True
    mixed = _fmix32(hashes.astype(np.uint32))
    permuted = np.empty_like(mixed)
    for k in range(_NUM_PERM):
        np.multiply(mixed, a[k], out=permuted)
        np.add(permuted, b[k], out=permuted)
        signatures[rows, k] = np.minimum.reduceat(permuted, starts)
    return signatures, present


def _minhashes(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each article's two signatures (rows of uint32s), whether it has each, and whether it keeps few shingles.

    The first signature is of the shingles the article keeps (all of them
    when it has fewer than ``_MIN_SAMPLED`` sampled ones), the second of its
    sampled shingles alone (the same as the first for an article with
    many). An article without a word has neither. The articles' texts are
    joined a chunk at a time: the whole corpus's texts at once would be one
    more copy of every body in memory.
    """
    kept = np.empty((frame.height, _NUM_PERM), dtype=np.uint32)
    has_kept = np.zeros(frame.height, dtype=bool)
    few = np.zeros(frame.height, dtype=bool)
    sampled = np.empty_like(kept)
    has_sampled = np.zeros(frame.height, dtype=bool)
    for start in range(0, frame.height, _CHUNK):
        texts = _text_series(frame.slice(start, _CHUNK))
        docs, hashes, few_part, few_docs, few_hashes = _shingles(texts)
        part = slice(start, start + texts.len())
        kept[part], has_kept[part] = _signatures(docs, hashes, texts.len())
        few[part] = few_part
        alone, has_alone = _signatures(few_docs, few_hashes, texts.len())
        sampled[part] = np.where(few_part[:, None], alone, kept[part])
        has_sampled[part] = np.where(few_part, has_alone, has_kept[part])
    return kept, has_kept, sampled, has_sampled, few


def _candidates(signatures: np.ndarray, present: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs ``(i, j)``, ``i < j``, that share a band of datasketch's LSH index for ``threshold``.

    datasketch's ``MinHashLSH`` chooses the bands (``b`` bands of ``r``
    values for ``threshold`` and ``_NUM_PERM``) and keys a bucket by a
    band's values, so two articles share a bucket when one band of their
    signatures is equal. The buckets are found here by grouping all the
    articles' bands at once in polars: the same pairs as querying and
    filling the index one article at a time (a test holds them equal),
    which cost a Python call per article and band (0.6 s of 1.6 s at 10k
    articles).
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=_NUM_PERM)
    rows = np.flatnonzero(present)
    # One row per (article, band): the band's number and its r values.
    bands = np.ascontiguousarray(signatures[rows, : lsh.b * lsh.r]).reshape(len(rows) * lsh.b, lsh.r)
    values = [f"v{k}" for k in range(lsh.r)]
    frame = pl.DataFrame(
        {"band": np.tile(np.arange(lsh.b, dtype=np.int16), len(rows)), "row": np.repeat(rows, lsh.b)}
        | dict(zip(values, bands.T))
    )
    buckets = (
        frame.group_by("band", *values).agg("row")
        .filter(pl.col("row").list.len() > 1)
        .select(pl.int_range(pl.len()).alias("bucket"), "row").explode("row")
    )
    pairs = buckets.join(buckets, on="bucket").filter(pl.col("row") < pl.col("row_right"))
    n = len(present)
    codes = np.unique(pairs.get_column("row").to_numpy() * n + pairs.get_column("row_right").to_numpy())
    return codes // n, codes % n


def _components(
    ids: list[str],
    kept: np.ndarray,
    has_kept: np.ndarray,
    sampled: np.ndarray,
    has_sampled: np.ndarray,
    few: np.ndarray,
    threshold: float,
) -> list[str]:
    """The smallest id of each article's group; an article without a signature is its own group.

    Two articles that both keep all their shingles, or both a sample, are
    compared on the signatures of what they keep; an article that keeps all
    and one that keeps a sample are compared on both samples (the whole of
    one against the sample of the other would put the similarity of two
    copies near a quarter). The candidates are the pairs of both indexes.
    """
    n = len(ids)
    left, right = _candidates(kept, has_kept, threshold)
    codes = left * n + right
    if few.any():
        more_left, more_right = _candidates(sampled, has_sampled, threshold)
        codes = np.union1d(codes, more_left * n + more_right)
    left, right = codes // n, codes % n
    joined = np.zeros(len(left), dtype=bool)
    for start in range(0, len(left), _PAIRS):
        part = slice(start, start + _PAIRS)
        mixed = (few[left[part]] != few[right[part]])[:, None]
        equal = np.where(mixed, sampled[left[part]] == sampled[right[part]], kept[left[part]] == kept[right[part]])
        # As datasketch's MinHash.jaccard: the share of equal values.
        joined[part] = np.count_nonzero(equal, axis=1) / float(_NUM_PERM) >= threshold
    graph = coo_matrix((np.ones(int(joined.sum())), (left[joined], right[joined])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    smallest = pl.DataFrame({"id": ids, "group": labels}, schema={"id": pl.String, "group": pl.Int64})
    return smallest.select(pl.col("id").min().over("group")).get_column("id").to_list()


def _story_ids(frame: pl.DataFrame, func: str, threshold: float = 0.5) -> pl.Series:
    """``story_id`` of each row: the table's own column when it has one, else grouped here."""
    if "story_id" in frame.columns:
        return frame.get_column("story_id").cast(pl.String)
    _check_articles(frame, func)
    ids = frame.get_column("article_id").cast(pl.String).to_list()
    return pl.Series("story_id", _components(ids, *_minhashes(frame), threshold), dtype=pl.String)


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
