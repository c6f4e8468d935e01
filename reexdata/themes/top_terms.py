"""The terms of an article that most favour each theme (the ``top_terms`` column)."""

import numpy as np
import polars as pl

from reexdata.themes.seeds import _SEED_TEMPERATURE

__all__: list[str] = []

#: Terms listed in ``top_terms``.
_TOP_TERMS = 5
#: Candidate terms per theme considered for ``top_terms``.
_TOP_SUPPORT = 2000


def _contribution_weights(seeds, coef):
    """Per-term weight of each theme's log score, centred over the themes.

    ``coef`` may have one more row than ``seeds``: the background's (which
    has no seeds); it takes part in the centring, so a term that favours the
    background favours no theme, and only the themes' rows are returned.
    """
    S = np.asarray(seeds.todense())
    S = np.vstack([S, np.zeros((coef.shape[0] - S.shape[0], S.shape[1]))])
    W = S / _SEED_TEMPERATURE + coef
    return (W - W.mean(axis=0, keepdims=True))[: seeds.shape[0]]


def _top_terms(X, weights, terms):
    """Each article's terms with the largest positive contribution to each theme.

    Returns a frame ``(row, k, top_terms)`` with one row per (article, theme)
    that has at least one contributing term.
    """
    names = pl.Series("term", terms, dtype=pl.String)
    if not X.has_sorted_indices:
        X = X.copy()
        X.sort_indices()
    parts = []
    for k, w in enumerate(weights):
        support = np.flatnonzero(w > 0)
        if support.size > _TOP_SUPPORT:
            support = support[np.argsort(-w[support], kind="stable")[:_TOP_SUPPORT]]
        in_support = np.zeros(w.shape[0], dtype=bool)
        in_support[support] = True
        # Only the entries of the support's terms can contribute: a boolean
        # pass over the entries finds them, and only they are multiplied.
        candidates = np.flatnonzero(in_support[X.indices])
        contrib = X.data[candidates] * w[X.indices[candidates]]
        positive = contrib > 0
        keep, vals = candidates[positive], contrib[positive]
        if keep.size == 0:
            continue
        rows = np.searchsorted(X.indptr, keep, side="right") - 1
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
