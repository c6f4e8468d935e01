"""Hostile inputs cost themselves only, and nothing outside the raw folder is read (issue 14).

One raw folder, built here, holds every case: a file name that is not UTF-8,
a link to a file outside the folder and a link to a folder outside it, a
JSONL feed with one line nested 100,000 deep, a CSV export with one quote
never closed, a page of navigation and footer only and an export longer than
``max_rows``. The build succeeds, every input is an article or a reject with
its own reason, nothing from outside reaches a table or the report, and the
files outside are untouched.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import RAW, SEED_FILES

from reexdata.pipeline import build
from reexdata.report import write_report
from reexdata.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
# In every file outside the raw folder, so a leak shows wherever it lands.
MARKER = "Zqxvecret"
MAX_ROWS = 8

NAV_ONLY = """<html><head><title>Ore Watch</title></head><body>
<div class="menu"><a href="/">Start</a> | <a href="/news">News</a> | <a href="/data">Data</a></div>
<ul class="share"><li><a href="#">Share on Weibo</a></li><li><a href="#">Share by email</a></li></ul>
<div class="bottom"><span>Terms of use</span> · <span>Ore Watch Ltd.</span></div></body></html>"""


def _story(n: int) -> str:
    return f"Baogang opened rare earth mine number {n} near Baotou, the company said on Monday."


def _hostile_raw(tmp_path: Path) -> tuple[Path, Path]:
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    for name in SEED_FILES.values():
        shutil.copyfile(RAW / name, raw / name)
    # A name from another system's archive: Latin-1 bytes, not UTF-8.
    fd = os.open(os.path.join(os.fsencode(raw), b"bad_\xff\xfe.txt"), os.O_CREAT | os.O_WRONLY, 0o644)
    os.write(fd, f"Bad Name Story\n\n{_story(1)}".encode())
    os.close(fd)
    # Outside: a file and a folder of files, each holding the marker.
    (outside / "etc").mkdir(parents=True)
    (outside / "passwd.txt").write_text(f"{MARKER} root:x:0:0\n\n{_story(2)} {MARKER}.")
    for i in range(3):
        (outside / "etc" / f"conf{i}.txt").write_text(f"{MARKER} {i}\n\n{_story(10 + i)} {MARKER}.")
    (raw / "passwd.txt").symlink_to(outside / "passwd.txt")
    (raw / "etc").symlink_to(outside / "etc", target_is_directory=True)
    # JSONL: five lines, the third nested 100,000 deep.
    lines = [json.dumps({"title": f"Feed {i}", "text": _story(20 + i)}) for i in range(5)]
    lines[2] = "[" * 100_000 + "]" * 100_000
    (raw / "feed.jsonl").write_text("\n".join(lines) + "\n")
    # CSV: six rows, the third opens a quote it never closes.
    rows = [f'"Export {i}",2025-09-0{i + 1},"{_story(30 + i)}"\n' for i in range(6)]
    rows[2] = f'Broken,2025-09-03,"{_story(32)} and the quote stays open\n'
    (raw / "export.csv").write_text("title,date,text\n" + "".join(rows))
    (raw / "nav.html").write_text(NAV_ONLY)
    # More rows than max_rows.
    rows = [f'"Long {i}",2025-10-01,"{_story(100 + i)}"\n' for i in range(MAX_ROWS + 4)]
    (raw / "long.csv").write_text("title,date,text\n" + "".join(rows))
    return raw, outside


EXPECTED_REJECTS = [
    ("etc", "outside_raw"),
    ("export.csv#3", "malformed_csv"),
    ("feed.jsonl#3", "malformed_json"),
    ("long.csv#9", "too_many_rows"),
    ("nav.html", "boilerplate_only"),
    ("passwd.txt", "outside_raw"),
]
# 5 seeds + the bad name + 4 JSONL lines + 5 CSV rows + MAX_ROWS long rows.
N_ARTICLES = 5 + 1 + 4 + 5 + MAX_ROWS


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its SHA-256 and mtime."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("hostile")
    raw, outside = _hostile_raw(tmp_path)
    before = _snapshot(outside)
    result = build(raw, tmp_path / "out", interim=tmp_path / "interim", max_rows=MAX_ROWS)
    report = write_report(result, tmp_path / "report.html")
    return result, report, outside, before


def test_hostile_build_loads_or_rejects_every_input(hostile_build):
    result = hostile_build[0]
    summary = result.manifest["summary"]
    tables = result.tables
    assert (tables["articles"].height, tables["rejects"].height, summary["inputs"]) == (
        N_ARTICLES, len(EXPECTED_REJECTS), N_ARTICLES + len(EXPECTED_REJECTS))


def test_hostile_build_rejects_each_case_with_its_reason(hostile_build):
    assert hostile_build[0].tables["rejects"].select("source", "reason").rows() == EXPECTED_REJECTS


def test_hostile_build_names_the_non_utf8_file_recognisably(hostile_build):
    sources = pq.read_table(hostile_build[0].build_dir / "articles.parquet", columns=["source"]).column(0).to_pylist()
    assert "bad_\\xff\\xfe.txt" in sources


def test_hostile_build_says_how_many_rows_were_dropped(hostile_build):
    rejects = hostile_build[0].tables["rejects"]
    detail = rejects.filter(pl.col("reason") == "too_many_rows")["detail"].to_list()
    assert detail == ["the file holds 12 rows, more than the limit of 8: the 4 from row 9 on are not loaded"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_nothing_from_outside_reaches_a_table(hostile_build, name):
    path = hostile_build[0].build_dir / f"{name}.parquet"
    text = repr(pq.read_table(path).to_pylist())
    assert MARKER not in text and "conf0" not in text


def test_nothing_from_outside_reaches_the_report(hostile_build):
    assert MARKER not in hostile_build[1].read_text(encoding="utf-8")


def test_the_files_outside_are_untouched(hostile_build):
    _, _, outside, before = hostile_build
    assert _snapshot(outside) == before


def test_a_rebuild_reuses_the_tables_without_reading_outside(tmp_path):
    raw, outside = _hostile_raw(tmp_path)
    build(raw, tmp_path / "out", interim=tmp_path / "interim", max_rows=MAX_ROWS)
    # The target changes: it is not an input, so the build is still current.
    (outside / "passwd.txt").write_text(f"{MARKER} changed\n\n{_story(3)}")
    assert build(raw, tmp_path / "out", interim=tmp_path / "interim", max_rows=MAX_ROWS).reused


@pytest.mark.parametrize("option", ["max_rows", "follow_links_outside"])
def test_a_rebuild_with_another_option_does_not_reuse(tmp_path, option):
    raw, _ = _hostile_raw(tmp_path)
    build(raw, tmp_path / "out", interim=tmp_path / "interim", max_rows=MAX_ROWS)
    other = {"max_rows": MAX_ROWS + 1} if option == "max_rows" else {"max_rows": MAX_ROWS,
                                                                       "follow_links_outside": True}
    assert not build(raw, tmp_path / "out", interim=tmp_path / "interim", **other).reused


def test_follow_links_on_the_command_line_reads_outside(tmp_path):
    raw, outside = _hostile_raw(tmp_path)
    before = _snapshot(outside)
    proc = subprocess.run(
        [sys.executable, "-m", "reexdata.cli", "build", "--raw", str(raw), "--out", str(tmp_path / "out"),
         "--interim", str(tmp_path / "interim"), "--follow-links", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    sources = pq.read_table(tmp_path / "out" / "articles.parquet", columns=["source"]).column(0).to_pylist()
    linked = sorted(s for s in sources if s.startswith(("etc/", "passwd")))
    assert linked == ["etc/conf0.txt", "etc/conf1.txt", "etc/conf2.txt", "passwd.txt"]
    assert _snapshot(outside) == before
