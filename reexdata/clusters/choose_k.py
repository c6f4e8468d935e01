"""The number of clusters from the corpus: the gap statistic on a bounded sample."""

import warnings

import numpy as np

from reexdata.clusters.embed import LSA_DIMS
from reexdata.clusters.partition import _kmeans

#: Range of k tried when k is chosen.
K_MIN, K_MAX = 2, 15
#: Articles k is chosen on (each k costs several k-means runs).
K_SAMPLE = 2_000
#: Null corpora the data's cohesion is compared with.
GAP_NULLS = 3


def _choose_k(X, distinct, random_state):
    """``(k, gap)``: the gap statistic's k for the rows of ``X`` (CSR, unigram space).

    On a seeded sample of at most 2,000 rows, for k = 2 .. min(15, rows - 1,
    ``distinct``): W(k) is the log cohesion of k-means on the sample's own
    20-component LSA, for the data and for three null corpora (see
    :func:`_shuffled`); gap(k) = W_data(k) - mean W_null(k) and
    s(k) = sd W_null(k) * sqrt(1 + 1/3). The k chosen is the smallest with
    gap(k) >= gap(k + 1) - s(k + 1) (Tibshirani, Walther and Hastie's
    rule), else the largest tried. ``gap`` is None when at most one k was
    possible (that k, or 1 when none).

    Every article weighs alike in the cohesion, so on a corpus dominated by
    one topic the small topics add little to it and k comes out low (3 on
    Reuters' six largest topics, where earn is 57% of the stories). Other
    criteria measured against it are listed in ``benchmarks/eval_clusters.py``.
    """
    n = X.shape[0]
    rng = np.random.default_rng(random_state)
    if n > K_SAMPLE:
        X = X[np.sort(rng.choice(n, K_SAMPLE, replace=False))]
    ks = list(range(K_MIN, min(K_MAX, X.shape[0] - 1, distinct) + 1))
    if len(ks) < 2:
        return (ks[0] if ks else 1), None
    data = _log_cohesion(X, ks, random_state)
    nulls = np.array([_log_cohesion(_shuffled(X, rng), ks, random_state) for _ in range(GAP_NULLS)])
    gap = data - nulls.mean(axis=0)
    spread = nulls.std(axis=0) * np.sqrt(1 + 1 / GAP_NULLS)
    for i in range(len(ks) - 1):
        if gap[i] >= gap[i + 1] - spread[i + 1]:
            return ks[i], float(gap[i])
    return ks[-1], float(gap[-1])


def _log_cohesion(X, ks, random_state):
    """log cohesion of k-means (3 starts) on the LSA-20 vectors of ``X``, per k."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    dims = min(LSA_DIMS, X.shape[0] - 1, X.shape[1] - 1)
    if dims < 1:
        Z = normalize(X.toarray().astype(np.float64))
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            Z = normalize(TruncatedSVD(dims, random_state=random_state).fit_transform(X))
    return np.array([np.log(_cohesion(X, _kmeans(Z, k, random_state, n_init=3)[0], k)) for k in ks])


def _cohesion(X, labels, k):
    """Spherical k-means objective in the full space: (1/n) sum_c ||sum_{i in c} x_i||."""
    import scipy.sparse as sp

    n = X.shape[0]
    membership = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    sums = (membership @ X).toarray()
    return float(np.linalg.norm(sums, axis=1).sum() / n)


def _shuffled(X, rng):
    """A null corpus: every stored (article, term) weight moves to a random term.

    Each article keeps its number of terms, each term its document frequency
    in expectation; which terms occur together is destroyed.
    """
    from sklearn.preprocessing import normalize

    null = X.tocsr(copy=True)
    null.indices = rng.permutation(null.indices).astype(null.indices.dtype)
    null.has_sorted_indices = False
    null.sum_duplicates()
    return normalize(null)
