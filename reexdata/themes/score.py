"""Scores of every article for every theme: :func:`score_themes`."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._typing import Frame
from reexdata.errors import check_type, param_error
from reexdata.lexicons import Theme, _load_themes
from reexdata.schema import cast_table, empty_table
from reexdata.themes.background import _background, _first_round
from reexdata.themes.model import _refine, _softmax
from reexdata.themes.seeds import _SEED_TEMPERATURE, _seed_matrix
from reexdata.themes.top_terms import _contribution_weights, _top_terms
from reexdata.vectorize import DocumentMatrix, _matrix_for

__all__ = ["score_themes", "primary_threshold"]

#: With the background, an article's best theme is primary from this score
#: on: more likely than not about it.
_BACKGROUND_THRESHOLD = 0.5


def primary_threshold(n_themes: int) -> float:
    """Lowest top score that makes a theme an article's primary theme.

    The strongest theme must beat an even split over the ``n_themes`` themes
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
    background: bool = False,
) -> Frame:
    """Score every article against every theme of a seeded theme lexicon.

    How it works, in three steps:

    1. **Seeds.** Each theme's seed terms are embedded in the corpus's TF-IDF
       space: a term matches its vocabulary entry and its singular or
       plural forms, weighted by IDF; each seed term counts once, so a long
       phrase does not outweigh a single word. The cosine similarity of an
       article to these seed vectors is the plain baseline.
    2. **Refinement by self-training.** Each article with a seed word goes
       to its closest theme by seed cosine; the 40% of each theme's articles
       with the clearest lead over the runner-up (at most 2,000 per theme)
       are the articles the theme confidently holds. Two text classifiers
       learn from their TF-IDF rows which words, seeds or not, mark each
       theme: a multinomial logistic regression and a complement naive
       Bayes model, whose log probabilities are averaged. So a theme reaches
       articles that use related words rather than the literal seeds. This
       is the re-estimation step of guided topic models, done with text
       classifiers in place of a centroid. It is then repeated: each round
       re-ranks all articles, with seed words or not, by the current
       posterior (step 3), holds the 90% of each theme's articles with the
       clearest lead and trains the classifiers again, until fewer than
       0.2% of the articles change their top theme, or after three rounds.
       Later rounds correct the seeds' mistakes (a big theme whose articles
       happen to use a small theme's seed words), and the classifiers see
       each theme in proportion to the articles it holds, so big themes
       are not starved. The models use at most the 50,000 terms most
       frequent among the held articles.
    3. **Combination.** An article's score for a theme is the posterior
       ``softmax(seed cosine / 0.05) * P(theme | learned models)``,
       normalised over the themes: the seeds act as a prior, the learned
       models of the last round as the likelihood. Scores of an article sum
       to 1 (without the background; see below).

    Themes that hold fewer than two articles, or corpora where fewer than
    two themes do, skip the learned models (they count as an even split for
    them), so tiny corpora are scored by their seeds alone. An article with
    no word the vectorizer knows scores 0 on every theme and is unassigned.

    **What a score means depends on** ``background``.

    - ``background=False`` (the default): a score is the article's *share*
      of the themes; the scores of an article sum to 1, so every article
      with words leans to some theme, even one about none of them. The
      rank-1 theme is primary when its score reaches
      :func:`primary_threshold` (0.25 for six themes); "unassigned" means
      the article leans to no theme clearly (rare: under 1% of the
      articles of a labelled newswire corpus whose lexicon named only some
      of its topics were left unassigned).
    - ``background=True``: the corpus is clustered (50 LSA dimensions,
      k-means, four clusters per theme, at least 20); the clusters in
      which no theme's seeds reach a quarter of that theme's typical seed
      cosine form the corpus's *background*, one more class in the
      self-training (its prior: the corpus-wide mean seed cosine of the
      strongest theme). A score is then the probability that the article
      is about the theme rather than about another theme or the
      background: in [0, 1], comparable across articles, and the scores of
      an article sum to 1 minus its background probability. The rank-1
      theme is primary when its score is at least 0.5 (more likely than
      not); "unassigned" means no theme reaches it, typically an article
      about something the lexicon does not name. When every cluster is
      claimed, there is no background and the scores are the shares above
      (with the 0.5 threshold).

    Why the background is not the default: on 16 subsets of a labelled
    newswire corpus (``benchmarks/eval_themes.py``), with lexicons naming
    only some of a subset's topics, it leaves 83% of the other topics'
    articles unassigned (the default: 1%) while giving 90% of the named
    topics' articles their theme; but with a lexicon naming every topic its
    accuracy falls from 0.97 to 0.87. A named topic that has a seedless
    sub-genre (earnings tables written as "qtr shr cts net revs" when the
    seeds say "earnings", "per share") forms clusters no seed reaches, and
    they become background. Use it when the lexicon may not cover the
    corpus; the default when it does.

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
    background : bool, default=False
        Score against the corpus's background as well as the themes, so
        that articles about none of the themes stay unassigned (see above).

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The kind given, one row per (article, theme), sorted by
        ``article_id`` then ``rank``, columns as ``TABLES['themes']``:

        - ``article_id`` : str
        - ``theme`` : str, theme id
        - ``score`` : float in [0, 1]
        - ``rank`` : int, 1 for the strongest theme (ties: lexicon order)
        - ``is_primary`` : bool, rank 1 and score >= the threshold
          (:func:`primary_threshold`, or 0.5 with ``background=True``)
        - ``top_terms`` : list of str, up to five of the article's terms that
          most favour this theme over the others (empty when none does)

    Raises
    ------
    LexiconError
        When the lexicon is malformed; the message names the theme.
    ParameterError
        When ``background`` is not a bool.
    ValueError
        When ``matrix`` does not hold every article.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.themes import score_themes
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a", "b"],
    ...     "headline": ["Magnet prices rise", "Committee meets"],
    ...     "highlights": [[], []],
    ...     "body": ["Prices of magnets rose on the exchange.",
    ...              "The Party committee studied discipline."],
    ... })
    >>> lexicon = {"markets": ["price", "exchange"], "party": ["party", "discipline"]}
    >>> scores = score_themes(articles, lexicon=lexicon)
    >>> scores.filter(pl.col("is_primary")).select("article_id", "theme").rows()
    [('a', 'markets'), ('b', 'party')]
    """
    frame, kind = _to_polars(articles, "score_themes", "articles")
    check_type("score_themes", "background", background, bool, "a bool")
    themes = _load_themes(lexicon, "score_themes")
    ids = frame.get_column("article_id").to_list() if "article_id" in frame.columns else None
    if ids is None:
        raise param_error("score_themes", "articles", "a table with an 'article_id' column", "no such column")
    if not ids:
        return _like(empty_table("themes"), kind)
    dm = _matrix_for(frame, matrix, func="score_themes", phrases=[t for theme in themes for t in theme.terms])
    X = dm.rows(ids, func="score_themes")
    seeds = _seed_matrix(dm, themes)
    cosine = np.asarray((X @ seeds.T).todense(), dtype=np.float64)
    scores, coef = (_with_background if background else _without_background)(X, cosine)
    scores[np.diff(X.indptr) == 0] = 0.0
    weights = _contribution_weights(seeds, coef)
    top = _top_terms(X, weights, dm.terms)
    threshold = _BACKGROUND_THRESHOLD if background else primary_threshold(len(themes))
    return _like(_long_frame(ids, themes, scores, top, threshold), kind)


def _without_background(X, cosine):
    """Scores as shares of the themes: ``(scores, coef)``."""
    prior_logits = cosine / _SEED_TEMPERATURE
    coef, model_logp = _refine(X, prior_logits)
    return _softmax(prior_logits + model_logp), coef


def _with_background(X, cosine):
    """Scores against the themes and the corpus's background: ``(scores, coef)``.

    The background class's prior is the corpus-wide mean seed cosine of the
    theme with the most seed evidence; a corpus without background (every
    cluster claimed) is scored as without it.
    """
    mask, _ = _background(X, cosine)
    if mask.sum() < 2:
        return _without_background(X, cosine)
    level = np.full((cosine.shape[0], 1), cosine.mean(axis=0).max())
    prior_logits = np.hstack([cosine, level]) / _SEED_TEMPERATURE
    coef, model_logp = _refine(X, prior_logits, start=_first_round(cosine, mask))
    return _softmax(prior_logits + model_logp)[:, :-1], coef


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
