"""Check topic clusters against the topic labels of a labelled news corpus.

Development check for ``reexdata.cluster_articles`` (not needed by the
tests). It reads a JSON-lines corpus with fields ``id``, ``title``, ``text``
and ``topics`` (such as the Reuters-21578 development export) at run time,
keeps the stories with exactly one topic, builds subsets of different shape
(balanced and unbalanced, 4 to 10 classes, short, mid-length and long
stories, and three random class draws per seed) and prints one line per
(seed, subset):

- ``method``: NMI of ``cluster_articles`` with k = the number of classes;
- ``baseline``: NMI of the plain pipeline in the same run: scikit-learn's
  ``TfidfVectorizer`` (defaults) -> ``TruncatedSVD(100)`` -> L2
  normalisation -> ``KMeans(k, n_init=3)``, on title and text;
- ``k=None``: NMI of ``cluster_articles`` choosing k, and the k it chose.

With ``--curve`` each line is followed by the method's NMI at every k of
the range k is chosen from (2 to 15): what a criterion for k could at best
reach, and what choosing one k too many or too few costs.

The seed draws the capped classes' stories and the random subsets, and
seeds both pipelines. The last lines give the means and the worst
difference to the baseline.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/eval_clusters.py [CORPUS.jsonl] [--seeds 0 1 2] [--subset NAME ...] [--curve]

No text of the corpus is written anywhere.

Results on ``reuters21578-dev.jsonl``, seeds 0, 1 and 2 (``OMP_NUM_THREADS=1``;
``s`` is the wall time of one ``cluster_articles`` call with k given, on a
shared, loaded machine)::

    seed subset              n  k method   base   diff k=None k_hat     s
       0 long-5-bal        150  5  0.714  0.438 +0.275  0.740     4   3.8
       0 long-4-unbal      342  4  0.838  0.561 +0.277  0.760     6   2.5
       0 short-6-bal        84  6  0.756  0.740 +0.016  0.741     8   0.9
       0 mid-6-bal         180  6  0.818  0.525 +0.293  0.818     6   3.5
       0 top6-unbal       3696  6  0.577  0.424 +0.153  0.365     3  10.8
       0 top10-cap100      816 10  0.772  0.662 +0.110  0.772    10   5.5
       0 5-bal             280  5  0.834  0.624 +0.209  0.820     7   1.7
       0 7-commod          242  7  0.936  0.657 +0.278  0.585     3   1.0
       0 4-bal             224  4  0.951  0.702 +0.249  0.862     5   0.8
       0 8-bal             480  8  0.810  0.613 +0.197  0.810     8   1.1
       0 6-unbal-small    1553  6  0.602  0.512 +0.090  0.526     5   3.5
       0 5-mixed           226  5  0.822  0.485 +0.337  0.700     8   0.9
       0 6-macro           298  6  0.644  0.454 +0.190  0.644     6   1.1
       0 rand0-k9-nat     3472  9  0.518  0.445 +0.073  0.362     3   6.5
       0 rand1-k7-40       235  7  0.870  0.686 +0.183  0.870     7   2.0
       0 rand2-k9-100      519  9  0.745  0.656 +0.089  0.707     7   2.5
       1 long-5-bal        150  5  0.800  0.384 +0.416  0.757     6   1.2
       1 long-4-unbal      342  4  0.838  0.478 +0.360  0.536    15   1.8
       1 short-6-bal        84  6  0.747  0.723 +0.024  0.747     6   0.6
       1 mid-6-bal         180  6  0.801  0.591 +0.209  0.716     7   1.4
       1 top6-unbal       3696  6  0.577  0.411 +0.166  0.365     3   3.2
       1 top10-cap100      816 10  0.757  0.629 +0.128  0.684     7   1.7
       1 5-bal             280  5  0.818  0.594 +0.224  0.875     7   0.2
       1 7-commod          242  7  0.920  0.627 +0.293  0.779     9   3.1
       1 4-bal             224  4  0.968  0.768 +0.199  0.867     6   0.7
       1 8-bal             480  8  0.769  0.645 +0.123  0.773     7   1.3
       1 6-unbal-small    1553  6  0.582  0.536 +0.046  0.457     3   2.2
       1 5-mixed           226  5  0.831  0.667 +0.165  0.798     6   1.3
       1 6-macro           298  6  0.539  0.492 +0.047  0.635     9   2.1
       1 rand0-k5-nat      219  5  0.741  0.449 +0.291  0.809     4   0.5
       1 rand1-k10-40      337 10  0.899  0.729 +0.169  0.845     8   0.6
       1 rand2-k8-100      354  8  0.675  0.476 +0.199  0.640     5   1.5
       2 long-5-bal        150  5  0.831  0.408 +0.423  0.807     6   0.6
       2 long-4-unbal      342  4  0.838  0.494 +0.345  0.741     7   0.8
       2 short-6-bal        84  6  0.719  0.621 +0.098  0.704     5   1.3
       2 mid-6-bal         180  6  0.796  0.581 +0.215  0.796     6   2.5
       2 top6-unbal       3696  6  0.516  0.411 +0.106  0.365     3   8.9
       2 top10-cap100      816 10  0.775  0.607 +0.168  0.775    10   2.5
       2 5-bal             280  5  0.807  0.688 +0.119  0.901     6   1.6
       2 7-commod          242  7  0.915  0.672 +0.243  0.854     6   2.6
       2 4-bal             224  4  0.940  0.536 +0.404  0.940     4   3.0
       2 8-bal             480  8  0.767  0.603 +0.164  0.767     8   3.2
       2 6-unbal-small    1553  6  0.603  0.433 +0.170  0.457     3  13.9
       2 5-mixed           226  5  0.825  0.490 +0.335  0.790     6   3.7
       2 6-macro           298  6  0.687  0.517 +0.170  0.695     7   4.8
       2 rand0-k5-nat     1208  5  0.374  0.368 +0.006  0.482     3  15.5
       2 rand1-k4-40       139  4  0.976  0.593 +0.383  0.976     4   0.9
       2 rand2-k9-100      516  9  0.665  0.578 +0.086  0.665     6   3.9

    mean over 48 lines: method 0.760, baseline 0.562 (+0.198), k=None 0.710;
    worst difference +0.006, lines below the baseline by more than 0.01: 0

k given: at or above the baseline on all 48 lines (worst +0.006, on
``rand0-k5-nat`` seed 2), 0.2 above it on average. k=None: 0.710 against
0.760 with the true k; the chosen k is the true k on 11 lines and within one
on 25; it is 3 on corpora dominated by one class (``top6-unbal``: earn is
2,113 of 3,696 stories), where NMI drops to 0.36-0.53, and once the top of
the range (15, ``long-4-unbal`` seed 1). The issue's bars of 0.90 (k given)
and 0.80 (k=None) on a balanced corpus of long articles where the baseline
reaches about 0.90 cannot be checked here: on this corpus the baseline
reaches 0.38-0.44 on ``long-5-bal``.

Criteria for k, measured on the same 48 lines from the method's NMI at
every k (``--curve``): the mean NMI at the k each criterion picks, against
0.760 with the true k; "moves" counts lines where it loses more than 0.02
to the library's gap statistic.

- gap statistic, Tibshirani's first-drop rule (the library's): 0.710. The
  same criterion with other seeds for its three null corpora: 0.709, 0.715
  and 0.716, with the chosen k different on 17-18 of the 48 lines and
  losses of up to 0.19 on a line: per-line comparisons of criteria are
  dominated by this noise. With 10 null corpora and 10 k-means starts:
  0.717 and 0.722 for two null seeds (11 lines move), still not stable.
- gap statistic, other rules: first k within one s.e. of the maximum 0.655,
  global maximum 0.651 (the gap of news text keeps rising slowly, so these
  pick 12-15).
- gap statistic, other cohesions: measured in the 20-component space
  0.721 (7 lines move); with the method's own partitions instead of
  k-means 0.724 (8 lines move, 6-macro seed 0 loses 0.27); with each
  cluster counted once whatever its size (mean or median resultant
  length) 0.46-0.66.
- stability between half samples (k-means on one half predicting the
  other, disagreement normalised by random labels, Lange et al. 2004),
  10 splits: 0.681 (k = 2 on the unbalanced corpora).
- BIC of the method's own von Mises-Fisher mixture (concentration 20):
  0.707, erring upward (14-15 on the unbalanced corpora, 7 on 4-bal
  seed 2), 18 lines move; with the concentration estimated: 0.646 (15).
- silhouette (cosine) 0.653, Davies-Bouldin 0.653, Calinski-Harabasz
  0.655 on the method's partitions (mostly 14-15; Calinski-Harabasz
  also 2).
- a gap test of 1 against 2 clusters inside each cluster of the gap's
  partition: "split" for 233 of 294 clusters, single-topic ones included.

None is better on average without losing more than 0.02 on some line, so
the gap statistic stays. The unbalanced corpora get k = 3 because their
word cohesion says 3: on ``top6-unbal`` the gap rises 0.06 from k = 2 to 3
and is flat or falling after it, and the method's own three clusters are
two parts of ``earn`` and everything else.
Any criterion that weighs every article alike sees that structure, and
one that weighs every cluster alike splits single topics as readily as
mixed ones. On the whole corpus (9,265 stories) the gap chose 4, 3, 4, 3, 3
for sample seeds 0-4, and 3, 3, 3 on 100,000 stories drawn from it with
replacement (seeds 0-2).
"""

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (or beside the folder of worktrees).
DEFAULT_CORPUS = next(
    (p for p in (ROOT.parent / "shared" / "corpora" / "reuters21578-dev.jsonl",
                 ROOT.parents[1] / "shared" / "corpora" / "reuters21578-dev.jsonl") if p.exists()),
    ROOT.parent / "shared" / "corpora" / "reuters21578-dev.jsonl",
)

_TOP6 = ["earn", "acq", "crude", "trade", "money-fx", "ship"]

# name -> (classes, stories kept per class (None keeps all), words: "short" < 80,
# "mid" 80-250, "long" > 250, None any length).
SUBSETS = {
    "long-5-bal": (["acq", "earn", "trade", "crude", "money-fx"], 30, "long"),
    "long-4-unbal": (["acq", "earn", "trade", "crude"], None, "long"),
    "short-6-bal": (["money-fx", "cpi", "crude", "money-supply", "sugar", "interest"], 14, "short"),
    "mid-6-bal": (["crude", "trade", "money-fx", "ship", "coffee", "sugar"], 30, "mid"),
    "top6-unbal": (_TOP6, None, None),
    "top10-cap100": (_TOP6 + ["coffee", "sugar", "money-supply", "interest"], 100, None),
    "5-bal": (["crude", "trade", "money-fx", "coffee", "gold"], 56, None),
    "7-commod": (["coffee", "sugar", "cocoa", "gold", "crude", "grain", "rubber"], 40, None),
    "4-bal": (["crude", "trade", "coffee", "gold"], 56, None),
    "8-bal": (_TOP6 + ["coffee", "sugar"], 60, None),
    "6-unbal-small": (["acq", "crude", "trade", "ship", "gold", "cocoa"], None, None),
    "5-mixed": (["grain", "gold", "ship", "cocoa", "interest"], 56, None),
    "6-macro": (["money-supply", "interest", "cpi", "gnp", "trade", "money-fx"], 56, None),
}
#: Caps of the three random subsets drawn per seed (None: natural sizes).
RANDOM_CAPS = (None, 40, 100)
_LENGTHS = {"short": (0, 79), "mid": (80, 250), "long": (251, None)}


def _read(path):
    """Single-topic stories of the corpus as dicts."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if len(r.get("topics") or []) == 1 and (r.get("text") or "").strip()]


def _fits(row, length):
    """Whether the story's word count is in the ``length`` band."""
    if length is None:
        return True
    low, high = _LENGTHS[length]
    words = len(row["text"].split())
    return words >= low and (high is None or words <= high)


def _take(rows, classes, cap, length, seed):
    """The stories of ``classes`` in the length band, at most ``cap`` per class (seeded)."""
    rng = np.random.default_rng(seed)
    kept = []
    for c in classes:
        members = [r for r in rows if r["topics"][0] == c and _fits(r, length)]
        if cap is not None and len(members) > cap:
            members = [members[i] for i in sorted(rng.choice(len(members), cap, replace=False))]
        kept.extend(members)
    return kept


def _subsets(rows, seed):
    """name -> stories: the named subsets and three random draws of 4-10 classes."""
    out = {name: _take(rows, classes, cap, length, seed) for name, (classes, cap, length) in SUBSETS.items()}
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["topics"][0]] = counts.get(r["topics"][0], 0) + 1
    pool = sorted(c for c, n in counts.items() if n >= 20)
    for j, cap in enumerate(RANDOM_CAPS):
        rng = np.random.default_rng(1000 * seed + j)
        k = int(rng.integers(4, 11))
        classes = sorted(rng.choice(pool, k, replace=False).tolist())
        out[f"rand{j}-k{k}-{'nat' if cap is None else cap}"] = _take(rows, classes, cap, None, seed)
    return out


def _articles(rows):
    """An articles table (``TABLES['articles']``) holding the stories."""
    from reexdata.schema import TABLES

    data = []
    for r in rows:
        body = r["text"]
        title = (r.get("title") or "").strip() or None
        data.append({
            "article_id": hashlib.sha256(f"{r['id']}\n{body}".encode()).hexdigest()[:16],
            "source": f"{r['id']}.txt", "format": "txt", "url": None,
            "title": title, "headline": title or body.split("\n", 1)[0],
            "title_source": "page" if title else "first_sentence",
            "published": None, "date_source": None, "date_text": None, "author": None,
            "highlights": [], "body": body, "state_media_disclaimer": False,
            "related_headlines": [], "word_count": len(body.split()), "language": "en",
            "encoding": "utf-8", "encoding_repairs": 0,
        })
    return pl.DataFrame(data, schema=TABLES["articles"].polars_schema)


def _baseline(rows, k, seed):
    """The plain pipeline: TfidfVectorizer, SVD(100), normalise, KMeans(n_init=3)."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    X = TfidfVectorizer().fit_transform([f"{r.get('title') or ''}\n\n{r['text']}" for r in rows])
    svd = TruncatedSVD(min(100, X.shape[1] - 1, X.shape[0] - 1), random_state=seed)
    return KMeans(k, n_init=3, random_state=seed).fit_predict(normalize(svd.fit_transform(X)))


def _line(rows, seed, curve=False):
    """``(n, k, method NMI, baseline NMI, k=None NMI, chosen k, seconds, curve)`` for one subset.

    ``curve`` maps every k of the search range to the method's NMI at that k
    (empty unless asked for).
    """
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from reexdata.clusters import cluster_articles
    from reexdata.clusters.choose_k import K_MAX, K_MIN
    from reexdata.themes import seed_terms
    from reexdata.vectorize import vectorize

    truth = [r["topics"][0] for r in rows]
    k = len(set(truth))
    articles = _articles(rows)
    matrix = vectorize(articles, phrases=seed_terms())
    start = time.perf_counter()
    given, _ = cluster_articles(articles, k=k, random_state=seed, matrix=matrix)
    seconds = time.perf_counter() - start
    chosen, clusters = cluster_articles(articles, random_state=seed, matrix=matrix)
    at_k = {}
    for j in range(K_MIN, min(K_MAX, len(rows) - 1) + 1) if curve else ():
        labels, _ = cluster_articles(articles, k=j, random_state=seed, matrix=matrix)
        at_k[j] = nmi(truth, labels["cluster"].to_list())
    return (len(rows), k, nmi(truth, given["cluster"].to_list()), nmi(truth, _baseline(rows, k, seed)),
            nmi(truth, chosen["cluster"].to_list()), clusters.height, seconds, at_k)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--subset", action="append", help="a subset name (random ones: its rand0/rand1/rand2 prefix)")
    parser.add_argument("--curve", action="store_true", help="also print the method's NMI at every k tried")
    args = parser.parse_args(argv)

    rows = _read(args.corpus)
    print(f"{'seed':>4} {'subset':15} {'n':>5} {'k':>2} {'method':>6} {'base':>6} {'diff':>6} "
          f"{'k=None':>6} {'k_hat':>5} {'s':>5}")
    lines = []
    for seed in args.seeds:
        for name, stories in _subsets(rows, seed).items():
            if args.subset and not any(name.startswith(s) for s in args.subset):
                continue
            n, k, method, base, free, k_hat, seconds, at_k = _line(stories, seed, args.curve)
            lines.append((method, base, free))
            print(f"{seed:4d} {name:15} {n:5d} {k:2d} {method:6.3f} {base:6.3f} {method - base:+6.3f} "
                  f"{free:6.3f} {k_hat:5d} {seconds:5.1f}", flush=True)
            if at_k:
                print("     NMI at k: " + " ".join(f"{j}:{v:.3f}" for j, v in at_k.items()), flush=True)
    method, base, free = np.array(lines).T
    print(f"mean over {len(lines)} lines: method {method.mean():.3f}, baseline {base.mean():.3f} "
          f"({(method - base).mean():+.3f}), k=None {free.mean():.3f}; worst difference "
          f"{(method - base).min():+.3f}, lines below the baseline by more than 0.01: "
          f"{int(((method - base) < -0.01).sum())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
