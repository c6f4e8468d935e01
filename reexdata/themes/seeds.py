"""A theme lexicon's seed terms as vectors in the corpus's TF-IDF space."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from reexdata.lexicons import Theme, _load_themes
from reexdata.vectorize import DocumentMatrix

__all__ = ["seed_terms"]

#: Temperature of the seed prior: a cosine lead of this much over another
#: theme multiplies the odds by e.
_SEED_TEMPERATURE = 0.05


def seed_terms(lexicon: str | Path | Mapping[str, Any] | None = None) -> list[str]:
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
    return [term for theme in _load_themes(lexicon, "seed_terms") for term in theme.terms]


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


def _seed_matrix(dm: DocumentMatrix, themes: list[Theme]) -> Any:
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
