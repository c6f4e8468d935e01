"""Seeded themes: how strongly each article speaks to each theme, and when.

:func:`score_themes` scores every article against every theme of a theme
lexicon (a few seed terms per theme), learning from the corpus which other
words go with each theme. :func:`themes_over_time` counts primary themes per
calendar period.
"""

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._periods import FREQS, _period_range, _period_start
from reexdata.errors import LexiconError, check_one_of, param_error
from reexdata.schema import cast_table, empty_table

__all__ = ["score_themes", "themes_over_time", "primary_threshold", "seed_terms", "UNASSIGNED"]

#: Temperature of the seed prior: a cosine lead of this much over another
#: theme multiplies the odds by e.
_SEED_TEMPERATURE = 0.05
#: Fraction of each theme's seed-matched articles, by margin over the
#: runner-up theme, that train the first round of the learned models.
_FIRST_FRACTION = 0.4
#: The same fraction in later rounds, ranked by the posterior.
_LATER_FRACTION = 0.9
#: Most self-training rounds.
_MAX_ROUNDS = 3
#: Self-training stops once fewer than this share of articles change theme.
_TOLERANCE = 0.002
#: At most this many training articles per theme (keeps 100k corpora fast).
_MAX_HELD = 2000
#: A theme needs this many confidently held articles to be learned.
_MIN_HELD = 2
#: Most terms the learned model uses (the most frequent in its training set).
_MAX_MODEL_TERMS = 50000
#: Inverse regularisation of the refined model (logistic regression).
_C = 10.0
#: Smoothing of the complement naive Bayes model.
_NB_ALPHA = 0.3
#: Terms listed in ``top_terms``.
_TOP_TERMS = 5
#: Candidate terms per theme considered for ``top_terms``.
_TOP_SUPPORT = 2000
#: Label of the over-time row of dated articles with no primary theme.
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class _Theme:
    id: str
    label: str
    description: str
    terms: tuple[str, ...]


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


def seed_terms(lexicon=None) -> list[str]:
    """Every seed term of a theme lexicon, in lexicon order.

    The build passes them to :func:`reexdata.vectorize.vectorize` as
    ``phrases`` so that the shared matrix counts multi-word seeds.

    Parameters
    ----------
    lexicon : None, str, Path or mapping, default=None
        As in :func:`score_themes`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from reexdata.themes import seed_terms
    >>> seed_terms({"trade": ["export controls", "tariffs"], "party": ["discipline"]})
    ['export controls', 'tariffs', 'discipline']
    """
    return [term for theme in _load_themes(lexicon) for term in theme.terms]


def score_themes(articles, *, lexicon=None, matrix=None):
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
       to 1.

    Themes that hold fewer than two articles, or corpora where fewer than
    two themes do, skip the learned models (they count as an even split for
    them), so tiny corpora are scored by their seeds alone. An article's
    rank-1 theme is primary when its score reaches
    :func:`primary_threshold` (0.25 for six themes); otherwise the article
    is unassigned. An article with no word the vectorizer knows scores 0 on
    every theme.

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
        - ``top_terms`` : list of str, up to five of the article's terms that
          most favour this theme over the others (empty when none does)

    Raises
    ------
    LexiconError
        When the lexicon is malformed; the message names the theme.
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
    themes = _load_themes(lexicon)
    ids = frame.get_column("article_id").to_list() if "article_id" in frame.columns else None
    if ids is None:
        raise param_error("score_themes", "articles", "a table with an 'article_id' column", "no such column")
    if not ids:
        return _like(empty_table("themes"), kind)
    dm = _matrix_for(frame, matrix, themes)
    X = dm.rows(ids, func="score_themes")
    seeds = _seed_matrix(dm, themes)
    prior_logits = np.asarray((X @ seeds.T).todense(), dtype=np.float64) / _SEED_TEMPERATURE
    coef, model_logp = _refine(X, prior_logits)
    logp = prior_logits + model_logp
    scores = _softmax(logp)
    empty = np.diff(X.indptr) == 0
    scores[empty] = 0.0
    weights = _contribution_weights(seeds, coef)
    top = _top_terms(X, weights, dm.terms)
    return _like(_long_frame(ids, themes, scores, top), kind)


def themes_over_time(scores, articles, *, freq="M"):
    """Count the articles of each primary theme per calendar period.

    Parameters
    ----------
    scores : polars.DataFrame or pandas.DataFrame
        The output of :func:`score_themes` for (at least) these articles.
    articles : polars.DataFrame or pandas.DataFrame
        The articles table; needs ``article_id`` and ``published``.
    freq : {'D', 'W', 'M', 'Q'}, default='M'
        Period length: day, ISO week (Monday start), month or quarter.

    Returns
    -------
    polars.DataFrame or pandas.DataFrame
        The kind of ``scores``, columns as ``TABLES['themes_over_time']``,
        one row per (period, theme) for every theme of ``scores`` plus
        ``'unassigned'``, sorted by period (undated last) then theme:

        - ``period`` : date, first day of the period; every period from the
          first to the last dated article is present, with zeros when empty.
          Undated articles form one extra group with a null period (present
          only when there are undated articles).
        - ``theme`` : str, theme id or ``'unassigned'`` (articles with no
          primary theme)
        - ``articles`` : int, articles of the period whose primary theme it is
        - ``articles_in_period`` : int, all articles of the period (the sum
          of ``articles`` over the period's themes)
        - ``share`` : float, articles / articles_in_period (0 when empty)
        - ``mean_score`` : float, mean score of the theme over all the
          period's articles (0 when empty, and 0 for ``'unassigned'``)

    Raises
    ------
    ValueError
        When ``freq`` is not one of 'D', 'W', 'M', 'Q', or when an article
        has no scores.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from reexdata.themes import themes_over_time
    >>> scores = pl.DataFrame({
    ...     "article_id": ["a", "a", "b", "b"], "theme": ["x", "y", "x", "y"],
    ...     "score": [0.9, 0.1, 0.3, 0.7], "rank": [1, 2, 2, 1],
    ...     "is_primary": [True, False, False, True],
    ...     "top_terms": [[], [], [], []],
    ... })
    >>> articles = pl.DataFrame({"article_id": ["a", "b"],
    ...                          "published": [dt.date(2025, 1, 5), dt.date(2025, 3, 1)]})
    >>> out = themes_over_time(scores, articles, freq="M")
    >>> out.filter(pl.col("theme") == "x").select("period", "articles").rows()
    [(datetime.date(2025, 1, 1), 1), (datetime.date(2025, 2, 1), 0), (datetime.date(2025, 3, 1), 0)]
    """
    check_one_of("themes_over_time", "freq", freq, FREQS)
    sc, kind = _to_polars(scores, "themes_over_time", "scores")
    art, _ = _to_polars(articles, "themes_over_time", "articles")
    for name, frame, cols in (("scores", sc, ("article_id", "theme", "score", "is_primary")),
                              ("articles", art, ("article_id", "published"))):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise param_error("themes_over_time", name, f"a table with columns {list(cols)}",
                              f"a table without {missing}")
    themes = sorted(set(sc.get_column("theme").to_list()) | {UNASSIGNED})
    dated = art.select(
        pl.col("article_id"),
        _period_start(pl.col("published").cast(pl.Date), freq).alias("period"),
    )
    scored_ids = set(sc.get_column("article_id").to_list())
    unscored = [a for a in dated.get_column("article_id").to_list() if a not in scored_ids]
    if unscored:
        raise param_error("themes_over_time", "scores", "scores of every article",
                          f"no scores for article {unscored[0]!r}")
    primary = (
        sc.filter(pl.col("is_primary"))
        .group_by("article_id")
        .agg(pl.col("theme").sort().first().alias("primary"))
    )
    per_article = dated.join(primary, on="article_id", how="left").with_columns(
        pl.col("primary").fill_null(UNASSIGNED)
    )
    periods = _all_periods(per_article, freq)
    grid = periods.join(pl.DataFrame({"theme": themes}), how="cross")
    counts = per_article.group_by("period", "primary").agg(pl.len().alias("articles"))
    totals = per_article.group_by("period").agg(pl.len().alias("articles_in_period"))
    means = (
        sc.join(dated, on="article_id", how="inner")
        .group_by("period", "theme")
        # Summed in value order: a float sum in row order would change in
        # the last bit when the same articles arrive in another order.
        .agg(pl.col("score").sort().sum().alias("score_sum"))
    )
    out = (
        grid.join(counts.rename({"primary": "theme"}), on=["period", "theme"], how="left", nulls_equal=True)
        .join(totals, on="period", how="left", nulls_equal=True)
        .join(means, on=["period", "theme"], how="left", nulls_equal=True)
        .with_columns(
            pl.col("articles").fill_null(0),
            pl.col("articles_in_period").fill_null(0),
            pl.col("score_sum").fill_null(0.0),
        )
        .with_columns(
            pl.when(pl.col("articles_in_period") > 0)
            .then(pl.col("articles") / pl.col("articles_in_period"))
            .otherwise(0.0)
            .alias("share"),
            pl.when(pl.col("articles_in_period") > 0)
            .then(pl.col("score_sum") / pl.col("articles_in_period"))
            .otherwise(0.0)
            .alias("mean_score"),
        )
        .sort(["period", "theme"], nulls_last=True)
    )
    return _like(cast_table("themes_over_time", out), kind)


# --- lexicon ---------------------------------------------------------------


def _load_themes(lexicon) -> list[_Theme]:
    """Validate a lexicon given as None, a path or a mapping."""
    raw: Mapping
    if lexicon is None:
        from reexdata.lexicons import load_lexicon

        raw = load_lexicon("themes")
    elif isinstance(lexicon, (str, Path)):
        from reexdata.lexicons import load_lexicon

        if not Path(lexicon).exists() and lexicon != "themes":
            raise LexiconError(f"Theme lexicon file {lexicon} does not exist.")
        raw = load_lexicon(lexicon)
    elif isinstance(lexicon, Mapping):
        raw = lexicon
    else:
        raise param_error("score_themes", "lexicon", "None, a path or a mapping", lexicon)
    entries = _entries(raw)
    if not entries:
        raise LexiconError("The theme lexicon has no themes.")
    themes, seen = [], set()
    for position, (theme_id, entry) in enumerate(entries, start=1):
        if not isinstance(theme_id, str) or not theme_id.strip():
            raise LexiconError(f"Theme number {position} of the theme lexicon has no id.")
        if theme_id == UNASSIGNED:
            raise LexiconError(f"Theme {theme_id!r}: the id {UNASSIGNED!r} is reserved.")
        if theme_id in seen:
            raise LexiconError(f"Theme {theme_id!r} appears more than once in the theme lexicon.")
        seen.add(theme_id)
        if isinstance(entry, Mapping):
            if "terms" not in entry:
                raise LexiconError(f"Theme {theme_id!r} has no 'terms'.")
            terms = entry["terms"]
            label, description = entry.get("label", theme_id), entry.get("description", "")
        else:
            terms, label, description = entry, theme_id, ""
        if isinstance(terms, str) or not isinstance(terms, (list, tuple)):
            raise LexiconError(f"Theme {theme_id!r}: 'terms' must be a list of strings.")
        if not terms:
            raise LexiconError(f"Theme {theme_id!r} has an empty list of terms.")
        bad = [t for t in terms if not isinstance(t, str) or not t.strip()]
        if bad:
            raise LexiconError(f"Theme {theme_id!r} has a term that is not a non-empty string: {bad[0]!r}.")
        themes.append(_Theme(theme_id, str(label), str(description), tuple(t.strip() for t in terms)))
    if len(themes) == 1:
        # Scores compare themes with each other; one theme alone scores 1 everywhere.
        raise LexiconError(f"The theme lexicon needs at least two themes; it has only {themes[0].id!r}.")
    return themes


def _entries(raw) -> list[tuple]:
    """``[(id, entry), ...]`` from the TOML shape or a plain mapping."""
    if "themes" in raw and isinstance(raw["themes"], (list, tuple)):
        out = []
        for position, entry in enumerate(raw["themes"], start=1):
            if not isinstance(entry, Mapping):
                raise LexiconError(f"Theme number {position} of the theme lexicon is not a table.")
            out.append((entry.get("id"), entry))
        return out
    if "themes" in raw and isinstance(raw["themes"], Mapping):
        raw = raw["themes"]
    return [(key, value) for key, value in raw.items() if key != "version"]


# --- scoring ---------------------------------------------------------------


def _matrix_for(frame, matrix, themes):
    if matrix is None:
        from reexdata.vectorize import vectorize

        return vectorize(frame, phrases=[t for theme in themes for t in theme.terms])
    if not all(hasattr(matrix, a) for a in ("article_ids", "X", "vectorizer", "terms", "rows")):
        raise param_error("score_themes", "matrix", "a reexdata.vectorize.DocumentMatrix or None",
                          type(matrix).__name__)
    return matrix


# Words ending in s that are not plurals of another word.
_INVARIANT = frozenset({"news", "series", "species", "means", "physics", "economics", "politics",
                        "mathematics", "logistics", "statistics", "lens", "gas", "bias", "chaos"})


def _singular(word: str) -> str:
    """The singular of an English plural (a light rule set; other words unchanged)."""
    if len(word) <= 3 or word in _INVARIANT:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses") or (word.endswith("es") and (word[-3] in "xz" or word[-4:-2] in ("ch", "sh"))):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _forms(word: str) -> set[str]:
    """The word, its singular and its plurals (looked up in the vocabulary).

    Only number is folded: -ed and -ing forms often mean something else in
    news ("rating" is not "rate") and matching them hurt in our checks.
    """
    base = _singular(word)
    cands = {word, base, base + "s", base + "es"}
    if base.endswith("y"):
        cands.add(base[:-1] + "ies")
    return {c for c in cands if c == word or _singular(c) == base}


def _seed_matrix(dm, themes):
    """Sparse (themes x terms) matrix of L2-normalised seed vectors."""
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    analyzer = dm.vectorizer.build_analyzer()
    vocab = dm.vectorizer.vocabulary_
    idf = dm.vectorizer.idf_ if hasattr(dm.vectorizer, "idf_") else np.ones(len(dm.terms))
    rows, cols, vals = [], [], []
    for k, theme in enumerate(themes):
        weights: dict[int, float] = {}
        for term in theme.terms:
            cols_t = set()
            for gram in analyzer(term):
                forms = [_forms(w) for w in gram.split(" ")]
                for candidate in _joined(forms):
                    j = vocab.get(candidate)
                    if j is not None:
                        cols_t.add(j)
            if not cols_t:
                continue
            norm = np.sqrt(sum(float(idf[j]) ** 2 for j in cols_t))
            for j in cols_t:
                weights[j] = weights.get(j, 0.0) + float(idf[j]) / norm
        for j in sorted(weights):
            rows.append(k)
            cols.append(j)
            vals.append(weights[j])
    S = sp.csr_matrix((vals, (rows, cols)), shape=(len(themes), len(dm.terms)), dtype=np.float64)
    return normalize(S)


def _joined(forms: list[set[str]]) -> list[str]:
    out = [""]
    for options in forms:
        out = [f"{prefix} {o}" if prefix else o for prefix in out for o in sorted(options)]
    return out


def _held(logits, fraction, candidates):
    """Indices and labels of the articles each theme confidently holds.

    Each candidate article goes to its top theme; of each theme's articles,
    the ``fraction`` with the clearest lead over the runner-up (at most
    ``_MAX_HELD``) are held.
    """
    n, K = logits.shape
    label = logits.argmax(axis=1)
    ordered = np.sort(logits, axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    chosen = []
    for k in range(K):
        members = np.flatnonzero((label == k) & candidates)
        if members.size == 0:
            continue
        # Highest margin first; ties by position keep the choice deterministic.
        order = members[np.lexsort((members, -margin[members]))]
        keep = max(1, int(np.ceil(fraction * order.size)))
        chosen.append(order[: min(keep, _MAX_HELD)])
    if not chosen:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    idx = np.sort(np.concatenate(chosen))
    return idx, label[idx]


def _refine(X, prior_logits):
    """Learn each theme's words by self-training from the seed prior.

    Round one trains on the seeded articles the seed prior holds most
    clearly; each later round re-selects the held articles among all
    articles by the current posterior (prior plus learned models) and
    trains again, until fewer than
    ``_TOLERANCE`` of the articles change their top theme or after
    ``_MAX_ROUNDS`` rounds. Returns ``(coef, log_likelihood)`` of the last
    round: the (themes x terms) coefficients, zero for themes not learned,
    and the per-article log probabilities, an even split for themes not
    learned.
    """
    n, K = prior_logits.shape
    coef = np.zeros((K, X.shape[1]))
    model_logp = np.full((n, K), -np.log(K))
    # Round one holds only articles with a seed word (the others have no
    # prior lead); later rounds hold any article with a word, so the themes
    # also learn from the articles the models reach without seeds.
    seeded = prior_logits.max(axis=1) > 0
    worded = np.diff(X.indptr) > 0
    logits, top = prior_logits, prior_logits.argmax(axis=1)
    for round_ in range(_MAX_ROUNDS):
        first = round_ == 0
        fraction = _FIRST_FRACTION if first else _LATER_FRACTION
        idx, labels = _held(logits, fraction, seeded if first else worded)
        fitted = _fit_models(X, idx, labels, K)
        if fitted is None:
            break
        coef, model_logp = fitted
        logits = _log_softmax(prior_logits + model_logp)
        new_top = logits.argmax(axis=1)
        changed = np.mean(new_top != top)
        top = new_top
        if round_ > 0 and changed < _TOLERANCE:
            break
    return coef, model_logp


def _fit_models(X, idx, labels, K):
    """Fit the two text classifiers on the held articles ``X[idx]``.

    Returns ``(coef, log_likelihood)`` as :func:`_refine` does, or None when
    fewer than two themes hold ``_MIN_HELD`` articles.
    """
    learned, counts = np.unique(labels, return_counts=True)
    learned = learned[counts >= _MIN_HELD]
    if learned.size < 2:
        return None
    mask = np.isin(labels, learned)
    idx, labels = idx[mask], labels[mask]
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB

    held = X[idx]
    cols = _model_terms(held)
    classes = np.unique(labels)
    model = LogisticRegression(C=_C, solver="newton-cg", max_iter=100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(held[:, cols], labels)
    bayes = ComplementNB(alpha=_NB_ALPHA).fit(held[:, cols], labels)
    if classes.size == 2:
        # The binary model is one logit; split it evenly between the two themes.
        w_lr = np.vstack([-model.coef_[0], model.coef_[0]]) / 2
        b_lr = np.array([-model.intercept_[0], model.intercept_[0]]) / 2
    else:
        w_lr, b_lr = model.coef_, model.intercept_
    # Both models' log-odds are linear in the terms; a constant per term
    # (across themes) changes nothing, so naive Bayes weights are centred.
    w_nb = bayes.feature_log_prob_ - bayes.feature_log_prob_.mean(axis=0, keepdims=True)
    Xc = X[:, cols]
    log_lr = _log_softmax(np.asarray(Xc @ w_lr.T) + b_lr)
    log_nb = _log_softmax(np.asarray(Xc @ w_nb.T))
    log_model = _log_softmax(0.5 * (log_lr + log_nb))
    coef = np.zeros((K, X.shape[1]))
    coef[np.ix_(classes, cols)] = 0.5 * (w_lr + w_nb)
    logp = np.full((X.shape[0], K), -np.log(K))
    # Learned themes share the mass the even split gives them together.
    logp[:, classes] = log_model + np.log(classes.size / K)
    return coef, logp


def _log_softmax(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _model_terms(held):
    """Columns the learned model uses: terms of the held articles.

    On larger training sets only terms in at least two held articles, and at
    most the ``_MAX_MODEL_TERMS`` most frequent, which bounds the model's
    size (and fitting time) whatever the vocabulary.
    """
    df = np.bincount(held.indices, minlength=held.shape[1])
    min_df = 2 if held.shape[0] >= 100 else 1
    cols = np.flatnonzero(df >= min_df)
    if cols.size > _MAX_MODEL_TERMS:
        cols = np.sort(cols[np.argsort(-df[cols], kind="stable")[:_MAX_MODEL_TERMS]])
    return cols


def _softmax(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _contribution_weights(seeds, coef):
    """Per-term weight of each theme's log score, centred over the themes."""
    W = np.asarray(seeds.todense()) / _SEED_TEMPERATURE + coef
    return W - W.mean(axis=0, keepdims=True)


def _top_terms(X, weights, terms):
    """Each article's terms with the largest positive contribution to each theme.

    Returns a frame ``(row, k, top_terms)`` with one row per (article, theme)
    that has at least one contributing term.
    """
    n = X.shape[0]
    names = pl.Series("term", terms, dtype=pl.String)
    X = X.copy()
    X.sort_indices()
    row_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(X.indptr))
    parts = []
    for k, w in enumerate(weights):
        support = np.flatnonzero(w > 0)
        if support.size > _TOP_SUPPORT:
            support = support[np.argsort(-w[support], kind="stable")[:_TOP_SUPPORT]]
        w_kept = np.zeros(w.shape[0])
        w_kept[support] = w[support]
        contrib = X.data * w_kept[X.indices]
        keep = np.flatnonzero(contrib > 0)
        if keep.size == 0:
            continue
        rows, vals = row_of[keep], contrib[keep]
        # One stable sort on "row, then largest contribution": entries are in
        # row order already and ties keep the vocabulary order.
        key = rows + 0.5 * (1.0 - vals / (vals.max() * (1 + 1e-9)))
        order = np.argsort(key, kind="stable")
        rows, cols = rows[order], X.indices[keep][order]
        first = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
        position = np.arange(rows.size) - np.repeat(first, np.diff(np.r_[first, rows.size]))
        top = position < _TOP_TERMS
        parts.append(pl.DataFrame({
            "row": rows[top],
            "k": np.full(int(top.sum()), k, dtype=np.int64),
            "term": names.gather(cols[top]),
        }))
    if not parts:
        return pl.DataFrame(schema={"row": pl.Int64, "k": pl.Int64, "top_terms": pl.List(pl.String)})
    return (
        pl.concat(parts)
        .group_by(["row", "k"], maintain_order=True)
        .agg(pl.col("term").alias("top_terms"))
    )


def _long_frame(ids, themes, scores, top):
    n, K = scores.shape
    order = np.argsort(-scores, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(1, K + 1)
    primary = (rank == 1) & (scores >= primary_threshold(K))
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


def _all_periods(per_article, freq):
    """Every period from the first to the last dated article, then null if undated."""
    dated = per_article.get_column("period").drop_nulls()
    parts = []
    if dated.len():
        parts.append(_period_range(dated.min(), dated.max(), freq).to_frame())
    if per_article.get_column("period").null_count():
        parts.append(pl.DataFrame({"period": [None]}, schema={"period": pl.Date}))
    if not parts:
        return pl.DataFrame(schema={"period": pl.Date})
    return pl.concat(parts)


