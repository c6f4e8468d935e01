"""The space articles are clustered in: unigram TF-IDF, one sampled LSA, the map."""

import warnings

import numpy as np

#: Components of the latent semantic analysis (fewer for tiny corpora).
SVD_DIMS = 100
#: Leading components the mixture is fitted in. Measured on labelled news:
#: 20 components separate topics better than 100.
LSA_DIMS = 20
#: Articles the SVD is fitted on; every article is then projected.
SVD_SAMPLE = 10_000


def _sample(n, size, random_state):
    """Sorted seeded sample of ``size`` row indices, or every row when n <= size."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


def _cluster_space(X, terms):
    """Unigram columns of ``X`` (CSR) with rows re-normalised.

    Bigrams repeat the information of their words and give stock phrases
    ("mln dlrs", "company said") extra weight; clustering on words alone
    scored higher on labelled news in our checks.
    """
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    X = sp.csr_matrix(X)
    unigram = np.flatnonzero([" " not in str(t) for t in terms])
    if unigram.size == 0 or unigram.size == X.shape[1]:
        return X
    return normalize(X[:, unigram])


def _lsa(X, random_state):
    """The LSA basis of ``X``: SVD components fitted on at most 10,000 rows.

    Returns the components (one row each, float64), or None when the corpus
    is too small for a reduction (fewer than 2 components possible). The
    sample keeps the fit's cost fixed however large the corpus.
    """
    from sklearn.decomposition import TruncatedSVD

    n, n_terms = X.shape
    dims = min(SVD_DIMS, n_terms - 1, n - 1)
    if dims < 2:
        return None
    rows = _sample(n, SVD_SAMPLE, random_state)
    svd = TruncatedSVD(n_components=dims, random_state=random_state)
    with warnings.catch_warnings():
        # Explained-variance ratios divide by zero on degenerate corpora; unused.
        warnings.simplefilter("ignore", RuntimeWarning)
        svd.fit(X[rows])
    return svd.components_.astype(np.float64)


def _project(X, components, dims):
    """Rows of ``X`` on the first ``dims`` components (None: all), L2-normalised (dense float64).

    Without components (a tiny corpus), the TF-IDF rows themselves.
    """
    from sklearn.preprocessing import normalize

    if components is None:
        return normalize(X.toarray().astype(np.float64))
    return normalize(np.asarray(X @ components[:dims].T, dtype=np.float64))


def _map_2d(Z):
    """First two principal components of ``Z``, sign-fixed; zeros where absent.

    The caller runs it on one thread, so the coordinates are the same bits
    whatever the number of cores.
    """
    centred = Z - Z.mean(axis=0)
    cov = centred.T @ centred
    values, vectors = np.linalg.eigh(cov)
    vectors = vectors[:, np.argsort(values)[::-1][:2]]
    # Sign convention: each axis's largest absolute loading is positive.
    signs = np.sign(vectors[np.abs(vectors).argmax(axis=0), np.arange(vectors.shape[1])])
    signs[signs == 0] = 1
    coords = centred @ (vectors * signs)
    out = np.zeros((Z.shape[0], 2))
    out[:, : coords.shape[1]] = coords
    out[np.abs(out) < 1e-12] = 0.0
    return out[:, 0], out[:, 1]
