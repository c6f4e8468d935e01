"""Scores of every article for every theme: :func:`score_themes`."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._parallel import _one_thread
from reexdata._typing import Frame
from reexdata.errors import check_one_of, param_error
from reexdata.lexicons import Theme, _load_themes
from reexdata.lexicons._themes import THEME_SCORES
from reexdata.schema import cast_table, empty_table
from reexdata.themes.background import _MIN_ARTICLES, _background, _first_round
from reexdata.themes.model import _refine, _softmax
from reexdata.themes.seeds import _SEED_TEMPERATURE, _seed_matrix
from reexdata.themes.top_terms import _contribution_weights, _top_terms
from reexdata.vectorize import DocumentMatrix, _matrix_for

__all__ = ["score_themes", "primary_threshold"]

#: Against a background, an article's best theme is primary from this
#: score on: more likely than not about it.
_BACKGROUND_THRESHOLD = 0.5


def primary_threshold(n_themes: int) -> float:
    """Lowest top share that makes a theme an article's primary theme.

    Applies to shares of the themes (``method="shares"``, and relevances
    when the corpus shows no background; against a background the
    threshold is 0.5). The strongest theme must beat an even split over the ``n_themes`` themes
    by a tenth of the way from that even share to certainty:
    ``1/K + 0.1 * (1 - 1/K)``. With the six shipped themes that is 0.25.
    An article below it, or with no words that the vectorizer knows, is
    unassigned.

    Parameters
    ----------
    n_themes : int
        Number of themes K in the lexicon.

    Returns
    -------
    float

    Examples
    --------
    >>> from reexdata.themes import primary_threshold
    >>> primary_threshold(6)
    0.25
    """
    even = 1.0 / n_themes
    return round(even + 0.1 * (1.0 - even), 12)


def score_themes(
    articles: Frame,
    *,
    lexicon: str | Path | Mapping[str, Any] | None = None,
    matrix: DocumentMatrix | None = None,
    method: str = "relevance",
) -> Frame:
    """Score every article against every theme of a seeded theme lexicon.

    A score says how much an article is about a theme. By default
    (``method="relevance"``) it is an absolute relevance in [0, 1]: the
    probability that the article is about the theme rather than about
    another theme or about something the lexicon does not name, comparable
    across articles and corpora. An article's primary theme is its best
    theme when that probability is at least 0.5 (more likely than not);
    otherwise the article is *unassigned*: it is about none of the themes,
    or about none clearly. No labels are needed and nothing is tuned.

    How it works:

    1. **Seeds.** Each theme's seed terms are embedded in the corpus's TF-IDF
       space: a term matches its vocabulary entry and its singular or
       plural forms, weighted by IDF; each seed term counts once, so a long
       phrase does not outweigh a single word. The cosine similarity of an
       article to these seed vectors is the plain baseline.
    2. **The corpus's background.** The corpus is clustered (50 LSA
       dimensions, k-means, four clusters per theme, at least 20 and about
       ten articles per cluster at most). A cluster is *claimed* by a theme
       when its articles' mean seed cosine for that theme reaches a quarter
       of the theme's typical seed cosine (its mean over the articles its
       seeds hold most clearly), or when two views agree that it is that
       theme's: its nearest cluster is one the theme's seeds claim, and the
       model of ``method="shares"`` (which learns each theme's other words,
       step 3) gives its articles the theme with at least the mean
       probability it gives the least sure of the theme's seed-claimed
       clusters. So a theme keeps a sub-genre that uses none of its seed
       words when it sits beside the theme's other articles. The clusters
       no theme claims are the corpus's background: what the corpus is
       about besides the themes. It is one more class below, with a
       constant prior (the corpus-wide mean seed cosine of the theme with
       the most seed evidence), so an article with less seed evidence than
       an average one leans to the background until its words say
       otherwise.
    3. **Refinement by self-training.** Each article with a seed word goes
       to its closest theme by seed cosine, each background article to the
       background; the 40% of each class's articles with the clearest lead
       (at most 2,000) are the articles the class confidently holds. Two
       text classifiers learn from their TF-IDF rows which words, seeds or
       not, mark each class: a multinomial logistic regression and a
       complement naive Bayes model, whose log probabilities are averaged.
       So a theme reaches articles that use related words rather than the
       literal seeds. It is then repeated: each round re-ranks all articles
       by the current posterior (step 4), holds the 90% of each class's
       articles with the clearest lead and trains the classifiers again,
       until fewer than 0.2% of the articles change class, or after three
       rounds. The models use at most the 50,000 terms most frequent among
       the held articles.
    4. **Combination.** An article's score for a theme is the posterior
       ``softmax(seed cosine / 0.05) * P(class | learned models)`` over the
       themes and the background: the seeds act as a prior, the learned
       models of the last round as the likelihood. The scores of an article
       sum to 1 minus its background probability.

    When every cluster is claimed (the lexicon covers the corpus) there is
    no background, and a score is the article's share of the themes, as
    with ``method="shares"``. A corpus of fewer than 20 articles is too
    small to show a background (two clusters of ten): its scores are the
    shares too, but an article without any seed term scores 0 on every
    theme and is unassigned, since nothing ties it to a theme. Classes that hold fewer than two articles,
    or corpora where fewer than two classes do, skip the learned models
    (they count as an even split for them). An article with no word the
    vectorizer knows scores 0 on every theme and is unassigned.

    ``method="shares"`` skips the background: a score is the article's
    share of the themes, an article's scores sum to 1, so every article
    with words leans to some theme, even one about none of them. The rank-1
    theme is primary when its score reaches :func:`primary_threshold` (0.25
    for six themes). Use it only when the lexicon is known to cover the
    corpus.

    Every step runs its linear algebra and k-means on one thread, so the
    scores are the same to the bit whatever the number of cores.

    Measured on 16 subsets of a labelled newswire corpus, 86 lexicons
    (``benchmarks/eval_themes.py``): with lexicons naming only some of a
    subset's topics, the relevance scores leave 82% of the other topics'
    articles unassigned (the shares: 1%) and give 94% of the named topics'
    articles their theme (the shares: 97%); with a lexicon naming every
    topic, accuracy is 0.94 (the shares: 0.97). What it misses: a topic
    the lexicon does not name but whose articles sit beside a named one's
    and share its words can be claimed by it (money supply beside interest
    rates), and a named topic's sub-genre that uses none of its seed words
    and lies apart from its other articles stays background (add such
    words to the theme's terms).

    Parameters
    ----------
    articles : polars.DataFrame or pandas.DataFrame
        An articles table; needs ``article_id``, ``headline``, ``highlights``
        and ``body``.
    lexicon : None, str, Path or mapping, default=None
        The themes (at least two). None uses the shipped lexicon
        (``reexdata/lexicons/themes.toml``); a path names a TOML file of the
        same shape (``[[themes]]`` tables with ``id``, ``label``,
        ``description`` and ``terms``); a mapping goes from theme id to a
        list of terms or to a table with ``label``, ``description`` and
        ``terms``.
    matrix : reexdata.vectorize.DocumentMatrix, default=None
        The articles' TF-IDF matrix when already computed; it must hold
        every article. None computes it with :func:`reexdata.vectorize.vectorize`.
    method : {'relevance', 'shares'}, default='relevance'
        ``"relevance"``: absolute relevances, against the corpus's
        background as well as the themes, so that articles about none of
        the themes stay unassigned. ``"shares"``: shares of the themes,
        which never say "none" (see above).

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The kind given, one row per (article, theme), sorted by
        ``article_id`` then ``rank``, columns as ``TABLES['themes']``:

        - ``article_id`` : str
        - ``theme`` : str, theme id
        - ``score`` : float in [0, 1]
        - ``rank`` : int, 1 for the strongest theme (ties: lexicon order)
        - ``is_primary`` : bool, rank 1 and score >= 0.5 (against a
          background) or >= :func:`primary_threshold` (shares)
        - ``top_terms`` : list of str, up to five of the article's terms that
          most favour this theme over the others (empty when none does)

    Raises
    ------
    LexiconError
        When the lexicon is malformed; the message names the theme.
    ParameterError
        When ``method`` is not one of the methods.
    ValueError
        When ``matrix`` does not hold every article.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.themes import score_themes
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a", "b", "c"],
    ...     "headline": ["Magnet prices rise", "Committee meets", "Rain all week"],
    ...     "highlights": [[], [], []],
    ...     "body": ["Prices of magnets rose on the exchange.",
    ...              "The Party committee studied discipline.",
    ...              "Storms and rain are forecast."],
    ... })
    >>> lexicon = {"markets": ["price", "exchange"], "party": ["party", "discipline"]}
    >>> scores = score_themes(articles, lexicon=lexicon)
    >>> scores.filter(pl.col("is_primary")).select("article_id", "theme").rows()
    [('a', 'markets'), ('b', 'party')]
    """
    frame, kind = _to_polars(articles, "score_themes", "articles")
    check_one_of("score_themes", "method", method, THEME_SCORES)
    themes = _load_themes(lexicon, "score_themes")
    ids = frame.get_column("article_id").to_list() if "article_id" in frame.columns else None
    if ids is None:
        raise param_error("score_themes", "articles", "a table with an 'article_id' column", "no such column")
    if not ids:
        return _like(empty_table("themes"), kind)
    dm = _matrix_for(frame, matrix, func="score_themes", phrases=[t for theme in themes for t in theme.terms])
    X = dm.rows(ids, func="score_themes")
    # One thread for every BLAS and OpenMP step: the same bits on any core
    # count, and no spinning threads beside the build's other stages.
    with _one_thread():
        seeds = _seed_matrix(dm, themes)
        cosine = np.asarray((X @ seeds.T).todense(), dtype=np.float64)
        scores, coef, threshold = (_relevance if method == "relevance" else _shares)(X, cosine)
        scores[np.diff(X.indptr) == 0] = 0.0
        weights = _contribution_weights(seeds, coef)
        top = _top_terms(X, weights, dm.terms)
    return _like(_long_frame(ids, themes, scores, top, threshold), kind)


def _shares(X, cosine):
    """Scores as shares of the themes: ``(scores, coef, primary threshold)``."""
    prior_logits = cosine / _SEED_TEMPERATURE
    coef, model_logp = _refine(X, prior_logits)
    return _softmax(prior_logits + model_logp), coef, primary_threshold(cosine.shape[1])


def _relevance(X, cosine):
    """Scores against the themes and the corpus's background: ``(scores, coef, threshold)``.

    The background class's prior is the corpus-wide mean seed cosine of the
    theme with the most seed evidence. A corpus without background (every
    cluster claimed) is scored as shares; one too small to show a
    background, as shares, except that articles without seed evidence
    score 0.
    """
    scores, coef, threshold = _shares(X, cosine)
    if X.shape[0] < _MIN_ARTICLES:
        scores[cosine.max(axis=1) <= 0] = 0.0
        return scores, coef, threshold
    mask = _background(X, cosine, scores)
    if mask.sum() < 2:
        return scores, coef, threshold
    level = np.full((cosine.shape[0], 1), cosine.mean(axis=0).max())
    prior_logits = np.hstack([cosine, level]) / _SEED_TEMPERATURE
    coef, model_logp = _refine(X, prior_logits, start=_first_round(cosine, mask))
    return _softmax(prior_logits + model_logp)[:, :-1], coef, _BACKGROUND_THRESHOLD


def _long_frame(
    ids: list[str], themes: list[Theme], scores: np.ndarray, top: pl.DataFrame, threshold: float
) -> pl.DataFrame:
    n, K = scores.shape
    order = np.argsort(-scores, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(1, K + 1)
    primary = (rank == 1) & (scores >= threshold)
    frame = pl.DataFrame(
        {
            "row": np.repeat(np.arange(n, dtype=np.int64), K),
            "k": np.tile(np.arange(K, dtype=np.int64), n),
            "score": np.clip(scores, 0.0, 1.0).ravel(),
            "rank": rank.ravel().astype(np.int64),
            "is_primary": primary.ravel(),
        }
    )
    frame = (
        frame.join(top, on=["row", "k"], how="left")
        .with_columns(
            pl.lit(pl.Series(ids, dtype=pl.String)).gather(pl.col("row")).alias("article_id"),
            pl.lit(pl.Series([t.id for t in themes], dtype=pl.String)).gather(pl.col("k")).alias("theme"),
            pl.col("top_terms").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
    )
    return cast_table("themes", frame.sort(["article_id", "rank"]))
