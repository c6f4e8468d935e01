import os

import polars as pl
import pytest

from reexdata import _cache

SCHEMA = {"key": pl.String, "n": pl.Int64}


def _write(path, frame, family="demo-v*.parquet"):
    return _cache.write_cache(path, lambda tmp: frame.write_parquet(tmp), what="demo cache", family=family)


def test_a_written_cache_reads_back(tmp_path):
    frame = pl.DataFrame({"key": ["a"], "n": [1]}, schema=SCHEMA)
    _write(tmp_path / "demo-v1.parquet", frame)
    assert _cache.read_parquet(tmp_path / "demo-v1.parquet", SCHEMA, "demo cache").equals(frame)


@pytest.mark.parametrize(
    "content",
    [b"not parquet at all", pl.DataFrame({"other": [1]})],
    ids=["damaged", "foreign columns"],
)
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path, content):
    path = tmp_path / "demo-v1.parquet"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        content.write_parquet(path)
    assert _cache.read_parquet(path, SCHEMA, "demo cache") is None


def test_a_missing_cache_is_none(tmp_path):
    assert _cache.read_parquet(tmp_path / "demo-v1.parquet", SCHEMA, "demo cache") is None


def test_writing_removes_the_other_versions_only(tmp_path):
    for name in ("demo-v0.parquet", "other-v0.parquet"):
        (tmp_path / name).write_bytes(b"old")
    _write(tmp_path / "demo-v1.parquet", pl.DataFrame(schema=SCHEMA))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-v1.parquet", "other-v0.parquet"]


def test_writing_removes_temporary_files_older_than_an_hour(tmp_path):
    old, young = tmp_path / ".demo-v0.parquet.1.ab.tmp", tmp_path / ".demo-v1.parquet.2.cd.tmp"
    for tmp in (old, young):
        tmp.write_bytes(b"partial")
    os.utime(old, (0, 0))
    _write(tmp_path / "demo-v1.parquet", pl.DataFrame(schema=SCHEMA))
    assert sorted(p.name for p in tmp_path.iterdir()) == [young.name, "demo-v1.parquet"]


def test_the_written_file_is_flushed_to_disk(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd))
    _write(tmp_path / "demo-v1.parquet", pl.DataFrame(schema=SCHEMA))
    assert [os.path.basename(p).startswith(".demo-v1.parquet.") for p in synced] == [True, False]


def test_a_cache_that_cannot_be_written_only_logs(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert _write(blocker / "demo-v1.parquet", pl.DataFrame(schema=SCHEMA)) is False
    assert "cannot write the demo cache" in caplog.text


def test_cache_key_depends_on_every_part_and_its_boundaries():
    assert len({_cache.cache_key("ab", "c"), _cache.cache_key("a", "bc"), _cache.cache_key("abc")}) == 3


def test_a_full_disk_reported_by_polars_only_logs(tmp_path, caplog):
    # polars raises ComputeError, not OSError, when the disk fills mid-write.
    def full(tmp):
        raise pl.exceptions.ComputeError("parquet: Invalid thrift: transport error")

    assert _cache.write_cache(tmp_path / "demo-v1.parquet", full, what="demo cache", family="demo-v*.parquet") is False
    assert "cannot write the demo cache" in caplog.text
    assert list(tmp_path.iterdir()) == []
