"""Time the reexdata build on Chinese pages against a plain baseline that tokenises with jieba.

``python -m benchmarks.bench_zh [CORPUS_DIR]`` (part of ``make bench``) runs,
each in its own Python process (so that each pays for its own imports and
jieba's dictionary, and its peak memory is its own):

``build``
    ``reexdata.pipeline.build`` on the folder of pages: cold (empty parse
    cache and tables folder), then ``force=True`` with the parse cache warm
    (every page from the cache: what is left is the analysis of the words),
    and the build's own stage timings.
``baseline``
    On the bodies the build loaded: ``TfidfVectorizer(tokenizer=jieba.lcut,
    sublinear_tf=True, min_df=2)`` -> ``TruncatedSVD(100)`` ->
    ``KMeans(8, n_init=3)``. The issue's baseline tokenises with jieba; the
    build cuts with rjieba (jieba's algorithm in Rust), so the same TF-IDF
    is also timed with ``rjieba.cut`` as its tokenizer, and the build is
    compared with both baselines (``baseline (rjieba)``: that TF-IDF, the
    same SVD and k-means).

Both clocks start after polars is imported and include the rest of the
imports each side needs: the cold build's step imports ``reexdata.pipeline``
(scikit-learn is imported inside the build, when it is needed), and the
baseline's ``imports`` step (scikit-learn, jieba, rjieba) counts in its
totals. Until the sixth session the baseline imported them before its
clock while the build's scikit-learn import (about 1.3 s) was timed.

The pages are read where they are (``../shared/corpora/zh-news-2011-dev`` by
default: never copied); when the folder is absent the benchmark says so and
exits without error. Every number is the median of ``--repeat`` runs; the
results go to ``benchmarks/results/<time>-zh.json`` and a markdown table is
printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import RESULTS_DIR, _Clock, _maxrss_mib, _now, machine_info

__all__ = ["DEFAULT_CORPUS", "run_zh_benchmark", "main"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "zh-news-2011-dev"
_ROWS = [
    ("build_cold", "build, cold (pipeline.build)"),
    ("build_warm", "rebuild --force, warm parse cache"),
    ("stage:ingest", "  cold build: ingest"),
    ("stage:vectorize", "  cold build: vectorize"),
    ("stage:themes", "  cold build: themes"),
    ("stage:clusters", "  cold build: clusters"),
    ("stage:mentions", "  cold build: mentions (beside)"),
    ("stage:stories", "  cold build: stories (beside)"),
    ("analysis", "  cold build: vectorize + themes + clusters"),
    ("imports", "baseline imports (scikit-learn, jieba, rjieba)"),
    ("tfidf", "baseline TfidfVectorizer(tokenizer=jieba.lcut)"),
    ("svd", "baseline TruncatedSVD(100)"),
    ("kmeans", "baseline KMeans(8, n_init=3)"),
    ("baseline_total", "baseline total"),
    ("tfidf_rjieba", "baseline TfidfVectorizer(tokenizer=rjieba.cut)"),
    ("baseline_rjieba_total", "baseline (rjieba) total"),
]


def _worker_build(raw: Path, work: Path) -> dict:
    import polars  # noqa: F401  (both workers import polars before their clocks)

    clock, extra = _Clock(), {"loadavg_start": list(os.getloadavg())}
    out, interim = work / "out", work / "interim"
    with clock.step("build_cold"):
        # The imports count, as the baseline's do: the build imports scikit-learn when it needs it.
        from reexdata.pipeline import build

        result = build(raw, out, interim=interim)
    extra["articles"] = result.tables["articles"].height
    extra["stages_cold"] = dict(result.manifest.get("timings", {})) if result.manifest else {}
    extra["languages"] = dict(result.tables["articles"].group_by("language").len().iter_rows())
    del result
    with clock.step("build_warm"):
        result = build(raw, out, interim=interim, force=True)
    extra["stages_warm"] = dict(result.manifest.get("timings", {})) if result.manifest else {}
    return clock.result(extra)


def _worker_baseline(articles_path: Path) -> dict:
    import polars as pl

    clock, extra = _Clock(), {"loadavg_start": list(os.getloadavg())}
    bodies = pl.read_parquet(articles_path, columns=["body"]).get_column("body").to_list()
    with clock.step("imports"):
        import jieba
        import rjieba
        from sklearn.cluster import KMeans
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

    jieba.setLogLevel(60)
    with clock.step("tfidf"):
        # jieba's dictionary is loaded on the first cut: inside the step, as the build's is.
        X = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None, lowercase=False, sublinear_tf=True,
                            min_df=2).fit_transform(bodies)
    with clock.step("svd"):
        Z = TruncatedSVD(min(100, X.shape[1] - 1, X.shape[0] - 1), random_state=0).fit_transform(X)
    with clock.step("kmeans"):
        KMeans(min(8, len(bodies)), n_init=3, random_state=0).fit(Z)
    with clock.step("tfidf_rjieba"):
        # rjieba's dictionary is built on its first cut, inside the step too.
        TfidfVectorizer(tokenizer=rjieba.cut, token_pattern=None, lowercase=False, sublinear_tf=True,
                        min_df=2).fit_transform(bodies)
    for d in (clock.wall, clock.cpu):
        d["baseline_total"] = d["imports"] + d["tfidf"] + d["svd"] + d["kmeans"]
        d["baseline_rjieba_total"] = d["imports"] + d["tfidf_rjieba"] + d["svd"] + d["kmeans"]
    extra.update(tfidf_shape=list(X.shape), articles=len(bodies))
    return clock.result(extra)


def _spawn(worker: str, raw: Path, work: Path, timeout: float) -> dict:
    result = work / f"{worker}.json"
    cmd = [sys.executable, "-m", "benchmarks.bench_zh", str(raw), "--worker", worker, "--work", str(work),
           "--result", str(result)]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED="0"), capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0 or not result.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"zh benchmark worker {worker!r} failed (exit {proc.returncode}):\n" + "\n".join(tail))
    return json.loads(result.read_text())


def run_zh_benchmark(corpus: Path, *, repeat: int = 3, timeout: float = 3600, log=print) -> dict:
    """Run the build and the baseline ``repeat`` times on ``corpus``; return the results with medians."""
    runs = []
    for r in range(repeat):
        with tempfile.TemporaryDirectory(prefix="reexbench-zh-") as tmp:
            work = Path(tmp)
            build = _spawn("build", corpus, work, timeout)
            baseline = _spawn("baseline", corpus, work, timeout)
            runs.append({"build": build, "baseline": baseline})
            log(f"[zh] run {r + 1}/{repeat}: build {build['times']['build_cold']:.1f}s cold, "
                f"{build['times']['build_warm']:.1f}s warm; baseline {baseline['times']['baseline_total']:.1f}s")
    return {"machine": machine_info(), "started": _now(), "corpus": str(corpus), "runs": runs,
            "median": _medians(runs)}


def _medians(runs: list[dict]) -> dict:
    values: dict[str, list[float]] = {}
    for run in runs:
        for kind in ("times", "cpu"):
            prefix = "" if kind == "times" else "cpu:"
            for worker in ("build", "baseline"):
                for step, seconds in run[worker][kind].items():
                    values.setdefault(prefix + step, []).append(seconds)
        stages = run["build"]["extra"]["stages_cold"]
        for stage, seconds in stages.items():
            values.setdefault(f"stage:{stage}", []).append(seconds)
        values.setdefault("analysis", []).append(sum(stages.get(s, 0.0) for s in ("vectorize", "themes", "clusters")))
        for worker in ("build", "baseline"):
            values.setdefault(f"peak_rss_{worker}_mib", []).append(run[worker]["peak_rss_mib"])
    med = {key: statistics.median(v) for key, v in values.items()}
    base = med.get("baseline_total")
    if base:
        for key in ("build_cold", "build_warm", "analysis"):
            med[f"ratio:{key}"] = med[key] / base
        # CPU seconds move less than wall time on a busy shared machine.
        for key in ("build_cold", "build_warm"):
            med[f"ratio:cpu:{key}"] = med[f"cpu:{key}"] / med["cpu:baseline_total"]
    if med.get("baseline_rjieba_total"):
        med["ratio:build_cold:rjieba"] = med["build_cold"] / med["baseline_rjieba_total"]
        med["ratio:cpu:build_cold:rjieba"] = med["cpu:build_cold"] / med["cpu:baseline_rjieba_total"]
    return med


def markdown_table(results: dict) -> str:
    """The medians as a markdown table (wall and CPU seconds), then the ratios to the baseline."""
    med = results["median"]
    lines = ["| step | wall | CPU |", "|---|---:|---:|"]
    for key, label in _ROWS:
        if key in med:
            cpu = med.get(f"cpu:{key}")
            lines.append(f"| {label} | {med[key]:.2f} s | {'' if cpu is None else f'{cpu:.2f} s'} |")
    for key, label in (("build_cold", "cold build"), ("build_warm", "warm rebuild"),
                       ("analysis", "vectorize + themes + clusters")):
        if f"ratio:{key}" in med:
            cpu = med.get(f"ratio:cpu:{key}")
            lines.append(f"| {label} / baseline | {med[f'ratio:{key}']:.2f}x | {'' if cpu is None else f'{cpu:.2f}x'} |")
    if "ratio:build_cold:rjieba" in med:
        lines.append(f"| cold build / baseline (rjieba) | {med['ratio:build_cold:rjieba']:.2f}x | "
                     f"{med['ratio:cpu:build_cold:rjieba']:.2f}x |")
    lines.append(f"| peak RSS, build / baseline (MiB) | {med['peak_rss_build_mib']:,.0f} / "
                 f"{med['peak_rss_baseline_mib']:,.0f} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_zh", description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of Chinese pages")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    p.add_argument("--worker", choices=["build", "baseline"], help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        work = Path(args.work)
        data = _worker_build(args.corpus, work) if args.worker == "build" else \
            _worker_baseline(work / "out" / "articles.parquet")
        data["peak_rss_mib"] = _maxrss_mib()
        Path(args.result).write_text(json.dumps(data, default=str))
        return 0
    if not args.corpus.is_dir():
        print(f"bench_zh: skipped: no folder of Chinese pages at {args.corpus} "
              "(the development corpus zh-news-2011-dev; pass its path)")
        return 0
    t = time.perf_counter()
    results = run_zh_benchmark(args.corpus, repeat=args.repeat, timeout=args.timeout,
                               log=lambda m: print(m, file=sys.stderr, flush=True))
    results["table"] = markdown_table(results)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = results["started"].replace(":", "").replace("-", "").replace("+0000", "Z")
    path = args.results_dir / f"{stamp}-zh.json"
    path.write_text(json.dumps(results, indent=1, default=str) + "\n")
    print(results["table"])
    print(f"\n{results['median'].get('stage:ingest', 0):.0f} s of ingest in the cold build; "
          f"{time.perf_counter() - t:.0f} s in all. Results written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
