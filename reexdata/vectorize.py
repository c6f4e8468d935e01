"""The shared TF-IDF document matrix of a corpus.

The build computes the matrix once with :func:`vectorize` and passes it to
both :func:`reexdata.score_themes` and :func:`reexdata.cluster_articles`, so
that the corpus is tokenised and weighted a single time.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from reexdata._frames import _to_polars
from reexdata.errors import check_range, check_type, param_error
from reexdata.segment import HAN_RUN, _han_words, cut_han, has_han, lexicon_words, segment, to_simplified
from reexdata.text import _text_series

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DocumentMatrix", "vectorize"]

# Corpora at least this large drop terms seen in one article only and terms
# in more than ``max_df`` of the articles; smaller corpora keep every term,
# because on a handful of articles a rare word is often the telling one.
_LARGE_CORPUS = 50
# A token of the vectorizer's analyzer (used to embed new text, such as seed
# terms); the corpus itself is tokenised in polars with the same rule.
_TOKEN_PATTERN = r"(?u)\b[^\W\d_]\w+\b"
# Articles tokenised at a time, and the slices of each chunk that polars
# tokenises in parallel.
_CHUNK = 5000
_SLICES = 4
# A token (a run of word characters) that is a word: a letter, then at least
# one more word character (the [^\W\d_]\w+ of _TOKEN_PATTERN).
_WORD_START = r"^[^\W\d_]\w"
# Any Han character (the character class of reexdata.segment.HAN_RUN), for polars.
_HAN_CLASS = HAN_RUN.pattern.rstrip("+")


@dataclass(frozen=True)
class DocumentMatrix:
    """A TF-IDF matrix with one L2-normalised row per article.

    Attributes
    ----------
    article_ids : list of str
        The articles, in the order of the rows (the order of the input frame).
    X : scipy.sparse.csr_matrix of shape (n_articles, n_terms)
        Sublinear TF-IDF weights; every non-empty row has unit L2 norm.
    vectorizer : sklearn.feature_extraction.text.TfidfVectorizer
        The fitted vectorizer; ``vectorizer.transform`` maps new text into
        the same space (used to embed lexicon seed terms).
    terms : numpy.ndarray of str
        The feature names, ``terms[j]`` naming column ``j`` of ``X``.
    """

    article_ids: list[str]
    X: Any
    vectorizer: Any
    terms: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_articles, n_terms)``."""
        return self.X.shape

    def rows(self, ids: Iterable[str], *, func: str) -> Any:
        """The rows of the articles ``ids``, in that order, as CSR.

        No copy when the matrix is already in that order. ``func`` names the
        caller in the error raised when an article is missing or repeated.
        """
        import scipy.sparse as sp

        X = self.X if sp.issparse(self.X) and self.X.format == "csr" else sp.csr_matrix(self.X)
        ids = list(ids)
        if list(self.article_ids) == ids:
            return X
        position = {a: i for i, a in enumerate(self.article_ids)}
        missing = [a for a in ids if a not in position]
        if missing or len(set(ids)) != len(ids):
            raise param_error(func, "matrix", "a DocumentMatrix of these articles",
                              f"a matrix without article {missing[0]!r}" if missing else
                              "a matrix for a table with repeated article ids")
        return X[[position[a] for a in ids]]


def _matrix_for(
    articles: pl.DataFrame, matrix: Any, *, func: str, phrases: Iterable[str] = ()
) -> DocumentMatrix:
    """``matrix`` when it is a DocumentMatrix (or quacks like one), else the articles' own.

    ``None`` computes the matrix with :func:`vectorize` and ``phrases``;
    ``func`` names the caller in the error raised for anything else.
    """
    if matrix is None:
        return vectorize(articles, phrases=phrases)
    if not all(hasattr(matrix, a) for a in ("article_ids", "X", "vectorizer", "terms", "rows")):
        raise param_error(func, "matrix", "a reexdata.vectorize.DocumentMatrix or None", matrix)
    return matrix


def vectorize(
    articles: pd.DataFrame | pl.DataFrame,
    *,
    min_df: int | float | None = None,
    max_df: float | None = None,
    ngram_range: tuple[int, int] = (1, 1),
    max_features: int | None = None,
    stop_words: str | list[str] | None = "english",
    phrases: Iterable[str] = (),
    themes: str | Path | Mapping[str, Any] | None = None,
    entities: str | Path | Mapping[str, Any] | None = None,
) -> DocumentMatrix:
    """Compute the TF-IDF matrix of the articles' text.

    The text of an article is its headline, highlights and body joined by
    blank lines (the sidebar's related headlines are other stories and are
    left out). Terms are lower-cased words of two or more characters
    starting with a letter, English stop words removed, with sublinear term
    frequency (``1 + log tf``), smoothed IDF and L2-normalised rows.

    Chinese text is cut into words first: each run of Han characters is
    segmented with jieba (:func:`reexdata.segment.segment`), traditional
    characters folded to simplified ones, with a user dictionary of the
    lexicons' Han words (``themes``, ``entities``) so that a name such as 北方稀土 or a seed
    term such as 出口管制 stays one term. A Han word is a term under the same
    rule as any other: two characters or more, so single characters (的, 在,
    矿) are not counted, as single letters are not. Only texts holding a Han
    character are segmented: the terms and weights of a text without one
    are what they were without segmentation, and it costs nothing more. A
    Han seed term inside a longer word (纪律 in jieba's 加强纪律, 价格 in the
    seed 稀土价格) is counted there too, as an English phrase's words are.

    Single words by default, plus the multi-word ``phrases`` given (a theme
    lexicon's seed phrases such as "export controls"): counting every bigram
    multiplies the vocabulary by about eight on a news archive, and the
    build's time and memory with it, while only the lexicon's phrases carry
    meaning the themes use. A phrase counts wherever its words follow each
    other (joined by spaces, a hyphen or an apostrophe), including inside a
    longer phrase, as n-grams do; its column is exempt from ``min_df`` and
    ``max_df``.

    The counting runs in polars, a chunk of articles at a time split over
    the cores, and gives the terms scikit-learn's ``TfidfVectorizer`` would
    give with the same options, about three times faster on a large corpus;
    the returned ``vectorizer`` is a ``TfidfVectorizer`` fixed to the
    matrix's vocabulary and IDF, so that ``transform`` embeds new text in
    the same space.

    Parameters
    ----------
    articles : polars.DataFrame or pandas.DataFrame
        An articles table (``reexdata.schema.TABLES['articles']``); needs at
        least ``article_id``, ``headline``, ``highlights`` and ``body``.
    min_df : int or float, default=None
        Ignore terms in fewer articles than this (a float is a proportion).
        ``None`` adapts to the corpus: 1 below 50 articles, else 2.
    max_df : float, default=None
        Ignore terms in more than this proportion of articles. ``None``
        adapts: 1.0 below 50 articles, else 0.95.
    ngram_range : tuple of int, default=(1, 1)
        Smallest and largest n-gram length.
    max_features : int, default=None
        Keep only the most frequent terms, when given.
    stop_words : 'english', list of str or None, default='english'
        Words to drop before counting.
    phrases : iterable of str, default=()
        Multi-word terms to count as terms of their own, whatever their
        frequency (words are normalised as in the text, so "Export
        Controls" counts "export controls"). Their Han words are kept
        whole, as the lexicons' are.
    themes, entities : None, str, Path or mapping, default=None
        The theme and entity lexicons whose Han words (terms, names and
        aliases: :func:`reexdata.segment.lexicon_words`) Chinese
        segmentation keeps whole, a longer one winning over a shorter one
        inside it; None is the shipped one. Read only when the corpus has
        Han text. The build passes its own.

    Returns
    -------
    DocumentMatrix
        Row ``i`` belongs to ``article_ids[i]``, in the order of the input.

    Raises
    ------
    ValueError
        When the corpus is empty or no term survives the filters.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.vectorize import vectorize
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a", "b"],
    ...     "headline": ["Magnet prices rise", "Party committee meets"],
    ...     "highlights": [[], ["Discipline first"]],
    ...     "body": ["Prices of magnets rose.", "The committee studied discipline."],
    ... })
    >>> m = vectorize(articles)
    >>> m.article_ids
    ['a', 'b']
    >>> m.X.shape[0]
    2
    >>> "discipline" in set(m.terms)
    True
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    frame, _ = _to_polars(articles, "vectorize", "articles")
    n = frame.height
    if n == 0:
        raise param_error("vectorize", "articles", "a table with at least one article", "an empty table")
    large = n >= _LARGE_CORPUS
    if min_df is None:
        min_df = 2 if large else 1
    if max_df is None:
        max_df = 0.95 if large else 1.0
    check_type("vectorize", "min_df", min_df, (int, float), "an int or a float")
    check_range("vectorize", "max_df", max_df, low=0.0, high=1.0)
    check_type("vectorize", "ngram_range", ngram_range, (tuple, list), "a (min_n, max_n) pair")
    if len(ngram_range) != 2 or not all(isinstance(v, int) and v >= 1 for v in ngram_range) \
            or ngram_range[0] > ngram_range[1]:
        raise param_error("vectorize", "ngram_range", "a pair (min_n, max_n) with 1 <= min_n <= max_n",
                          repr(ngram_range))
    if max_features is not None:
        check_type("vectorize", "max_features", max_features, int, "an int or None")
        check_range("vectorize", "max_features", max_features, low=1)

    texts = _article_texts(frame)
    han_rows = _han_rows(texts)
    # Han text is cut into words before it is counted; the vectorizer does
    # the same to new text (seed terms), with the same dictionary, when the
    # corpus has Han text at all (else no Han term can match).
    phrases = [str(p) for p in phrases]
    preprocessor = _HanWords((themes, entities), _han_words(phrases), cut=not han_rows.is_empty())
    options = dict(
        lowercase=True,
        preprocessor=preprocessor,
        token_pattern=_TOKEN_PATTERN,
        stop_words=stop_words,
        ngram_range=tuple(ngram_range),
        sublinear_tf=True,
        dtype=np.float32,
    )
    # The scikit-learn vectorizer defines the analyzer (stop words, phrase
    # terms) and embeds new text later; the corpus is counted in polars.
    # A phrase's own words: without the seed terms found inside its words.
    analyzer = TfidfVectorizer(**{**options, "preprocessor": preprocessor.without_inner_seeds()})
    stop = sorted(analyzer.get_stop_words() or ())
    extra = _phrases_to_count(analyzer, phrases)
    counts, vocabulary = _count_terms(_segmented(texts, han_rows, preprocessor), stop=stop,
                                      ngram_range=(ngram_range[0], ngram_range[1]), phrases=extra)
    n_words = len(vocabulary) - len(set(extra.values()))
    if n_words == 0:
        raise param_error("vectorize", "articles", "a table whose text has at least one word", "no words")
    # A Han seed term is one word (the user dictionary keeps it whole) where
    # an English seed is often a phrase: like a phrase, it is a column
    # wherever it occurs, whatever its document frequency.
    seeds = {to_simplified(p).lower() for p in phrases if has_han(p)} if preprocessor.cut else set()
    keep = _kept_terms(counts, vocabulary[:n_words], n, min_df=min_df, max_df=max_df, max_features=max_features,
                       exempt=seeds)
    keep = np.concatenate([keep, np.arange(n_words, len(vocabulary))]).astype(np.int64)
    counts = counts[:, keep]
    terms = [vocabulary[j] for j in keep]
    X, idf = _tfidf(counts, n)
    longest = max(len(t.split(" ")) for t in terms)
    vectorizer = TfidfVectorizer(**{**options, "vocabulary": terms,
                                    "ngram_range": (ngram_range[0], max(ngram_range[1], longest))})
    vectorizer.fit([""])
    vectorizer.idf_ = idf
    return DocumentMatrix(
        article_ids=frame.get_column("article_id").to_list(),
        X=X,
        vectorizer=vectorizer,
        terms=vectorizer.get_feature_names_out(),
    )


class _HanWords:
    """The vectorizer's preprocessor: lower-case, then Han runs cut into words.

    ``extra`` (the Han words of the seed phrases) are also counted inside
    a longer word that holds them: jieba's dictionary has 加强纪律 and
    价格上涨, which would hide the seed terms 纪律 and 价格, so such a word is
    followed by the seed terms it holds ("加强纪律 纪律"), as an English
    phrase counts its words too.

    Picklable. With ``cut=False`` (a corpus without Han text, whose
    vocabulary has no Han term) Han text is only lower-cased, so that
    embedding the lexicon's Han seed terms never builds the user dictionary
    (reading the lexicons, ~0.3 s) and jieba's tokenizer (~1 s).
    """

    def __init__(self, lexicons: tuple[Any, Any] = (None, None), extra: tuple[str, ...] = (), *, cut: bool = True):
        self.lexicons = lexicons
        self.extra = extra
        self.cut = cut
        self._dictionary: tuple[str, ...] | None = None
        # The longest seed term starting at each position (a look-ahead, so
        # that 价格 is found inside 稀土价格 as well as 稀土价格 itself).
        alternatives = "|".join(map(re.escape, sorted(extra, key=lambda w: (-len(w), w))))
        self._inner = re.compile(f"(?=({alternatives}))") if extra else None

    def without_inner_seeds(self) -> "_HanWords":
        """The same cut, without the seed terms added after the words that hold them."""
        plain = _HanWords(self.lexicons, self.extra, cut=self.cut)
        plain._dictionary, plain._inner = self._dictionary, None
        return plain

    def dictionary(self) -> tuple[str, ...]:
        """The user dictionary: the Han words of the (theme, entity) ``lexicons`` and ``extra``, sorted."""
        if self._dictionary is None:
            themes, entities = self.lexicons
            words = lexicon_words(themes=themes, entities=entities)
            self._dictionary = tuple(sorted(set(words) | set(self.extra)))
        return self._dictionary

    def __call__(self, doc: str) -> str:
        doc = doc.lower()
        return self.segment(doc) if self.cut and has_han(doc) else doc

    def segment(self, text: str) -> str:
        """``text`` with its Han runs cut into words (:func:`reexdata.segment.segment`), seed terms added."""
        words = self.dictionary()
        if self._inner is None:
            return segment(text, words=words)
        return HAN_RUN.sub(lambda m: " " + " ".join(self._with_seeds(cut_han(m.group(), words=words))) + " ",
                           to_simplified(text))

    def _with_seeds(self, words: list[str]) -> list[str]:
        out = []
        for word in words:
            out.append(word)
            if len(word) > 2:
                found = self._inner.findall(word)  # type: ignore[union-attr]  # set when extra is
                out.extend(seed for seed in found if seed != word)
        return out


def _han_rows(texts: pl.Series) -> pl.Series:
    """Positions of the texts that hold a Han character (a scan in polars: ~3 ms for 8 MB of English)."""
    return texts.str.contains(_HAN_CLASS).fill_null(False).arg_true()


def _segmented(texts: pl.Series, rows: pl.Series, preprocessor: _HanWords) -> pl.Series:
    """``texts`` with the Han runs of the texts at ``rows`` cut into words; the others as they are."""
    if rows.is_empty():
        return texts
    cut = [preprocessor.segment(text) for text in texts.gather(rows).to_list()]
    return texts.clone().scatter(rows, pl.Series(cut, dtype=pl.String))


def _phrases_to_count(vectorizer, phrases) -> dict[str, str]:
    """Map each multi-word phrase's words (as written) to its term.

    A phrase's term is its words as the analyzer keeps them ("Xi's
    directives" -> "xi directives"); phrases the n-gram range already counts
    are left to the n-grams.
    """
    analyze = vectorizer.build_analyzer()
    longest_counted = vectorizer.ngram_range[1]
    out: dict[str, str] = {}
    for phrase in phrases:
        words = [w for w in analyze(str(phrase)) if " " not in w]
        if longest_counted < len(words):
            # Han text is counted folded to simplified characters.
            written = to_simplified(phrase) if has_han(phrase) else phrase
            out.setdefault(" ".join(re.findall(r"\w+", written.lower())), " ".join(words))
    return dict(sorted(out.items()))


def _count_terms(texts: pl.Series, *, stop: list[str], ngram_range: tuple[int, int],
                 phrases: dict[str, str]):
    """Count every term of every text: a CSR count matrix and its terms.

    A word is a maximal run of word characters that starts with a letter
    and is at least two characters long (the scikit-learn pattern
    ``\\b[^\\W\\d_]\\w+\\b``), lower-cased; n-grams join consecutive kept
    words. A phrase is found where its written words follow each other,
    whatever stands between them (space, hyphen, apostrophe), and every
    occurrence counts, as n-grams do. The texts are tokenised in chunks,
    each split over the cores by polars, so memory stays bounded by the
    chunk, not the corpus.

    The terms come back as the n-grams in the order first seen (each
    chunk's new ones sorted), then the distinct phrase terms, sorted.
    """
    import scipy.sparse as sp

    phrase_terms = sorted(set(phrases.values()))
    phrase_ids = pl.Series(phrase_terms, dtype=pl.String)
    seen = pl.Series([], dtype=pl.String)
    word_blocks, phrase_blocks = [], []
    for start in range(0, len(texts), _CHUNK):
        chunk = texts.slice(start, _CHUNK)
        grams, found = _chunk_terms(chunk, stop=stop, ngram_range=ngram_range, phrases=phrases)
        distinct = grams.get_column("term").unique()
        seen = pl.concat([seen, distinct.filter(~distinct.is_in(seen.implode())).sort()])
        word_blocks.append(_chunk_counts(grams, seen, len(chunk)))
        phrase_blocks.append(_chunk_counts(found, phrase_ids, len(chunk)))
    width = len(seen)
    for block in word_blocks:
        block.resize(block.shape[0], width)
    counts = sp.hstack([sp.vstack(word_blocks, format="csr"), sp.vstack(phrase_blocks, format="csr")],
                       format="csr")
    return counts, seen.to_list() + phrase_terms


def _chunk_terms(texts: pl.Series, *, stop: list[str], ngram_range: tuple[int, int],
                 phrases: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(row, term)`` of every n-gram and every phrase occurrence in ``texts``."""
    frame = pl.DataFrame({"row": np.arange(len(texts), dtype=np.int64), "text": texts.rename("text")})
    step = -(-len(texts) // _SLICES)
    # Slices collected with parallel=True run on separate cores.
    slices = [
        frame.slice(i, step).lazy().select(
            "row", pl.col("text").str.to_lowercase().str.extract_all(r"\w+").alias("word")
        ).explode("word").drop_nulls("word")
        for i in range(0, len(texts), step)
    ]
    tokens = pl.concat(slices, parallel=True).collect() if slices else pl.DataFrame(
        schema={"row": pl.Int64, "word": pl.String})
    # A word starts with a letter and has two characters or more (a token is
    # all word characters): one regex for both tests.
    words = tokens.filter(pl.col("word").str.contains(_WORD_START), ~pl.col("word").is_in(stop))
    low, high = ngram_range
    gram_parts = [_sequences(words, size) for size in range(low, high + 1)]
    grams = pl.concat(gram_parts) if gram_parts else words.select("row", pl.col("word").alias("term"))
    # The tokens that start some phrase, found in one pass for every length.
    firsts = pl.Series(sorted({w.split(" ")[0] for w in phrases}), dtype=pl.String)
    starts = tokens.get_column("word").is_in(firsts.implode()).arg_true() if phrases else None
    found_parts = [
        _sequences(tokens, size, first=[w.split(" ")[0] for w in phrases if len(w.split(" ")) == size],
                   starts=starts)
        .filter(pl.col("term").is_in(list(phrases)))
        .select("row", pl.col("term").replace_strict(phrases, return_dtype=pl.String))
        for size in sorted({len(w.split(" ")) for w in phrases})
    ]
    found = pl.concat(found_parts) if found_parts else pl.DataFrame(schema={"row": pl.Int64, "term": pl.String})
    return grams, found


def _sequences(tokens: pl.DataFrame, size: int, *, first: list[str] | None = None,
               starts: pl.Series | None = None) -> pl.DataFrame:
    """``(row, term)`` for each run of ``size`` consecutive tokens of one row, joined by spaces.

    ``first`` keeps only the runs that start with one of these words; the
    other tokens are then never joined, which is what makes phrase search
    cheap. ``starts``, when given, are the positions of the tokens that may
    start a run (a superset of ``first``'s, found once for several sizes);
    only those are tested against ``first``.
    """
    if size == 1:
        out = tokens.select("row", pl.col("word").alias("term"))
        return out if first is None else out.filter(pl.col("term").is_in(pl.Series(first, dtype=pl.String).implode()))
    word, row = tokens.get_column("word"), tokens.get_column("row")
    if first is None:
        starts = pl.int_range(max(tokens.height - size + 1, 0), dtype=pl.Int64, eager=True)
    else:
        hit = (word if starts is None else word.gather(starts)).is_in(pl.Series(first, dtype=pl.String).implode())
        starts = (hit.arg_true() if starts is None else starts.filter(hit)).cast(pl.Int64)
        starts = starts.filter(starts <= tokens.height - size)
    ends = starts + (size - 1)
    runs = pl.DataFrame({"row": row.gather(starts), "last_row": row.gather(ends)})
    parts = [word.gather(starts + k).alias(f"w{k}") for k in range(size)]
    runs = runs.with_columns(parts).filter(pl.col("last_row") == pl.col("row"))
    return runs.select("row", pl.concat_str([f"w{k}" for k in range(size)], separator=" ").alias("term"))


def _chunk_counts(found: pl.DataFrame, terms: pl.Series, n_rows: int):
    """CSR counts of ``found`` ``(row, term)`` pairs; column ``j`` is ``terms[j]``."""
    import scipy.sparse as sp

    rows = found.get_column("row").to_numpy()
    cols = found.get_column("term").replace_strict(
        terms, pl.int_range(len(terms), dtype=pl.Int64, eager=True), return_dtype=pl.Int64
    ).to_numpy()
    # Duplicate (row, column) pairs are summed: the term counts.
    return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_rows, len(terms)))


def _kept_terms(counts, terms: list[str], n: int, *, min_df, max_df: float, max_features: int | None,
                exempt: Iterable[str] = ()) -> np.ndarray:
    """Columns of ``counts`` that pass the document-frequency filters, in term order.

    Only the first ``len(terms)`` columns (the n-grams) are candidates; the
    phrase columns after them are kept by the caller.

    ``min_df`` and ``max_df`` are read as scikit-learn reads them (an int
    ``min_df`` is a count, a float a proportion); when they leave no term,
    every term is kept, since a tiny or odd corpus should still give a
    matrix. Terms in ``exempt`` pass them whatever their frequency.
    ``max_features`` keeps the terms most frequent over the corpus (ties by
    term).
    """
    if not terms:
        return np.array([], dtype=np.int64)
    df = np.bincount(counts.indices, minlength=counts.shape[1])[: len(terms)]
    low = min_df if isinstance(min_df, numbers.Integral) else min_df * n
    mask = (df >= low) & (df <= max_df * n)
    exempt = list(exempt)
    if exempt:
        mask |= np.isin(np.array(terms, dtype=object), exempt)
    keep = np.flatnonzero(mask) if mask.any() else np.arange(len(terms))
    if max_features is not None and keep.size > max_features:
        total = np.asarray(counts[:, keep].sum(axis=0)).ravel()
        order = sorted(range(keep.size), key=lambda i: (-total[i], terms[keep[i]]))
        keep = keep[order[:max_features]]
    return keep[np.argsort(np.array([terms[j] for j in keep], dtype=object), kind="stable")]


def _tfidf(counts, n: int):
    """Sublinear TF-IDF with smoothed IDF and L2-normalised rows (float32 CSR), and the IDF."""
    from sklearn.preprocessing import normalize

    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    X = counts.astype(np.float32)
    X.data = (1.0 + np.log(X.data)) * idf[X.indices].astype(np.float32)
    X = normalize(X, copy=False)
    X.sort_indices()
    return X, idf


def _article_texts(frame: pl.DataFrame) -> pl.Series:
    """Each article's text as :func:`reexdata.text.article_text` defines it (the ``text`` column)."""
    return _text_series(frame)
