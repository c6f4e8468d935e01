"""Topic clusters found without supervision.

``cluster_articles`` groups articles into topics nobody named in advance: a
mixture of von Mises-Fisher distributions fitted in a latent semantic space
of the articles' TF-IDF vectors, from many starting partitions, with the
number of topics chosen by the gap statistic when not given. Each cluster is
described by its distinctive terms (class-based TF-IDF, leaving out words
common to most of the corpus) and labelled by its nearest theme of the theme
lexicon when it is clearly close to one.

Articles in two or more languages are clustered per language (see
:func:`cluster_articles`). One module per step: ``embed`` (the space and the map), ``partition``
(clusters at a given k), ``choose_k`` (the number of clusters) and
``describe`` (terms and labels).
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from reexdata._frames import _like, _to_polars
from reexdata._parallel import _one_thread
from reexdata._typing import Frame
from reexdata.clusters.choose_k import _choose_k
from reexdata.clusters.describe import _describe
from reexdata.clusters.embed import LSA_DIMS, _cluster_space, _lsa, _map_2d, _project, _sample
from reexdata.clusters.partition import _partition
from reexdata.errors import check_range, check_type, param_error
from reexdata.schema import cast_table
from reexdata.themes.seeds import seed_terms
from reexdata.vectorize import DocumentMatrix, _matrix_for

__all__ = ["cluster_articles", "MIN_LANGUAGE_ARTICLES"]

_FUNC = "cluster_articles"
#: Articles the start search runs on; the winner is then extended to all.
SEARCH_SAMPLE = 5_000
#: A language is clustered on its own when at least this many articles carry
#: it (and another language has as many).
MIN_LANGUAGE_ARTICLES = 10


def cluster_articles(
    articles: Frame,
    *,
    k: int | None = None,
    random_state: int = 0,
    matrix: DocumentMatrix | None = None,
    themes: str | Path | Mapping[str, Any] | None = None,
) -> tuple[Frame, Frame]:
    """Group articles into topic clusters and place them on a 2-D map.

    A cluster is a group of articles that use the same words more than the
    rest of the corpus does: one component of a mixture of von Mises-Fisher
    distributions (directions on the unit sphere) fitted to the articles'
    vectors, each article belonging to its most likely component. Clusters
    are found without labels; they are topics of this corpus, not the theme
    lexicon's.

    The method: the articles' TF-IDF matrix (``matrix``, else computed with
    :func:`reexdata.vectorize.vectorize` and the theme lexicon's seed
    phrases, as the build does) is restricted to single words and its rows
    re-normalised. One truncated SVD with 100 components, fitted on at most
    10,000 sampled articles, projects every article; the first 20 components,
    L2-normalised, are the space the mixture is fitted in. On a sample of at
    most 5,000 articles, thirteen starting partitions are made: ten single
    k-means++ runs, k-means into 2k and 3k clusters whose centres are merged
    to k by average linkage (these keep a small topic whole beside a large
    one), and the plain pipeline's own partition (k-means with 3 starts on
    the 100 components). Each is refined by EM for the mixture (one shared
    concentration, 20, and free weights) and the most likely refinement
    with k non-empty clusters is kept; on a larger corpus it then assigns
    every article and one more EM on all of them refines it. Every step
    beyond the projection works on a bounded sample, so the cost grows
    linearly with the corpus. On labelled Reuters news the method is at or
    above the plain pipeline (TF-IDF, SVD(100), k-means) on each of 48
    subsets, by 0.2 NMI on average (``benchmarks/eval_clusters.py``).

    When ``k`` is None it is chosen by the gap statistic (Tibshirani,
    Walther and Hastie, 2001) on a sample of at most 2,000 articles: for
    k = 2 .. 15, the cohesion of k-means clusters (the spherical k-means
    objective on the TF-IDF rows) is compared with that of three null
    corpora whose words are shuffled between articles, and k is the
    smallest whose gap is at least the next one's minus its spread. k is
    never more than the number of distinct texts nor n - 1. The clusters
    table reports it: ``k_criterion`` is ``"gap"`` (with the gap at the
    chosen k in ``k_criterion_value``), ``"given"`` when ``k`` was passed, or
    ``"only_k"`` when the corpus allowed a single k.

    Clusters are numbered from 0 by decreasing size (ties: the cluster holding
    the smallest article id first). A cluster's ``top_terms`` are its
    distinctive terms by class-based TF-IDF (all of a cluster's articles
    taken as one document): a term's TF-IDF mass in the cluster times
    ``log(1 + mean cluster mass / the term's mass over all clusters)``,
    among the terms of at least three characters that occur in at most half
    of the corpus's articles and are not on the shipped list of news words
    (``lexicons/cluster_terms.toml``: "said", agency names, units,
    calendar words). Its ``label`` is the label of the nearest theme of the
    shipped theme lexicon when the cluster's centroid is clearly closest to
    that theme's seed terms (cosine at least 0.05 and 1.5 times the
    runner-up's), otherwise its top three terms joined by " / "; clusters
    sharing a theme add their top term in parentheses.

    The map coordinates ``x`` and ``y`` are the first two principal components
    of the 20-component vectors, signed so that the largest loading of each
    axis is positive; they are a deterministic linear projection, not t-SNE.
    Every step runs its linear algebra and k-means on one thread, so the
    result is the same to the bit whatever the number of cores.

    Languages: when the articles have a ``language`` column (ISO 639-1) in
    which two or more languages have at least ``MIN_LANGUAGE_ARTICLES`` (10)
    articles each, each of those languages is clustered on its own, as
    above (k chosen, or the given ``k`` capped at its articles less one,
    terms and labels and map per language): an English and a Chinese
    article share almost no terms, so one clustering of both would mostly
    split them by language. The articles of other or unknown languages, if
    any, are clustered together as a last group. Cluster numbers run on
    across the groups (the largest language first, ties by code), so they
    stay unique, and each table's ``language`` column says which language a
    cluster's articles are in (null for the last group). Otherwise all
    articles are clustered together exactly as above, and ``language`` is
    their one language when they all carry the same, else null. The map
    coordinates of two languages come from two spaces: compare positions
    within a language only.

    Parameters
    ----------
    articles : polars.DataFrame or pandas.DataFrame
        An articles table (``reexdata.schema.TABLES['articles']``); needs at
        least ``article_id``, ``headline``, ``highlights`` and ``body``;
        ``language`` is used when present. At least two articles.
    k : int, default=None
        Number of clusters, between 2 and n - 1 for n articles. ``None``
        chooses it by the gap statistic. With exactly two articles and
        ``k=None`` the result is a single cluster, since k <= n - 1 = 1. A
        corpus with fewer distinct texts than ``k`` gets one cluster per
        distinct text.
    random_state : int, default=0
        Seed of the samples, the SVD and k-means; the same seed gives the
        same tables.
    matrix : reexdata.vectorize.DocumentMatrix, default=None
        The corpus's TF-IDF matrix, when already computed (the build shares
        one matrix between themes and clusters). Its ``article_ids`` must
        include every article's id, in any order.
    themes : None, str, Path or mapping, default=None
        The theme lexicon whose labels name the clusters (as for
        :func:`reexdata.score_themes`); None uses the shipped one. A matrix
        built here counts that lexicon's seed phrases, as the build's does.

    Returns
    -------
    assignments : polars.DataFrame or pandas.DataFrame
        One row per article, in the input's order, with columns
        ``article_id``, ``cluster``, ``x``, ``y`` and ``language``
        (``TABLES['cluster_assignments']``).
    clusters : polars.DataFrame or pandas.DataFrame
        One row per cluster, by cluster number, with columns ``cluster``,
        ``size``, ``top_terms``, ``label``, ``k_criterion``,
        ``k_criterion_value`` and ``language`` (``TABLES['clusters']``).
        Both frames are of the kind ``articles`` was given as.

    Raises
    ------
    ValueError
        When there are fewer than two articles, when ``k`` is below 2 or
        above n - 1, or when ``matrix`` does not match the articles.
    TypeError
        When ``k`` or ``random_state`` is not an int.

    Examples
    --------
    >>> import polars as pl
    >>> from reexdata.clusters import cluster_articles
    >>> bodies = ["Magnet prices rose on the exchange.",
    ...           "Prices of magnets and oxides rose again.",
    ...           "The Party committee studied discipline.",
    ...           "Committee cadres studied Party discipline."]
    >>> articles = pl.DataFrame({
    ...     "article_id": ["a", "b", "c", "d"],
    ...     "headline": ["Prices", "Prices", "Party", "Party"],
    ...     "highlights": [[], [], [], []],
    ...     "body": bodies,
    ... }, schema_overrides={"highlights": pl.List(pl.String)})
    >>> assignments, clusters = cluster_articles(articles, k=2)
    >>> assignments.get_column("cluster").to_list()
    [0, 0, 1, 1]
    >>> clusters.get_column("size").to_list()
    [2, 2]
    >>> clusters.get_column("k_criterion").to_list()
    ['given', 'given']
    """
    frame, kind = _to_polars(articles, _FUNC, "articles")
    n = frame.height
    if n < 2:
        raise param_error(_FUNC, "articles", "a table with at least 2 articles", f"{n} article(s)")
    if k is not None:
        check_type(_FUNC, "k", k, (int, np.integer), "an int or None")
        k = int(k)
        check_range(_FUNC, "k", k, low=2, high=n - 1,
                    label=f"between 2 and {n - 1} (one less than the number of articles)")
    check_type(_FUNC, "random_state", random_state, (int, np.integer), "an int")
    random_state = int(random_state)

    ids = frame.get_column("article_id").to_list()
    # The build's matrix counts the theme lexicon's seed phrases; so does this
    # one, so that the API and the published tables give the same clusters.
    dm = _matrix_for(frame, matrix, func=_FUNC, phrases=seed_terms(themes))
    X = dm.rows(ids, func=_FUNC)
    cluster = np.zeros(n, dtype=np.int64)
    x = np.zeros(n)
    y = np.zeros(n)
    language: list[str | None] = [None] * n
    tables = []
    offset = 0
    for lang, rows in _language_groups(frame):
        whole = rows.size == n
        Xg = X if whole else X[rows]
        group_ids = ids if whole else [ids[i] for i in rows]
        # One thread for every BLAS and OpenMP step: the same bits on any core
        # count (see _one_thread).
        with _one_thread():
            labels, n_clusters, criterion, value, gx, gy = _cluster_group(Xg, dm.terms, group_ids, k, random_state)
        cluster[rows], x[rows], y[rows] = labels + offset, gx, gy
        for i in rows:
            language[i] = lang
        tables.append(_describe(Xg, labels, n_clusters, dm, themes).with_columns(
            pl.col("cluster") + offset,
            pl.lit(criterion, dtype=pl.String).alias("k_criterion"),
            pl.lit(value, dtype=pl.Float64).alias("k_criterion_value"),
            pl.lit(lang, dtype=pl.String).alias("language"),
        ))
        offset += n_clusters

    assignments = pl.DataFrame(
        {"article_id": ids, "cluster": cluster, "x": x, "y": y, "language": language},
        schema_overrides={"language": pl.String},
    )
    clusters = pl.concat(tables)
    return (
        _like(cast_table("cluster_assignments", assignments), kind),
        _like(cast_table("clusters", clusters), kind),
    )


def _language_groups(frame: pl.DataFrame) -> list[tuple[str | None, np.ndarray]]:
    """The articles clustered together: ``(language, row numbers)`` per group.

    One group (every article) unless two or more languages of the
    ``language`` column have MIN_LANGUAGE_ARTICLES articles each; then one
    group per such language, largest first (ties by code), and a last group
    with language None for the other articles, if any. The one group's
    language is the articles' language when they all carry the same one.
    """
    everyone = np.arange(frame.height)
    if "language" not in frame.columns:
        return [(None, everyone)]
    codes = frame.get_column("language").cast(pl.String)
    sizes = codes.drop_nulls().value_counts(name="n").sort(["n", "language"], descending=[True, False])
    large = [code for code, size in sizes.iter_rows() if size >= MIN_LANGUAGE_ARTICLES]
    if len(large) < 2:
        single = sizes.height == 1 and codes.null_count() == 0
        return [(sizes.item(0, "language") if single else None, everyone)]
    values = codes.to_numpy()
    groups = [(code, np.flatnonzero(values == code)) for code in large]
    rest = np.flatnonzero(~np.isin(values, np.array(large, dtype=object)))
    return groups + ([(None, rest)] if rest.size else [])


def _cluster_group(X, terms, ids, k, random_state):
    """``(labels, clusters, k_criterion, k_criterion_value, x, y)`` of one group of articles.

    A given ``k`` is capped at the group's size less one; a group of one
    article is one cluster at the map's origin.
    """
    n = X.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64), 1, "only_k", None, np.zeros(1), np.zeros(1)
    if k is not None and min(k, n - 1) < 2:
        k = None
    labels, criterion, value, Z = _cluster(_cluster_space(X, terms), None if k is None else min(k, n - 1), random_state)
    x, y = _map_2d(Z)
    labels, n_clusters = _renumber(labels, ids)
    return labels, n_clusters, criterion, value, x, y


def _cluster(Xu, k, random_state):
    """``(labels, k_criterion, k_criterion_value, Z20)`` for the unigram rows ``Xu``.

    Identical texts share one point, so a corpus never gets more clusters
    than it has distinct texts.
    """
    components = _lsa(Xu, random_state)
    Z20 = _project(Xu, components, LSA_DIMS)
    distinct = np.unique(Z20.round(12), axis=0).shape[0]
    if k is None:
        k, value = _choose_k(Xu, distinct, random_state)
        criterion = "gap" if value is not None else "only_k"
    else:
        criterion, value = "given", None
    k = min(k, distinct)
    # The start search runs on a bounded sample, so its cost does not grow
    # with the corpus; the 100-component vectors are needed for it only.
    rows = _sample(Xu.shape[0], SEARCH_SAMPLE, random_state)
    Z100 = _project(Xu[rows], components, None)
    return _partition(Z20, Z100, rows, k, random_state), criterion, value, Z20


def _renumber(labels, ids):
    """Renumber clusters by decreasing size; ties by smallest article id.

    Returns the new labels and the number of clusters.
    """
    labels = np.asarray(labels, dtype=np.int64)
    ranked = (
        pl.DataFrame({"old": labels, "article_id": ids})
        .group_by("old")
        .agg(pl.len().alias("size"), pl.col("article_id").min().alias("first"))
        .sort(["size", "first"], descending=[True, False])
    )
    remap = np.zeros(labels.max() + 1, dtype=np.int64)
    remap[ranked.get_column("old").to_numpy()] = np.arange(ranked.height)
    return remap[labels], ranked.height
