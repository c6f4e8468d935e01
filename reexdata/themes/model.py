"""Self-training: the learned models that carry each theme beyond its seed words.

The steps are described in :func:`reexdata.themes.score_themes`.
"""

import warnings

import numpy as np

__all__: list[str] = []

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


def _refine(X, prior_logits, start=None):
    """Learn each theme's words by self-training from the seed prior.

    Round one trains on the seeded articles the seed prior holds most
    clearly (or, when given, on the articles ``start = (logits,
    candidates)`` holds: the background's first round); each later round re-selects the held articles among all
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
    logits, seeded = start if start is not None else (prior_logits, prior_logits.max(axis=1) > 0)
    worded = np.diff(X.indptr) > 0
    top = logits.argmax(axis=1)
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
