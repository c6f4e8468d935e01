"""The shared TF-IDF document matrix of a corpus.

The build computes the matrix once with :func:`vectorize` and passes it to
both :func:`reexdata.score_themes` and :func:`reexdata.cluster_articles`, so
that the corpus is tokenised and weighted a single time.
"""

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from reexdata._frames import _to_polars
from reexdata.errors import check_range, check_type, param_error

__all__ = ["DocumentMatrix", "vectorize"]

# Corpora at least this large drop terms seen in one article only and terms
# in more than ``max_df`` of the articles; smaller corpora keep every term,
# because on a handful of articles a rare word is often the telling one.
_LARGE_CORPUS = 50


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

    def rows(self, ids, *, func: str):
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


def vectorize(
    articles,
    *,
    min_df: int | float | None = None,
    max_df: float | None = None,
    ngram_range: tuple[int, int] = (1, 1),
    max_features: int | None = None,
    stop_words: str | list[str] | None = "english",
    phrases=(),
) -> DocumentMatrix:
    """Compute the TF-IDF matrix of the articles' text.

    The text of an article is its headline, highlights and body joined by
    blank lines (the sidebar's related headlines are other stories and are
    left out). Terms are lower-cased words of two or more characters
    starting with a letter, English stop words removed, with sublinear term
    frequency (``1 + log tf``), smoothed IDF and L2-normalised rows.

    Single words by default, plus the multi-word ``phrases`` given (a theme
    lexicon's seed phrases such as "export controls"): counting every bigram
    multiplies the vocabulary by about eight on a news archive, and the
    build's time and memory with it, while only the lexicon's phrases carry
    meaning the themes use.

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
        Controls" counts "export controls").

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

    options = dict(
        lowercase=True,
        token_pattern=r"(?u)\b[^\W\d_]\w+\b",
        stop_words=stop_words,
        ngram_range=tuple(ngram_range),
        min_df=min_df,
        max_df=max_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )
    texts = _article_texts(frame)
    extra = _phrases_to_count(TfidfVectorizer(**options), phrases)
    # With phrases to add, rows are normalised once the phrase columns exist.
    vectorizer = TfidfVectorizer(**options, norm=None if extra else "l2")
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError:
        # min_df / max_df can prune every term on odd corpora (e.g. identical
        # articles); keep all terms rather than failing.
        vectorizer.set_params(min_df=1, max_df=1.0)
        try:
            X = vectorizer.fit_transform(texts)
        except ValueError:
            raise param_error(
                "vectorize", "articles", "a table whose text has at least one word", "no words"
            ) from None
    if extra:
        vectorizer, X = _add_phrases(vectorizer, X, texts, extra, options)
    X = X.tocsr()
    X.sort_indices()
    return DocumentMatrix(
        article_ids=frame.get_column("article_id").to_list(),
        X=X,
        vectorizer=vectorizer,
        terms=vectorizer.get_feature_names_out(),
    )


def _phrases_to_count(vectorizer, phrases) -> dict[str, str]:
    """Map each multi-word phrase's words (as written) to its term.

    A phrase's term is its words as the analyzer keeps them ("Xi's
    directives" -> "xi directives"); phrases the n-gram range already counts
    are left to the vectorizer.
    """
    analyze = vectorizer.build_analyzer()
    longest_counted = vectorizer.ngram_range[1]
    out: dict[str, str] = {}
    for phrase in phrases:
        words = [w for w in analyze(str(phrase)) if " " not in w]
        if longest_counted < len(words):
            out.setdefault(" ".join(re.findall(r"\w+", str(phrase).lower())), " ".join(words))
    return dict(sorted(out.items()))


def _add_phrases(vectorizer, X, texts, extra, options):
    """Append one column per phrase term, then L2-normalise the rows.

    All phrases are counted in one regular-expression pass over the texts
    (in polars), instead of counting every bigram of the corpus. Phrase
    columns are weighted like the others: ``(1 + log tf) * idf`` with
    smoothed IDF.
    """
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    n = len(texts)
    terms = sorted(set(extra.values()))
    column = {term: j for j, term in enumerate(terms)}
    # Longest first, so that a phrase inside a longer one does not win.
    written = sorted(extra, key=lambda words: (-len(words), words))
    pattern = r"\b(?:" + "|".join(r"\W+".join(map(re.escape, w.split(" "))) for w in written) + r")\b"
    found = (
        pl.DataFrame({"row": np.arange(n), "text": texts})
        .select(pl.col("row"), pl.col("text").str.to_lowercase().str.extract_all(pattern).alias("match"))
        .explode("match")
        .drop_nulls("match")
        .select(
            pl.col("row"),
            pl.col("match").str.replace_all(r"\W+", " ").replace_strict(extra).replace_strict(column)
            .cast(pl.Int64).alias("col"),
        )
        .group_by("row", "col")
        .len()
        .sort("row", "col")
    )
    rows = found.get_column("row").to_numpy()
    cols = found.get_column("col").to_numpy()
    df = np.bincount(cols, minlength=len(terms))
    idf = np.log((1 + n) / (1 + df)) + 1.0
    tf = 1.0 + np.log(found.get_column("len").to_numpy().astype(np.float64))
    P = sp.csr_matrix((tf * idf[cols], (rows, cols)), shape=(n, len(terms)), dtype=np.float32)
    X = normalize(sp.hstack([X, P], format="csr"), copy=False)

    # A vectorizer of the same space, so transform() embeds new text (seed
    # terms) the way the corpus was embedded.
    vocabulary = [*vectorizer.get_feature_names_out(), *terms]
    longest = max(len(t.split(" ")) for t in terms)
    low, high = options["ngram_range"]
    combined = TfidfVectorizer(**{**options, "min_df": 1, "max_df": 1.0, "max_features": None,
                                  "ngram_range": (low, max(high, longest)), "vocabulary": vocabulary})
    combined.fit([""])
    combined.idf_ = np.concatenate([vectorizer.idf_, idf])
    return combined, X


def _article_texts(frame: pl.DataFrame) -> list[str]:
    """Headline, highlights and body of each article joined by blank lines.

    Related headlines are never included: they name other stories.
    """
    cols = frame.columns
    parts = []
    if "headline" in cols:
        parts.append(pl.col("headline").fill_null(""))
    elif "title" in cols:
        parts.append(pl.col("title").fill_null(""))
    if "highlights" in cols:
        highlights = pl.col("highlights").cast(pl.List(pl.String))
        parts.append(highlights.list.drop_nulls().list.join("\n\n").fill_null(""))
    if "body" in cols:
        parts.append(pl.col("body").fill_null(""))
    if not parts:
        return [""] * frame.height
    joined = frame.select(
        pl.concat_list([p.cast(pl.String) for p in parts])
        .list.eval(pl.element().filter(pl.element().str.len_chars() > 0))
        .list.join("\n\n")
        .alias("text")
    )
    return joined.get_column("text").to_list()
