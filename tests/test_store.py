"""Publishing the tables: layout, validation, determinism and crash safety."""

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURE_ARTICLES, make_articles
from polars.testing import assert_frame_equal

import reexdata
from reexdata import store
from reexdata.errors import PathError, ReexdataError, SchemaError
from reexdata.schema import TABLES, empty_table
from reexdata.store import (
    current_build,
    publish,
    read_manifest,
    write_bytes_atomic,
    write_parquet,
    write_text_atomic,
)
from reexdata.tables import read_tables


def sample_tables(variant: int = 0) -> dict[str, pl.DataFrame]:
    """A valid set of every declared table, small but with nulls, lists and dates.

    ``variant`` changes a few values so that two sets can be told apart.
    """
    articles = make_articles(FIXTURE_ARTICLES)
    ids = articles["article_id"].to_list()
    jan, feb = dt.date(2025, 1, 1), dt.date(2025, 2, 1)

    def frame(name, rows):
        return pl.DataFrame(rows, schema=TABLES[name].polars_schema, orient="row")

    return {
        "articles": articles.with_columns(pl.col("word_count") + variant),
        "rejects": frame("rejects", [("empty.txt", "empty", f"empty.txt is empty ({variant})")]),
        "themes": frame("themes", [
            (ids[0], "resource_security", 0.8, 1, True, ["exploration", "reserves"]),
            (ids[0], "markets_pricing", 0.1, 2, False, []),
            (ids[1], "party_discipline", 0.9, 1, True, ["discipline"]),
        ]),
        "themes_over_time": frame("themes_over_time", [
            (jan, "resource_security", 1, 2, 0.5, 0.4),
            (feb, "resource_security", 0, 2, 0.0, 0.0),
            (None, "resource_security", 0, 1, 0.0, 0.0),
        ]),
        "clusters": frame("clusters", [(0, 4, ["magnet", "plant"], "value chain", "given", None, "en"),
                                       (1, 2, ["party"], "party", "given", None, "en")]),
        "cluster_assignments": frame(
            "cluster_assignments", [(i, int(n >= 4), n / 10, -n / 10, "en") for n, i in enumerate(ids)]
        ),
        "entities": frame("entities", [
            ("baogang", "Baogang", "company", ["Baogang", "Baotou Steel"]),
            ("meng_fanying", "Meng Fanying", "person", ["Meng Fanying"]),
        ]),
        "mentions": frame("mentions", [(ids[0], "baogang", 2 + variant, 0), (ids[1], "baogang", 1, 10),
                                       (ids[1], "meng_fanying", 2, 60)]),
        "mentions_over_time": frame("mentions_over_time", [
            (jan, "baogang", 3 + variant, 2, 2, 1.0),
            (None, "baogang", 0, 0, 1, 0.0),
        ]),
        "co_mentions": frame("co_mentions", [("baogang", "meng_fanying", 1, 0.5, 1.0)]),
        "stories": frame("stories", [(i, min(ids[:2]) if n < 2 else i, 2 if n < 2 else 1) for n, i in enumerate(ids)]),
        "attention": frame("attention", [(jan, "baogang", 1 + variant, 2, (1 + variant) / 2),
                                         (None, "baogang", 0, 1, 0.0)]),
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_creates_build_folder_with_every_table_and_manifest(tmp_path):
    build = publish(sample_tables(), tmp_path, build_id="b1")
    names = sorted(p.name for p in build.iterdir())
    assert names == sorted([f"{t}.parquet" for t in TABLES] + ["manifest.json"])


def test_publish_points_latest_at_the_build_with_a_relative_symlink(tmp_path):
    publish(sample_tables(), tmp_path, build_id="b1")
    assert os.readlink(tmp_path / "latest") == "builds/b1"


@pytest.mark.parametrize("table", list(TABLES))
def test_publish_links_each_table_through_latest(tmp_path, table):
    publish(sample_tables(), tmp_path, build_id="b1")
    assert os.readlink(tmp_path / f"{table}.parquet") == f"latest/{table}.parquet"


def test_stable_table_path_shows_the_newest_build(tmp_path):
    publish(sample_tables(0), tmp_path, build_id="b1")
    publish(sample_tables(1), tmp_path, build_id="b2")
    assert pl.read_parquet(tmp_path / "mentions.parquet")["mentions"].to_list() == [3, 1, 2]


@pytest.mark.parametrize(
    ("key", "value"),
    [(b"schema_version", b"4"), (b"reexdata_version", reexdata.__version__.encode()), (b"table", b"themes")],
)
def test_parquet_metadata_records_versions_and_table(tmp_path, key, value):
    build = publish(sample_tables(), tmp_path, build_id="b1")
    assert pq.read_schema(build / "themes.parquet").metadata[key] == value


def test_manifest_records_rows_and_hash_of_each_file(tmp_path):
    build = publish(sample_tables(), tmp_path, manifest={"fingerprint": "abc"}, build_id="b1")
    manifest = read_manifest(build)
    assert manifest["tables"]["mentions"] == {"rows": 3, "sha256": _digest(build / "mentions.parquet")}
    assert (manifest["fingerprint"], manifest["build_id"], manifest["schema_version"]) == ("abc", "b1", 4)


def test_default_build_id_starts_with_time_and_ends_with_fingerprint(tmp_path):
    build = publish(sample_tables(), tmp_path, manifest={"fingerprint": "0123456789abcdef"})
    assert build.name.endswith("Z-0123456789ab")


def test_write_parquet_gives_identical_bytes_for_equal_frames(tmp_path):
    frame = sample_tables()["articles"]
    write_parquet(frame, tmp_path / "a.parquet", table="articles")
    write_parquet(frame.clone(), tmp_path / "b.parquet", table="articles")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_write_parquet_bytes_do_not_depend_on_chunking(tmp_path):
    frame = sample_tables()["articles"]
    chunked = pl.concat([frame.head(2), frame.tail(4)], rechunk=False)
    assert chunked.n_chunks() == 2
    write_parquet(frame, tmp_path / "a.parquet", table="articles")
    write_parquet(chunked, tmp_path / "b.parquet", table="articles")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_write_parquet_round_trips_empty_tables(tmp_path):
    write_parquet(empty_table("articles"), tmp_path / "a.parquet", table="articles")
    assert_frame_equal(pl.read_parquet(tmp_path / "a.parquet"), empty_table("articles"))


def _broken(tables, name, change):
    tables = dict(tables)
    tables[name] = change(tables[name])
    return tables


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("themes", lambda f: f.drop("score"), r"Table 'themes' is missing column 'score'"),
        ("mentions", lambda f: f.with_columns(pl.col("mentions").cast(pl.Float64)),
         r"Column 'mentions' of table 'mentions' has type Float64; the schema declares Int64"),
        ("clusters", lambda f: f.with_columns(pl.lit(1).alias("extra")),
         r"Table 'clusters' has column 'extra', which the schema does not declare"),
        ("entities", lambda f: f.with_columns(pl.lit(None, pl.String).alias("name")),
         r"Column 'name' of table 'entities' has 2 null value\(s\) but is not nullable"),
    ],
)
def test_publish_refuses_a_table_that_breaks_the_schema(tmp_path, name, change, message):
    with pytest.raises(SchemaError, match=message):
        publish(_broken(sample_tables(), name, change), tmp_path)


def test_refused_publish_leaves_the_published_build_in_place(tmp_path):
    publish(sample_tables(0), tmp_path, build_id="b1")
    with pytest.raises(SchemaError):
        publish(_broken(sample_tables(1), "themes", lambda f: f.drop("score")), tmp_path, build_id="b2")
    assert (os.readlink(tmp_path / "latest"), sorted(os.listdir(tmp_path / "builds"))) == ("builds/b1", ["b1"])


def test_publish_refuses_an_incomplete_set(tmp_path):
    tables = sample_tables()
    del tables["co_mentions"]
    with pytest.raises(SchemaError, match="Table 'co_mentions' is missing"):
        publish(tables, tmp_path)


def test_publish_refuses_an_undeclared_table(tmp_path):
    with pytest.raises(SchemaError, match="Table 'notes' is not declared"):
        publish({**sample_tables(), "notes": pl.DataFrame({"a": [1]})}, tmp_path)


def test_publish_keeps_the_previous_build_and_prunes_older_ones(tmp_path):
    for n in range(3):
        publish(sample_tables(n), tmp_path, build_id=f"b{n}")
    assert sorted(os.listdir(tmp_path / "builds")) == ["b1", "b2"]


def test_publish_refuses_an_existing_build_id(tmp_path):
    publish(sample_tables(), tmp_path, build_id="b1")
    with pytest.raises(ReexdataError, match="already exists"):
        publish(sample_tables(), tmp_path, build_id="b1")


def test_crash_while_writing_keeps_the_old_tables_readable(tmp_path, monkeypatch):
    publish(sample_tables(0), tmp_path, build_id="b1")
    calls = []

    def failing_write(frame, path, *, table):
        calls.append(table)
        if len(calls) == 3:
            raise OSError("disk full")
        return write_parquet(frame, path, table=table)

    monkeypatch.setattr(store, "write_parquet", failing_write)
    with pytest.raises(OSError, match="disk full"):
        publish(sample_tables(1), tmp_path, build_id="b2")
    tables = read_tables(tmp_path)
    assert_frame_equal(tables["mentions"], sample_tables(0)["mentions"])
    assert sorted(os.listdir(tmp_path / "builds")) == ["b1"]


def test_folder_left_by_a_killed_build_is_removed_by_the_next_publish(tmp_path):
    publish(sample_tables(0), tmp_path, build_id="b1")
    (tmp_path / "builds" / "b2.tmp").mkdir()
    (tmp_path / "builds" / "b2.tmp" / "articles.parquet").write_bytes(b"PAR1 half")
    publish(sample_tables(1), tmp_path, build_id="b3")
    assert sorted(os.listdir(tmp_path / "builds")) == ["b1", "b3"]


def test_publish_replaces_a_plain_table_file_by_a_link(tmp_path):
    (tmp_path / "articles.parquet").write_bytes(b"written by an older reexdata")
    publish(sample_tables(), tmp_path, build_id="b1")
    assert os.readlink(tmp_path / "articles.parquet") == "latest/articles.parquet"


def test_current_build_is_none_before_the_first_publish(tmp_path):
    assert current_build(tmp_path) is None


_KILLER = textwrap.dedent(
    """
    import io, os, signal, sys
    from pathlib import Path
    import polars as pl
    import pyarrow.parquet as pq
    from reexdata import store
    from reexdata.schema import TABLES

    out, source, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    tables = {name: pl.read_parquet(source / f"{name}.parquet") for name in TABLES}
    count = 0

    def step():
        global count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def counted(func):
        def wrapper(*args, **kwargs):
            step()
            return func(*args, **kwargs)
        return wrapper

    for name in ("fsync", "rename", "replace", "symlink"):
        setattr(os, name, counted(getattr(os, name)))
    real_write = pq.write_table

    def half_then_rest(table, where, **kwargs):
        # A kill here leaves half of a Parquet file on disk.
        buffer = io.BytesIO()
        real_write(table, buffer, **kwargs)
        data = buffer.getvalue()
        where.write(data[: len(data) // 2])
        where.flush()
        step()
        where.write(data[len(data) // 2 :])

    pq.write_table = half_then_rest
    store.publish(tables, out, build_id="new")
    print(count)
    """
)


@pytest.mark.slow
def test_sigkill_at_any_step_of_publishing_leaves_one_complete_build(tmp_path):
    old, new = sample_tables(0), sample_tables(1)
    source = tmp_path / "new-tables"
    source.mkdir()
    for name, frame in new.items():
        write_parquet(frame, source / f"{name}.parquet", table=name)
    template = tmp_path / "template"
    publish(old, template, build_id="old")
    script = tmp_path / "killer.py"
    script.write_text(_KILLER)

    def run(kill_at: int, out: Path) -> subprocess.Popen:
        shutil.copytree(template, out, symlinks=True)
        return subprocess.Popen([sys.executable, str(script), str(out), str(source), str(kill_at)],
                                stdout=subprocess.PIPE, text=True)

    full = run(0, tmp_path / "full")
    steps = int(full.communicate()[0])
    assert full.returncode == 0
    # Every sixth step (half-written files among them), plus the last five:
    # the rename of the build folder and the switch of latest.
    points = sorted(set(range(1, steps + 1, 6)) | set(range(steps - 4, steps + 1)))
    outcomes = set()
    children = [(point, tmp_path / f"kill-{point}") for point in points]
    procs = [(point, out, run(point, out)) for point, out in children]
    for point, out, proc in procs:
        proc.communicate()
        assert proc.returncode == -signal.SIGKILL, point
        tables = read_tables(out)
        expected = new if tables["mentions"]["mentions"][0] == 3 else old
        for name in TABLES:
            assert_frame_equal(tables[name], expected[name])
            assert_frame_equal(pl.read_parquet(out / f"{name}.parquet"), expected[name])
        outcomes.add("new" if expected is new else "old")
    assert outcomes == {"old", "new"}


def test_write_text_atomic_replaces_the_file(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old")
    write_text_atomic(target, "new “text”")
    assert target.read_text(encoding="utf-8") == "new “text”"


def test_failed_atomic_write_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old")

    def refuse(src, dst):
        raise OSError("no space")

    monkeypatch.setattr(store.os, "replace", refuse)
    with pytest.raises(OSError, match="no space"):
        write_bytes_atomic(target, b"new")
    assert (target.read_text(), os.listdir(tmp_path)) == ("old", ["report.html"])


def test_write_bytes_atomic_creates_missing_folders(tmp_path):
    target = tmp_path / "reports" / "deep" / "report.html"
    assert write_bytes_atomic(target, b"x").read_bytes() == b"x"


# -- the tables folder: new, empty or reexdata's ----------------------------------------


def _legacy_links(out: Path) -> None:
    """A tables folder as versions before the marker left it."""
    out.mkdir()
    (out / "builds" / "b0").mkdir(parents=True)
    (out / "latest").symlink_to("builds/b0")
    (out / "manifest.json").symlink_to("latest/manifest.json")


def _legacy_flat(out: Path) -> None:
    out.mkdir(exist_ok=True)
    (out / "articles.parquet").write_bytes(b"written by an older reexdata")


def _gitkeep(out: Path) -> None:
    # data/processed as cloned: git keeps the empty folder with a placeholder.
    out.mkdir()
    (out / ".gitkeep").write_text("")


def _marked(out: Path) -> None:
    publish(sample_tables(), out, build_id="b1")


@pytest.mark.parametrize(
    "prepare",
    [lambda out: None, lambda out: out.mkdir(), _gitkeep, _marked, _legacy_links, _legacy_flat],
    ids=["missing", "empty", "gitkeep", "marked", "legacy-links", "legacy-flat"],
)
def test_check_out_dir_accepts_a_new_empty_or_reexdata_folder(tmp_path, prepare):
    out = tmp_path / "out"
    prepare(out)
    assert store.check_out_dir(out, raw=tmp_path / "raw") == out


def test_check_out_dir_refuses_an_existing_file(tmp_path):
    (tmp_path / "out").write_text("mine")
    with pytest.raises(PathError, match=rf"^Tables folder {re.escape(str(tmp_path / 'out'))} is an existing file, not a folder\.$"):
        store.check_out_dir(tmp_path / "out")


@pytest.mark.parametrize("name", ["notes.txt", "manifest.json.bak", ".git"])
def test_check_out_dir_refuses_a_folder_of_the_users(tmp_path, name):
    (tmp_path / name).write_text("mine")
    with pytest.raises(PathError, match=rf"^Tables folder {re.escape(str(tmp_path))} is not empty and was not made by reexdata \(it has no \.reexdata file\); give a new or empty folder\.$"):
        store.check_out_dir(tmp_path)


@pytest.mark.parametrize("out", ["raw", "raw/out", "raw/a/b"])
def test_check_out_dir_refuses_tables_inside_the_raw_folder(tmp_path, out):
    (tmp_path / "raw").mkdir()
    with pytest.raises(PathError, match=r"^Tables folder .* is inside the raw folder .*; the next build would read its tables as inputs\.$"):
        store.check_out_dir(tmp_path / out, raw=tmp_path / "raw")


def test_check_out_dir_refuses_the_cache_inside_the_raw_folder(tmp_path):
    with pytest.raises(PathError, match=rf"^Cache folder {re.escape(str(tmp_path / 'raw' / 'cache'))} is inside the raw folder"):
        store.check_out_dir(tmp_path / "out", raw=tmp_path / "raw", interim=tmp_path / "raw" / "cache")


def test_check_out_dir_sees_through_links(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "raw")
    with pytest.raises(PathError, match="is inside the raw folder"):
        store.check_out_dir(tmp_path / "link" / "out", raw=tmp_path / "raw")


@pytest.mark.parametrize("raw", ["out/builds", "out/builds/b1", "out/latest"])
def test_check_out_dir_refuses_raw_inside_the_builds(tmp_path, raw):
    _marked(tmp_path / "out")
    with pytest.raises(PathError, match=r"^Raw folder .* is inside the tables folder .*; a build would read its own tables\.$"):
        store.check_out_dir(tmp_path / "out", raw=tmp_path / raw)


def test_check_out_dir_allows_raw_beside_the_builds(tmp_path):
    _marked(tmp_path / "out")
    (tmp_path / "out" / "raw").mkdir()
    assert store.check_out_dir(tmp_path / "out", raw=tmp_path / "out" / "raw") == tmp_path / "out"


def test_publish_marks_the_folder_with_the_schema_version(tmp_path):
    publish(sample_tables(), tmp_path / "out", build_id="b1")
    marker = json.loads((tmp_path / "out" / ".reexdata").read_text(encoding="utf-8"))
    assert marker == {"made_by": "reexdata", "schema_version": reexdata.schema.SCHEMA_VERSION}


def test_publish_into_a_folder_of_the_users_writes_nothing(tmp_path):
    (tmp_path / "manifest.json").write_text("the user's own")
    with pytest.raises(PathError, match="was not made by reexdata"):
        publish(sample_tables(), tmp_path, build_id="b1")
    assert (os.listdir(tmp_path), (tmp_path / "manifest.json").read_text()) == (["manifest.json"], "the user's own")


def test_publish_names_the_folder_when_the_disk_is_full(tmp_path, monkeypatch):
    def full(frame, path, *, table):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store, "write_parquet", full)
    with pytest.raises(PathError, match=rf"^Cannot publish the tables in {re.escape(str(tmp_path / 'out'))}: No space left on device\.$"):
        publish(sample_tables(), tmp_path / "out", build_id="b1")


def test_full_disk_leaves_no_build_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "write_parquet", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(PathError):
        publish(sample_tables(), tmp_path / "out", build_id="b1")
    assert os.listdir(tmp_path / "out" / "builds") == []


def test_write_bytes_atomic_names_a_folder_in_the_way(tmp_path):
    with pytest.raises(PathError, match=rf"^Cannot write {re.escape(str(tmp_path))}: Is a directory\.$"):
        write_bytes_atomic(tmp_path, b"x")


def test_path_errors_keep_the_errno(tmp_path, monkeypatch):
    monkeypatch.setattr(store.os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(OSError) as info:
        write_bytes_atomic(tmp_path / "r.html", b"x")
    assert info.value.errno == errno.ENOSPC


@pytest.mark.parametrize("names", [["manifest.json"], ["builds"], [".lock", "manifest.json"]])
def test_check_out_dir_refuses_reexdata_names_without_tables(tmp_path, names):
    for name in names:
        (tmp_path / name).mkdir() if name == "builds" else (tmp_path / name).write_text("mine")
    with pytest.raises(PathError, match="was not made by reexdata"):
        store.check_out_dir(tmp_path)


@pytest.mark.parametrize(("out", "interim"), [("a", "a"), ("a", "a/cache"), ("a/out", "a")])
def test_check_out_dir_refuses_a_cache_overlapping_the_tables(tmp_path, out, interim):
    with pytest.raises(PathError, match=r"^Cache folder .* and tables folder .* overlap; give them separate folders\.$"):
        store.check_out_dir(tmp_path / out, interim=tmp_path / interim)
