"""Query speed: rx.search over generated articles against a plain Python regex loop over the same texts.

The articles are :func:`benchmarks.articles.generated_articles` (the clean
text of the generated corpus; 100k take about a minute to generate, once:
the table is kept as ``benchmarks/_corpus/articles-<n>-seed<seed>.parquet``).

What is timed, wall and CPU seconds (CPU: all threads of the process):

- **first query**: a fresh Python process reads the table (as a session
  would after ``reexdata build``), imports ``reexdata.query`` (timed apart)
  and runs one query, timed alone, which includes preparing the table's
  texts; medians over ``--repeat`` processes;
- **each query** on a table already queried once: medians of ``--repeat``
  runs in one process;
- **the loop**: what a user would write without the package, one ``re``
  pattern per term (the rules' word edges as look-around, case ignored),
  ``search`` per article, the boolean combined in Python; one run per query
  (``--no-loop`` skips it). Its match counts must equal search's.

Results go to ``benchmarks/results/<time>-query-<n>.json``.

Command line::

    python -m benchmarks.bench_query --n 100000
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

__all__ = ["QUERIES", "main"]

_HERE = Path(__file__).resolve().parent
_W = r"(?<![^\W_]){}(?![^\W_])"
_SEP = r"(?:(?:[^\w\n]|_)+|(?:[^\w\n]|_)*\n(?:[^\w\n]|_)*)"

#: what the query is -> (query, one regex per term, which part each searches, the boolean over the terms' presence)
QUERIES: dict[str, tuple[str, list[str], list[str], Callable[[list[bool]], bool]]] = {
    "broad word": ("baogang", [_W.format("baogang")], ["text"], lambda h: h[0]),
    "phrase": ('"rare earth"', [_W.format(f"rare{_SEP}earth")], ["text"], lambda h: h[0]),
    "prefix OR word": (
        "export* OR tariffs", [r"(?<![^\W_])export[^\W_]*", _W.format("tariffs")], ["text", "text"], lambda h: h[0] or h[1]
    ),
    "narrow (AND, OR, NOT)": (
        '(neodymium OR dysprosium) AND price* NOT "inner mongolia"',
        [_W.format("neodymium"), _W.format("dysprosium"), r"(?<![^\W_])price[^\W_]*", _W.format(f"inner{_SEP}mongolia")],
        ["text"] * 4,
        lambda h: (h[0] or h[1]) and h[2] and not h[3],
    ),
    "title:": ("title:baogang", [_W.format("baogang")], ["title"], lambda h: h[0]),
    "NOT": ("NOT baogang", [_W.format("baogang")], ["text"], lambda h: not h[0]),
    "rare word": ("gallium", [_W.format("gallium")], ["text"], lambda h: h[0]),
}


def _table(n: int, seed: int) -> Path:
    path = _HERE / "_corpus" / f"articles-{n}-seed{seed}.parquet"
    if not path.exists():
        from benchmarks.articles import generated_articles

        start = time.perf_counter()
        path.parent.mkdir(parents=True, exist_ok=True)
        generated_articles(n, seed=seed).write_parquet(path)
        print(f"{n} articles generated in {time.perf_counter() - start:.1f} s: {path}", flush=True)
    return path


def _timed(func: Callable[[], object]) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _first(path: Path, query: str) -> dict[str, float]:
    """One fresh process: read the table, then time its first query."""
    code = (
        "import json, sys, time; import polars as pl; import reexdata as rx; "
        "from benchmarks.bench_query import _timed; "
        f"a = pl.read_parquet({str(path)!r}); "
        "_, iw, ic = _timed(lambda: __import__('reexdata.query')); "
        f"r, w, c = _timed(lambda: rx.search(a, {query!r})); "
        "print(json.dumps({'wall': w, 'cpu': c, 'matches': r.height, 'import_wall': iw, 'import_cpu': ic}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=_HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _loop(articles: pl.DataFrame, sources: list[str], fields: list[str], predicate: Callable[[list[bool]], bool]) -> int:
    import reexdata as rx

    texts = {"text": rx.article_text(articles)["text"].to_list(), "title": articles["title"].fill_null("").to_list()}
    patterns = [(re.compile(s, re.IGNORECASE), texts[f]) for s, f in zip(sources, fields)]
    return sum(1 for i in range(articles.height) if predicate([p.search(t[i]) is not None for p, t in patterns]))


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-loop", action="store_true", help="skip the Python loop (minutes at 100k)")
    args = parser.parse_args(argv)

    import reexdata as rx

    path = _table(args.n, args.seed)
    articles = pl.read_parquet(path)
    with open("/proc/loadavg") as f:
        load_start = f.read().split()[:3]
    results: dict[str, object] = {"n": args.n, "seed": args.seed, "repeat": args.repeat, "load_start": load_start, "queries": {}}
    for name in ("broad word", "narrow (AND, OR, NOT)"):
        runs = [_first(path, QUERIES[name][0]) for _ in range(args.repeat)]
        results[f"first query, {name}"] = {"wall": _median(runs, "wall"), "cpu": _median(runs, "cpu"), "runs": runs}
        print(f"first query after reading the table ({name}): {_median(runs, 'wall'):.3f} s wall, "
              f"{_median(runs, 'cpu'):.3f} s CPU (median of {args.repeat} processes; importing reexdata.query "
              f"before it: {_median(runs, 'import_cpu'):.3f} s CPU)", flush=True)
    rx.search(articles, "baogang")  # prepares the table's texts, as the first query does
    print(f"{'query':24} {'':58} {'matches':>8} {'wall s':>7} {'CPU s':>7} {'loop s':>7} {'loop CPU':>8}")
    table: dict[str, dict[str, object]] = {}
    for name, (query, sources, fields, predicate) in QUERIES.items():
        runs = []
        for _ in range(args.repeat):
            found, wall, cpu = _timed(lambda: rx.search(articles, query))
            runs.append({"wall": wall, "cpu": cpu})
        row: dict[str, object] = {"query": query, "matches": found.height, "wall": _median(runs, "wall"), "cpu": _median(runs, "cpu")}
        if not args.no_loop:
            expected, wall, cpu = _timed(lambda: _loop(articles, sources, fields, predicate))
            assert expected == found.height, (query, expected, found.height)
            row.update(loop_wall=wall, loop_cpu=cpu)
        table[name] = row
        loop = f"{row['loop_wall']:7.2f} {row['loop_cpu']:8.2f}" if "loop_wall" in row else ""
        print(f"{name:24} {query:58} {found.height:8} {row['wall']:7.3f} {row['cpu']:7.3f} {loop}", flush=True)
    results["queries"] = table
    with open("/proc/loadavg") as f:
        results["load_end"] = f.read().split()[:3]
    out = _HERE / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}-query-{args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
