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

The seed draws the capped classes' stories and the random subsets, and
seeds both pipelines. The last lines give the means and the worst
difference to the baseline.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/eval_clusters.py [CORPUS.jsonl] [--seeds 0 1 2] [--subset NAME ...]

No text of the corpus is written anywhere.

Results on ``reuters21578-dev.jsonl``, seeds 0, 1 and 2 (one thread)::

    RESULTS
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
            "related_headlines": [], "word_count": len(body.split()),
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


def _line(rows, seed):
    """``(n, k, method NMI, baseline NMI, k=None NMI, chosen k, seconds)`` for one subset."""
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from reexdata.clusters import cluster_articles
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
    return (len(rows), k, nmi(truth, given["cluster"].to_list()), nmi(truth, _baseline(rows, k, seed)),
            nmi(truth, chosen["cluster"].to_list()), clusters.height, seconds)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--subset", action="append", help="a subset name (random ones: its rand0/rand1/rand2 prefix)")
    args = parser.parse_args(argv)

    rows = _read(args.corpus)
    print(f"{'seed':>4} {'subset':15} {'n':>5} {'k':>2} {'method':>6} {'base':>6} {'diff':>6} "
          f"{'k=None':>6} {'k_hat':>5} {'s':>5}")
    lines = []
    for seed in args.seeds:
        for name, stories in _subsets(rows, seed).items():
            if args.subset and not any(name.startswith(s) for s in args.subset):
                continue
            n, k, method, base, free, k_hat, seconds = _line(stories, seed)
            lines.append((method, base, free))
            print(f"{seed:4d} {name:15} {n:5d} {k:2d} {method:6.3f} {base:6.3f} {method - base:+6.3f} "
                  f"{free:6.3f} {k_hat:5d} {seconds:5.1f}", flush=True)
    method, base, free = np.array(lines).T
    print(f"mean over {len(lines)} lines: method {method.mean():.3f}, baseline {base.mean():.3f} "
          f"({(method - base).mean():+.3f}), k=None {free.mean():.3f}; worst difference "
          f"{(method - base).min():+.3f}, lines below the baseline by more than 0.01: "
          f"{int(((method - base) < -0.01).sum())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
