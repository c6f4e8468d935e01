"""Partition at a given k: many starts, a von Mises-Fisher mixture, the most likely kept."""

import numpy as np

#: Concentration of the von Mises-Fisher mixture (fixed, so that the
#: likelihoods of different starts compare; tuned with 20 components).
KAPPA = 20.0
#: Single k-means++ runs used as starts, each judged by the mixture's
#: likelihood rather than by k-means inertia.
KM_STARTS = 10
#: Over-clustering factors of the merged starting partitions.
OVERCLUSTER = (2, 3)


def _partition(Z20, Z100, rows, k, random_state):
    """Cluster labels (0..k-1, unordered) of the rows of ``Z20``.

    The start search runs on the sample ``rows`` (sorted indices; every row
    of a small corpus); ``Z100`` holds those rows in the 100-component space
    (the plain pipeline's). When the sample is not the whole corpus, the
    winning mixture assigns every row and one more EM refines it on all of
    them.
    """
    n = Z20.shape[0]
    if k == 1:
        return np.zeros(n, dtype=np.int64)
    labels = _best_start(Z20[rows], Z100, k, random_state)
    if rows.size < n:
        labels = _extend(Z20, Z20[rows], labels, k)
    return labels


def _best_start(Z, Z100, k, random_state):
    """The most likely refined start with k non-empty clusters (ties: the earlier).

    When every refinement empties a cluster (tiny or duplicated corpora),
    the first start itself.
    """
    best, best_ll, first = None, -np.inf, None
    for start in _starts(Z, Z100, k, random_state):
        first = start if first is None else first
        labels, ll = _vmf_refine(Z, start, k)
        if np.unique(labels).size == k and ll > best_ll + 1e-9 * abs(ll):
            best, best_ll = labels, ll
    return first if best is None else best


def _starts(Z, Z100, k, random_state):
    """Starting partitions of the rows of ``Z``, in the order they are tried.

    Ten single k-means++ runs; k-means into 2k and 3k clusters whose centres
    are merged to k by average linkage (these keep a small topic whole
    beside a large one that k-means splits); and the plain pipeline's own
    partition (k-means on ``Z100``), so that the method falls back to it
    when it leads to the more likely mixture.
    """
    for offset in range(KM_STARTS):
        yield _kmeans(Z, k, random_state + offset, n_init=1)[0]
    for factor in OVERCLUSTER:
        merged = _merged_start(Z, k, factor * k, random_state)
        if merged is not None:
            yield merged
    yield _kmeans(Z100, k, random_state, n_init=3)[0]


def _merged_start(Z, k, m, random_state):
    """k-means into ``m`` clusters merged to k (cosine, average linkage); None if impossible."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.preprocessing import normalize

    m = min(m, Z.shape[0] - 1)
    if m <= k:
        return None
    fine, centres = _kmeans(Z, m, random_state, n_init=5)
    if np.unique(fine).size < m:
        return None
    merge = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
    return merge.fit(normalize(centres)).labels_[fine]


def _kmeans(Z, k, random_state, *, n_init):
    """k-means (k-means++ seeding, best of ``n_init``) labels and centres."""
    import warnings

    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # Fewer distinct points than k (duplicated texts) is handled by the caller.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(Z)
    return model.labels_, model.cluster_centers_


def _vmf_refine(Z, labels, k, max_iter=100):
    """EM for a von Mises-Fisher mixture started at ``labels``.

    One shared concentration and free weights. Returns the hard labels and
    the log-likelihood (up to a constant shared by all starts, since the
    concentration is fixed).
    """
    from scipy.special import logsumexp
    from sklearn.preprocessing import normalize

    resp = np.zeros((Z.shape[0], k))
    resp[np.arange(Z.shape[0]), labels] = 1.0
    ll_old = -np.inf
    for _ in range(max_iter):
        weights = resp.mean(axis=0)
        means = normalize(resp.T @ Z)
        with np.errstate(divide="ignore"):
            log_p = KAPPA * (Z @ means.T) + np.log(weights)
        norm = logsumexp(log_p, axis=1)
        ll = float(norm.sum())
        resp = np.exp(log_p - norm[:, None])
        if ll - ll_old <= 1e-10 * abs(ll):
            break
        ll_old = ll
    return log_p.argmax(axis=1), ll


def _extend(Z, sample, sample_labels, k):
    """Labels of every row of ``Z`` from the sample's winning partition.

    Each row takes the most likely component of the sample's mixture (its
    means and weights), then EM on all rows refines it; if that empties a
    cluster, the first assignment is kept.
    """
    from sklearn.preprocessing import normalize

    onehot = np.zeros((sample.shape[0], k))
    onehot[np.arange(sample.shape[0]), sample_labels] = 1.0
    means = normalize(onehot.T @ sample)
    with np.errstate(divide="ignore"):
        first = (KAPPA * (Z @ means.T) + np.log(onehot.mean(axis=0))).argmax(axis=1)
    labels, _ = _vmf_refine(Z, first, k)
    return first if np.unique(labels).size < k else labels
