"""The corpus's background: the articles that no theme's seeds reach.

Used by :func:`reexdata.score_themes` with ``background=True``. The corpus
is clustered (50 LSA dimensions, then k-means); a cluster is *claimed* by a
theme when its articles' mean seed cosine for that theme reaches a quarter of
the theme's typical seed cosine (the mean over the articles its seeds hold
most clearly). The articles of the clusters no theme claims form the
background, one more class for the self-training.
"""

import warnings

import numpy as np

from reexdata.themes.model import _FIRST_FRACTION, _held

__all__: list[str] = []

#: LSA dimensions of the clustering space.
_DIMENSIONS = 50
#: Corpus clusters per theme (at least ``_MIN_CLUSTERS``, at most n / 10).
_CLUSTERS_PER_THEME = 4
_MIN_CLUSTERS = 20
#: Articles that fit the SVD and k-means; every article is then assigned.
_SAMPLE = 10000
#: A cluster is claimed when its mean seed cosine for a theme reaches this
#: share of the theme's typical seed cosine.
_CLAIM_SHARE = 0.25


def _corpus_clusters(X, n_themes):
    """Cluster of every article: k-means on its L2-normalised LSA vector.

    The SVD and k-means are fitted on at most ``_SAMPLE`` evenly spaced rows
    (a fixed cost on large corpora); deterministic.
    """
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.preprocessing import normalize

    n = X.shape[0]
    sample = np.arange(n) if n <= _SAMPLE else np.linspace(0, n - 1, _SAMPLE).round().astype(np.int64)
    dims = min(_DIMENSIONS, min(X.shape) - 1)
    k = min(max(_CLUSTERS_PER_THEME * n_themes, _MIN_CLUSTERS), max(2, n // 10))
    with warnings.catch_warnings():
        # Identical articles (no variance, fewer distinct points than
        # clusters) warn in scikit-learn; the clusters are still valid.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        svd = TruncatedSVD(dims, random_state=0).fit(X[sample])
        Z = normalize(svd.transform(X))
        km = KMeans(k, n_init=3, random_state=0).fit(Z[sample])
    return km.predict(Z)


def _typical_evidence(cosine):
    """Each theme's typical seed cosine: its mean over the articles the seeds hold.

    Those are the 40% of a theme's seeded articles with the clearest lead
    (round one of the self-training); infinite for a theme that holds none,
    so that it claims nothing.
    """
    idx, labels = _held(cosine, _FIRST_FRACTION, cosine.max(axis=1) > 0)
    typical = np.full(cosine.shape[1], np.inf)
    for k in np.unique(labels):
        typical[k] = cosine[idx[labels == k], k].mean()
    return typical


def _background(X, cosine):
    """Mask of the background articles and the ids of the unclaimed clusters.

    Parameters
    ----------
    X : scipy.sparse matrix
        The articles' TF-IDF rows.
    cosine : numpy.ndarray
        (articles x themes) seed cosine.

    Returns
    -------
    mask : numpy.ndarray of bool
        Articles with words in clusters that no theme claims.
    clusters : numpy.ndarray of int
        Every article's cluster.
    """
    n, K = cosine.shape
    worded = np.diff(X.indptr) > 0
    if n < 4 or X.shape[1] < 2:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64)
    clusters = _corpus_clusters(X, K)
    typical = _typical_evidence(cosine)
    unclaimed = []
    for c in np.unique(clusters):
        share = cosine[clusters == c].mean(axis=0) / typical
        if share.max() < _CLAIM_SHARE:
            unclaimed.append(c)
    return np.isin(clusters, unclaimed) & worded, clusters


def _first_round(cosine, mask):
    """Round-one ``(logits, candidates)`` of the self-training with a background.

    Seeded articles outside the background go to their closest theme, ranked
    by their seed cosine lead over the runner-up; background articles go to
    the background class, those with the least seed evidence first.
    """
    n, K = cosine.shape
    ordered = np.sort(cosine, axis=1)
    lead = ordered[:, -1] - ordered[:, -2]
    label = np.where(mask, K, cosine.argmax(axis=1))
    # Only the held ranking matters: the label's column carries the rank
    # key, every other column a value far below any key.
    logits = np.full((n, K + 1), -1e3)
    logits[np.arange(n), label] = np.where(mask, -cosine.max(axis=1), lead)
    return logits, mask | (cosine.max(axis=1) > 0)
