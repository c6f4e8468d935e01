"""The build: stages in order, schema-checked, published once, reused when unchanged."""

import os
import shutil
from pathlib import Path

import pytest
from conftest import RAW
from polars.testing import assert_frame_equal

import reexdata.mentions
from reexdata.errors import ReexdataError, SchemaError
from reexdata.pipeline import BuildResult, build, input_fingerprint
from reexdata.schema import TABLES, validate_table
from reexdata.store import current_build
from reexdata.tables import read_tables
from reexdata.themes import score_themes

_STAGES = ["ingest", "vectorize", "themes", "clusters", "stories", "mentions", "over time", "publish"]
_PAST = 1_600_000_000  # an mtime well in the past: 2020-09-13


@pytest.fixture
def raw(tmp_path, raw_dir):
    """A writable copy of the seed corpus."""
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    for file in copy.iterdir():
        file.chmod(0o644)
    return copy


def _build(raw: Path, tmp_path: Path, **options) -> BuildResult:
    return build(raw, tmp_path / "processed", interim=tmp_path / "interim", **options)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    """One build of the seed corpus, shared by the read-only tests."""
    tmp = tmp_path_factory.mktemp("seed-build")
    return build(RAW, tmp / "processed", interim=tmp / "interim")


def _file_bytes(build_dir: Path) -> dict[str, bytes]:
    return {name: (build_dir / f"{name}.parquet").read_bytes() for name in TABLES}


# -- the raw folder ---------------------------------------------------------------


def test_missing_raw_folder_is_one_clear_error(tmp_path):
    with pytest.raises(ReexdataError, match=r"^Raw folder .*nowhere does not exist\.$"):
        _build(tmp_path / "nowhere", tmp_path)


def test_empty_raw_folder_is_one_clear_error(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(ReexdataError, match=r"^Raw folder .*raw is empty: no input files found\.$"):
        _build(tmp_path / "raw", tmp_path)


def test_raw_folder_with_only_hidden_files_is_empty(tmp_path):
    (tmp_path / "raw" / ".git").mkdir(parents=True)
    (tmp_path / "raw" / ".gitkeep").write_text("")
    with pytest.raises(ReexdataError, match="is empty"):
        _build(tmp_path / "raw", tmp_path)


def test_failed_build_publishes_nothing(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(ReexdataError):
        _build(tmp_path / "raw", tmp_path)
    assert not (tmp_path / "processed").exists()


def test_assume_year_must_be_an_int(raw, tmp_path):
    with pytest.raises(TypeError, match=r"^The 'assume_year' parameter of build must be an int or None\. Got '2025' instead\.$"):
        _build(raw, tmp_path, assume_year="2025")


# -- the input fingerprint -----------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("assume_year", 1700, r"^The 'assume_year' parameter of build must be in the range \[1800, 2199\]\. Got 1700 instead\.$"),
        ("force", "yes", r"^The 'force' parameter of build must be a bool\. Got 'yes' instead\.$"),
        ("progress", 1, r"^The 'progress' parameter of build must be a bool\. Got 1 instead\.$"),
        ("theme_scores", "background", r"^The 'theme_scores' parameter of build must be one of "
                                       r"\{'relevance', 'shares'\}\. Got 'background' instead\.$"),
    ],
)
def test_build_validates_options(raw, tmp_path, option, value, message):
    with pytest.raises((TypeError, ValueError), match=message):
        _build(raw, tmp_path, **{option: value})


def test_fingerprint_is_stable(raw):
    assert input_fingerprint(raw) == input_fingerprint(raw)


def test_fingerprint_changes_with_a_file_content(raw):
    before = input_fingerprint(raw)
    with open(raw / "001_3d7f4281fa1f1cb6.txt", "a", encoding="utf-8") as fh:
        fh.write("\nOne more line.\n")
    assert input_fingerprint(raw) != before


def test_fingerprint_changes_with_a_file_name(raw):
    before = input_fingerprint(raw)
    (raw / "001_3d7f4281fa1f1cb6.txt").rename(raw / "001_renamed.txt")
    assert input_fingerprint(raw) != before


def test_fingerprint_changes_when_a_file_is_added(raw):
    before = input_fingerprint(raw)
    (raw / "sub").mkdir()
    (raw / "sub" / "new.txt").write_text("Baogang news.")
    assert input_fingerprint(raw) != before


def test_fingerprint_changes_with_assume_year(raw):
    assert input_fingerprint(raw) != input_fingerprint(raw, assume_year=2025)


def test_fingerprint_ignores_hidden_files(raw):
    before = input_fingerprint(raw)
    (raw / ".DS_Store").write_bytes(b"\0\1")
    assert input_fingerprint(raw) == before


def test_fingerprint_ignores_where_the_raw_folder_is(raw, tmp_path):
    moved = shutil.copytree(raw, tmp_path / "elsewhere")
    assert input_fingerprint(moved) == input_fingerprint(raw)


def test_fingerprint_walk_ends_on_a_symlink_loop(raw):
    (raw / "loop").mkdir()
    (raw / "loop" / "back").symlink_to(raw, target_is_directory=True)
    assert len(input_fingerprint(raw)) == 64


def test_fingerprint_with_cache_equals_fingerprint_without(raw, tmp_path):
    for file in raw.iterdir():
        os.utime(file, (_PAST, _PAST))
    input_fingerprint(raw, cache_dir=tmp_path / "cache")  # fills the cache
    assert input_fingerprint(raw, cache_dir=tmp_path / "cache") == input_fingerprint(raw)


def test_fingerprint_cache_notices_a_changed_file(raw, tmp_path):
    file = raw / "002_4351a19fe1e57ad0.txt"
    os.utime(file, (_PAST, _PAST))
    before = input_fingerprint(raw, cache_dir=tmp_path / "cache")
    data = file.read_bytes()
    file.write_bytes(data.replace(b"Baogang", b"Baotou!", 1))  # same size
    os.utime(file, (_PAST + 60, _PAST + 60))
    assert input_fingerprint(raw, cache_dir=tmp_path / "cache") != before


def test_fingerprint_ignores_a_damaged_cache(raw, tmp_path):
    for file in raw.iterdir():
        os.utime(file, (_PAST, _PAST))
    input_fingerprint(raw, cache_dir=tmp_path / "cache")
    for cache_file in (tmp_path / "cache").iterdir():
        cache_file.write_text('{"files": {"000_4c16a390148ec456.txt": [1, 2]}}')
    assert input_fingerprint(raw, cache_dir=tmp_path / "cache") == input_fingerprint(raw)


# -- a build of the seeds ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_build_of_the_seeds_keeps_the_schema(seed_build, name):
    validate_table(name, seed_build.tables[name])


@pytest.mark.parametrize("name", list(TABLES))
def test_published_tables_read_back_as_built(seed_build, name):
    assert_frame_equal(read_tables(seed_build.out_dir)[name], seed_build.tables[name])


def test_build_loads_the_five_seeds(seed_build):
    assert seed_build.tables["articles"]["source"].to_list() == [
        "000_4c16a390148ec456.txt",
        "001_3d7f4281fa1f1cb6.txt",
        "002_4351a19fe1e57ad0.txt",
        "003_7fb517f94e95e7c1.txt",
        "004_25956269ccc85675.txt",
    ]


def test_build_summary_text(seed_build):
    assert seed_build.summary_text() == "\n".join([
        f"Loaded 5 articles from 5 inputs in {seed_build.manifest['raw']}.",
        "Rejected 0 inputs.",
        "Dated: 2 articles (dateline 1, text 1); undated: 3.",
        f"Tables written to {seed_build.out_dir} (build {seed_build.build_dir.name}).",
    ])


def test_build_publishes_into_latest(seed_build):
    assert current_build(seed_build.out_dir) == seed_build.build_dir.resolve()


def test_manifest_records_the_fingerprint(seed_build):
    assert seed_build.manifest["fingerprint"] == input_fingerprint(RAW)


def test_manifest_records_a_timing_per_stage(seed_build):
    assert list(seed_build.manifest["timings"]) == [*_STAGES, "total"]


def test_manifest_records_lexicon_versions(seed_build):
    versions = seed_build.manifest["lexicons"]
    assert sorted(versions) == ["boilerplate", "entities", "themes"]
    assert all(isinstance(v, str) and v for v in versions.values())


def test_clusters_get_the_shared_matrix(raw, tmp_path, monkeypatch):
    import reexdata.clusters
    import reexdata.themes

    seen = {}

    def spy(module, name):
        real = getattr(module, name)

        def wrapper(articles, **kwargs):
            seen[name] = kwargs.get("matrix")
            return real(articles, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    spy(reexdata.themes, "score_themes")
    spy(reexdata.clusters, "cluster_articles")
    _build(raw, tmp_path)
    assert seen["score_themes"] is not None and seen["score_themes"] is seen["cluster_articles"]


# -- reuse, rebuild, determinism -------------------------------------------------------------


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory):
    """Two builds of the unchanged seed corpus into one tables folder."""
    tmp = tmp_path_factory.mktemp("built-twice")
    first = build(RAW, tmp / "processed", interim=tmp / "interim")
    return first, build(RAW, tmp / "processed", interim=tmp / "interim")


def test_unchanged_input_reuses_the_published_build(built_twice):
    first, second = built_twice
    assert (second.reused, second.build_dir) == (True, first.build_dir)


@pytest.mark.parametrize("name", list(TABLES))
def test_reused_tables_equal_the_built_ones(built_twice, name):
    first, second = built_twice
    assert_frame_equal(second.tables[name], first.tables[name])


def test_reuse_summary_says_so(built_twice):
    first, second = built_twice
    assert second.summary_text().splitlines()[-1] == (
        f"Inputs unchanged: reused the tables in {first.out_dir} (build {first.build_dir.name})."
    )


def test_force_rebuilds_byte_identical_tables(raw, tmp_path):
    first = _build(raw, tmp_path)
    second = _build(raw, tmp_path, force=True)
    assert (second.reused, second.build_dir != first.build_dir) == (False, True)
    assert _file_bytes(second.build_dir) == _file_bytes(first.build_dir)


def test_mentions_counted_beside_the_other_stages_give_the_same_tables(raw, tmp_path, monkeypatch):
    import reexdata.mentions.count as mentions_module

    first = _build(raw, tmp_path / "first")
    # A large corpus is scanned by a worker process beside vectorize, themes
    # and clusters; the seeds are small, so lower the threshold.
    monkeypatch.setattr(mentions_module, "_POOL_FROM", 2)
    second = _build(raw, tmp_path / "second")
    assert _file_bytes(second.build_dir) == _file_bytes(first.build_dir)


def test_a_cold_build_hashes_raw_files_with_the_loader_only(raw, tmp_path, monkeypatch):
    import reexdata.fingerprint as fingerprint

    hashed = []
    digest = fingerprint._file_digest
    monkeypatch.setattr(fingerprint, "_file_digest", lambda path: hashed.append(path.name) or digest(path))
    _build(raw, tmp_path)
    assert [name for name in hashed if not name.endswith((".py", ".toml"))] == []


def test_a_touched_but_unchanged_file_reuses_the_published_build(raw, tmp_path):
    first = _build(raw, tmp_path)
    os.utime(raw / "003_7fb517f94e95e7c1.txt", (_PAST + 60, _PAST + 60))
    second = _build(raw, tmp_path)
    assert (second.reused, second.build_dir) == (True, first.build_dir)


def test_changed_file_rebuilds(raw, tmp_path):
    _build(raw, tmp_path)
    file = raw / "003_7fb517f94e95e7c1.txt"
    file.write_text(file.read_text(encoding="utf-8") + "\nBaogang adds a line.\n", encoding="utf-8")
    assert _build(raw, tmp_path).reused is False


def test_deleted_file_disappears_from_the_tables(raw, tmp_path):
    _build(raw, tmp_path)
    (raw / "003_7fb517f94e95e7c1.txt").unlink()
    assert "003_7fb517f94e95e7c1.txt" not in _build(raw, tmp_path).tables["articles"]["source"].to_list()


def test_new_option_rebuilds(raw, tmp_path):
    _build(raw, tmp_path)
    result = _build(raw, tmp_path, assume_year=2025)
    # Seed 001 names no date at all; 003 and 004 give a day without a year.
    assert (result.reused, result.tables["articles"]["published"].null_count()) == (False, 1)


@pytest.mark.parametrize("method", ["relevance", "shares"])
def test_theme_scores_option_reaches_score_themes(raw, tmp_path, monkeypatch, method):
    import reexdata.themes

    seen = {}
    real = reexdata.themes.score_themes

    def spy(articles, **kwargs):
        seen["method"] = kwargs.get("method")
        return real(articles, **kwargs)

    monkeypatch.setattr(reexdata.themes, "score_themes", spy)
    result = _build(raw, tmp_path, theme_scores=method)
    assert (seen["method"], result.manifest["options"]["theme_scores"]) == (method, method)
    assert result.tables["themes"].equals(score_themes(result.tables["articles"], method=method))


def test_theme_scores_shares_rebuilds(raw, tmp_path):
    _build(raw, tmp_path)
    assert _build(raw, tmp_path, theme_scores="shares").reused is False


def test_default_theme_scores_keep_the_input_fingerprint(raw, tmp_path):
    result = _build(raw, tmp_path, theme_scores="relevance")
    assert _build(raw, tmp_path).reused is True
    assert result.manifest["options"]["theme_scores"] == "relevance"


def test_damaged_published_build_is_rebuilt_not_reused(raw, tmp_path):
    first = _build(raw, tmp_path)
    file = first.build_dir / "themes.parquet"
    data = file.read_bytes()
    file.unlink()
    file.write_bytes(data[:100])
    assert _build(raw, tmp_path).reused is False


def test_a_stage_breaking_the_schema_publishes_nothing(raw, tmp_path, monkeypatch):
    real = reexdata.mentions.entity_table
    monkeypatch.setattr(reexdata.mentions, "entity_table", lambda: real().drop("aliases"))
    with pytest.raises(SchemaError, match="^Table 'entities' is missing column 'aliases'"):
        _build(raw, tmp_path)
    assert current_build(tmp_path / "processed") is None


# -- small and odd corpora -------------------------------------------------------------------


def test_one_article_gives_empty_cluster_tables(raw, tmp_path):
    for file in sorted(raw.iterdir())[1:]:
        file.unlink()
    tables = _build(raw, tmp_path).tables
    assert (tables["articles"].height, tables["clusters"].height, tables["cluster_assignments"].height) == (1, 0, 0)


def test_all_inputs_rejected_still_publishes_the_rejects(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    result = _build(tmp_path / "raw", tmp_path)
    assert (result.tables["articles"].height, result.tables["rejects"]["reason"].to_list()) == (0, ["empty"])


def test_all_rejected_summary_lists_the_reason(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    lines = _build(tmp_path / "raw", tmp_path).summary_text().splitlines()
    assert lines[:3] == [
        f"Loaded 0 articles from 1 input in {tmp_path / 'raw'}.",
        "Rejected 1 input: empty 1.",
        "Dated: 0 articles; undated: 0.",
    ]


# -- progress -------------------------------------------------------------------------------


def test_no_progress_bar_by_default(raw, tmp_path, capsys):
    _build(raw, tmp_path)
    assert capsys.readouterr().err == ""


def test_progress_bar_on_request(raw, tmp_path, capsys):
    _build(raw, tmp_path, progress=True)
    assert "reexdata build" in capsys.readouterr().err
