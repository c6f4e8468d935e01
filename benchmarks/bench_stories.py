"""Story grouping speed: rx.group_stories over generated articles in memory, plus attention by story.

Command line::

    OMP_NUM_THREADS=1 python -m benchmarks.bench_stories --n 100000
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import reexdata as rx
from benchmarks.articles import generated_articles

__all__ = ["main"]


def _cpu() -> float:
    """CPU seconds of this process and its children so far (wall time is noise on a shared machine)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    articles = generated_articles(args.n, seed=0)
    print(f"{args.n} articles generated in {time.perf_counter() - start:.1f} s")
    start, cpu = time.perf_counter(), _cpu()
    stories = rx.group_stories(articles)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    print(
        f"group_stories: {seconds:.1f} s ({cpu:.1f} CPU-s), {stories['story_id'].n_unique()} stories, "
        f"largest {stories['story_size'].max()}"
    )
    start = time.perf_counter()
    rx.attention(articles.with_columns(stories["story_id"]), {"baogang": "baogang", "export": "export*"}, unit="story")
    print(f"attention by story (story_id given): {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
