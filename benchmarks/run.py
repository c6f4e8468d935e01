"""Time every stage of the reexdata build against a bare scikit-learn baseline.

``python -m benchmarks.run`` (``make bench``) generates (or reuses) the
synthetic corpora of :mod:`benchmarks.generate` and, for each size, runs three
kinds of worker, each in its own Python process so that its peak memory
(``ru_maxrss``) is its own:

``stages``
    Calls the stages one after the other as the build does and times each:
    ingest (cold, then warm from the parse cache), vectorize, themes,
    clusters, mentions, over-time tables, co-mentions, Parquet writes.
``build``
    ``reexdata.pipeline.build`` end to end: a cold build (empty parse cache
    and tables folder), the report, a no-op rebuild (inputs unchanged), an
    incremental rebuild after adding 100 files, and a warm ``force`` rebuild
    (every file from the parse cache).
``baseline``
    On the bodies of the articles the build loaded: ``TfidfVectorizer
    (sublinear_tf=True, stop_words="english", min_df=2)`` -> ``TruncatedSVD(100)``
    -> ``KMeans(8, n_init=3)``.
``hostile`` (optional, ``--workers ...,hostile``)
    A cold ingest of the corpus plus a subtree of awkward entries (names with
    spaces and non-ASCII characters, symlink loops, a dangling link, a FIFO,
    a ``chmod 000`` file); checks every file is loaded or rejected.

Wall and CPU seconds are recorded for every step (CPU: all threads of the
worker and its finished child processes, such as the loader's pool).
Every number is the median over ``--repeat`` runs. The results (with the
machine) go to ``benchmarks/results/<time>.json`` and a markdown table is
printed.

Examples
--------
::

    python -m benchmarks.run                      # 1k and 10k, 3 repeats
    python -m benchmarks.run --sizes 100k         # 1 repeat by default
    python -m benchmarks.run --sizes 20 --quick   # smoke run (the test suite's)
    python -m benchmarks.run --sizes 100k --workers build --build-steps incremental
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import SIZES, ensure_corpus, generate, parse_size

__all__ = ["STAGES", "BUILD_STEPS", "BASELINE_STEPS", "run_benchmark", "markdown_table", "machine_info",
           "seed_report_overhead", "main"]

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / "_corpus"
RESULTS_DIR = HERE / "results"
# Added to the corpus for the incremental rebuild, removed afterwards.
EXTRA_DIR = "zz_incremental"
# Added to the corpus by the hostile-tree worker, removed afterwards.
HOSTILE_DIR = "zz hostile ✓"

#: Stages timed one by one by the ``stages`` worker, in build order.
STAGES = [
    ("import", "import reexdata stages + deps"),
    ("ingest_cold", "ingest (cold: read + parse)"),
    ("ingest_warm", "ingest (warm: parse cache)"),
    ("vectorize", "vectorize (shared TF-IDF)"),
    ("themes", "themes"),
    ("clusters", "clusters"),
    ("mentions", "mentions"),
    ("over_time", "over-time tables"),
    ("co_mentions", "co-mentions"),
    ("stories", "stories (group_stories)"),
    ("parquet_writes", "parquet writes (publish)"),
]
#: Steps of the ``build`` worker.
BUILD_STEPS = [
    ("build_cold", "build, cold (pipeline.build)"),
    ("report", "report (write_report)"),
    ("build_noop", "rebuild, inputs unchanged"),
    ("build_incremental", "rebuild after adding {extra} files"),
    ("build_warm", "rebuild --force, warm cache"),
]
#: Steps of the ``baseline`` worker.
BASELINE_STEPS = [
    ("imports", "baseline imports (scikit-learn)"),
    ("tfidf", "baseline TfidfVectorizer"),
    ("svd", "baseline TruncatedSVD(100)"),
    ("kmeans", "baseline KMeans(8, n_init=3)"),
    ("baseline_total", "baseline total"),
    ("baseline_read", "plain read of the raw files (UTF-8, errors replaced)"),
    ("baseline_end_to_end", "baseline total + plain read"),
]


# ---------------------------------------------------------------------------
# Workers (run in a child process: ``python -m benchmarks.run --worker NAME``).

class _Clock:
    """Wall and CPU seconds (all threads of the process) per step."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextlib.contextmanager
    def step(self, name: str):
        wall, cpu = time.perf_counter(), _cpu_seconds()
        yield
        self.wall[name] = time.perf_counter() - wall
        self.cpu[name] = _cpu_seconds() - cpu

    def result(self, extra: dict) -> dict:
        extra["peak_rss_children_mib"] = _maxrss_mib(resource.RUSAGE_CHILDREN)
        return {"times": self.wall, "cpu": self.cpu, "extra": extra, "peak_rss_mib": _maxrss_mib(),
                "loadavg_end": list(os.getloadavg())}


def _cpu_seconds() -> float:
    """CPU seconds of this process's threads and of its finished child processes.

    The loader parses in a pool of forked processes; their time counts once
    the pool has been shut down (at the end of the step that used it).
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _maxrss_mib(who: int = resource.RUSAGE_SELF) -> float:
    # Linux reports kilobytes. For RUSAGE_CHILDREN: the largest finished child.
    return resource.getrusage(who).ru_maxrss / 1024.0


def _worker_stages(raw: Path, work: Path) -> dict:
    clock, extra = _Clock(), {"loadavg_start": list(os.getloadavg())}
    with clock.step("import"):
        import polars as pl  # noqa: F401

        from reexdata.clusters import cluster_articles
        from reexdata.ingest import read_corpus
        from reexdata.mentions import co_mentions, count_mentions, entity_table, mentions_over_time
        from reexdata.query import group_stories
        from reexdata.schema import empty_table
        from reexdata.store import publish
        from reexdata.themes import score_themes, seed_terms, themes_over_time
        from reexdata.vectorize import vectorize
        # The stages import these lazily; load them here so that the stage
        # timings below are computation, not imports.
        import sklearn.cluster  # noqa: F401
        import sklearn.decomposition  # noqa: F401
        import sklearn.feature_extraction.text  # noqa: F401
        import sklearn.metrics  # noqa: F401
    cache = work / "interim-stages"

    with clock.step("ingest_cold"):
        corpus = read_corpus(raw, cache_dir=cache)
    del corpus
    with clock.step("ingest_warm"):
        corpus = read_corpus(raw, cache_dir=cache)
    articles, rejects = corpus.articles, corpus.rejects
    extra["articles"] = articles.height
    extra["rejects"] = rejects.height
    extra["reject_reasons"] = dict(sorted(rejects.group_by("reason").len().iter_rows())) if rejects.height else {}
    extra["rss_after_ingest_mib"] = _maxrss_mib()

    with clock.step("vectorize"):
        matrix = vectorize(articles, phrases=seed_terms())
    X = matrix.X
    extra["tfidf_shape"] = list(X.shape)
    extra["tfidf_nnz"] = int(X.nnz)
    extra["tfidf_mib"] = round((X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 2**20, 1)
    extra["rss_after_vectorize_mib"] = _maxrss_mib()

    with clock.step("themes"):
        scores = score_themes(articles, matrix=matrix)
    extra["rss_after_themes_mib"] = _maxrss_mib()
    with clock.step("clusters"):
        assignments, clusters = cluster_articles(articles, matrix=matrix)
    extra["k"] = clusters.height
    extra["rss_after_clusters_mib"] = _maxrss_mib()
    with clock.step("mentions"):
        mentions = count_mentions(articles)
    with clock.step("over_time"):
        # The frequencies the build publishes (reexdata.pipeline).
        tot = themes_over_time(scores, articles, freq="M")
        mot = mentions_over_time(mentions, articles, freq="W")
    with clock.step("co_mentions"):
        co = co_mentions(mentions)
    with clock.step("stories"):
        stories = group_stories(articles)

    tables = {
        "articles": articles, "rejects": rejects, "themes": scores, "themes_over_time": tot,
        "clusters": clusters, "cluster_assignments": assignments, "entities": entity_table(),
        "mentions": mentions, "mentions_over_time": mot, "co_mentions": co, "stories": stories,
        "attention": empty_table("attention"),  # a build without [queries] publishes it empty
    }
    with clock.step("parquet_writes"):
        publish(tables, work / "out-stages", manifest={"fingerprint": "benchmark"})
    extra["rows"] = {name: frame.height for name, frame in tables.items()}
    return clock.result(extra)


def _worker_build(raw: Path, work: Path, n_extra: int, seed: int, n_base: int,
                  steps: tuple[str, ...] = ("report", "noop", "incremental", "warm")) -> dict:
    import polars  # noqa: F401  (both workers import polars before their clocks)

    clock, extra = _Clock(), {"loadavg_start": list(os.getloadavg())}
    out, interim = work / "out-build", work / "interim-build"
    with clock.step("build_cold"):
        # The imports count, as the baseline's do (scikit-learn is imported inside the build).
        from reexdata.pipeline import build
        from reexdata.report import write_report

        result = build(raw, out, interim=interim)
    extra["peak_rss_cold_mib"] = _maxrss_mib()
    extra["manifest_cold"] = _manifest_summary(result.manifest)
    extra["articles"] = result.tables["articles"].height

    if "report" in steps:
        with clock.step("report"):
            write_report(result, work / "report.html")
        extra["report_bytes"] = (work / "report.html").stat().st_size
        extra["report_max_figure_bytes"] = _largest_figure(work / "report.html")
        extra["peak_rss_report_mib"] = _maxrss_mib()
    del result

    if "noop" in steps:
        with clock.step("build_noop"):
            result = build(raw, out, interim=interim)
        extra["noop_reused"] = bool(result.reused)
        del result

    if "incremental" in steps:
        added = raw / EXTRA_DIR
        try:
            generate(n_extra, added, seed=seed, start=n_base, manifest=False)
            with clock.step("build_incremental"):
                result = build(raw, out, interim=interim)
            extra["incremental_articles"] = result.tables["articles"].height
            extra["manifest_incremental"] = _manifest_summary(result.manifest)
            del result
        finally:
            shutil.rmtree(added, ignore_errors=True)

    if "warm" in steps:
        with clock.step("build_warm"):
            result = build(raw, out, interim=interim, force=True)
        extra["manifest_warm"] = _manifest_summary(result.manifest)
    return clock.result(extra)


def _largest_figure(report: Path) -> int:
    """Bytes of the largest figure's JSON in a report (the issue's limit: 1.5 MB)."""
    html = report.read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/json"[^>]*data-figure="[^"]*">(.*?)</script>', html, re.S)
    return max((len(spec.encode()) for spec in found), default=0)


def _manifest_summary(manifest: dict | None) -> dict:
    """The parts of a build manifest worth keeping: timings and cache counts."""
    if not manifest:
        return {}
    keep = {}
    for key, value in manifest.items():
        if key in ("tables", "fingerprint", "files", "inputs"):
            continue
        if isinstance(value, (int, float, str, bool)) or (isinstance(value, dict) and len(value) <= 40):
            keep[key] = value
    return keep


def _worker_baseline(articles_path: Path, raw: Path) -> dict:
    import polars as pl

    clock, extra = _Clock(), {"loadavg_start": list(os.getloadavg())}
    bodies = pl.read_parquet(articles_path, columns=["body"]).get_column("body").to_list()
    with clock.step("imports"):
        from sklearn.cluster import KMeans
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
    with clock.step("tfidf"):
        X = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(bodies)
    with clock.step("svd"):
        # TruncatedSVD needs fewer components than terms: only tiny smoke corpora hit this.
        components = min(100, X.shape[1] - 1, X.shape[0] - 1)
        Z = TruncatedSVD(components, random_state=0).fit_transform(X)
    with clock.step("kmeans"):
        KMeans(min(8, len(bodies)), n_init=3, random_state=0).fit(Z)
    with clock.step("baseline_read"):
        # What a plain script spends reading the raw folder before it can
        # vectorise anything (the build's cold time includes its own reads).
        read = sum(len(p.read_bytes().decode("utf-8", "replace")) for p in sorted(raw.rglob("*")) if p.is_file())
    for d in (clock.wall, clock.cpu):
        d["baseline_total"] = d["imports"] + d["tfidf"] + d["svd"] + d["kmeans"]
        d["baseline_end_to_end"] = d["baseline_total"] + d["baseline_read"]
    extra.update(tfidf_shape=list(X.shape), tfidf_nnz=int(X.nnz), baseline_read_chars=read)
    return clock.result(extra)


def _add_hostile_entries(raw: Path, seed: int, n_base: int) -> None:
    """Awkward names and entries under ``raw/HOSTILE_DIR`` (see tests/test_trust.py)."""
    root = raw / HOSTILE_DIR
    src = root / "src tmp"
    generate(6, src, seed=seed, start=n_base + 1_000_000, manifest=False)
    texts = [p.read_bytes() for p in sorted(src.rglob("*.txt"))]
    shutil.rmtree(src)
    names = ["a/b/c/d/e/deep.txt", "name with spaces.txt", "résumé – Baogang’s “two bases”.txt",
             "記事 2025/内蒙古 包钢.txt", "ещё глубже/файл.txt", "emoji 🧲 magnets.txt"]
    for name, text in zip(names, texts):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text)
    os.symlink("..", root / "a" / "b" / "loop")
    os.symlink("self loop.txt", root / "self loop.txt")
    os.symlink("missing/nowhere.txt", root / "dangling.txt")
    os.mkfifo(root / "pipe.txt")
    locked = root / "locked.txt"
    locked.write_bytes(texts[0][::-1])
    locked.chmod(0)  # unreadable unless we run as root


def _worker_hostile(raw: Path, seed: int, n_base: int) -> dict:
    """Cold ingest of the corpus plus a hostile subtree: no hang, every file accounted for."""
    clock, extra = _Clock(), {"loadavg_start": list(os.getloadavg())}
    from reexdata.ingest import read_corpus

    try:
        _add_hostile_entries(raw, seed, n_base)
        seen = sum(len(files) for _, _, files in os.walk(raw))  # not following links
        with clock.step("hostile_ingest"):
            corpus = read_corpus(raw)
        extra["files_seen"] = seen
        extra["articles"] = corpus.articles.height
        extra["rejects"] = corpus.rejects.height
        extra["all_accounted_for"] = corpus.articles.height + corpus.rejects.height == seen
        extra["hostile_rejects"] = corpus.rejects.filter(
            corpus.rejects["source"].str.starts_with(HOSTILE_DIR)).rows()
    finally:
        locked = raw / HOSTILE_DIR / "locked.txt"
        if locked.exists():
            locked.chmod(0o644)
        shutil.rmtree(raw / HOSTILE_DIR, ignore_errors=True)
    return clock.result(extra)


def _worker_main(args: argparse.Namespace) -> int:
    raw, work = Path(args.raw), Path(args.work)
    if args.worker == "stages":
        result = _worker_stages(raw, work)
    elif args.worker == "build":
        result = _worker_build(raw, work, args.extra, args.seed, args.n_base, steps=tuple(args.build_steps.split(",")))
    elif args.worker == "baseline":
        # The bodies the build loaded; the stages worker's copy when the build was not run.
        source = work / "out-build" / "articles.parquet"
        result = _worker_baseline(source if source.exists() else work / "out-stages" / "articles.parquet", raw)
    elif args.worker == "hostile":
        result = _worker_hostile(raw, args.seed, args.n_base)
    else:  # pragma: no cover - argparse restricts the choices
        raise SystemExit(f"unknown worker {args.worker}")
    Path(args.result).write_text(json.dumps(result, default=str))
    return 0


def _spawn(worker: str, raw: Path, work: Path, *, extra: int, seed: int, n_base: int,
           timeout: float, build_steps: str = "report,noop,incremental,warm") -> dict:
    """Run one worker in a fresh interpreter and return its JSON result."""
    result = work / f"{worker}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "benchmarks.run", "--worker", worker, "--raw", str(raw), "--work", str(work),
           "--result", str(result), "--extra", str(extra), "--seed", str(seed), "--n-base", str(n_base),
           "--build-steps", build_steps]
    env = dict(os.environ, PYTHONHASHSEED="0")
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t
    if proc.returncode != 0 or not result.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"benchmark worker {worker!r} failed (exit {proc.returncode}):\n" + "\n".join(tail))
    data = json.loads(result.read_text())
    data["wall"] = wall
    return data


# ---------------------------------------------------------------------------
# Driver.

def machine_info() -> dict:
    """CPU, memory, Python and library versions of this machine."""
    info = {"python": platform.python_version(), "platform": platform.platform(), "nproc": os.cpu_count()}
    try:
        info["nproc"] = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_gib"] = round(int(line.split()[1]) / 2**20, 1)
                break
    except OSError:  # pragma: no cover
        pass
    from importlib import metadata

    for pkg in ("reexdata", "numpy", "scipy", "scikit-learn", "polars", "pyarrow"):
        try:
            info[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:  # pragma: no cover
            info[pkg] = None
    return info


def _size_label(n: int) -> str:
    for label, value in SIZES.items():
        if value == n:
            return label
    return str(n)


def run_benchmark(sizes: list[int], *, repeat: int | None = None, seed: int = 0, extra: int = 100,
                  corpus_dir: Path = CORPUS_DIR, bad_rate: float = 0.001, timeout: float = 3 * 3600,
                  workers: tuple[str, ...] = ("stages", "build", "baseline"),
                  build_steps: str = "report,noop,incremental,warm", log=print) -> dict:
    """Run the benchmark for each corpus size and return the results.

    Parameters
    ----------
    sizes : list of int
        Corpus sizes (number of generated files).
    repeat : int, default=None
        Runs per size; by default 3 below 100k files, 1 from there on.
    seed : int, default=0
        Corpus seed.
    extra : int, default=100
        Files added for the incremental rebuild.
    corpus_dir : Path
        Where the corpora are generated (and reused from).
    bad_rate : float, default=0.001
        Share of deliberately bad generated files (rejected by the loader).
    timeout : float
        Seconds after which a worker is killed.
    workers : tuple of str
        Which workers to run.
    build_steps : str
        Comma-separated steps of the build worker after its cold build:
        report, noop, incremental, warm.

    Returns
    -------
    dict
        ``machine``, ``started``, and per size: ``runs`` (each worker's raw
        results per repeat) and ``median`` (step -> seconds, plus memory and
        ratios).
    """
    results = {"machine": machine_info(), "started": _now(), "seed": seed, "extra": extra,
               "bad_rate": bad_rate, "sizes": {}}
    for n in sizes:
        label = _size_label(n)
        reps = repeat if repeat is not None else (3 if n < 100_000 else 1)
        t = time.perf_counter()
        corpus = Path(corpus_dir) / label
        _clean_leftovers(corpus)
        manifest = ensure_corpus(n, corpus, seed=seed, bad_rate=bad_rate)
        log(f"[{label}] corpus ready in {time.perf_counter() - t:.1f}s ({corpus})")
        runs = []
        for r in range(reps):
            with tempfile.TemporaryDirectory(prefix=f"reexbench-{label}-") as tmp:
                work = Path(tmp)
                run = {}
                for worker in workers:
                    run[worker] = _spawn(worker, corpus, work, extra=extra, seed=seed, n_base=n, timeout=timeout,
                                         build_steps=build_steps)
                    log(f"[{label}] run {r + 1}/{reps} {worker}: {run[worker]['wall']:.1f}s, "
                        f"peak RSS {run[worker]['peak_rss_mib']:.0f} MiB")
                runs.append(run)
        results["sizes"][label] = {"n": n, "injected_bad": len(manifest.get("bad", {})), "runs": runs,
                                   "median": _medians(runs)}
    results["finished"] = _now()
    return results


def _clean_leftovers(corpus: Path) -> None:
    """Remove what a killed worker may have added to a corpus."""
    shutil.rmtree(corpus / EXTRA_DIR, ignore_errors=True)
    locked = corpus / HOSTILE_DIR / "locked.txt"
    if locked.exists():
        locked.chmod(0o644)
    shutil.rmtree(corpus / HOSTILE_DIR, ignore_errors=True)


_IMPORTS = ("import reexdata.cli, reexdata.pipeline, reexdata.report, reexdata.ingest, reexdata.vectorize, "
            "reexdata.themes, reexdata.clusters, reexdata.mentions, reexdata.store, reexdata.tables, reexdata.plots, "
            "sklearn.feature_extraction.text, sklearn.decomposition, sklearn.cluster, sklearn.metrics, "
            "plotly.graph_objects, jinja2, polars, pyarrow.parquet")


def seed_report_overhead(repeat: int = 3, raw: Path = HERE.parent / "data" / "raw") -> dict:
    """Seconds of ``reexdata report`` on the seeds beyond importing what it needs.

    Medians over ``repeat`` runs of: a fresh interpreter importing the package
    and its dependencies; ``reexdata report`` building and writing the report
    from an empty tables folder (cold); and again with the tables unchanged
    (warm: the build is reused).
    """
    runs: dict[str, list[float]] = {"imports": [], "report_cold": [], "report_warm": []}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="reexbench-seeds-") as tmp:
            cmds = {
                "imports": [sys.executable, "-c", _IMPORTS],
                "report_cold": [sys.executable, "-m", "reexdata.cli", "report", "--raw", str(raw), "--processed",
                                f"{tmp}/processed", "--interim", f"{tmp}/interim", "--out", f"{tmp}/report.html", "-q"],
            }
            cmds["report_warm"] = cmds["report_cold"]
            for name in ("imports", "report_cold", "report_warm"):
                t = time.perf_counter()
                subprocess.run(cmds[name], cwd=HERE.parent, check=True, capture_output=True)
                runs[name].append(time.perf_counter() - t)
    med = {name: statistics.median(v) for name, v in runs.items()}
    med["overhead_cold"] = med["report_cold"] - med["imports"]
    med["overhead_warm"] = med["report_warm"] - med["imports"]
    return med


def _medians(runs: list[dict]) -> dict:
    values: dict[str, list[float]] = {}
    for run in runs:
        for worker, data in run.items():
            for step, seconds in data["times"].items():
                values.setdefault(step, []).append(seconds)
            for step, seconds in data.get("cpu", {}).items():
                values.setdefault(f"cpu:{step}", []).append(seconds)
            values.setdefault(f"peak_rss_{worker}_mib", []).append(data["peak_rss_mib"])
            if "peak_rss_children_mib" in data["extra"]:
                values.setdefault(f"peak_rss_children_{worker}_mib", []).append(data["extra"]["peak_rss_children_mib"])
            for key in ("report_bytes", "report_max_figure_bytes"):
                if key in data["extra"]:
                    values.setdefault(key.replace("_bytes", "_mb"), []).append(data["extra"][key] / 1e6)
            if worker == "build" and "peak_rss_cold_mib" in data["extra"]:
                values.setdefault("peak_rss_build_cold_mib", []).append(data["extra"]["peak_rss_cold_mib"])
    med = {key: statistics.median(v) for key, v in values.items()}
    if "build_cold" in med and med.get("baseline_total"):
        med["ratio_cold_build_to_baseline"] = med["build_cold"] / med["baseline_total"]
        if "build_warm" in med:
            med["ratio_warm_build_to_baseline"] = med["build_warm"] / med["baseline_total"]
    if "build_cold" in med and med.get("baseline_end_to_end"):
        med["ratio_cold_build_to_end_to_end"] = med["build_cold"] / med["baseline_end_to_end"]
    stage_keys = [k for k, _ in STAGES if k not in ("import", "ingest_warm")]
    if all(k in med for k in stage_keys):
        med["stages_sum"] = sum(med[k] for k in stage_keys)
        med["cpu:stages_sum"] = sum(med[f"cpu:{k}"] for k in stage_keys)
    if "cpu:build_cold" in med and med.get("cpu:baseline_total"):
        med["ratio_cpu_cold_build_to_baseline"] = med["cpu:build_cold"] / med["cpu:baseline_total"]
        if "cpu:build_warm" in med:
            med["ratio_cpu_warm_build_to_baseline"] = med["cpu:build_warm"] / med["cpu:baseline_total"]
    return med


def markdown_table(results: dict) -> str:
    """The results as a markdown table: one row per step, wall and CPU seconds per size.

    CPU seconds count every thread of the process; on a busy shared machine
    they move less than wall time.
    """
    labels = list(results["sizes"])
    extra = results.get("extra", 100)
    rows = [("", "**stages (one process, direct calls)**")] + STAGES + [("stages_sum", "sum of stages (cold ingest)")]
    rows += [("", "**pipeline.build**")] + [(k, d.format(extra=extra)) for k, d in BUILD_STEPS]
    rows += [("", "**bare baseline (same bodies)**")] + BASELINE_STEPS
    if any("hostile_ingest" in results["sizes"][lab]["median"] for lab in labels):
        rows += [("", "**hostile tree**"), ("hostile_ingest", "cold ingest + odd names, loops, FIFO")]
    rows += [("", "**ratios and memory**"),
             ("ratio_cold_build_to_baseline", "cold build / baseline"),
             ("ratio_warm_build_to_baseline", "warm build / baseline"),
             ("ratio_cold_build_to_end_to_end", "cold build / (baseline + plain read)"),
             ("peak_rss_build_cold_mib", "peak RSS, cold build (MiB)"),
             ("peak_rss_stages_mib", "peak RSS, stages worker (MiB)"),
             ("peak_rss_baseline_mib", "peak RSS, baseline (MiB)"),
             ("", "**report**"),
             ("report_mb", "report file (MB; limit 10 at 10k)"),
             ("report_max_figure_mb", "largest figure in it (MB; limit 1.5)")]
    names = [lab if lab.endswith("k") else f"{lab} files" for lab in labels]
    head = "| step | " + " | ".join(f"{n} wall | {n} CPU" for n in names) + " |"
    lines = [head, "|---|" + "---:|---:|" * len(labels)]
    for key, desc in rows:
        if not key:
            lines.append(f"| {desc} |" + " | |" * len(labels))
            continue
        cells = []
        for lab in labels:
            med = results["sizes"][lab]["median"]
            v = med.get(key)
            if key.startswith("ratio"):
                cpu = med.get(key.replace("ratio_", "ratio_cpu_"))
                cells += [_fmt(v, "x"), _fmt(cpu, "x") if cpu is not None else ""]
            elif key.endswith("_mib"):
                cells += [_fmt(v, "mib"), ""]
            elif key.endswith("_mb"):
                cells += [_fmt(v, "mb"), ""]
            else:
                cells += [_fmt(v, "s"), _fmt(med.get(f"cpu:{key}"), "s")]
        lines.append(f"| {desc} | " + " | ".join(cells) + " |")
    for lab in labels:
        for run in results["sizes"][lab]["runs"]:
            h = run.get("hostile", {}).get("extra")
            if h:
                lines.append("")
                lines.append(f"Hostile tree ({lab}): {h['files_seen']} files seen, {h['articles']} loaded + "
                             f"{h['rejects']} rejected: " + ("all accounted for." if h["all_accounted_for"]
                                                            else "**files missing!**"))
                break
    seeds = results.get("seed_report")
    if seeds:
        lines.append("")
        lines.append(f"`reexdata report` on the five seeds: {seeds['report_cold']:.2f} s cold, "
                     f"{seeds['report_warm']:.2f} s with the build reused; importing the package and its "
                     f"dependencies alone: {seeds['imports']:.2f} s; overhead {seeds['overhead_cold']:.2f} s cold, "
                     f"{seeds['overhead_warm']:.2f} s warm.")
    if len(labels) > 1:
        a, b = labels[-2], labels[-1]
        ma, mb = results["sizes"][a]["median"], results["sizes"][b]["median"]
        if ma.get("build_cold") and mb.get("build_cold") and ma.get("baseline_total"):
            lines.append("")
            lines.append(f"Growth {a} -> {b} ({results['sizes'][b]['n'] / results['sizes'][a]['n']:.0f}x files): "
                         f"cold build {mb['build_cold'] / ma['build_cold']:.1f}x, "
                         f"baseline {mb.get('baseline_total', 0) / ma['baseline_total']:.1f}x.")
    return "\n".join(lines)


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "n/a"
    if unit == "x":
        return f"{v:.2f}x"
    if unit == "mib":
        return f"{v:,.0f}"
    if unit == "mb":
        return f"{v:.2f} MB"
    return f"{v:.2f} s" if v < 100 else f"{v:,.0f} s"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=None, help="comma-separated sizes, e.g. 1k,10k,100k (default 1k,10k)")
    p.add_argument("--repeat", type=int, default=None, help="runs per size (default 3 below 100k, 1 from 100k)")
    p.add_argument("--quick", action="store_true", help="smoke run: 200 files, 1 repeat, 10 added files")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--extra", type=int, default=None, help="files added for the incremental rebuild (100)")
    p.add_argument("--bad-rate", type=float, default=0.001, help="share of deliberately bad files")
    p.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR)
    p.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    p.add_argument("--timeout", type=float, default=3 * 3600, help="seconds before a worker is killed")
    p.add_argument("--build-steps", default="report,noop,incremental,warm",
                   help="what the build worker does after the cold build (default: all of them)")
    p.add_argument("--seed-report", action="store_true",
                   help="also time `reexdata report` on data/raw against importing its dependencies")
    p.add_argument("--workers", default="stages,build,baseline",
                   help="which workers to run: stages, build, baseline, hostile (a cold ingest of the corpus "
                        "plus awkward names, symlink loops, a FIFO, an unreadable file)")
    # Internal: run one worker in this process.
    p.add_argument("--worker", choices=["stages", "build", "baseline", "hostile"], help=argparse.SUPPRESS)
    p.add_argument("--raw", help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    p.add_argument("--n-base", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        args.extra = 100 if args.extra is None else args.extra
        return _worker_main(args)

    if args.sizes is None:
        args.sizes = "200" if args.quick else "1k,10k"
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    repeat = 1 if args.quick and args.repeat is None else args.repeat
    extra = args.extra if args.extra is not None else (10 if args.quick else 100)
    workers = tuple(w.strip() for w in args.workers.split(",") if w.strip())
    if "baseline" in workers and not {"build", "stages"} & set(workers):
        p.error("the baseline worker reads the articles the build or stages worker loaded; add one of them")

    results = run_benchmark(sizes, repeat=repeat, seed=args.seed, extra=extra, corpus_dir=args.corpus_dir,
                            bad_rate=args.bad_rate, timeout=args.timeout, workers=workers,
                            build_steps=args.build_steps,
                            log=lambda m: print(m, file=sys.stderr, flush=True))
    if args.seed_report:
        results["seed_report"] = seed_report_overhead(args.repeat or 3)
    table = markdown_table(results)
    results["table"] = table
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = results["started"].replace(":", "").replace("-", "").replace("+0000", "Z")
    path = args.results_dir / f"{stamp}-{'_'.join(results['sizes'])}.json"
    path.write_text(json.dumps(results, indent=1, default=str) + "\n")
    m = results["machine"]
    print(f"Machine: {m.get('cpu')}, {m.get('nproc')} cores, {m.get('mem_gib')} GiB, Python {m['python']}")
    print(table)
    print(f"\nResults written to {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
