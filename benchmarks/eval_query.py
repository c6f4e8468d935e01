"""Query results against an independent reading of the rules, on the development newswire.

Reads ``/work/shared/corpora/reuters21578-dev.jsonl`` (9,265 dated stories;
not part of the repository) at run time, searches it with every query of
:data:`benchmarks.query_reference.READINGS` and compares, per query, the
matching articles and their hits with :func:`~benchmarks.query_reference.reference_hits`.
Exits 1 when any query disagrees.

Command line::

    python -m benchmarks.eval_query [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

import reexdata as rx
from benchmarks.query_reference import READINGS, reference_hits

__all__ = ["load_newswire", "main"]

CORPUS = Path("/work/shared/corpora/reuters21578-dev.jsonl")


def load_newswire(path: Path = CORPUS) -> pl.DataFrame:
    """The newswire as an articles table: ``article_id``, ``title``, ``body``."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pl.DataFrame(
        {"article_id": [r["id"] for r in rows], "title": [r.get("title") or None for r in rows],
         "body": [r.get("text") or "" for r in rows]},
        schema={"article_id": pl.String, "title": pl.String, "body": pl.String},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    articles = load_newswire(args.corpus)
    texts = {r["article_id"]: "\n\n".join(p for p in (r["title"], r["body"]) if p) for r in articles.iter_rows(named=True)}
    failed = 0
    print(f"{articles.height} articles")
    for query in READINGS:
        start = time.perf_counter()
        got = rx.search(articles, query)
        seconds = time.perf_counter() - start
        found = dict(zip(got["article_id"], got["hits"]))
        expected = {i: h for i, t in texts.items() if (h := reference_hits(t, query)) is not None}
        agree = found == expected
        failed += not agree
        print(f"{query!r:45} {len(found):5} matches  {seconds:6.3f} s  {'agree' if agree else 'DISAGREE'}")
        if not agree:
            for key in sorted(set(found) ^ set(expected) | {k for k in found if found[k] != expected.get(k)})[:5]:
                print(f"    {key}: search {found.get(key)}, reference {expected.get(key)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
