"""Output that can be trusted: determinism, crash safety, a hostile raw tree.

* Determinism: two builds of the same input (separate processes, different
  hash seeds, separate caches) publish byte-identical Parquet files.
* Crash safety: ``reexdata build`` is killed with SIGKILL at many points,
  half of them while it is writing its tables; after every kill each table
  reachable in the tables folder is the complete table of one earlier build
  and every table comes from that same build.
* A hostile raw tree (nested folders, names with spaces and non-ASCII
  characters, symlink loops, a dangling link, a FIFO, a folder named
  ``*.txt``) loads without hanging and every file is loaded or rejected with a
  reason.
"""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.generate import generate
from reexdata.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw"
# Generous: a build of a few hundred files takes seconds; a hang never ends.
TIMEOUT = 180


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "reexdata.cli", *args]


def _run_build(raw: Path, out: Path, interim: Path, *, hash_seed: str = "0",
               polars_threads: str | None = None) -> float:
    """Run ``reexdata build --force`` to completion; return its wall time."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    if polars_threads:
        env["POLARS_MAX_THREADS"] = polars_threads
    start = time.perf_counter()
    proc = subprocess.run(
        _cli("build", "--raw", str(raw), "--out", str(out), "--interim", str(interim), "--force", "-q"),
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return time.perf_counter() - start


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _published(out: Path) -> tuple[str, dict[str, str]]:
    """Check the published set is one complete build; return its id and file hashes.

    Every ``<table>.parquet`` must resolve into the build ``latest`` points
    to, match the SHA-256 and row count its manifest records, and read back.
    """
    latest = out / "latest"
    assert latest.is_symlink(), "latest is not a symlink"
    build = latest.resolve(strict=True)
    assert build.parent == (out / "builds").resolve()
    assert not build.name.endswith(".tmp")
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["build_id"] == build.name
    hashes = {}
    for name in TABLES:
        link = out / f"{name}.parquet"
        path = link.resolve(strict=True)
        assert path == build / f"{name}.parquet", f"{name} does not come from the published build"
        digest = _sha256(path)
        assert digest == manifest["tables"][name]["sha256"], f"{name} differs from its manifest"
        assert pq.read_table(path).num_rows == manifest["tables"][name]["rows"]
        hashes[name] = digest
    return build.name, hashes


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Corpus A (the five seeds and 120 generated files) and B (A plus 20 files)."""
    root = tmp_path_factory.mktemp("trust")
    a, b = root / "raw_a", root / "raw_b"
    for raw, n in ((a, 120), (b, 140)):
        generate(n, raw / "generated", seed=11, manifest=False)
        shutil.copytree(SEEDS, raw / "seeds")
    return a, b


@pytest.fixture(scope="module")
def built_a(corpora, tmp_path_factory):
    """Corpus A built once (cold cache, one polars thread, hash seed 1): (out, interim)."""
    root = tmp_path_factory.mktemp("built")
    _run_build(corpora[0], root / "out", root / "interim", hash_seed="1", polars_threads="1")
    return root / "out", root / "interim"


# ---------------------------------------------------------------------------
# Determinism


@pytest.mark.slow
def test_two_builds_publish_byte_identical_parquet(corpora, built_a, tmp_path):
    # Another process, hash seed and thread count, and its own cold cache.
    _run_build(corpora[0], tmp_path / "out", tmp_path / "interim", hash_seed="2")
    first, second = _published(built_a[0])[1], _published(tmp_path / "out")[1]
    assert set(first) == set(TABLES)
    assert {name for name in TABLES if first[name] != second[name]} == set()


@pytest.mark.slow
def test_build_from_parse_cache_publishes_the_same_bytes(corpora, built_a, tmp_path):
    _run_build(corpora[0], tmp_path / "out", built_a[1], hash_seed="3")
    first, second = _published(built_a[0])[1], _published(tmp_path / "out")[1]
    assert {name for name in TABLES if first[name] != second[name]} == set()


def _recompute(stage: str, tables: dict, options: dict):
    import reexdata as rx

    # The build picks the period lengths from the dated span (see its manifest).
    if stage == "themes_over_time":
        return rx.themes_over_time(tables["themes"], tables["articles"], freq=options["themes_freq"])
    if stage == "mentions_over_time":
        return rx.mentions_over_time(tables["mentions"], tables["articles"], freq=options["mentions_freq"])
    if stage == "co_mentions":
        return rx.co_mentions(tables["mentions"])
    return rx.count_mentions(tables["articles"])


def _reordered(frame, seed: int):
    """The same rows, shuffled and held in two chunks (as a partly cached load gives them)."""
    import polars as pl

    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed)
    cut = (seed * 37) % max(frame.height, 1)
    return pl.concat([shuffled[:cut], shuffled[cut:]], rechunk=False)


@pytest.mark.parametrize("stage", ["themes_over_time", "mentions_over_time", "co_mentions", "mentions"])
def test_stage_result_does_not_depend_on_input_row_order(built_a, stage):
    # A build that loads part of its articles from the parse cache holds the
    # same rows in another order and chunking; the tables must not change by
    # a single bit (e.g. of a float sum taken in row order).
    from reexdata.store import read_manifest
    from reexdata.tables import read_tables

    tables = read_tables(built_a[0])
    options = read_manifest(built_a[0])["options"]
    differing = []
    for seed in range(1, 9):
        shuffled = {name: _reordered(frame, seed) for name, frame in tables.items()}
        if not _recompute(stage, shuffled, options).equals(tables[stage]):
            differing.append(seed)
    assert differing == []


# ---------------------------------------------------------------------------
# Crash safety


def _kill_during_build(raw: Path, out: Path, interim: Path, *, delay: float | None,
                       after_tmp: float | None) -> str:
    """Start a forced build and SIGKILL it.

    ``delay``: kill that many seconds after the start. ``after_tmp``: kill
    that many seconds after the build's temporary folder appears (so while the
    tables are being written). Returns ``killed`` or ``finished``.
    """
    proc = subprocess.Popen(
        _cli("build", "--raw", str(raw), "--out", str(out), "--interim", str(interim), "--force", "-q"),
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    builds = out / "builds"
    try:
        if delay is not None:
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                pass
        else:
            deadline = time.monotonic() + TIMEOUT
            while proc.poll() is None and time.monotonic() < deadline:
                if any(p.name.endswith(".tmp") for p in builds.iterdir()):
                    time.sleep(after_tmp)
                    break
                time.sleep(0.002)
        if proc.poll() is not None:
            return "finished"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return "killed"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_sigkill_at_any_point_leaves_one_complete_build(corpora, tmp_path):
    raw_a, raw_b = corpora
    out, interim = tmp_path / "out", tmp_path / "interim"
    # The articles table tells the two inputs apart; the other tables are
    # tied to it by the build's manifest (checked by _published).
    _run_build(raw_b, tmp_path / "ref_b", interim)
    duration = _run_build(raw_a, out, interim)
    articles = {"a": _published(out)[1]["articles"], "b": _published(tmp_path / "ref_b")[1]["articles"]}
    assert articles["a"] != articles["b"]
    manifest = json.loads((out / "manifest.json").read_text())
    write_time = max(manifest.get("timings", {}).get("publish", 0.2), 0.05)

    rng = random.Random(20261122)
    outcomes = []
    for k in range(12):
        raw, name = (raw_b, "b") if k % 2 == 0 else (raw_a, "a")
        if k % 2 == 0:
            # Anywhere in the build: start-up, loading, analysis, writing.
            outcome = _kill_during_build(raw, out, interim, delay=rng.uniform(0.05, 1.05) * duration, after_tmp=None)
        else:
            # While the tables are being written.
            outcome = _kill_during_build(raw, out, interim, delay=None, after_tmp=rng.uniform(0, 1.2) * write_time)
        mid_write = any(p.name.endswith(".tmp") for p in (out / "builds").iterdir())
        _, hashes = _published(out)
        match = [key for key, digest in articles.items() if digest == hashes["articles"]]
        assert match, f"kill {k} ({outcome}): the published articles table is from neither input"
        if outcome == "finished":
            assert match == [name]
        outcomes.append((outcome, mid_write, match[0]))

    killed = [o for o in outcomes if o[0] == "killed"]
    assert len(killed) >= 6, outcomes
    assert any(mid for _, mid, _ in killed), f"no kill landed while tables were written: {outcomes}"
    # After all that, a build completes, publishes B and clears the leftovers.
    _run_build(raw_b, out, interim)
    assert _published(out)[1]["articles"] == articles["b"]
    assert not [p for p in (out / "builds").iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------------
# A hostile raw tree

_LOAD_SCRIPT = """
import json, sys
from reexdata.ingest import read_corpus
corpus = read_corpus(sys.argv[1])
print(json.dumps({
    "articles": corpus.articles.get_column("source").to_list(),
    "rejects": corpus.rejects.select("source", "reason", "detail").rows(),
}))
"""


@pytest.fixture
def hostile_tree(tmp_path):
    """A raw tree with awkward names and entries; returns (root, files seen)."""
    src = tmp_path / "src"
    generate(12, src, seed=3, manifest=False)
    texts = [p.read_bytes() for p in sorted(src.rglob("*.txt"))]
    root = tmp_path / "raw tree"
    names = [
        "a/b/c/d/e/deep.txt",
        "name with spaces.txt",
        "  leading and trailing  .txt",
        "résumé – Baogang’s “two bases”.txt",
        "記事 2025/内蒙古 包钢.txt",
        "ещё глубже/файл.txt",
        "emoji 🧲 magnets.txt",
        "UPPER.TXT",
        "folder.txt/inside.txt",  # a folder whose name looks like a file
        "2025/09/ordinary.txt",
    ]
    for name, text in zip(names, texts):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
    os.symlink("..", root / "a" / "b" / "loop")              # folder symlink loop
    os.symlink("..", root / "ещё глубже" / "вверх")           # another loop, non-ASCII name
    os.symlink("self loop.txt", root / "self loop.txt")       # a link to itself
    os.symlink("missing/nowhere.txt", root / "dangling.txt")  # a dangling link
    os.mkfifo(root / "pipe.txt")                              # opening it for reading would block
    seen = set()
    for folder, _dirs, files in os.walk(root):               # not following links: each entry once
        for f in files:
            seen.add((Path(folder) / f).relative_to(root).as_posix())
    return root, seen


def test_hostile_tree_every_file_loaded_or_rejected(hostile_tree):
    root, seen = hostile_tree
    proc = subprocess.run([sys.executable, "-c", _LOAD_SCRIPT, str(root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    sources = result["articles"] + [r[0] for r in result["rejects"]]
    assert sorted(sources) == sorted(seen)
    assert all(reason and detail for _, reason, detail in result["rejects"])


@pytest.mark.parametrize("name", ["self loop.txt", "dangling.txt", "pipe.txt"])
def test_hostile_tree_unreadable_entries_are_rejected_as_unreadable(hostile_tree, name):
    root, _ = hostile_tree
    proc = subprocess.run([sys.executable, "-c", _LOAD_SCRIPT, str(root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reasons = {source: reason for source, reason, _ in json.loads(proc.stdout)["rejects"]}
    assert reasons[name] == "unreadable"


@pytest.mark.slow
def test_hostile_tree_builds_without_hanging(hostile_tree, tmp_path):
    root, seen = hostile_tree
    proc = subprocess.run(
        _cli("build", "--raw", str(root), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "interim"), "-q"),
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    articles = pq.read_table(tmp_path / "out" / "articles.parquet", columns=["source"]).column(0).to_pylist()
    rejects = pq.read_table(tmp_path / "out" / "rejects.parquet", columns=["source"]).column(0).to_pylist()
    assert sorted(articles + rejects) == sorted(seen)


def test_unreadable_file_is_rejected(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading; "
                    "the FIFO and broken links of the hostile tree cover unreadable entries")
    generate(2, tmp_path / "raw", seed=4, manifest=False)
    locked = sorted((tmp_path / "raw").rglob("*.txt"))[0]
    locked.chmod(0)
    try:
        proc = subprocess.run([sys.executable, "-c", _LOAD_SCRIPT, str(tmp_path / "raw")], cwd=ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT)
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reasons = {source: reason for source, reason, _ in json.loads(proc.stdout)["rejects"]}
    assert reasons == {locked.relative_to(tmp_path / "raw").as_posix(): "unreadable"}
