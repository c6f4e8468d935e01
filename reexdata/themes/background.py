"""The corpus's background: the articles that no theme's seeds reach.

Used by :func:`reexdata.score_themes` (``method="relevance"``, the
default). The corpus is clustered (50 LSA dimensions, then k-means); a
cluster is *claimed* by a
theme when its articles' mean seed cosine for that theme reaches a quarter of
the theme's typical seed cosine (the mean over the articles its seeds hold
most clearly), or when two views agree that it belongs to a theme: its
nearest cluster is one that theme's seeds claim, and the self-trained model
without a background is as sure of it as of that theme's least sure claimed
cluster (:func:`_neighbour_claims`). The articles of the clusters no theme
claims form the background, one more class for the self-training.
"""

import warnings

import numpy as np

from reexdata.themes.model import _FIRST_FRACTION, _held

__all__: list[str] = []

#: LSA dimensions of the clustering space.
_DIMENSIONS = 50
#: Corpus clusters per theme (at least ``_MIN_CLUSTERS``, and about
#: ``_ARTICLES_PER_CLUSTER`` articles per cluster at least).
_CLUSTERS_PER_THEME = 4
_MIN_CLUSTERS = 20
_ARTICLES_PER_CLUSTER = 10
#: Fewest articles that show a background: two clusters.
_MIN_ARTICLES = 2 * _ARTICLES_PER_CLUSTER
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
    k = min(max(_CLUSTERS_PER_THEME * n_themes, _MIN_CLUSTERS), max(2, n // _ARTICLES_PER_CLUSTER))
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


def _background(X, cosine, shares):
    """Mask of the background articles: those of the clusters no theme claims.

    Parameters
    ----------
    X : scipy.sparse matrix
        The articles' TF-IDF rows.
    cosine : numpy.ndarray
        (articles x themes) seed cosine.
    shares : numpy.ndarray
        (articles x themes) scores of the self-trained model without a
        background (``method="shares"``).

    Returns
    -------
    numpy.ndarray of bool
        Articles with words in clusters that no theme claims.
    """
    n, K = cosine.shape
    if n < _MIN_ARTICLES or X.shape[1] < 2:
        return np.zeros(n, dtype=bool)
    clusters = _corpus_clusters(X, K)
    ids, clusters = np.unique(clusters, return_inverse=True)
    members = _membership(clusters, ids.size)
    owner = _seed_claims(members, cosine)
    owner = _neighbour_claims(members, X, shares, owner)
    worded = np.diff(X.indptr) > 0
    return (owner[clusters] < 0) & worded


def _membership(clusters, k):
    """Sparse (clusters x articles) matrix: row c averages cluster c's articles."""
    import scipy.sparse as sp

    n = clusters.size
    counts = np.bincount(clusters, minlength=k)
    return sp.csr_matrix((1.0 / counts[clusters], (clusters, np.arange(n))), shape=(k, n))


def _seed_claims(members, cosine):
    """The theme that claims each cluster by its seeds, -1 for none.

    A theme claims a cluster when the cluster's mean seed cosine for it
    reaches ``_CLAIM_SHARE`` of its typical seed cosine (the largest share
    wins).
    """
    share = np.asarray(members @ cosine) / _typical_evidence(cosine)
    return np.where(share.max(axis=1) >= _CLAIM_SHARE, share.argmax(axis=1), -1)


def _neighbour_claims(members, X, shares, owner):
    """Claims extended to unclaimed clusters by two views that agree.

    A cluster no seed claims goes to theme t when (1) its nearest cluster
    (cosine of the mean TF-IDF rows) is one that t's seeds claim, and (2)
    the self-trained model without a background gives its articles t, on
    average, with at least the probability it gives the articles of the
    least sure of t's seed-claimed clusters. So a theme keeps the
    sub-genres that use none of its seed words (result tables beside
    result stories) while an unnamed topic, which the model must also
    give to some theme, stays background unless it sits next to that
    theme's territory and looks to the model as much like it. The
    thresholds come from the corpus's own claimed clusters; no constant is
    added.
    """
    from sklearn.preprocessing import normalize

    centres = normalize(members @ X)
    similarity = np.asarray((centres @ centres.T).todense())
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.argmax(axis=1)
    mean_share = np.asarray(members @ shares)
    K = shares.shape[1]
    least_sure = np.full(K, np.inf)
    for t in np.unique(owner[owner >= 0]):
        least_sure[t] = mean_share[owner == t, t].min()
    best = mean_share.argmax(axis=1)
    agree = (owner < 0) & (owner[nearest] == best) & (mean_share[np.arange(best.size), best] >= least_sure[best])
    return np.where(agree, best, owner)


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
