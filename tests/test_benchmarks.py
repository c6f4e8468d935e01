"""Smoke tests of the benchmark harness (benchmarks/generate.py and run.py).

The benchmark itself is not part of the test suite (``make bench``); these
tests run the generator and a quick run on a few files so the harness cannot
rot unnoticed.
"""

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate import _mojibake_full, _mojibake_lossy, generate, render_file
from benchmarks.run import BASELINE_STEPS, BUILD_STEPS, STAGES

ROOT = Path(__file__).resolve().parents[1]

# Expected loader reason for each kind of deliberately bad file.
BAD_REASONS = {"empty": "empty", "binary": "binary", "boilerplate_only": "boilerplate_only", "duplicate": "duplicate"}


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_generator_same_seed_gives_identical_bytes(tmp_path):
    generate(25, tmp_path / "a", seed=7)
    generate(25, tmp_path / "b", seed=7)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(a) == 25
    assert a == b


def test_generator_other_seed_gives_other_files(tmp_path):
    generate(5, tmp_path / "a", seed=7)
    generate(5, tmp_path / "b", seed=8)
    assert set(_digests(tmp_path / "a").values()).isdisjoint(_digests(tmp_path / "b").values())


def test_generator_file_depends_only_on_seed_and_index(tmp_path):
    # Extending a corpus (start=) writes exactly the files a larger corpus has.
    generate(12, tmp_path / "whole", seed=1)
    generate(8, tmp_path / "part", seed=1)
    generate(4, tmp_path / "part", seed=1, start=8)
    assert _digests(tmp_path / "whole") == _digests(tmp_path / "part")


def test_generator_nests_files_by_year_and_month(tmp_path):
    generate(10, tmp_path / "c", seed=0)
    paths = list(_digests(tmp_path / "c"))
    assert all(re.fullmatch(r"20(19|2[0-5])/(0[1-9]|1[0-2])/\d{6}_[0-9a-f]{16}\.txt", p) for p in paths)


@pytest.mark.parametrize(
    ("func", "text", "expected"),
    [
        # The two forms found in the seeds (000_... and 004_...).
        (_mojibake_full, "Baogang’s “growth.” She", "Baogangโ€™s โ€œgrowth.โ€ She"),
        (_mojibake_full, "region—expanding ©", "regionโ€”expanding ยฉ"),
        (_mojibake_lossy, "China’s “high-end.” empires—Baotou", "Chinaโs โhigh-end.โ empiresโBaotou"),
    ],
)
def test_mojibake_matches_the_seeds(func, text, expected):
    assert func(text) == expected


_SHAPES = {
    "spaced bullets": lambda f: "\nHighlights\n\n  • " in f,
    "compact bullets": lambda f: "\nHighlights\n- " in f or f.startswith("Highlights\n- "),
    "dateline Sep 9, 2025": lambda f: re.search(r"^[A-Z][a-z]{2} \d{1,2}, 20\d\d$", f, re.M),
    "ISO dateline": lambda f: re.search(r"^20\d\d-\d\d-\d\d$", f, re.M),
    "date only in the prose": lambda f: re.search(r"^On [A-Z][a-z]+ \d{1,2}, [a-z]", f, re.M),
    "no title": lambda f: f.startswith("Highlights"),
    "section heading": lambda f: "\nREEx Take\n" in f or "\nWhy Relevant?\n" in f,
    "cp874 mojibake": lambda f: "โ€™" in f,
    "lossy mojibake": lambda f: re.search(r"[a-z]โ[a-z]", f),
    "sidebar": lambda f: "\nRecent Reex News\n" in f,
    "state-media disclaimer": lambda f: "originates from" in f,
    "alias of Bayan Obo": lambda f: "Baiyun Obo" in f,
}


@pytest.fixture(scope="module")
def rendered():
    return [render_file(0, i)[1].decode("utf-8", "replace") for i in range(300)]


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_generator_writes_every_page_shape(rendered, shape):
    assert any(_SHAPES[shape](f) for f in rendered)


def test_generated_files_load_without_rejects(tmp_path):
    from reexdata.ingest import read_corpus

    generate(40, tmp_path / "c", seed=2)
    corpus = read_corpus(tmp_path / "c")
    assert corpus.rejects.height == 0
    assert corpus.articles.height == 40


def test_generated_mojibake_is_fully_repaired(tmp_path):
    from reexdata.ingest import read_corpus

    generate(40, tmp_path / "c", seed=2)
    articles = read_corpus(tmp_path / "c").articles
    bodies = "\n".join(articles.get_column("body").to_list())
    # 146 repairs in 8 of the 40 files (seed 2).
    assert articles.get_column("encoding_repairs").sum() == 146
    assert not re.search("[โย€™]", bodies)


def test_injected_bad_files_are_the_only_rejects(tmp_path):
    from reexdata.ingest import read_corpus

    info = generate(60, tmp_path / "c", seed=5, bad_rate=0.25)
    assert len(info["bad"]) == 9
    corpus = read_corpus(tmp_path / "c")
    rejected = dict(corpus.rejects.select("source", "reason").iter_rows())
    assert rejected == {path: BAD_REASONS[kind] for path, kind in info["bad"].items()}
    assert corpus.articles.height == 60 - len(info["bad"])


# The tables of the quick run's 20 generated files (seed 0): the benchmark is
# deterministic, so these counts only move when the pipeline's results do.
# mentions and co_mentions: one generated article writes "CCP is the largest
# producer of europium" with no word naming the Party, so CCP does not count
# there (entities 2026.11.1, requires.CCP). The over-time tables hold only
# periods with articles, so they follow the articles, not the dated span.
QUICK_RUN_ROWS = {
    "articles": 20, "rejects": 0, "themes": 120, "themes_over_time": 98, "clusters": 2,
    "cluster_assignments": 20, "entities": 51, "mentions": 232, "mentions_over_time": 615, "co_mentions": 563,
    "stories": 20, "attention": 0,
}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "20", "--quick", "--bad-rate", "0",
         "--corpus-dir", str(tmp / "corpus"), "--results-dir", str(tmp / "results")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = list((tmp / "results").glob("*.json"))
    return proc.stdout, json.loads(results[0].read_text())


@pytest.mark.slow
@pytest.mark.parametrize("description", [d for _, d in STAGES + BUILD_STEPS + BASELINE_STEPS])
def test_quick_run_table_has_every_step(quick_run, description):
    table, _ = quick_run
    description = description.format(extra=10)
    row = next(line for line in table.splitlines() if line.startswith(f"| {description} |"))
    assert re.fullmatch(rf"\| {re.escape(description)} \| [\d.,]+ s \| [\d.,]+ s \|", row)


@pytest.mark.slow
def test_quick_run_ratio_is_cold_build_over_baseline(quick_run):
    _, results = quick_run
    med = results["sizes"]["20"]["median"]
    assert med["ratio_cold_build_to_baseline"] == med["build_cold"] / med["baseline_total"]


@pytest.mark.slow
def test_quick_run_cold_build_memory_is_the_build_workers_peak_so_far(quick_run):
    # Peak RSS only grows: after the cold build it is the one run's median and
    # at most the worker's final peak (report, no-op and incremental builds after it).
    _, results = quick_run
    med = results["sizes"]["20"]["median"]
    build = results["sizes"]["20"]["runs"][0]["build"]
    assert med["peak_rss_build_cold_mib"] == build["extra"]["peak_rss_cold_mib"]
    assert build["extra"]["peak_rss_cold_mib"] <= build["peak_rss_mib"]


@pytest.mark.slow
def test_quick_run_tables_have_the_expected_rows(quick_run):
    _, results = quick_run
    assert results["sizes"]["20"]["runs"][0]["stages"]["extra"]["rows"] == QUICK_RUN_ROWS


@pytest.mark.slow
@pytest.mark.parametrize(
    ("key", "expected"),
    [("articles", 20), ("noop_reused", True), ("incremental_articles", 30)],
)
def test_quick_run_records_the_builds(quick_run, key, expected):
    _, results = quick_run
    assert results["sizes"]["20"]["runs"][0]["build"]["extra"][key] == expected


@pytest.mark.slow
@pytest.mark.parametrize("description", ["report file (MB; limit 10 at 10k)", "largest figure in it (MB; limit 1.5)"])
def test_quick_run_table_gives_the_report_size(quick_run, description):
    table, _ = quick_run
    row = next(line for line in table.splitlines() if line.startswith(f"| {description} |"))
    assert re.fullmatch(rf"\| {re.escape(description)} \| \d+\.\d\d MB \|  \|", row)


@pytest.mark.slow
def test_quick_run_report_size_is_the_build_workers(quick_run):
    _, results = quick_run
    build = results["sizes"]["20"]["runs"][0]["build"]["extra"]
    assert results["sizes"]["20"]["median"]["report_mb"] == build["report_bytes"] / 1e6


@pytest.mark.slow
def test_quick_run_end_to_end_ratio_adds_the_plain_read_to_the_baseline(quick_run):
    _, results = quick_run
    med = results["sizes"]["20"]["median"]
    assert med["ratio_cold_build_to_end_to_end"] == med["build_cold"] / (med["baseline_total"] + med["baseline_read"])
