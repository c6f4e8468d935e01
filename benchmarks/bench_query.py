"""Query speed: rx.search over generated articles in memory against a plain Python regex loop.

The loop is what a user would write without the package: one ``re``
pattern per term (the rules' word edges as look-around, case ignored),
``search`` per article and the boolean combined in Python. Articles come
from :func:`benchmarks.articles.generated_articles`; generating 100k takes
about a minute, once. The search times are the best of ``--repeat`` runs
on the same table, whose lower-cased texts are prepared by the first query
(timed apart).

Command line::

    OMP_NUM_THREADS=1 python -m benchmarks.bench_query --n 100000
"""

from __future__ import annotations

import argparse
import re
import sys
import time

import reexdata as rx
from benchmarks.articles import generated_articles

__all__ = ["QUERIES", "main"]

_W = r"(?<![^\W_]){}(?![^\W_])"
_SEP = r"(?:(?:[^\w\n]|_)+|(?:[^\w\n]|_)*\n(?:[^\w\n]|_)*)"

#: query -> (one regex per term, the boolean over the terms' presence)
QUERIES = {
    "baogang": ([_W.format("baogang")], lambda h: h[0]),
    '"rare earth"': ([_W.format(f"rare{_SEP}earth")], lambda h: h[0]),
    "export* OR tariffs": ([r"(?<![^\W_])export[^\W_]*", _W.format("tariffs")], lambda h: h[0] or h[1]),
    '(neodymium OR dysprosium) AND price* NOT "inner mongolia"': (
        [_W.format("neodymium"), _W.format("dysprosium"), r"(?<![^\W_])price[^\W_]*", _W.format(f"inner{_SEP}mongolia")],
        lambda h: (h[0] or h[1]) and h[2] and not h[3],
    ),
}


def _loop(texts: list[str], patterns: list[re.Pattern[str]], predicate) -> int:
    return sum(1 for t in texts if predicate([p.search(t) is not None for p in patterns]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    articles = generated_articles(args.n, seed=0)
    print(f"{args.n} articles generated in {time.perf_counter() - start:.1f} s")
    texts = rx.article_text(articles)["text"].to_list()
    start = time.perf_counter()
    rx.search(articles, "baogang")
    print(f"first query (lower-cases the texts): {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    rx.search(articles.clone(), "baogang")
    print(f"first query on a copy of the table: {time.perf_counter() - start:.3f} s")
    print(f"{'query':60} {'matches':>8} {'search s':>9} {'loop s':>8}")
    for query, (sources, predicate) in QUERIES.items():
        patterns = [re.compile(s, re.IGNORECASE) for s in sources]
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            found = rx.search(articles, query)
            best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        expected = _loop(texts, patterns, predicate)
        loop = time.perf_counter() - start
        assert expected == found.height, (query, expected, found.height)
        print(f"{query:60} {found.height:8} {best:9.3f} {loop:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
