"""The clusters table: size, distinctive terms and a label per cluster."""

from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from reexdata.lexicons import load_lexicon, load_themes
from reexdata.segment import has_han

#: Distinctive terms listed per cluster.
TOP_TERMS = 10
#: A term in more than this share of the corpus's articles never describes a cluster.
MAX_DF = 0.5
#: Shortest term that may describe a cluster (a Chinese word of two Han
#: characters says as much as a word of several letters, so Han terms need 2).
MIN_CHARS = 3
MIN_HAN_CHARS = 2
#: A cluster takes a theme's label when its centroid's cosine to the theme's
#: seed terms is at least this, and this many times the runner-up's.
THEME_MIN_SIMILARITY = 0.05
THEME_MARGIN = 1.5


def _describe(X, labels, k, dm, lexicon=None):
    """The clusters table's ``cluster``, ``size``, ``top_terms`` and ``label`` columns."""
    import scipy.sparse as sp

    n = X.shape[0]
    membership = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    mass = np.asarray((membership @ X).todense())  # clusters x terms
    terms = np.asarray(dm.terms)
    weights = np.where(_eligible(X, terms)[None, :], _ctfidf(mass), -np.inf)
    tops = [_top_terms(weights[c], terms) for c in range(k)]
    return pl.DataFrame({
        "cluster": np.arange(k, dtype=np.int64),
        "size": np.bincount(labels, minlength=k).astype(np.int64),
        "top_terms": tops,
        "label": _labels(mass, tops, dm, lexicon),
    }, schema_overrides={"top_terms": pl.List(pl.String)})


@lru_cache(maxsize=1)
def _stop_terms() -> frozenset[str]:
    """The shipped list of words that never describe a cluster (``cluster_terms.toml``)."""
    lexicon = load_lexicon(Path(__file__).resolve().parents[1] / "lexicons" / "cluster_terms.toml")
    return frozenset(w for words in lexicon["stop"].values() for w in words)


def _eligible(X, terms):
    """Terms that may describe a cluster: in at most half of the articles, not listed, 3+ characters (2+ Han)."""
    df = np.bincount(X.indices, minlength=X.shape[1]) / max(X.shape[0], 1)
    stop = _stop_terms()
    return (df <= MAX_DF) & np.array([_long_enough(t) and t not in stop for t in terms], dtype=bool)


def _long_enough(term):
    return len(term) >= (MIN_HAN_CHARS if has_han(term) else MIN_CHARS)


def _ctfidf(mass):
    """Class-based TF-IDF of a clusters x terms mass matrix."""
    totals = mass.sum(axis=0)
    mean_mass = mass.sum() / max(mass.shape[0], 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        idf = np.where(totals > 0, np.log1p(mean_mass / totals), 0.0)
    return mass * idf


def _top_terms(weights, terms):
    """The most distinctive terms, skipping ones whose words are already covered."""
    # lexsort: by weight descending, then term ascending, so ties are stable.
    order = np.lexsort((terms, -weights))
    picked, covered = [], set()
    for j in order:
        if not weights[j] > 0 or len(picked) == TOP_TERMS:
            break
        words = set(str(terms[j]).split())
        if words <= covered:
            continue
        picked.append(str(terms[j]))
        covered |= words
    return picked


def _labels(mass, tops, dm, lexicon=None):
    """Each cluster's nearest theme label when clearly close, else its top terms."""
    from sklearn.preprocessing import normalize

    fallback = [" / ".join(t[:3]) if t else "(no terms)" for t in tops]
    themes = [(theme.label, theme.terms) for theme in load_themes(lexicon)]
    theme_vectors = normalize(dm.vectorizer.transform([" ".join(terms) for _, terms in themes]))
    centroids = normalize(mass)
    sims = np.asarray((theme_vectors @ centroids.T)).T  # clusters x themes
    chosen = []
    for c in range(mass.shape[0]):
        ranked = np.argsort(-sims[c], kind="stable")
        best = sims[c, ranked[0]]
        second = sims[c, ranked[1]] if len(ranked) > 1 else 0.0
        close = best >= THEME_MIN_SIMILARITY and best >= THEME_MARGIN * second
        chosen.append(themes[ranked[0]][0] if close else None)
    labels = []
    for c, theme in enumerate(chosen):
        if theme is None:
            labels.append(fallback[c])
        elif chosen.count(theme) > 1 and tops[c]:
            # Several clusters near one theme: keep their labels apart.
            labels.append(f"{theme} ({tops[c][0]})")
        else:
            labels.append(theme)
    return labels
