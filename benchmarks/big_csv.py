"""Build one CSV of a million short rows, the case of issue 14, and time it.

``python -m benchmarks.big_csv`` writes a CSV of ``--rows`` rows (default
1,000,000; one ``text`` column of one to three words from a small vocabulary
of newswire words, about 20 MB per million rows, under the loader's 20 MB
limit per file) into a temporary folder, then runs a cold ``reexdata.build`` on it in a child process and
prints its wall time, CPU time and peak memory (the child's ``ru_maxrss``,
its worker processes included), with the number of articles and rejects.

By default the build keeps its per-file limit of 200,000 records (the rest of
the file is one ``too_many_rows`` reject); ``--max-rows N`` raises it, so
that the whole million is loaded and analysed.

No text of any corpus is used; the rows are drawn with a fixed seed.

Usage::

    python -m benchmarks.big_csv [--rows 1000000] [--max-rows 1000000] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Words of commodity and policy news, and made-up names from syllables so
# that short rows are seldom exact duplicates (which the loader rejects).
_NEWS = (
    "prices rose fell market export quota rare earth magnet oxide mine output tonnes company "
    "shares profit quarter ministry policy trade tariff steel coal oil grain coffee sugar "
    "shipment port demand supply investors bank rate inflation growth plant refinery"
).split()
_SYLLABLES = ("ba", "ko", "ri", "tan", "mel", "sor", "vi", "lun", "dar", "pe", "zo", "min")
_WORDS = _NEWS + [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]


def write_csv(path: Path, rows: int, seed: int) -> int:
    """Write ``rows`` short articles to ``path``; return the file's size in bytes."""
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["text"])
        for _ in range(rows):
            out.writerow([" ".join(rng.choices(_WORDS, k=rng.randint(1, 3)))])
    return path.stat().st_size


def _child(raw: str, out: str, max_rows: int | None) -> None:
    import reexdata as rx

    options = {} if max_rows is None else {"max_rows": max_rows}
    result = rx.build(raw, out, interim=None, **options)
    print(json.dumps({"articles": result.tables["articles"].height,
                      "rejects": result.tables["rejects"].height,
                      "timings": result.manifest.get("timings", {})}))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--max-rows", type=int, default=None, help="the build's per-file record limit")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        raw, out, max_rows = args.child
        _child(raw, out, int(max_rows) if max_rows != "-" else None)
        return 0
    with tempfile.TemporaryDirectory(prefix="reexdata-bigcsv-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        size = write_csv(raw / "feed.csv", args.rows, args.seed)
        cmd = [sys.executable, "-m", "benchmarks.big_csv", "--child", str(raw), str(Path(tmp) / "out"),
               str(args.max_rows) if args.max_rows is not None else "-"]
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"rows {args.rows:,} ({size / 1e6:.1f} MB), max_rows {args.max_rows or 'default'}: "
              f"{result['articles']:,} articles, {result['rejects']:,} rejects")
        print(f"build: {wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} CPU-s, "
              f"peak RSS {usage.ru_maxrss / 1024:.0f} MiB")
        print("stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
